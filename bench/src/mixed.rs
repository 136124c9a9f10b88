//! A mixed-traffic pcap, generated deterministically from a seed: what a tcpdump user reads off a
//! busy LAN uplink. TCP connections over IPv4 and IPv6 from handshake (options) through data
//! (HTTP, TLS, SSH, SMTP and others) to FIN or RST, DNS queries with their answers (EDNS,
//! CNAME chains, NXDOMAIN), NTP, ICMP echo and errors, ICMPv6 echo and neighbour discovery,
//! ARP, UDP on other ports, fragmented IPv4 and IPv6 datagrams, 802.1Q-tagged hosts, and the
//! LAN's own chatter (STP, LLDP, DHCP, mDNS, SSDP, IGMP). Many hosts, ports and connections
//! are live at once, so per-connection state (tcpdump's relative sequence numbers) is exercised
//! as on a real link. Checksums are correct.
use std::{
    collections::VecDeque,
    fs::File,
    io::{BufWriter, Write},
    path::Path,
};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// Client hosts on the LAN side.
const CLIENTS: usize = 2000;
/// Servers beyond the router.
const SERVERS: usize = 800;
/// TCP connections open at any time.
const LIVE_CONNS: usize = 3000;
/// Start of the capture: 2026-01-15 09:00:00 UTC.
const START_SEC: u64 = 1_768_467_600;
/// The router's MAC: every frame to or from a server passes it.
const ROUTER_MAC: [u8; 6] = [0x00, 0x1c, 0x73, 0x0a, 0x01, 0x01];
/// The LAN's IPv4 gateway and DNS resolver.
const ROUTER_V4: [u8; 4] = [10, 1, 0, 1];
/// Snapshot length written in the file header (tcpdump's default).
const SNAPLEN: u32 = 262_144;

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// Records in the file.
    pub packets: u64,
    /// Bytes of the file.
    pub bytes: u64,
    /// Records of each kind (see [`KINDS`]), in that order.
    pub mix: Vec<(String, u64)>,
    /// Records with an 802.1Q tag (of any kind).
    pub vlan_tagged: u64,
}

/// The kinds of record [`Written::mix`] counts.
pub const KINDS: [&str; 16] = [
    "TCP over IPv4",
    "TCP over IPv6",
    "DNS",
    "QUIC (UDP 443)",
    "NTP",
    "other UDP",
    "IP fragments after the first",
    "ICMP",
    "ICMPv6",
    "ARP",
    "mDNS",
    "SSDP",
    "DHCP",
    "STP",
    "LLDP",
    "IGMP",
];

/// Writes `packets` records of mixed traffic (Ethernet, microsecond pcap) to `path`; the same
/// seed always gives the same file.
pub fn generate(path: &Path, packets: u64, seed: u64) -> Result<Written> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut header = Vec::with_capacity(24);
    header.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    header.extend_from_slice(&2u16.to_le_bytes());
    header.extend_from_slice(&4u16.to_le_bytes());
    header.extend_from_slice(&[0; 8]);
    header.extend_from_slice(&SNAPLEN.to_le_bytes());
    header.extend_from_slice(&1u32.to_le_bytes());
    out.write_all(&header)?;
    let mut g = Mixer::new(seed);
    let mut written = Written {
        packets: 0,
        bytes: header.len() as u64,
        mix: Vec::new(),
        vlan_tagged: 0,
    };
    let mut counts = [0u64; KINDS.len()];
    let mut ts_us = START_SEC * 1_000_000;
    while written.packets < packets {
        let frame = g.next_frame();
        ts_us += g.rng.u64(1..=200);
        let mut rec = [0u8; 16];
        rec[0..4].copy_from_slice(&((ts_us / 1_000_000) as u32).to_le_bytes());
        rec[4..8].copy_from_slice(&((ts_us % 1_000_000) as u32).to_le_bytes());
        rec[8..12].copy_from_slice(&(frame.len() as u32).to_le_bytes());
        rec[12..16].copy_from_slice(&(frame.len() as u32).to_le_bytes());
        out.write_all(&rec)?;
        out.write_all(&frame)?;
        written.packets += 1;
        written.bytes += (rec.len() + frame.len()) as u64;
        let (kind, tagged) = classify(&frame);
        counts[kind] += 1;
        written.vlan_tagged += u64::from(tagged);
    }
    written.mix = KINDS
        .iter()
        .zip(counts)
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    out.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(written)
}

/// A host: its MAC, addresses and (for some LAN hosts) the VLAN it is tagged with.
#[derive(Clone, Copy)]
struct Host {
    mac: [u8; 6],
    v4: [u8; 4],
    v6: [u8; 16],
    vlan: Option<u16>,
}

impl Host {
    fn link_local(&self) -> [u8; 16] {
        let mut a = [0u8; 16];
        a[0] = 0xfe;
        a[1] = 0x80;
        a[8..11].copy_from_slice(&[self.mac[0] ^ 2, self.mac[1], self.mac[2]]);
        a[11] = 0xff;
        a[12] = 0xfe;
        a[13..16].copy_from_slice(&self.mac[3..6]);
        a
    }
}

/// Network-layer addresses of one packet.
#[derive(Clone, Copy)]
enum Addrs {
    V4([u8; 4], [u8; 4]),
    V6([u8; 16], [u8; 16]),
}

/// The application a TCP connection carries (by server port).
#[derive(Clone, Copy, PartialEq, Eq)]
enum App {
    Tls,
    Http,
    Ssh,
    Smtp,
    Other,
}

/// Where a TCP connection is in its life.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Syn,
    SynAck,
    Ack,
    Request,
    Response,
    Fin,
    FinAck,
    LastAck,
}

/// One TCP connection between a client and a server.
#[derive(Clone, Copy)]
struct Conn {
    client: usize,
    server: usize,
    v6: bool,
    cport: u16,
    sport: u16,
    app: App,
    /// Next sequence numbers of client and server.
    cseq: u32,
    sseq: u32,
    /// Timestamp option clocks (None: the peers do not use timestamps).
    ts: Option<(u32, u32)>,
    stage: Stage,
    /// Request/response exchanges left, and server segments left in this response.
    exchanges: u32,
    segments: u32,
    /// Server segments since the client last acknowledged.
    unacked: u32,
}

/// The generator's state: hosts, live connections and frames due later (answers, fragments).
struct Mixer {
    rng: fastrand::Rng,
    clients: Vec<Host>,
    servers: Vec<Host>,
    conns: Vec<Conn>,
    names: Vec<String>,
    later: VecDeque<Vec<u8>>,
    ip_id: u16,
}

const WORDS: &[&str] = &[
    "alpha", "cloud", "data", "edge", "fast", "green", "home", "info", "jet", "kilo", "lumen",
    "metro", "north", "orbit", "pixel", "quant", "river", "solar", "terra", "ultra", "vista",
    "west", "xeno", "yield", "zen", "acme", "bright", "coral", "delta", "ember",
];
const PREFIXES: &[&str] = &[
    "www", "api", "cdn", "mail", "static", "img", "login", "docs", "news", "shop", "m", "app",
];
const TLDS: &[&str] = &["com", "net", "org", "io", "de", "co.uk", "fr"];

