//! Names for output without `-n`, as tcpdump's addrtoname.c gives them: ports from
//! /etc/services (`init_servarray`), IP protocols from tcpdump's own table
//! ([`super::protonames`]), hosts from /etc/hosts and then the system resolver (tcpdump's
//! `gethostbyaddr`, so DNS where the host uses it; once per address), MACs from /etc/ethers or with their vendor from tcpdump's OUI table. As with
//! tcpdump, `-n` turns all of it off, and users on busy hosts pass it.
use std::cell::RefCell;
use std::collections::HashMap;
use std::net::IpAddr;

/// TCP and UDP port names (empty when `-n` is given).
#[derive(Debug, Default)]
pub(crate) struct Names {
    tcp: HashMap<u16, String>,
    udp: HashMap<u16, String>,
    /// Host names of /etc/hosts (the first name given for an address).
    hosts4: HashMap<[u8; 4], String>,
    hosts6: HashMap<[u8; 16], String>,
    /// Whether names are wanted at all (no `-n`).
    resolve: bool,
    /// `-N`: host names lose their domain.
    no_domain: bool,
    /// `-f`: only IPv4 addresses in this network (address, mask) are named.
    local_net: Option<([u8; 4], [u8; 4])>,
    /// Resolver answers for addresses /etc/hosts does not name (`None`: no name).
    looked_up: RefCell<HashMap<IpAddr, Option<String>>>,
    /// /etc/ethers, read once (what glibc's `ether_ntohost` reads).
    ethers: HashMap<[u8; 6], String>,
    /// Interface names by index, looked up once each (Linux cooked v2 headers carry indexes).
    ifnames: RefCell<HashMap<u32, Option<String>>>,
}

impl Names {
    /// Loads the names when `resolve` is set; `no_domain` is `-N`, `local_net` `-f`'s network.
    pub fn new(resolve: bool, no_domain: bool, local_net: Option<([u8; 4], [u8; 4])>) -> Names {
        let mut n = Names {
            resolve,
            no_domain,
            local_net,
            ..Default::default()
        };
        if !resolve {
            return n;
        }
        n.ethers = read_ethers();
        if let Ok(text) = std::fs::read_to_string("/etc/hosts") {
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or("");
                let mut w = line.split_whitespace();
                let (Some(addr), Some(name)) = (w.next(), w.next()) else {
                    continue;
                };
                match addr.parse::<std::net::IpAddr>() {
                    Ok(std::net::IpAddr::V4(a)) => {
                        n.hosts4
                            .entry(a.octets())
                            .or_insert_with(|| name.to_string());
                    }
                    Ok(std::net::IpAddr::V6(a)) => {
                        n.hosts6
                            .entry(a.octets())
                            .or_insert_with(|| name.to_string());
                    }
                    Err(_) => {}
                }
            }
        }
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

    /// Appends the name of interface `index` on this host (tcpdump's `if_indextoname()`), or
    /// `?`, left-aligned in five columns as tcpdump prints it.
    pub fn write_ifname(&self, o: &mut Vec<u8>, index: u32) {
        let mut map = self.ifnames.borrow_mut();
        let name = map.entry(index).or_insert_with(|| lookup_ifname(index));
        let name = name.as_deref().unwrap_or("?");
        o.extend_from_slice(name.as_bytes());
        for _ in name.len()..5 {
            o.push(b' ');
        }
        o.push(b' ');
    }

    /// Appends an IPv4 address, named if /etc/hosts or the resolver names it (tcpdump's
    /// `ipaddr_string`); with `-f`, only addresses of the local network are named.
    pub fn host4(&self, o: &mut Vec<u8>, a: &[u8]) {
        if self.resolve
            && let Ok(k) = <[u8; 4]>::try_from(a)
            && self
                .local_net
                .is_none_or(|(net, mask)| (0..4).all(|i| k[i] & mask[i] == net[i]))
        {
            if let Some(n) = self.hosts4.get(&k) {
                self.write_name(o, n);
                return;
            }
            if let Some(n) = self.resolver(k.into()) {
                self.write_name(o, &n);
                return;
            }
        }
        super::ip::write_ipv4(o, a);
    }

