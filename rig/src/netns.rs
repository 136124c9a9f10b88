//! Two network namespaces (`a` sends, `b` captures) joined by a veth pair, removed on drop, which
//! also runs while a failing test unwinds.
use std::{
    fs::File,
    os::fd::AsRawFd,
    process::{Command, Output},
    sync::{
        Mutex, MutexGuard,
        atomic::{AtomicU32, Ordering},
    },
    thread,
};

use anyhow::{Context, Result, bail};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// One rig at a time per process: live tests measure exact counts, and two captures and two
/// senders sharing two cores would turn scheduling stalls into ring drops.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A pair of namespaces and the veth pair between them, with IPv4 addresses and IPv6 off
/// (so the kernel sends nothing on its own: no router solicitations, no DAD, no MLD).
#[derive(Debug)]
pub struct Rig {
    /// Namespace of the sending side.
    pub ns_a: String,
    /// Namespace of the capturing side.
    pub ns_b: String,
    /// Interface in `ns_a`.
    pub veth_a: String,
    /// Interface in `ns_b`.
    pub veth_b: String,
    /// IPv4 address of `veth_a`.
    pub ip_a: [u8; 4],
    /// IPv4 address of `veth_b`.
    pub ip_b: [u8; 4],
    /// Held for the rig's lifetime; dropped after the namespaces are removed.
    _serial: MutexGuard<'static, ()>,
}

impl Rig {
    /// Creates the namespaces and the veth pair, addressed and up. Names are unique per process
    /// and call, so tests may run in parallel.
    pub fn new() -> Result<Self> {
        if !is_root() {
            bail!("the rig needs root (network namespaces, veth, XDP); run the tests as root");
        }
        // A test that panicked while holding the lock still removed its rig (Drop ran).
        let serial = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tag = format!("{}x{n}", std::process::id());
        let net = (std::process::id() as u8) ^ (n as u8).wrapping_mul(37);
        let rig = Rig {
            ns_a: format!("capture-{tag}-a"),
            ns_b: format!("capture-{tag}-b"),
            veth_a: format!("cpa{tag}"),
            veth_b: format!("cpb{tag}"),
            ip_a: [10, 250, net, 1],
            ip_b: [10, 250, net, 2],
            _serial: serial,
        };
        // From here on Drop cleans up whatever was created.
        rig.setup()
            .with_context(|| format!("setting up rig {tag}"))?;
        Ok(rig)
    }

    fn setup(&self) -> Result<()> {
        for ns in [&self.ns_a, &self.ns_b] {
            ip(&["netns", "add", ns])?;
            self.exec(ns, &["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"])?;
            self.exec(
                ns,
                &["sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1"],
            )?;
        }
        ip(&[
            "link",
            "add",
            &self.veth_a,
            "netns",
            &self.ns_a,
            "type",
            "veth",
            "peer",
            "name",
            &self.veth_b,
            "netns",
            &self.ns_b,
        ])?;
        for (ns, dev, addr) in [
            (&self.ns_a, &self.veth_a, self.ip_a),
            (&self.ns_b, &self.veth_b, self.ip_b),
        ] {
            let cidr = format!("{}.{}.{}.{}/24", addr[0], addr[1], addr[2], addr[3]);
            self.exec(ns, &["ip", "addr", "add", &cidr, "dev", dev])?;
            self.exec(ns, &["ip", "link", "set", dev, "up"])?;
            self.exec(ns, &["ip", "link", "set", "lo", "up"])?;
        }
        // Permanent neighbours: no ARP exchange ever adds frames at a moment no test chose.
        let (mac_a, mac_b) = (
            self.mac(&self.ns_a, &self.veth_a)?,
            self.mac(&self.ns_b, &self.veth_b)?,
        );
        for (ns, dev, peer_ip, peer_mac) in [
            (&self.ns_a, &self.veth_a, self.ip_b, mac_b),
            (&self.ns_b, &self.veth_b, self.ip_a, mac_a),
        ] {
            let ip = format!(
                "{}.{}.{}.{}",
                peer_ip[0], peer_ip[1], peer_ip[2], peer_ip[3]
            );
            let mac = peer_mac.map(|b| format!("{b:02x}")).join(":");
            self.exec(
                ns,
                &[
                    "ip",
                    "neigh",
                    "replace",
                    &ip,
                    "lladdr",
                    &mac,
                    "dev",
                    dev,
                    "nud",
                    "permanent",
                ],
            )?;
        }
        // Carrier comes up asynchronously; until it does, libpcap ranks `any` above the veth
        // and a capture started without -i would pick it.
        for _ in 0..200 {
            let state = self.exec(
                &self.ns_b,
                &["cat", &format!("/sys/class/net/{}/operstate", self.veth_b)],
            )?;
            if state.stdout.starts_with(b"up") {
                return Ok(());
            }
            thread::sleep(std::time::Duration::from_millis(10));
        }
        bail!("{} did not come up", self.veth_b)
    }