impl Mixer {
    fn new(seed: u64) -> Mixer {
        let mut rng = fastrand::Rng::with_seed(seed);
        let clients = (0..CLIENTS)
            .map(|i| {
                let (hi, lo) = ((i / 250) as u8, (i % 250) as u8 + 2);
                let mut v6 = [0u8; 16];
                v6[..8].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, hi]);
                v6[8..16].copy_from_slice(&rng.u64(..).to_be_bytes());
                Host {
                    mac: [0x3c, 0x22, 0xfb, hi, lo, rng.u8(..)],
                    v4: [10, 1, hi + 1, lo],
                    v6,
                    vlan: match rng.u8(0..10) {
                        0 => Some(10),
                        1 => Some(20),
                        _ => None,
                    },
                }
            })
            .collect();
        let nets: [[u8; 2]; 8] = [
            [142, 250],
            [151, 101],
            [104, 16],
            [93, 184],
            [52, 84],
            [185, 199],
            [20, 112],
            [17, 253],
        ];
        let servers = (0..SERVERS)
            .map(|i| {
                let net = nets[i % nets.len()];
                let mut v6 = [0u8; 16];
                v6[..4].copy_from_slice(&[0x26, 0x06, 0x47, (i % 7) as u8]);
                v6[14..16].copy_from_slice(&(i as u16).to_be_bytes());
                Host {
                    mac: ROUTER_MAC,
                    v4: [net[0], net[1], rng.u8(..), rng.u8(1..255)],
                    v6,
                    vlan: None,
                }
            })
            .collect();
        let names = (0..3000)
            .map(|_| {
                format!(
                    "{}.{}{}.{}",
                    PREFIXES[rng.usize(..PREFIXES.len())],
                    WORDS[rng.usize(..WORDS.len())],
                    WORDS[rng.usize(..WORDS.len())],
                    TLDS[rng.usize(..TLDS.len())]
                )
            })
            .collect();
        let mut m = Mixer {
            rng,
            clients,
            servers,
            conns: Vec::with_capacity(LIVE_CONNS),
            names,
            later: VecDeque::new(),
            ip_id: 1,
        };
        for _ in 0..LIVE_CONNS {
            let c = m.new_conn();
            m.conns.push(c);
        }
        m
    }

    /// The next frame of the capture.
    fn next_frame(&mut self) -> Vec<u8> {
        if !self.later.is_empty()
            && self.rng.u8(0..4) == 0
            && let Some(f) = self.later.pop_front()
        {
            return f;
        }
        match self.rng.u32(0..1000) {
            0..800 => self.tcp_step(),
            800..870 => self.dns(),
            870..895 => self.quic(),
            895..905 => self.ntp(),
            905..925 => self.icmp(),
            925..945 => self.icmp6(),
            945..957 => self.arp(),
            957..965 => self.fragments(),
            965..975 => self.udp_other(),
            975..981 => self.mdns(),
            981..985 => self.ssdp(),
            985..991 => self.stp(),
            991..993 => self.lldp(),
            993..997 => self.dhcp(),
            _ => self.igmp(),
        }
    }

    fn next_id(&mut self) -> u16 {
        self.ip_id = self.ip_id.wrapping_add(self.rng.u16(1..40));
        self.ip_id
    }

    fn client(&mut self) -> Host {
        self.clients[self.rng.usize(..CLIENTS)]
    }

    fn server(&mut self) -> Host {
        self.servers[self.rng.usize(..SERVERS)]
    }

    fn ephemeral(&mut self) -> u16 {
        self.rng.u16(49152..=65535)
    }

    fn name(&mut self) -> String {
        self.names[self.rng.usize(..self.names.len())].clone()
    }

    // ---- TCP ----

    fn new_conn(&mut self) -> Conn {
        let (sport, app) = match self.rng.u8(0..100) {
            0..60 => (443, App::Tls),
            60..75 => (80, App::Http),
            75..80 => (8080, App::Http),
            80..87 => (22, App::Ssh),
            87..89 => (25, App::Smtp),
            89..93 => (993, App::Other),
            93..96 => (3306, App::Other),
            _ => (5432, App::Other),
        };
        Conn {
            client: self.rng.usize(..CLIENTS),
            server: self.rng.usize(..SERVERS),
            v6: self.rng.u8(0..100) < 18,
            cport: self.ephemeral(),
            sport,
            app,
            cseq: self.rng.u32(..),
            sseq: self.rng.u32(..),
            ts: (self.rng.u8(0..10) < 8).then(|| (self.rng.u32(..), self.rng.u32(..))),
            stage: Stage::Syn,
            exchanges: self.rng.u32(1..=4),
            segments: 0,
            unacked: 0,
        }
    }

    /// The next packet of a random live connection.
    fn tcp_step(&mut self) -> Vec<u8> {
        let i = self.rng.usize(..self.conns.len());
        let mut c = self.conns[i];
        let frame = self.tcp_advance(&mut c);
        self.conns[i] = c;
        frame
    }

    fn tcp_advance(&mut self, c: &mut Conn) -> Vec<u8> {
        const SYN: u8 = 0x02;
        const ACK: u8 = 0x10;
        const PSH: u8 = 0x08;
        const FIN: u8 = 0x01;
        const RST: u8 = 0x04;
        if let Some((a, b)) = c.ts.as_mut() {
            *a = a.wrapping_add(self.rng.u32(0..3));
            *b = b.wrapping_add(self.rng.u32(0..3));
        }
        match c.stage {
            Stage::Syn => {
                c.stage = Stage::SynAck;
                let f = self.seg(c, true, SYN, 64240, &[], true);
                c.cseq = c.cseq.wrapping_add(1);
                f
            }
            Stage::SynAck => {
                c.stage = Stage::Ack;
                let f = self.seg(c, false, SYN | ACK, 65160, &[], true);
                c.sseq = c.sseq.wrapping_add(1);
                f
            }
            Stage::Ack => {
                c.stage = Stage::Request;
                self.seg(c, true, ACK, 502, &[], false)
            }
            Stage::Request => {
                let payload = self.request(c);
                c.stage = Stage::Response;
                c.segments = match c.app {
                    App::Tls | App::Http => self.rng.u32(1..=12),
                    _ => self.rng.u32(1..=3),
                };
                let f = self.seg(c, true, PSH | ACK, 502, &payload, false);
                c.cseq = c.cseq.wrapping_add(payload.len() as u32);
                f
            }
            Stage::Response if c.unacked >= 2 || (c.segments == 0 && c.unacked > 0) => {
                c.unacked = 0;
                // Now and then the ACK carries a SACK block, as after a lost segment.
                let sack = self.rng.u8(0..20) == 0;
                let f = self.seg_sack(c, sack);
                if c.segments == 0 {
                    c.exchanges -= 1;
                    c.stage = if c.exchanges == 0 {
                        Stage::Fin
                    } else {
                        Stage::Request
                    };
                }
                f
            }
            Stage::Response => {
                let payload = self.response(c);
                c.segments = c.segments.saturating_sub(1);
                c.unacked += 1;
                let flags = if c.segments == 0 { PSH | ACK } else { ACK };
                let f = self.seg(c, false, flags, 501, &payload, false);
                c.sseq = c.sseq.wrapping_add(payload.len() as u32);
                f
            }
            Stage::Fin => {
                if self.rng.u8(0..10) == 0 {
                    // An abort: RST from the client, and the connection is gone.
                    let f = self.seg(c, true, RST | ACK, 0, &[], false);
                    *c = self.new_conn();
                    return f;
                }
                c.stage = Stage::FinAck;
                let f = self.seg(c, true, FIN | ACK, 502, &[], false);
                c.cseq = c.cseq.wrapping_add(1);
                f
            }
            Stage::FinAck => {
                c.stage = Stage::LastAck;
                let f = self.seg(c, false, FIN | ACK, 501, &[], false);
                c.sseq = c.sseq.wrapping_add(1);
                f
            }
            Stage::LastAck => {
                let f = self.seg(c, true, ACK, 502, &[], false);
                *c = self.new_conn();
                f
            }
        }
    }

    fn request(&mut self, c: &Conn) -> Vec<u8> {
        match c.app {
            App::Http => {
                let name = self.name();
                let path = WORDS[self.rng.usize(..WORDS.len())];
                format!(
                    "GET /{path}/index.html HTTP/1.1\r\nHost: {name}\r\nUser-Agent: curl/7.88.1\r\n\
                     Accept: */*\r\n\r\n"
                )
                .into_bytes()
            }
            App::Ssh if self.rng.bool() => b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".to_vec(),
            App::Smtp => b"EHLO client.example.org\r\n".to_vec(),
            App::Tls => {
                let len = self.rng.usize(80..600);
                self.tls_record(0x17, len)
            }
            App::Ssh | App::Other => {
                let n = self.rng.usize(32..300);
                self.random_bytes(n)
            }
        }
    }

    fn response(&mut self, c: &Conn) -> Vec<u8> {
        let full = self.rng.u8(0..100) < 45;
        let len = if full {
            if c.ts.is_some() { 1448 } else { 1460 }
        } else {
            self.rng.usize(60..1400)
        };
        match c.app {
            App::Http if self.rng.u8(0..3) == 0 => {
                let mut p = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nServer: nginx\r\n\r\n<!doctype html>",
                    len * 4
                )
                .into_bytes();
                p.resize(len.max(p.len()), b'a');
                p
            }
            App::Smtp => {
                b"250-mail.example.com Hello\r\n250-SIZE 52428800\r\n250 HELP\r\n".to_vec()
            }
            App::Tls => self.tls_record(0x17, len),
            _ => self.random_bytes(len),
        }
    }

    fn tls_record(&mut self, kind: u8, len: usize) -> Vec<u8> {
        let mut p = vec![kind, 3, 3];
        p.extend_from_slice(&((len.max(6) - 5) as u16).to_be_bytes());
        let body = self.random_bytes(len.max(6) - 5);
        p.extend_from_slice(&body);
        p
    }

    fn random_bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = vec![0u8; n];
        self.rng.fill(&mut v);
        v
    }

    /// One segment of `c`, from the client (`from_client`) or the server.
    fn seg(
        &mut self,
        c: &Conn,
        from_client: bool,
        flags: u8,
        win: u16,
        payload: &[u8],
        syn_opts: bool,
    ) -> Vec<u8> {
        let mut opts = Vec::with_capacity(40);
        let (tsa, tsb) = c.ts.unwrap_or((0, 0));
        let (tsval, tsecr) = if from_client { (tsa, tsb) } else { (tsb, tsa) };
        if syn_opts {
            let mss: u16 = if c.v6 { 1440 } else { 1460 };
            opts.extend_from_slice(&[2, 4]);
            opts.extend_from_slice(&mss.to_be_bytes());
            if c.ts.is_some() {
                opts.extend_from_slice(&[4, 2, 8, 10]);
                opts.extend_from_slice(&tsval.to_be_bytes());
                let ecr = if flags & 0x10 != 0 { tsecr } else { 0 };
                opts.extend_from_slice(&ecr.to_be_bytes());
                opts.extend_from_slice(&[1, 3, 3, 7]);
            } else {
                opts.extend_from_slice(&[1, 3, 3, 8, 1, 1, 4, 2]);
            }
        } else if c.ts.is_some() {
            opts.extend_from_slice(&[1, 1, 8, 10]);
            opts.extend_from_slice(&tsval.to_be_bytes());
            opts.extend_from_slice(&tsecr.to_be_bytes());
        }
        self.tcp_frame(c, from_client, flags, win, &opts, payload)
    }

    /// A client ACK, with a SACK block when `sack`.
    fn seg_sack(&mut self, c: &Conn, sack: bool) -> Vec<u8> {
        if !sack {
            return self.seg(c, true, 0x10, 502, &[], false);
        }
        let mut opts = Vec::with_capacity(24);
        if let Some((a, b)) = c.ts {
            opts.extend_from_slice(&[1, 1, 8, 10]);
            opts.extend_from_slice(&a.to_be_bytes());
            opts.extend_from_slice(&b.to_be_bytes());
        }
        let left = c.sseq.wrapping_add(1448);
        opts.extend_from_slice(&[1, 1, 5, 10]);
        opts.extend_from_slice(&left.to_be_bytes());
        opts.extend_from_slice(&left.wrapping_add(1448).to_be_bytes());
        self.tcp_frame(c, true, 0x10, 502, &opts, &[])
    }

    fn tcp_frame(
        &mut self,
        c: &Conn,
        from_client: bool,
        flags: u8,
        win: u16,
        opts: &[u8],
        payload: &[u8],
    ) -> Vec<u8> {
        let (cl, sv) = (self.clients[c.client], self.servers[c.server]);
        let (src, dst) = if from_client { (cl, sv) } else { (sv, cl) };
        let (sport, dport) = if from_client {
            (c.cport, c.sport)
        } else {
            (c.sport, c.cport)
        };
        let (seq, ack) = if from_client {
            (c.cseq, c.sseq)
        } else {
            (c.sseq, c.cseq)
        };
        let ack = if flags & 0x10 != 0 { ack } else { 0 };
        let mut l4 = Vec::with_capacity(20 + opts.len() + payload.len());
        l4.extend_from_slice(&sport.to_be_bytes());
        l4.extend_from_slice(&dport.to_be_bytes());
        l4.extend_from_slice(&seq.to_be_bytes());
        l4.extend_from_slice(&ack.to_be_bytes());
        l4.push((((20 + opts.len()) / 4) as u8) << 4);
        l4.push(flags);
        l4.extend_from_slice(&win.to_be_bytes());
        l4.extend_from_slice(&[0, 0]);
        // Urgent pointer: none.
        l4.extend_from_slice(&[0, 0]);
        l4.extend_from_slice(opts);
        l4.extend_from_slice(payload);
        let addrs = if c.v6 {
            Addrs::V6(src.v6, dst.v6)
        } else {
            Addrs::V4(src.v4, dst.v4)
        };
        let ttl = if from_client { 64 } else { 56 };
        let vlan = cl.vlan;
        self.ip_frame(dst.mac, src.mac, vlan, addrs, 6, ttl, &mut l4, true)
    }

    // ---- network layer ----

    /// Wraps an L4 segment (checksum filled in at `ck`, found by protocol) in IP and Ethernet.
    #[allow(clippy::too_many_arguments)]
    fn ip_frame(
        &mut self,
        dst_mac: [u8; 6],
        src_mac: [u8; 6],
        vlan: Option<u16>,
        addrs: Addrs,
        proto: u8,
        ttl: u8,
        l4: &mut [u8],
        df: bool,
    ) -> Vec<u8> {
        fill_checksum(addrs, proto, l4);
        let id = self.next_id();
        let mut f = Vec::with_capacity(18 + 40 + l4.len());
        eth(
            &mut f,
            dst_mac,
            src_mac,
            vlan,
            matches!(addrs, Addrs::V6(..)),
        );
        match addrs {
            Addrs::V4(s, d) => {
                ipv4_header(
                    &mut f,
                    s,
                    d,
                    proto,
                    ttl,
                    id,
                    if df { 0x4000 } else { 0 },
                    l4.len(),
                    &[],
                );
            }
            Addrs::V6(s, d) => {
                let flow = u32::from(id).wrapping_mul(2_654_435_761) & 0xfffff;
                ipv6_header(&mut f, s, d, proto, ttl, flow, l4.len());
            }
        }
        f.extend_from_slice(l4);
        f
    }

    fn udp_frame(
        &mut self,
        from: Host,
        to: Host,
        addrs: Addrs,
        ports: (u16, u16),
        ttl: u8,
        payload: &[u8],
    ) -> Vec<u8> {
        let mut l4 = udp(ports, payload);
        let vlan = from.vlan.or(to.vlan);
        self.ip_frame(to.mac, from.mac, vlan, addrs, 17, ttl, &mut l4, false)
    }

    // ---- UDP applications ----

    /// A DNS query now and its answer later, over IPv4 (mostly) or IPv6.
    fn dns(&mut self) -> Vec<u8> {
        let cl = self.client();
        let v6 = self.rng.u8(0..100) < 15;
        let resolver = Host {
            mac: ROUTER_MAC,
            v4: if self.rng.bool() {
                ROUTER_V4
            } else {
                [8, 8, 8, 8]
            },
            v6: [
                0x20, 0x01, 0x48, 0x60, 0x48, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x88,
            ],
            vlan: None,
        };
        let (q, a) = if v6 {
            (Addrs::V6(cl.v6, resolver.v6), Addrs::V6(resolver.v6, cl.v6))
        } else {
            (Addrs::V4(cl.v4, resolver.v4), Addrs::V4(resolver.v4, cl.v4))
        };
        let port = self.ephemeral();
        let id = self.rng.u16(..);
        let name = self.name();
        let qtype = match self.rng.u8(0..100) {
            0..50 => 1,
            50..80 => 28,
            80..88 => 65,
            88..93 => 15,
            93..97 => 12,
            _ => 16,
        };
        let name = if qtype == 12 {
            format!(
                "{}.{}.{}.{}.in-addr.arpa",
                self.rng.u8(1..255),
                self.rng.u8(..),
                self.rng.u8(..),
                self.rng.u8(1..224)
            )
        } else {
            name
        };
        let query = dns_query(id, &name, qtype, true);
        let answer = self.dns_answer(id, &name, qtype);
        let qf = self.udp_frame(cl, resolver, q, (port, 53), 64, &query);
        let af = self.udp_frame(resolver, cl, a, (53, port), 57, &answer);
        self.later.push_back(af);
        qf
    }

    fn dns_answer(&mut self, id: u16, name: &str, qtype: u16) -> Vec<u8> {
        let nx = self.rng.u8(0..100) < 8;
        let mut m = Vec::with_capacity(256);
        m.extend_from_slice(&id.to_be_bytes());
        m.extend_from_slice(&(0x8180u16 | if nx { 3 } else { 0 }).to_be_bytes());
        m.extend_from_slice(&1u16.to_be_bytes());
        let mut answers: Vec<(u16, Vec<u8>)> = Vec::new();
        if !nx {
            let n = match qtype {
                1 => self.rng.usize(1..=4),
                28 => self.rng.usize(1..=2),
                15 => 2,
                _ => 1,
            };
            // Sites behind a CDN answer with a CNAME first.
            if matches!(qtype, 1 | 28) && self.rng.u8(0..3) == 0 {
                let target = self.name();
                answers.push((5, encode_name(&target)));
            }
            for k in 0..n {
                let rdata = match qtype {
                    1 => self.random_bytes(4),
                    28 => {
                        let mut a = vec![0x26, 0x06, 0x28, 0x00];
                        a.extend(self.random_bytes(12));
                        a
                    }
                    15 => {
                        let mut r = (10 * (k as u16 + 1)).to_be_bytes().to_vec();
                        r.extend(encode_name(&format!("mx{k}.{name}")));
                        r
                    }
                    12 => encode_name(&self.name()),
                    16 => {
                        let t = b"v=spf1 include:_spf.example.net ~all";
                        let mut r = vec![t.len() as u8];
                        r.extend_from_slice(t);
                        r
                    }
                    _ => {
                        // HTTPS (SVCB): priority 1, target ".", alpn h2,h3.
                        vec![0, 1, 0, 0, 1, 0, 6, 2, b'h', b'2', 2, b'h', b'3']
                    }
                };
                answers.push((qtype, rdata));
            }
        }
        m.extend_from_slice(&(answers.len() as u16).to_be_bytes());
        m.extend_from_slice(&(u16::from(nx)).to_be_bytes());
        m.extend_from_slice(&1u16.to_be_bytes());
        m.extend(encode_name(name));
        m.extend_from_slice(&qtype.to_be_bytes());
        m.extend_from_slice(&1u16.to_be_bytes());
        for (t, rdata) in answers {
            m.extend_from_slice(&[0xc0, 0x0c]);
            m.extend_from_slice(&t.to_be_bytes());
            m.extend_from_slice(&1u16.to_be_bytes());
            m.extend_from_slice(&self.rng.u32(30..86400).to_be_bytes());
            m.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
            m.extend(rdata);
        }
        if nx {
            // The zone's SOA in the authority section.
            let zone_at = name.find('.').map_or(0, |i| i + 1);
            let mut rdata = encode_name(&format!("ns1.{}", &name[zone_at..]));
            rdata.extend(encode_name(&format!("hostmaster.{}", &name[zone_at..])));
            for v in [2026011501u32, 7200, 3600, 1209600, 300] {
                rdata.extend_from_slice(&v.to_be_bytes());
            }
            m.extend(encode_name(&name[zone_at..]));
            m.extend_from_slice(&6u16.to_be_bytes());
            m.extend_from_slice(&1u16.to_be_bytes());
            m.extend_from_slice(&900u32.to_be_bytes());
            m.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
            m.extend(rdata);
        }
        edns(&mut m);
        m
    }

    /// QUIC-like UDP on port 443 (tcpdump 4.99.3 prints it as plain UDP).
    fn quic(&mut self) -> Vec<u8> {
        let (cl, sv) = (self.client(), self.server());
        let port = 50000 + (cl.v4[3] as u16) * 8;
        let up = self.rng.u8(0..3) == 0;
        let len = if up {
            self.rng.usize(30..120)
        } else {
            self.rng.usize(200..1250)
        };
        let mut p = self.random_bytes(len);
        p[0] = 0x40 | (p[0] & 0x3f);
        if up {
            self.udp_frame(cl, sv, Addrs::V4(cl.v4, sv.v4), (port, 443), 64, &p)
        } else {
            self.udp_frame(sv, cl, Addrs::V4(sv.v4, cl.v4), (443, port), 56, &p)
        }
    }

    /// An NTP client request, its answer later.
    fn ntp(&mut self) -> Vec<u8> {
        let cl = self.client();
        let sv = self.server();
        let t = (START_SEC + 2_208_988_800) as u32 + self.rng.u32(0..200);
        let mut q = vec![0u8; 48];
        q[0] = 0x23; // LI 0, version 4, client
        q[2] = 6;
        q[3] = 0xe9;
        q[40..44].copy_from_slice(&t.to_be_bytes());
        q[44..48].copy_from_slice(&self.rng.u32(..).to_be_bytes());
        let mut a = vec![0u8; 48];
        a[0] = 0x24; // server
        a[1] = 2;
        a[2] = 6;
        a[3] = 0xe9;
        a[4..8].copy_from_slice(&0x0000_0010u32.to_be_bytes());
        a[8..12].copy_from_slice(&0x0000_0030u32.to_be_bytes());
        a[12..16].copy_from_slice(&[17, 253, 4, 125]);
        a[16..20].copy_from_slice(&(t - 40).to_be_bytes());
        a[24..32].copy_from_slice(&q[40..48]);
        a[32..36].copy_from_slice(&t.to_be_bytes());
        a[36..40].copy_from_slice(&self.rng.u32(..).to_be_bytes());
        a[40..44].copy_from_slice(&t.to_be_bytes());
        a[44..48].copy_from_slice(&self.rng.u32(..).to_be_bytes());
        let qf = self.udp_frame(cl, sv, Addrs::V4(cl.v4, sv.v4), (123, 123), 64, &q);
        let af = self.udp_frame(sv, cl, Addrs::V4(sv.v4, cl.v4), (123, 123), 56, &a);
        self.later.push_back(af);
        qf
    }

    /// UDP between LAN hosts on unregistered ports (games, VPNs, media).
    fn udp_other(&mut self) -> Vec<u8> {
        let (a, b) = (self.client(), self.client());
        let ports = (self.ephemeral(), self.ephemeral());
        let n = self.rng.usize(20..900);
        let p = self.random_bytes(n);
        self.udp_frame(a, b, Addrs::V4(a.v4, b.v4), ports, 64, &p)
    }

    /// A datagram too large for one frame: IPv4 fragments (mostly) or IPv6 fragment headers.
    fn fragments(&mut self) -> Vec<u8> {
        let (a, sv) = (self.client(), self.server());
        let ports = (self.ephemeral(), self.ephemeral());
        let n = self.rng.usize(1600..4400);
        let payload = self.random_bytes(n);
        let mut l4 = udp(ports, &payload);
        let v6 = self.rng.u8(0..4) == 0;
        let addrs = if v6 {
            Addrs::V6(sv.v6, a.v6)
        } else {
            Addrs::V4(sv.v4, a.v4)
        };
        fill_checksum(addrs, 17, &mut l4);
        let id = self.next_id();
        let mut frames = Vec::new();
        let step = if v6 { 1448 } else { 1480 };
        let mut off = 0;
        while off < l4.len() {
            let end = (off + step).min(l4.len());
            let more = end < l4.len();
            let mut f = Vec::with_capacity(1514);
            eth(&mut f, a.mac, sv.mac, a.vlan, v6);
            match addrs {
                Addrs::V4(s, d) => {
                    let frag = (off / 8) as u16 | if more { 0x2000 } else { 0 };
                    ipv4_header(&mut f, s, d, 17, 56, id, frag, end - off, &[]);
                }
                Addrs::V6(s, d) => {
                    ipv6_header(&mut f, s, d, 44, 56, 0, end - off + 8);
                    f.extend_from_slice(&[17, 0]);
                    f.extend_from_slice(
                        &((((off / 8) as u16) << 3) | u16::from(more)).to_be_bytes(),
                    );
                    f.extend_from_slice(&u32::from(id).to_be_bytes());
                }
            }
            f.extend_from_slice(&l4[off..end]);
            frames.push(f);
            off = end;
        }
        let first = frames.remove(0);
        self.later.extend(frames);
        first
    }

    // ---- ICMP and ICMPv6 ----

    fn icmp(&mut self) -> Vec<u8> {
        let (cl, sv) = (self.client(), self.server());
        match self.rng.u8(0..10) {
            0..7 => {
                // ping: echo request now, reply later.
                let (id, seq) = (self.rng.u16(..), self.rng.u16(1..500));
                let mut data = self.random_bytes(8);
                data.extend((0x10u8..0x40).cycle().take(48));
                let req = icmp_msg(8, 0, &[id, seq], &data);
                let rep = icmp_msg(0, 0, &[id, seq], &data);
                let mut r = rep;
                let rf = self.ip_frame(
                    cl.mac,
                    sv.mac,
                    cl.vlan,
                    Addrs::V4(sv.v4, cl.v4),
                    1,
                    56,
                    &mut r,
                    false,
                );
                self.later.push_back(rf);
                let mut q = req;
                self.ip_frame(
                    sv.mac,
                    cl.mac,
                    cl.vlan,
                    Addrs::V4(cl.v4, sv.v4),
                    1,
                    64,
                    &mut q,
                    true,
                )
            }
            7 | 8 => {
                // Port unreachable, quoting the UDP datagram that caused it.
                let quoted = self.quoted(sv.v4, cl.v4, 64);
                let mut m = icmp_msg(3, 3, &[0, 0], &quoted);
                self.ip_frame(
                    sv.mac,
                    cl.mac,
                    cl.vlan,
                    Addrs::V4(cl.v4, sv.v4),
                    1,
                    64,
                    &mut m,
                    false,
                )
            }
            _ => {
                // Time exceeded in transit, from the router, for a traceroute probe.
                let quoted = self.quoted(cl.v4, sv.v4, 1);
                let mut m = icmp_msg(11, 0, &[0, 0], &quoted);
                let router = Host {
                    mac: ROUTER_MAC,
                    v4: ROUTER_V4,
                    v6: [0; 16],
                    vlan: None,
                };
                self.ip_frame(
                    cl.mac,
                    router.mac,
                    cl.vlan,
                    Addrs::V4(router.v4, cl.v4),
                    1,
                    255,
                    &mut m,
                    false,
                )
            }
        }
    }

    /// An IPv4 header and the first 8 bytes of a UDP datagram, as ICMP errors quote them.
    fn quoted(&mut self, src: [u8; 4], dst: [u8; 4], ttl: u8) -> Vec<u8> {
        let ports = (self.ephemeral(), 33434 + self.rng.u16(0..30));
        let mut q = Vec::with_capacity(28);
        let id = self.next_id();
        ipv4_header(&mut q, src, dst, 17, ttl, id, 0, 32, &[]);
        let u = udp(ports, &[0u8; 24]);
        q.extend_from_slice(&u[..8]);
        q
    }

    fn icmp6(&mut self) -> Vec<u8> {
        let cl = self.client();
        let router_ll = Host {
            mac: ROUTER_MAC,
            v4: ROUTER_V4,
            v6: [0; 16],
            vlan: None,
        }
        .link_local();
        match self.rng.u8(0..10) {
            0..4 => {
                // Neighbour solicitation to the target's solicited-node group.
                let target = self.client();
                let mut group = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0];
                group[13..16].copy_from_slice(&target.v6[13..16]);
                let mac = [
                    0x33,
                    0x33,
                    0xff,
                    target.v6[13],
                    target.v6[14],
                    target.v6[15],
                ];
                let mut body = target.v6.to_vec();
                body.extend_from_slice(&[1, 1]);
                body.extend_from_slice(&cl.mac);
                let mut m = icmp_msg(135, 0, &[0, 0], &body);
                self.ip_frame(
                    mac,
                    cl.mac,
                    cl.vlan,
                    Addrs::V6(cl.link_local(), group),
                    58,
                    255,
                    &mut m,
                    false,
                )
            }
            4..7 => {
                // Neighbour advertisement (solicited, override) with the target's MAC.
                let mut body = cl.v6.to_vec();
                body.extend_from_slice(&[2, 1]);
                body.extend_from_slice(&cl.mac);
                let mut m = icmp_msg(136, 0, &[0x6000, 0], &body);
                self.ip_frame(
                    ROUTER_MAC,
                    cl.mac,
                    cl.vlan,
                    Addrs::V6(cl.v6, router_ll),
                    58,
                    255,
                    &mut m,
                    false,
                )
            }
            7 => {
                // Router advertisement: prefix, MTU and the router's MAC.
                let mut body = Vec::new();
                body.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0]);
                body.extend_from_slice(&[3, 4, 64, 0xc0]);
                body.extend_from_slice(&2_592_000u32.to_be_bytes());
                body.extend_from_slice(&604_800u32.to_be_bytes());
                body.extend_from_slice(&[0; 4]);
                body.extend_from_slice(&[
                    0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                ]);
                body.extend_from_slice(&[5, 1, 0, 0, 0, 0, 0x05, 0xdc]);
                body.extend_from_slice(&[1, 1]);
                body.extend_from_slice(&ROUTER_MAC);
                // Hop limit 64, no flags, router lifetime 1800 s.
                let mut m = icmp_msg(134, 0, &[0x4000, 1800], &body);
                let all_nodes = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
                self.ip_frame(
                    [0x33, 0x33, 0, 0, 0, 1],
                    ROUTER_MAC,
                    None,
                    Addrs::V6(router_ll, all_nodes),
                    58,
                    255,
                    &mut m,
                    false,
                )
            }
            _ => {
                // ping6 to a server, the reply later.
                let sv = self.server();
                let (id, seq) = (self.rng.u16(..), self.rng.u16(1..500));
                let data = self.random_bytes(56);
                let mut r = icmp_msg(129, 0, &[id, seq], &data);
                let rf = self.ip_frame(
                    cl.mac,
                    sv.mac,
                    cl.vlan,
                    Addrs::V6(sv.v6, cl.v6),
                    58,
                    56,
                    &mut r,
                    false,
                );
                self.later.push_back(rf);
                let mut q = icmp_msg(128, 0, &[id, seq], &data);
                self.ip_frame(
                    sv.mac,
                    cl.mac,
                    cl.vlan,
                    Addrs::V6(cl.v6, sv.v6),
                    58,
                    64,
                    &mut q,
                    false,
                )
            }
        }
    }

    // ---- link layer and LAN chatter ----

    fn arp(&mut self) -> Vec<u8> {
        let (a, b) = (self.client(), self.client());
        let reply = self.rng.u8(0..3) == 0;
        let mut f = Vec::with_capacity(60);
        let dst = if reply { b.mac } else { [0xff; 6] };
        eth_type(&mut f, dst, a.mac, a.vlan, 0x0806);
        f.extend_from_slice(&[0, 1, 8, 0, 6, 4, 0, if reply { 2 } else { 1 }]);
        f.extend_from_slice(&a.mac);
        f.extend_from_slice(&a.v4);
        f.extend_from_slice(if reply { &b.mac } else { &[0; 6] });
        f.extend_from_slice(&b.v4);
        f.resize(f.len().max(60), 0);
        f
    }

    fn mdns(&mut self) -> Vec<u8> {
        let cl = self.client();
        let group = Host {
            mac: [0x01, 0x00, 0x5e, 0, 0, 0xfb],
            v4: [224, 0, 0, 251],
            v6: [0; 16],
            vlan: None,
        };
        let services = [
            "_googlecast._tcp.local",
            "_airplay._tcp.local",
            "_ipp._tcp.local",
            "_spotify-connect._tcp.local",
        ];
        let service = services[self.rng.usize(..services.len())];
        let m = dns_query(0, service, 12, false);
        self.udp_frame(cl, group, Addrs::V4(cl.v4, group.v4), (5353, 5353), 255, &m)
    }

    fn ssdp(&mut self) -> Vec<u8> {
        let cl = self.client();
        let group = Host {
            mac: [0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa],
            v4: [239, 255, 255, 250],
            v6: [0; 16],
            vlan: None,
        };
        let p = b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n\
                  MX: 1\r\nST: urn:dial-multiscreen-org:service:dial:1\r\n\r\n";
        let port = self.ephemeral();
        self.udp_frame(cl, group, Addrs::V4(cl.v4, group.v4), (port, 1900), 1, p)
    }

    fn stp(&mut self) -> Vec<u8> {
        // An RSTP BPDU from one of the LAN's switches, 802.3 length field and LLC.
        let sw = [0x00, 0x1c, 0x73, 0x10, 0x20, self.rng.u8(1..5)];
        let mut f = Vec::with_capacity(60);
        f.extend_from_slice(&[0x01, 0x80, 0xc2, 0, 0, 0]);
        f.extend_from_slice(&sw);
        f.extend_from_slice(&39u16.to_be_bytes());
        f.extend_from_slice(&[0x42, 0x42, 0x03]);
        f.extend_from_slice(&[0, 0, 2, 2, 0x3c]);
        f.extend_from_slice(&[0x80, 0x00, 0x00, 0x1c, 0x73, 0x10, 0x20, 0x01]);
        f.extend_from_slice(&20000u32.to_be_bytes());
        f.extend_from_slice(&[0x80, 0x00]);
        f.extend_from_slice(&sw);
        f.extend_from_slice(&[0x80, sw[5]]);
        f.extend_from_slice(&[1, 0, 20, 0, 2, 0, 15, 0, 0]);
        f.resize(60, 0);
        f
    }

    fn lldp(&mut self) -> Vec<u8> {
        let sw = [0x00, 0x1c, 0x73, 0x10, 0x20, self.rng.u8(1..5)];
        let port = self.rng.u8(1..48);
        let mut f = Vec::with_capacity(128);
        eth_type(&mut f, [0x01, 0x80, 0xc2, 0, 0, 0x0e], sw, None, 0x88cc);
        let mut tlv = |t: u8, v: &[u8]| {
            let h = (u16::from(t) << 9) | v.len() as u16;
            f.extend_from_slice(&h.to_be_bytes());
            f.extend_from_slice(v);
        };
        let mut chassis = vec![4];
        chassis.extend_from_slice(&sw);
        tlv(1, &chassis);
        tlv(2, format!("\x05Ethernet{port}").as_bytes());
        tlv(3, &120u16.to_be_bytes());
        tlv(5, format!("sw-{}", sw[5]).as_bytes());
        tlv(7, &[0, 0x14, 0, 0x14]);
        tlv(0, &[]);
        f
    }

    fn dhcp(&mut self) -> Vec<u8> {
        let cl = self.client();
        let xid = self.rng.u32(..);
        let bcast = Host {
            mac: [0xff; 6],
            v4: [255; 4],
            v6: [0; 16],
            vlan: cl.vlan,
        };
        let mut b = vec![0u8; 236];
        b[0] = 1;
        b[1] = 1;
        b[2] = 6;
        b[4..8].copy_from_slice(&xid.to_be_bytes());
        b[10] = 0x80;
        b[28..34].copy_from_slice(&cl.mac);
        b.extend_from_slice(&[99, 130, 83, 99]);
        let request = self.rng.bool();
        b.extend_from_slice(&[53, 1, if request { 3 } else { 1 }]);
        if request {
            b.extend_from_slice(&[50, 4]);
            b.extend_from_slice(&cl.v4);
        }
        b.extend_from_slice(&[55, 6, 1, 3, 6, 15, 28, 51]);
        let host = format!("host-{}", cl.v4[3]);
        b.extend_from_slice(&[12, host.len() as u8]);
        b.extend_from_slice(host.as_bytes());
        b.push(255);
        b.resize(300, 0);
        self.udp_frame(cl, bcast, Addrs::V4([0; 4], [255; 4]), (68, 67), 64, &b)
    }

    fn igmp(&mut self) -> Vec<u8> {
        // IGMPv2 membership report, with the Router Alert option on its IP header.
        let cl = self.client();
        let group = [239, 255, self.rng.u8(..), self.rng.u8(1..255)];
        let mut m = vec![0x16, 0, 0, 0];
        m.extend_from_slice(&group);
        let ck = fold(sum(&m));
        m[2..4].copy_from_slice(&ck.to_be_bytes());
        let mut f = Vec::with_capacity(60);
        let mac = [0x01, 0x00, 0x5e, group[1] & 0x7f, group[2], group[3]];
        eth(&mut f, mac, cl.mac, cl.vlan, false);
        let id = self.next_id();
        ipv4_header(
            &mut f,
            cl.v4,
            group,
            2,
            1,
            id,
            0,
            m.len(),
            &[0x94, 0x04, 0, 0],
        );
        f.extend_from_slice(&m);
        f.resize(f.len().max(60), 0);
        f
    }
}

