//! Names for output without `-n`, as tcpdump's addrtoname.c gives them: port names read once
//! from /etc/services (`init_servarray`), host names by reverse lookup through the system's
//! resolver (/etc/hosts, then DNS, as `gethostbyaddr`), and MAC addresses from /etc/ethers or
//! with their OUI's name. Each address is looked up once per run; `-n` turns all of it off,
//! which is why tcpdump users pass `-n` on busy hosts.
use std::cell::RefCell;
use std::collections::HashMap;
use std::net::IpAddr;

/// Organisation names tcpdump 4.99.3 gives OUIs (its `oui_values`), checked against it.
const OUIS: &[(u32, &str)] = &[
    (0x000000, "Ethernet"),
    (0x00000c, "Cisco"),
    (0x00005e, "IANA"),
    (0x000081, "Nortel Networks SONMP"),
    (0x0000f8, "Cisco bridged"),
    (0x0080c2, "Ethernet bridged"),
    (0x00a03e, "ATM Forum"),
    (0x00e02f, "DOCSIS Spanning Tree"),
    (0x080007, "Appletalk"),
    (0x009069, "Juniper"),
    (0x080009, "Hewlett-Packard"),
    (0x00120f, "IEEE 802.3 Private"),
    (0x0012bb, "ANSI/TIA"),
    (0x001b21, "DCBX"),
    (0x002320, "Nicira Networks"),
    (0x5c16c7, "Big Switch Networks"),
    (0xb0d2f5, "Vello Systems"),
    (0x002481, "HP"),
    (0x0004ea, "HP-Labs"),
    (0x748771, "Infoblox Inc"),
    (0xa42305, "Open Networking Lab"),
    (0x00049f, "Freescale"),
    (0x0015ad, "Netronome"),
    (0x001018, "Broadcom"),
    (0x00e004, "PMC-Sierra"),
];

/// Port, host and MAC names (none when `-n` is given).
#[derive(Debug, Default)]
pub(crate) struct Names {
    resolve: bool,
    tcp: HashMap<u16, String>,
    udp: HashMap<u16, String>,
    /// Reverse lookups done so far (`None`: the address has no name).
    hosts: RefCell<HashMap<IpAddr, Option<String>>>,
    /// /etc/ethers, read once.
    ethers: HashMap<[u8; 6], String>,
    /// Interface names by index, looked up once each (Linux cooked v2 headers carry indexes).
    ifnames: RefCell<HashMap<u32, Option<String>>>,
}