    /// A frame spec from `veth_a` to `veth_b`'s MAC. The destination IPv4 address is on `b`'s
    /// subnet but owned by nobody: `b` does not forward, so it drops the frames silently
    /// (no ICMP unreachable, hence no ARP exchange that would add frames to the count).
    pub fn frame_spec(
        &self,
        len: usize,
        flows: u16,
        nonce: u64,
    ) -> Result<crate::frame::FrameSpec> {
        let [a, b, c, _] = self.ip_b;
        Ok(crate::frame::FrameSpec {
            dst_mac: self.mac(&self.ns_b, &self.veth_b)?,
            src_mac: self.mac(&self.ns_a, &self.veth_a)?,
            src_ip: self.ip_a,
            dst_ip: [a, b, c, 99],
            dst_port: 9,
            len,
            flows,
            nonce,
            vlan: None,
        })
    }

    /// Sends frames `0..count` of `spec` from `veth_a`, at most `pps` per second when given.
    pub fn send(
        &self,
        spec: &crate::frame::FrameSpec,
        count: u64,
        pps: Option<u64>,
    ) -> Result<u64> {
        self.in_ns(&self.ns_a, || {
            crate::Sender::open(&self.veth_a)?.send(spec, count, pps)
        })
    }

    /// Sends `frames` (whole Ethernet frames, built by the caller) from `veth_a`, in order.
    pub fn send_frames(&self, frames: &[Vec<u8>]) -> Result<()> {
        self.in_ns(&self.ns_a, || {
            crate::Sender::open(&self.veth_a)?.send_all(frames)
        })
    }

    /// Host names for programs run with [`Rig::command`] in `ns_b`: `ip netns exec` mounts
    /// /etc/netns/NS/hosts over /etc/hosts, so `host client` resolves inside the rig only.
    pub fn set_hosts(&self, names: &[(&str, [u8; 4])]) -> Result<()> {
        let dir = format!("/etc/netns/{}", self.ns_b);
        std::fs::create_dir_all(&dir)?;
        let text: String = names
            .iter()
            .map(|(name, [a, b, c, d])| format!("{a}.{b}.{c}.{d} {name}\n"))
            .collect();
        std::fs::write(
            format!("{dir}/hosts"),
            format!("127.0.0.1 localhost\n{text}"),
        )?;
        Ok(())
    }

    /// Opens TCP connections from `ns_a` to `ip_b:port`; with no listener each is a SYN
    /// answered by a RST. Returns how many were refused.
    pub fn refused_connections(&self, port: u16, count: usize) -> Result<usize> {
        let [a, b, c, d] = self.ip_b;
        let addr = std::net::SocketAddr::from(([a, b, c, d], port));
        self.in_ns(&self.ns_a, || {
            Ok((0..count)
                .filter(|_| {
                    let r = std::net::TcpStream::connect_timeout(
                        &addr,
                        std::time::Duration::from_secs(2),
                    );
                    matches!(r, Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused)
                })
                .count())
        })
    }

    /// Runs a command inside namespace `ns` and returns its output; fails on a non-zero exit.
    pub fn exec(&self, ns: &str, argv: &[&str]) -> Result<Output> {
        let mut args = vec!["netns", "exec", ns];
        args.extend_from_slice(argv);
        ip(&args)
    }