/// The index in [`KINDS`] of a frame the generator made, and whether it is VLAN-tagged.
fn classify(f: &[u8]) -> (usize, bool) {
    let at = |i: usize| f.get(i).copied().unwrap_or(0);
    let be = |i: usize| u16::from_be_bytes([at(i), at(i + 1)]);
    let tagged = be(12) == 0x8100;
    let l3 = if tagged { 18 } else { 14 };
    let udp = |l4: usize| match (be(l4), be(l4 + 2)) {
        (53, _) | (_, 53) => "DNS",
        (5353, _) => "mDNS",
        (123, _) => "NTP",
        (443, _) | (_, 443) => "QUIC (UDP 443)",
        (68, 67) => "DHCP",
        (_, 1900) => "SSDP",
        _ => "other UDP",
    };
    let kind = match be(l3 - 2) {
        0x0800 if be(l3 + 6) & 0x1fff != 0 => "IP fragments after the first",
        0x0800 => {
            let l4 = l3 + usize::from(at(l3) & 15) * 4;
            match at(l3 + 9) {
                6 => "TCP over IPv4",
                17 => udp(l4),
                1 => "ICMP",
                _ => "IGMP",
            }
        }
        0x86dd => match at(l3 + 6) {
            6 => "TCP over IPv6",
            17 => udp(l3 + 40),
            58 => "ICMPv6",
            _ if be(l3 + 42) & 0xfff8 != 0 => "IP fragments after the first",
            _ => "other UDP",
        },
        0x0806 => "ARP",
        0x88cc => "LLDP",
        _ => "STP",
    };
    (KINDS.iter().position(|k| *k == kind).unwrap_or(0), tagged)
}