impl Names {
    /// Loads the names when `resolve` is set.
    pub fn new(resolve: bool) -> Names {
        let mut n = Names {
            resolve,
            ..Names::default()
        };
        if !resolve {
            return n;
        }
        n.ethers = read_ethers();
        let Ok(text) = std::fs::read_to_string("/etc/services") else {
            return n;
        };
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut w = line.split_whitespace();
            let (Some(name), Some(pp)) = (w.next(), w.next()) else {
                continue;
            };
            let Some((port, proto)) = pp.split_once('/') else {
                continue;
            };
            let Ok(port) = port.parse::<u16>() else {
                continue;
            };
            let map = match proto {
                "tcp" => &mut n.tcp,
                "udp" => &mut n.udp,
                _ => continue,
            };
            // The first entry wins, as with getservbyport().
            map.entry(port).or_insert_with(|| name.to_string());
        }
        n
    }

    /// Whether names are looked up at all (no `-n`).
    pub fn resolving(&self) -> bool {
        self.resolve
    }

    /// The host name of `addr`, looked up once (tcpdump's `ipaddr_string`/`ip6addr_string`).
    pub fn host(&self, addr: IpAddr) -> Option<String> {
        self.hosts
            .borrow_mut()
            .entry(addr)
            .or_insert_with(|| {
                dns_lookup::lookup_addr(&addr)
                    .ok()
                    .filter(|n| *n != addr.to_string())
            })
            .clone()
    }

    /// Appends a MAC address as tcpdump's `etheraddr_string`: its /etc/ethers name, else the
    /// address followed by its OUI's name (`(oui Unknown)` when it has none).
    /// Addresses of other lengths are plain hex, as tcpdump's `linkaddr_string`.
    pub fn mac(&self, o: &mut Vec<u8>, a: &[u8]) {
        let Ok(key) = <[u8; 6]>::try_from(a) else {
            super::ether::write_mac(o, a);
            return;
        };
        if key == [0xff; 6] {
            o.extend_from_slice(b"Broadcast");
            return;
        }
        if let Some(name) = self.ethers.get(&key) {
            o.extend_from_slice(name.as_bytes());
            return;
        }
        super::ether::write_mac(o, a);
        let oui = a
            .iter()
            .take(3)
            .fold(0u32, |acc, &b| acc << 8 | u32::from(b));
        let name = OUIS
            .iter()
            .find(|&&(v, _)| v == oui)
            .map_or("Unknown", |&(_, n)| n);
        o.extend_from_slice(b" (oui ");
        o.extend_from_slice(name.as_bytes());
        o.push(b')');
    }

    /// The name of interface `index` on this host, as tcpdump's `if_indextoname()`.
    pub fn ifname(&self, index: u32) -> Option<String> {
        self.ifnames
            .borrow_mut()
            .entry(index)
            .or_insert_with(|| lookup_ifname(index))
            .clone()
    }

    /// Appends a TCP port, named if known.
    pub fn tcp_port(&self, o: &mut Vec<u8>, port: u16) {
        write_port(o, self.tcp.get(&port), port);
    }

    /// Appends a UDP port, named if known.
    pub fn udp_port(&self, o: &mut Vec<u8>, port: u16) {
        write_port(o, self.udp.get(&port), port);
    }
}

fn write_port(o: &mut Vec<u8>, name: Option<&String>, port: u16) {
    match name {
        Some(n) => o.extend_from_slice(n.as_bytes()),
        None => {
            use std::io::Write;
            let _ = write!(o, "{port}");
        }
    }
}

fn lookup_ifname(index: u32) -> Option<String> {
    for e in std::fs::read_dir("/sys/class/net").ok()?.flatten() {
        let Ok(idx) = std::fs::read_to_string(e.path().join("ifindex")) else {
            continue;
        };
        if idx.trim().parse::<u32>().ok() == Some(index) {
            return Some(e.file_name().to_string_lossy().into_owned());
        }
    }
    None
}

/// /etc/ethers: `xx:xx:xx:xx:xx:xx name` lines (what glibc's `ether_ntohost` reads).
fn read_ethers() -> HashMap<[u8; 6], String> {
    let text = std::fs::read_to_string("/etc/ethers").unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let mut w = line.split('#').next()?.split_whitespace();
            let (mac, name) = (w.next()?, w.next()?);
            let bytes: Vec<u8> = mac
                .split(':')
                .map(|h| u8::from_str_radix(h, 16).ok())
                .collect::<Option<_>>()?;
            Some((<[u8; 6]>::try_from(bytes).ok()?, name.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_as_tcpdump_names_them() {
        let n = Names::new(true);
        let mut o = Vec::new();
        n.mac(&mut o, &[0x00, 0x00, 0x0c, 1, 2, 3]);
        assert_eq!(o, b"00:00:0c:01:02:03 (oui Cisco)");
        o.clear();
        n.mac(&mut o, &[0x02, 0x42, 0xac, 0x11, 0, 2]);
        assert_eq!(o, b"02:42:ac:11:00:02 (oui Unknown)");
        o.clear();
        n.mac(&mut o, &[0xff; 6]);
        assert_eq!(o, b"Broadcast");
    }

    #[test]
    fn loopback_resolves_through_hosts() {
        let n = Names::new(true);
        assert_eq!(
            n.host(IpAddr::from([127, 0, 0, 1])).as_deref(),
            Some("localhost")
        );
    }
}