    /// A `Command` that runs `program` inside namespace `ns`.
    pub fn command(&self, ns: &str, program: &str) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", ns, program]);
        cmd
    }

    /// MAC address of `dev` in `ns`.
    pub fn mac(&self, ns: &str, dev: &str) -> Result<[u8; 6]> {
        let out = self.exec(ns, &["cat", &format!("/sys/class/net/{dev}/address")])?;
        parse_mac(String::from_utf8_lossy(&out.stdout).trim())
    }

    /// Turns GRO on or off for the capture side's veth (`ethtool -K`). With it on, veth
    /// receives through NAPI, and capture counts frames with its program at TC ingress
    /// instead of from the device's counters.
    pub fn set_gro(&self, on: bool) -> Result<()> {
        let state = if on { "on" } else { "off" };
        self.exec(&self.ns_b, &["ethtool", "-K", &self.veth_b, "gro", state])
            .context("ethtool (Debian package ethtool) sets GRO")?;
        Ok(())
    }

    /// A counter of `dev` in `ns` from /sys/class/net/DEV/statistics (`rx_dropped`, ...).
    pub fn stat(&self, ns: &str, dev: &str, name: &str) -> Result<u64> {
        let out = self.exec(
            ns,
            &["cat", &format!("/sys/class/net/{dev}/statistics/{name}")],
        )?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
    }

    /// The sum over queues of the `ethtool -S` counters of `dev` in `ns` whose name ends in
    /// `_{suffix}` (`xdp_xmit_errors` adds up `tx_queue_N_xdp_xmit_errors`).
    pub fn ethtool_stat(&self, ns: &str, dev: &str, suffix: &str) -> Result<u64> {
        let out = self.exec(ns, &["ethtool", "-S", dev])?;
        let tail = format!("_{suffix}:");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().split_once(' '))
            .filter(|(name, _)| name.ends_with(&tail))
            .map(|(_, v)| v.trim().parse::<u64>().context("ethtool -S value"))
            .sum()
    }

    /// Runs `f` on a thread that has entered namespace `ns`: sockets it opens and interfaces it
    /// names belong to that namespace.
    pub fn in_ns<T: Send, F: FnOnce() -> Result<T> + Send>(&self, ns: &str, f: F) -> Result<T> {
        in_netns(ns, f)
    }
}

/// Runs `f` on a thread that has entered the named network namespace `ns` (see
/// [`Rig::in_ns`]; for helpers, such as [`crate::Garage`], that hold a namespace's name only).
pub fn in_netns<T: Send, F: FnOnce() -> Result<T> + Send>(ns: &str, f: F) -> Result<T> {
    let file = File::open(format!("/var/run/netns/{ns}")).with_context(|| format!("netns {ns}"))?;
    thread::scope(|s| {
        s.spawn(move || {
            // SAFETY: setns on a valid namespace fd only changes this thread's network
            // namespace; the thread ends when the closure returns.
            if unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
                bail!("setns {ns}: {}", std::io::Error::last_os_error());
            }
            f()
        })
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

impl Drop for Rig {
    fn drop(&mut self) {
        // Deleting a namespace deletes the veth end inside it, and with it the pair.
        for ns in [&self.ns_a, &self.ns_b] {
            let _ = Command::new("ip").args(["netns", "delete", ns]).output();
            let _ = std::fs::remove_dir_all(format!("/etc/netns/{ns}"));
        }
    }
}

fn ip(args: &[&str]) -> Result<Output> {
    let out = Command::new("ip")
        .args(args)
        .output()
        .context("running ip (iproute2)")?;
    if !out.status.success() {
        bail!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out)
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn parse_mac(s: &str) -> Result<[u8; 6]> {
    let mut mac = [0u8; 6];
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() != 6 {
        bail!("bad MAC address {s:?}");
    }
    for (b, p) in mac.iter_mut().zip(parts) {
        *b = u8::from_str_radix(p, 16)?;
    }
    Ok(mac)
}