// ---- headers ----

/// Fills in the checksum of a TCP, UDP or ICMPv6 segment (over the pseudo-header of `addrs`).
fn fill_checksum(addrs: Addrs, proto: u8, l4: &mut [u8]) {
    let at = match proto {
        6 => 16,
        17 => 6,
        58 => 2,
        _ => return,
    };
    l4[at..at + 2].copy_from_slice(&[0, 0]);
    let pseudo = match addrs {
        Addrs::V4(s, d) => sum(&s) + sum(&d),
        Addrs::V6(s, d) => sum(&s) + sum(&d),
    } + u32::from(proto)
        + l4.len() as u32;
    let mut v = fold(pseudo + sum(l4));
    // A computed UDP checksum of 0 is sent as all ones (0 means "none").
    if v == 0 && proto == 17 {
        v = 0xffff;
    }
    l4[at..at + 2].copy_from_slice(&v.to_be_bytes());
}

fn eth(f: &mut Vec<u8>, dst: [u8; 6], src: [u8; 6], vlan: Option<u16>, v6: bool) {
    eth_type(f, dst, src, vlan, if v6 { 0x86dd } else { 0x0800 });
}

fn eth_type(f: &mut Vec<u8>, dst: [u8; 6], src: [u8; 6], vlan: Option<u16>, ethertype: u16) {
    f.extend_from_slice(&dst);
    f.extend_from_slice(&src);
    if let Some(id) = vlan {
        f.extend_from_slice(&[0x81, 0x00]);
        f.extend_from_slice(&id.to_be_bytes());
    }
    f.extend_from_slice(&ethertype.to_be_bytes());
}