    /// Appends an IPv6 address, named if /etc/hosts or the resolver names it (tcpdump's
    /// `ip6addr_string`).
    pub fn host6(&self, o: &mut Vec<u8>, a: &[u8]) {
        if self.resolve
            && let Ok(k) = <[u8; 16]>::try_from(a)
        {
            if let Some(n) = self.hosts6.get(&k) {
                self.write_name(o, n);
                return;
            }
            if let Some(n) = self.resolver(k.into()) {
                self.write_name(o, &n);
                return;
            }
        }
        super::ip6::write_ipv6(o, a);
    }

    /// Appends a host name; with `-N`, only up to its first dot.
    fn write_name(&self, o: &mut Vec<u8>, name: &str) {
        let name = match name.split_once('.') {
            Some((host, _)) if self.no_domain => host,
            _ => name,
        };
        o.extend_from_slice(name.as_bytes());
    }

    /// The system resolver's name for `addr` (NSS: files, then DNS), asked once per address.
    fn resolver(&self, addr: IpAddr) -> Option<String> {
        self.looked_up
            .borrow_mut()
            .entry(addr)
            .or_insert_with(|| {
                dns_lookup::lookup_addr(&addr)
                    .ok()
                    .filter(|n| *n != addr.to_string())
            })
            .clone()
    }

    /// Appends a MAC address as tcpdump's `etheraddr_string`: without `-n`, its /etc/ethers
    /// name, the broadcast address by name, and others with their vendor.
    pub fn mac(&self, o: &mut Vec<u8>, a: &[u8]) {
        if self.resolve && a.len() == 6 {
            if a == [0xff; 6] {
                o.extend_from_slice(b"Broadcast");
                return;
            }
            if let Some(name) = <[u8; 6]>::try_from(a)
                .ok()
                .and_then(|k| self.ethers.get(&k))
            {
                o.extend_from_slice(name.as_bytes());
                return;
            }
            super::ether::write_mac(o, a);
            let oui = u32::from_be_bytes([0, a[0], a[1], a[2]]);
            o.extend_from_slice(b" (oui ");
            o.extend_from_slice(oui_name(oui).unwrap_or("Unknown").as_bytes());
            o.push(b')');
            return;
        }
        super::ether::write_mac(o, a);
    }

    /// The name of IP protocol `p` (None with `-n` or when unknown).
    pub fn proto(&self, p: u8) -> Option<&'static str> {
        if self.resolve {
            super::protonames::NAMES[usize::from(p)]
        } else {
            None
        }
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
        None => crate::push_dec(o, port.into(), 0),
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

/// tcpdump's `oui_values` (the vendors it names).
pub(crate) fn oui_name(oui: u32) -> Option<&'static str> {
    Some(match oui {
        0x000000 => "Ethernet",
        0x00000c => "Cisco",
        0x00005e => "IANA",
        0x000081 => "Nortel Networks SONMP",
        0x0000f8 => "Cisco bridged",
        0x0080c2 => "Ethernet bridged",
        0x00a03e => "ATM Forum",
        0x00e02f => "DOCSIS Spanning Tree",
        0x080007 => "Appletalk",
        0x009069 => "Juniper",
        0x080009 => "Hewlett-Packard",
        0x00120f => "IEEE 802.3 Private",
        0x0012bb => "ANSI/TIA",
        0x001b21 => "DCBX",
        0x002320 => "Nicira Networks",
        0x5c16c7 => "Big Switch Networks",
        0xb0d2f5 => "Vello Systems",
        0x002481 => "HP",
        0x0004ea => "HP-Labs",
        0x748771 => "Infoblox Inc",
        0xa42305 => "Open Networking Lab",
        0x00049f => "Freescale",
        0x0015ad => "Netronome",
        0x001018 => "Broadcom",
        0x00e004 => "PMC-Sierra",
        0xd0f0db => "Ericsson",
        _ => return None,
    })
}

/// /etc/ethers: `xx:xx:xx:xx:xx:xx name` lines.
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
