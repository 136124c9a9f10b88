//! Live (root): the XDP ingress counter built from capture-ebpf counts exactly the frames sent.
use std::{thread, time::Duration};

use anyhow::Result;
use capture::ebpf::{AttachMode, IngressCounter};
use capture_rig::Rig;

const FRAMES: u64 = 100_000;
const LEN: usize = 128;

#[test]
fn xdp_counter_sees_every_frame() -> Result<()> {
    let rig = Rig::new()?;
    let spec = rig.frame_spec(LEN, 16, 1)?;
    let counter = rig.in_ns(&rig.ns_b, || {
        let index = capture::iface::nametoindex(&rig.veth_b).expect("veth exists");
        Ok(IngressCounter::attach(&rig.veth_b, index)?)
    })?;
    eprintln!(
        "XDP ingress counter loaded into the kernel, attached to {} ({:?})",
        rig.veth_b,
        counter.mode()
    );
    assert_eq!(
        counter.mode(),
        AttachMode::Native,
        "veth supports native XDP"
    );

    let sent = rig.send(&spec, FRAMES, None)?;
    assert_eq!(sent, FRAMES);

    // Delivery to the peer is asynchronous (NAPI): wait until the count stops moving.
    let mut last = counter.read()?;
    for _ in 0..50 {
        thread::sleep(Duration::from_millis(20));
        let now = counter.read()?;
        if now == last && now.packets >= FRAMES {
            break;
        }
        last = now;
    }
    let dropped_tx = rig.stat(&rig.ns_a, &rig.veth_a, "tx_dropped")?;
    let dropped_rx = rig.stat(&rig.ns_b, &rig.veth_b, "rx_dropped")?;
    assert_eq!(
        (dropped_tx, dropped_rx),
        (0, 0),
        "the veth pair dropped nothing"
    );
    let counted = counter.read()?;
    assert_eq!(counted.packets, FRAMES);
    assert_eq!(counted.bytes, FRAMES * LEN as u64);
    Ok(())
}