#[allow(clippy::too_many_arguments)]
fn ipv4_header(
    f: &mut Vec<u8>,
    src: [u8; 4],
    dst: [u8; 4],
    proto: u8,
    ttl: u8,
    id: u16,
    frag: u16,
    payload: usize,
    options: &[u8],
) {
    let at = f.len();
    let hl = 20 + options.len();
    f.push(0x40 | (hl / 4) as u8);
    f.push(0);
    f.extend_from_slice(&((hl + payload) as u16).to_be_bytes());
    f.extend_from_slice(&id.to_be_bytes());
    f.extend_from_slice(&frag.to_be_bytes());
    f.extend_from_slice(&[ttl, proto, 0, 0]);
    f.extend_from_slice(&src);
    f.extend_from_slice(&dst);
    f.extend_from_slice(options);
    let ck = fold(sum(&f[at..]));
    f[at + 10..at + 12].copy_from_slice(&ck.to_be_bytes());
}

fn ipv6_header(
    f: &mut Vec<u8>,
    src: [u8; 16],
    dst: [u8; 16],
    next: u8,
    hops: u8,
    flow: u32,
    payload: usize,
) {
    f.extend_from_slice(&(0x6000_0000u32 | flow).to_be_bytes());
    f.extend_from_slice(&(payload as u16).to_be_bytes());
    f.extend_from_slice(&[next, hops]);
    f.extend_from_slice(&src);
    f.extend_from_slice(&dst);
}

