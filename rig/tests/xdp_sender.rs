//! The XDP live-frames sender: exact counts, the sequence numbers and flows it stamps, and its
//! unpaced rate (printed, not asserted: the machine is shared).
use std::{
    io,
    os::fd::{AsRawFd, FromRawFd, OwnedFd},
    time::Instant,
};

use anyhow::{Context, Result, bail};
use capture_rig::{
    Rig, XdpSender,
    frame::{FrameSpec, audit_fields},
};

/// Frames `veth_b` received, and frames the sending veth could not hand over.
fn delivered(rig: &Rig) -> Result<(u64, u64)> {
    Ok((
        rig.stat(&rig.ns_b, &rig.veth_b, "rx_packets")?,
        rig.ethtool_stat(&rig.ns_a, &rig.veth_a, "xdp_xmit_errors")?,
    ))
}

/// A receiving veth takes redirected frames only when it runs NAPI: GRO on gives it that.
fn napi_on(rig: &Rig) -> Result<()> {
    rig.exec(&rig.ns_b, &["ethtool", "-K", &rig.veth_b, "gro", "on"])?;
    Ok(())
}

/// True where the kernel refuses live frames (EPERM, some sandboxed kernels): then the sender
/// must be refused the same way, and the test has no frame to check. Printed, so the output
/// says which it was.
fn refused_here(rig: &Rig, spec: &FrameSpec) -> Result<bool> {
    if XdpSender::kernel_allows_live_frames()? {
        return Ok(false);
    }
    let sent = rig.in_ns(&rig.ns_a, || {
        XdpSender::open(&rig.veth_a)?.send(spec, 1, None)
    });
    let refused = sent
        .as_ref()
        .err()
        .and_then(|e| e.root_cause().downcast_ref::<io::Error>());
    assert_eq!(
        refused.and_then(io::Error::raw_os_error),
        Some(libc::EPERM),
        "the probe said refused, so must the sender: {sent:?}"
    );
    eprintln!("this kernel refuses BPF_PROG_RUN with live frames (EPERM): no frame sent");
    Ok(true)
}

#[test]
fn paced_frames_arrive_exactly_once_in_order() -> Result<()> {
    let rig = Rig::new()?;
    napi_on(&rig)?;
    let spec = rig.frame_spec(64, 4, 0x5eed)?;
    if refused_here(&rig, &spec)? {
        return Ok(());
    }
    // A packet socket in ns_b sees every frame that reaches veth_b.
    let sock = rig.in_ns(&rig.ns_b, || {
        // SAFETY: plain socket(2) call; the result is checked before use.
        let raw = unsafe {
            libc::socket(
                libc::AF_PACKET,
                libc::SOCK_RAW | libc::SOCK_NONBLOCK,
                i32::from((libc::ETH_P_ALL as u16).to_be()),
            )
        };
        if raw < 0 {
            bail!("socket: {}", std::io::Error::last_os_error());
        }
        // SAFETY: raw is a fresh descriptor owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(raw) })
    })?;
    let rcvbuf: libc::c_int = 64 << 20;
    // SAFETY: rcvbuf outlives the call and the length passed is its size.
    unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUFFORCE,
            (&raw const rcvbuf).cast(),
            4,
        )
    };
    let (rx0, err0) = delivered(&rig)?;
    let n = 20_000;
    let sent = rig.in_ns(&rig.ns_a, || {
        XdpSender::open(&rig.veth_a)?.send(&spec, n, Some(100_000))
    })?;
    std::thread::sleep(std::time::Duration::from_millis(200));
    let (rx1, err1) = delivered(&rig)?;
    assert_eq!(sent, n);
    assert_eq!(
        (rx1 - rx0, err1 - err0),
        (n, 0),
        "every frame reached veth_b"
    );
    let mut buf = [0u8; 2048];
    let mut next = 0u64;
    loop {
        // SAFETY: buf is writable for its length.
        let got = unsafe { libc::recv(sock.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if got < 0 {
            break;
        }
        let frame = &buf[..got as usize];
        if let Some((0x5eed, seq)) = audit_fields(frame) {
            assert_eq!(seq, next, "frames in order, each once");
            assert_eq!(frame.len(), 64);
            let sport = u16::from_be_bytes([frame[34], frame[35]]);
            assert_eq!(u64::from(sport), 10000 + seq % 4);
            next += 1;
        }
    }
    assert_eq!(next, n);
    Ok(())
}

#[test]
fn unpaced_rate_is_measured_and_every_frame_is_accounted_for() -> Result<()> {
    let rig = Rig::new()?;
    napi_on(&rig)?;
    let spec = rig.frame_spec(64, 1, 1)?;
    if refused_here(&rig, &spec)? {
        return Ok(());
    }
    let (rx0, err0) = delivered(&rig)?;
    let n = 2_000_000;
    let start = Instant::now();
    let sent = rig
        .in_ns(&rig.ns_a, || {
            XdpSender::open(&rig.veth_a)?.send(&spec, n, None)
        })
        .context("sending")?;
    let secs = start.elapsed().as_secs_f64();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let (rx1, err1) = delivered(&rig)?;
    eprintln!(
        "xdp sender: {n} frames of 64 B in {secs:.3} s = {:.0} kpps; {} received, {} refused by the full ring",
        n as f64 / secs / 1e3,
        rx1 - rx0,
        err1 - err0
    );
    assert_eq!(sent, n);
    assert_eq!(rx1 - rx0 + (err1 - err0), n, "received + refused = sent");
    Ok(())
}
