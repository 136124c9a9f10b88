//! A tun device in the rig's capturing namespace, the kind WireGuard and OpenVPN use: its
//! packets are IP datagrams with no link header, and each one the test writes to it is a
//! packet the device receives. It can also pose as a device of another type (PPP, GRE). The device goes away with its file (and with the namespace).
use std::{fs::File, io::Write, os::fd::AsRawFd};

use anyhow::{Context, Result, bail};

use crate::Rig;

/// A tun device in `rig.ns_b`, addressed and up.
pub struct Tun {
    file: File,
    /// Its name.
    pub name: String,
    /// Its IPv4 address (a /24 of its own, inside the namespace only).
    pub ip: [u8; 4],
}

impl Tun {
    /// Creates tun device `name` in `rig.ns_b` with address `ip`/24, up.
    pub fn create(rig: &Rig, name: &str, ip: [u8; 4]) -> Result<Self> {
        Tun::create_as(rig, name, ip, None)
    }

    /// As [`Tun::create`], the device announcing hardware type `arphrd` (`ARPHRD_*`) instead
    /// of ARPHRD_NONE: tun lets a device that is still down take any type (TUNSETLINK), so a
    /// test can have a PPP or GRE device where the kernel has no module to create one. The
    /// packets are the same IP datagrams; what changes is what a capture tool makes of them.
    pub fn create_as(rig: &Rig, name: &str, ip: [u8; 4], arphrd: Option<u16>) -> Result<Self> {
        if name.len() >= libc::IFNAMSIZ {
            bail!("tun name {name} is too long");
        }
        let file = rig.in_ns(&rig.ns_b, || {
            let file = File::options()
                .read(true)
                .write(true)
                .open("/dev/net/tun")
                .context("/dev/net/tun")?;
            // SAFETY: ifreq is plain data; all-zero is a valid start value.
            let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
            for (d, s) in ifr.ifr_name.iter_mut().zip(name.bytes()) {
                *d = s as libc::c_char;
            }
            ifr.ifr_ifru.ifru_flags = (libc::IFF_TUN | libc::IFF_NO_PI) as libc::c_short;
            // SAFETY: TUNSETIFF reads and writes the ifreq, which outlives the call, on the
            // tun file this thread opened (in the namespace it entered, where the device is
            // created).
            if unsafe { libc::ioctl(file.as_raw_fd(), libc::TUNSETIFF, &mut ifr) } != 0 {
                bail!("TUNSETIFF {name}: {}", std::io::Error::last_os_error());
            }
            if let Some(t) = arphrd {
                // SAFETY: TUNSETLINK takes its argument by value, on the device this file set
                // up above.
                if unsafe {
                    libc::ioctl(file.as_raw_fd(), libc::TUNSETLINK, libc::c_ulong::from(t))
                } != 0
                {
                    bail!("TUNSETLINK {name} {t}: {}", std::io::Error::last_os_error());
                }
            }
            Ok(file)
        })?;
        let [a, b, c, d] = ip;
        let cidr = format!("{a}.{b}.{c}.{d}/24");
        rig.exec(&rig.ns_b, &["ip", "addr", "add", &cidr, "dev", name])?;
        rig.exec(&rig.ns_b, &["ip", "link", "set", name, "up"])?;
        Ok(Tun {
            file,
            name: name.to_owned(),
            ip,
        })
    }

    /// The device receives `packet` (an IPv4 or IPv6 datagram).
    pub fn send(&self, packet: &[u8]) -> Result<()> {
        let n = (&self.file)
            .write(packet)
            .context("writing to the tun device")?;
        if n != packet.len() {
            bail!("tun took {n} of {} bytes", packet.len());
        }
        Ok(())
    }
}