/// A UDP header (checksum 0, filled in by [`Mixer::ip_frame`]) and payload.
fn udp(ports: (u16, u16), payload: &[u8]) -> Vec<u8> {
    let mut u = Vec::with_capacity(8 + payload.len());
    u.extend_from_slice(&ports.0.to_be_bytes());
    u.extend_from_slice(&ports.1.to_be_bytes());
    u.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    u
}

/// An ICMP or ICMPv6 message: type, code, checksum (0 until the IP layer fills it for ICMPv6;
/// computed here for ICMP), the two 16-bit words of the rest of the header, and data.
fn icmp_msg(kind: u8, code: u8, words: &[u16; 2], data: &[u8]) -> Vec<u8> {
    let mut m = vec![kind, code, 0, 0];
    m.extend_from_slice(&words[0].to_be_bytes());
    m.extend_from_slice(&words[1].to_be_bytes());
    m.extend_from_slice(data);
    if kind < 128 {
        let ck = fold(sum(&m));
        m[2..4].copy_from_slice(&ck.to_be_bytes());
    }
    m
}

fn encode_name(name: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(name.len() + 2);
    for label in name.split('.').filter(|l| !l.is_empty()) {
        v.push(label.len() as u8);
        v.extend_from_slice(label.as_bytes());
    }
    v.push(0);
    v
}

