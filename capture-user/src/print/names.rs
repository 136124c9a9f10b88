//! Port names for output without `-n`, read once from /etc/services as tcpdump's
//! `init_servarray` does. Host addresses are always printed as numbers: a reverse DNS lookup
//! per address would stall the printer and send traffic from a capture host.
use std::cell::RefCell;
use std::collections::HashMap;

/// TCP and UDP port names (empty when `-n` is given).
#[derive(Debug, Default)]
pub(crate) struct Names {
    tcp: HashMap<u16, String>,
    udp: HashMap<u16, String>,
    /// Interface names by index, looked up once each (Linux cooked v2 headers carry indexes).
    ifnames: RefCell<HashMap<u32, Option<String>>>,
}

impl Names {
    /// Loads the names when `resolve` is set.
    pub fn new(resolve: bool) -> Names {
        let mut n = Names::default();
        if !resolve {
            return n;
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