fn dns_query(id: u16, name: &str, qtype: u16, recursion: bool) -> Vec<u8> {
    let mut m = Vec::with_capacity(64);
    m.extend_from_slice(&id.to_be_bytes());
    m.extend_from_slice(&(if recursion { 0x0100u16 } else { 0 }).to_be_bytes());
    m.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, u8::from(recursion)]);
    m.extend(encode_name(name));
    m.extend_from_slice(&qtype.to_be_bytes());
    m.extend_from_slice(&1u16.to_be_bytes());
    if recursion {
        edns(&mut m);
    }
    m
}

/// An EDNS0 OPT record: 1232-byte UDP payload, no options.
fn edns(m: &mut Vec<u8>) {
    m.extend_from_slice(&[0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]);
}

/// The one's-complement sum of `data` as 16-bit words, not yet folded.
fn sum(data: &[u8]) -> u32 {
    data.chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum()
}

/// Folds a sum into the Internet checksum.
fn fold(mut s: u32) -> u16 {
    while s > 0xffff {
        s = (s & 0xffff) + (s >> 16);
    }
    !(s as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_file_and_every_record_is_whole() {
        let dir = std::env::temp_dir();
        let (a, b) = (dir.join("mixed-test-a.pcap"), dir.join("mixed-test-b.pcap"));
        let wa = generate(&a, 5000, 7).unwrap();
        let wb = generate(&b, 5000, 7).unwrap();
        let (da, db) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        let _ = (std::fs::remove_file(&a), std::fs::remove_file(&b));
        assert_eq!(wa.bytes, da.len() as u64);
        assert_eq!(wa, wb);
        assert_eq!(wa.packets, 5000);
        assert_eq!(wa.mix.iter().map(|(_, n)| n).sum::<u64>(), 5000);
        // Every kind is there, and TCP is most of it.
        assert!(wa.mix.iter().all(|(_, n)| *n > 0), "{:?}", wa.mix);
        assert!(wa.mix[0].1 + wa.mix[1].1 > 2500, "{:?}", wa.mix);
        assert!(wa.vlan_tagged > 0);
        assert!(da == db, "same seed, different bytes");
        let mut at = 24;
        let mut n = 0;
        while at < da.len() {
            let caplen = u32::from_le_bytes(da[at + 8..at + 12].try_into().unwrap()) as usize;
            assert!((42..=1518).contains(&caplen), "record {n}: {caplen} bytes");
            at += 16 + caplen;
            n += 1;
        }
        assert_eq!((at, n), (da.len(), 5000));
    }

    #[test]
    fn checksums_verify() {
        assert_eq!(fold(sum(&[0x45, 0, 0, 0x1c])), !0x451c);
        let mut m = Mixer::new(1);
        for _ in 0..2000 {
            let f = m.next_frame();
            let ip = if f[12..14] == [0x81, 0] { 18 } else { 14 };
            if f[ip - 2..ip] == [8, 0] {
                let hl = usize::from(f[ip] & 15) * 4;
                assert_eq!(fold(sum(&f[ip..ip + hl])), 0, "IPv4 header checksum");
            }
        }
    }
}
