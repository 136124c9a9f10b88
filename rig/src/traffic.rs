//! Mixed traffic for offline files: a deterministic stream of Ethernet frames from many hosts
//! and flows (IPv4 and IPv6; TCP, UDP, SCTP, ICMP, ICMPv6, GRE, ARP; 802.1Q and QinQ tags; IPv4
//! options and fragments; frames cut short by a snapshot length), with rising timestamps.
//! The index tests draw their queries from it and the query benchmark writes gigabytes of it.
//!
//! Addresses are private (10.0.0.0/8, fd00::/8) and never leave the file.

use std::io::{self, Write};

/// How the traffic looks.
#[derive(Clone, Copy, Debug)]
pub struct TrafficSpec {
    /// Seed of the pseudo-random sequence: the same spec gives the same frames.
    pub seed: u64,
    /// Time of the first frame, ns since the epoch.
    pub start_ns: i64,
    /// Mean gap between frames, ns.
    pub gap_ns: u64,
    /// IPv4 hosts (10.0.0.0/8); a few of them send most of the traffic.
    pub hosts: u32,
    /// Flows alive at once; each new flow replaces a random one.
    pub flows: usize,
    /// Snapshot length: longer frames are cut to it (the wire length is kept).
    pub snaplen: u32,
    /// Percent of packets that carry 200 to 1400 bytes of payload; the rest carry none (five
    /// in eight of them: ACKs, handshakes) or up to 200 bytes.
    pub large_pct: u64,
}

impl Default for TrafficSpec {
    fn default() -> Self {
        TrafficSpec {
            seed: 1,
            start_ns: 1_767_225_600_000_000_000,
            gap_ns: 20_000,
            hosts: 2000,
            flows: 256,
            snaplen: 262_144,
            large_pct: 20,
        }
    }
}

/// One frame: its time, length on the wire, and captured bytes.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// ns since the epoch.
    pub ts_ns: i64,
    /// Length on the wire.
    pub wirelen: u32,
    /// Captured bytes (at most the snapshot length).
    pub data: Vec<u8>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tcp,
    Udp,
    Sctp,
    Icmp,
    Gre,
    Arp,
}

#[derive(Clone, Copy, Debug)]
struct Flow {
    kind: Kind,
    v6: bool,
    client: u32,
    server: u32,
    sport: u16,
    dport: u16,
    /// Outer and inner VLAN ids (0: no tag).
    vlan: (u16, u16),
    seq: u32,
    ack: u32,
    /// Frames left in this flow.
    left: u32,
    /// TCP: the handshake's next step (0 SYN, 1 SYN-ACK, 2 ACK, then data).
    step: u8,
}

/// Server ports flows go to, most used first.
const PORTS: [u16; 14] = [
    443, 80, 8080, 22, 445, 3389, 25, 110, 993, 5432, 3306, 6379, 9200, 2049,
];
/// UDP server ports (no payload dissector depends on random bytes there).
const UDP_PORTS: [u16; 6] = [5000, 4789, 7000, 9999, 30000, 1234];
/// VLAN ids tagged frames carry.
const VLANS: [u16; 6] = [10, 20, 30, 100, 200, 4000];

/// The stream of frames of a [`TrafficSpec`].
pub struct Traffic {
    spec: TrafficSpec,
    rng: u64,
    now: i64,
    flows: Vec<Flow>,
    ip_id: u16,
}

impl Traffic {
    /// The frames of `spec`, from the first.
    pub fn new(spec: TrafficSpec) -> Traffic {
        let mut t = Traffic {
            spec,
            rng: spec.seed ^ 0x9e37_79b9_7f4a_7c15,
            now: spec.start_ns,
            flows: Vec::with_capacity(spec.flows.max(1)),
            ip_id: 1,
        };
        for _ in 0..spec.flows.max(1) {
            let f = t.new_flow();
            t.flows.push(f);
        }
        t
    }

    fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A host number, skewed: a few hosts are in most flows.
    fn host(&mut self) -> u32 {
        let n = u64::from(self.spec.hosts.max(2));
        let a = self.below(n);
        let b = self.below(n);
        // The smaller of two draws: host k is picked about (n - k) times as often as the last.
        a.min(b) as u32
    }

    fn new_flow(&mut self) -> Flow {
        let r = self.below(1000);
        let kind = match r {
            0..=649 => Kind::Tcp,
            650..=889 => Kind::Udp,
            890..=909 => Kind::Sctp,
            910..=949 => Kind::Icmp,
            950..=969 => Kind::Gre,
            _ => Kind::Arp,
        };
        let v6 = kind != Kind::Arp && kind != Kind::Gre && self.below(100) < 20;
        let client = self.host();
        let mut server = self.host();
        if server == client {
            server = (client + 1) % self.spec.hosts.max(2);
        }
        let dport = match kind {
            Kind::Tcp | Kind::Sctp => {
                let i = self
                    .below(PORTS.len() as u64)
                    .min(self.below(PORTS.len() as u64));
                PORTS[i as usize]
            }
            Kind::Udp => UDP_PORTS[self.below(UDP_PORTS.len() as u64) as usize],
            _ => 0,
        };
        let vlan = match self.below(100) {
            0..=74 => (0, 0),
            75..=94 => (VLANS[self.below(VLANS.len() as u64) as usize], 0),
            _ => (
                VLANS[self.below(VLANS.len() as u64) as usize],
                VLANS[self.below(VLANS.len() as u64) as usize],
            ),
        };
        let left = 1 + self.below(40) as u32;
        Flow {
            kind,
            v6,
            client,
            server,
            sport: 1024 + self.below(60000) as u16,
            dport,
            vlan,
            seq: self.next_u64() as u32,
            ack: self.next_u64() as u32,
            left,
            step: 0,
        }
    }

    /// Writes the next frame into `f` (its buffer is reused).
    pub fn next_into(&mut self, f: &mut Frame) {
        let gap = self.below(2 * self.spec.gap_ns.max(1)) as i64;
        self.now += gap;
        let i = self.below(self.flows.len() as u64) as usize;
        let mut flow = self.flows[i];
        let reply = self.below(2) == 1;
        self.build(&mut flow, reply, &mut f.data);
        flow.left = flow.left.saturating_sub(1);
        self.flows[i] = if flow.left == 0 {
            self.new_flow()
        } else {
            flow
        };
        f.ts_ns = self.now;
        f.wirelen = f.data.len() as u32;
        // Cut some frames short of their headers, and every frame to the snapshot length.
        let cut = match self.below(100) {
            0..=2 => 14 + self.below(60) as usize,
            _ => usize::MAX,
        };
        let keep = cut.min(self.spec.snaplen as usize).min(f.data.len());
        f.data.truncate(keep);
    }

    fn ipv4(host: u32) -> [u8; 4] {
        let h = host + 2;
        [10, (h >> 16) as u8, (h >> 8) as u8, h as u8]
    }

    fn ipv6(host: u32) -> [u8; 16] {
        let mut a = [0u8; 16];
        a[0] = 0xfd;
        a[1] = 0x00;
        a[2] = (host % 7) as u8;
        a[7] = 1;
        a[12..16].copy_from_slice(&(host + 2).to_be_bytes());
        a
    }

    fn mac(host: u32) -> [u8; 6] {
        let h = host.to_be_bytes();
        [0x02, 0x00, h[0], h[1], h[2], h[3]]
    }

    fn build(&mut self, flow: &mut Flow, reply: bool, d: &mut Vec<u8>) {
        d.clear();
        let (src, dst) = if reply {
            (flow.server, flow.client)
        } else {
            (flow.client, flow.server)
        };
        if flow.kind == Kind::Arp {
            d.extend_from_slice(&[0xff; 6]);
        } else {
            d.extend_from_slice(&Self::mac(dst));
        }
        d.extend_from_slice(&Self::mac(src));
        match flow.vlan {
            (0, _) => {}
            (outer, 0) => {
                d.extend_from_slice(&[0x81, 0x00]);
                d.extend_from_slice(&outer.to_be_bytes());
            }
            (outer, inner) => {
                d.extend_from_slice(&[0x88, 0xa8]);
                d.extend_from_slice(&outer.to_be_bytes());
                d.extend_from_slice(&[0x81, 0x00]);
                d.extend_from_slice(&inner.to_be_bytes());
            }
        }
        if flow.kind == Kind::Arp {
            d.extend_from_slice(&[0x08, 0x06, 0, 1, 8, 0, 6, 4, 0, if reply { 2 } else { 1 }]);
            d.extend_from_slice(&Self::mac(src));
            d.extend_from_slice(&Self::ipv4(src));
            d.extend_from_slice(&if reply { Self::mac(dst) } else { [0; 6] });
            d.extend_from_slice(&Self::ipv4(dst));
            d.resize(d.len().max(60), 0);
            return;
        }
        let r = self.below(100);
        let small = 100 - self.spec.large_pct.min(100);
        let payload = if r < small * 5 / 8 {
            0
        } else if r < small {
            self.below(200) as usize
        } else {
            200 + self.below(1200) as usize
        };
        let (sport, dport) = if reply {
            (flow.dport, flow.sport)
        } else {
            (flow.sport, flow.dport)
        };
        let mut l4 = Vec::with_capacity(64 + payload);
        let proto: u8 = match flow.kind {
            Kind::Tcp => {
                let (flags, seq, ack) = match flow.step {
                    0 => (0x02, flow.seq, 0),
                    1 => (0x12, flow.ack, flow.seq.wrapping_add(1)),
                    2 => (0x10, flow.seq.wrapping_add(1), flow.ack.wrapping_add(1)),
                    _ if reply => (0x18, flow.ack, flow.seq),
                    _ => (0x18, flow.seq, flow.ack),
                };
                let payload = if flow.step < 3 { 0 } else { payload };
                if flow.step >= 3 {
                    if reply {
                        flow.ack = flow.ack.wrapping_add(payload as u32);
                    } else {
                        flow.seq = flow.seq.wrapping_add(payload as u32);
                    }
                }
                let (sport, dport) = if flow.step == 1 {
                    (flow.dport, flow.sport)
                } else if flow.step < 3 {
                    (flow.sport, flow.dport)
                } else {
                    (sport, dport)
                };
                flow.step = flow.step.saturating_add(1);
                l4.extend_from_slice(&sport.to_be_bytes());
                l4.extend_from_slice(&dport.to_be_bytes());
                l4.extend_from_slice(&seq.to_be_bytes());
                l4.extend_from_slice(&ack.to_be_bytes());
                l4.extend_from_slice(&[0x50, flags, 0xfa, 0xf0, 0, 0, 0, 0]);
                l4.resize(20 + payload, 0);
                6
            }
            Kind::Udp => {
                l4.extend_from_slice(&sport.to_be_bytes());
                l4.extend_from_slice(&dport.to_be_bytes());
                l4.extend_from_slice(&((8 + payload) as u16).to_be_bytes());
                l4.extend_from_slice(&[0, 0]);
                l4.resize(8 + payload, 0);
                17
            }
            Kind::Sctp => {
                l4.extend_from_slice(&sport.to_be_bytes());
                l4.extend_from_slice(&dport.to_be_bytes());
                l4.extend_from_slice(&[0; 8]);
                // One DATA chunk of the payload.
                let len = 16 + payload.min(400);
                l4.extend_from_slice(&[0, 3]);
                l4.extend_from_slice(&(len as u16).to_be_bytes());
                l4.extend_from_slice(&flow.seq.to_be_bytes());
                l4.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]);
                l4.resize(12 + len, 0);
                flow.seq = flow.seq.wrapping_add(1);
                132
            }
            Kind::Icmp => {
                let ty = if flow.v6 {
                    if reply { 129 } else { 128 }
                } else if reply {
                    0
                } else {
                    8
                };
                l4.extend_from_slice(&[ty, 0, 0, 0]);
                l4.extend_from_slice(&(flow.sport).to_be_bytes());
                l4.extend_from_slice(&(flow.seq as u16).to_be_bytes());
                flow.seq = flow.seq.wrapping_add(1);
                l4.resize(8 + payload.min(56), 0);
                if flow.v6 { 58 } else { 1 }
            }
            Kind::Gre | Kind::Arp => {
                // GRE carrying nothing the printer decodes further (an unknown protocol).
                l4.extend_from_slice(&[0, 0, 0x88, 0xb5]);
                l4.resize(4 + payload.min(100), 0);
                47
            }
        };
        if flow.v6 {
            d.extend_from_slice(&[0x86, 0xdd]);
            d.extend_from_slice(&[0x60, 0, 0, 0]);
            d.extend_from_slice(&(l4.len() as u16).to_be_bytes());
            d.extend_from_slice(&[proto, 64]);
            d.extend_from_slice(&Self::ipv6(src));
            d.extend_from_slice(&Self::ipv6(dst));
            d.extend_from_slice(&l4);
        } else {
            d.extend_from_slice(&[0x08, 0x00]);
            let options = self.below(100) < 3;
            let ihl: usize = if options { 6 } else { 5 };
            let ip_start = d.len();
            self.ip_id = self.ip_id.wrapping_add(1);
            // Some UDP datagrams are sent as a fragment (first or later) of a larger one.
            let frag: u16 = match (flow.kind, self.below(100)) {
                (Kind::Udp, 0..=3) => 0x2000,
                (Kind::Udp, 4..=6) => 0x2000 | (1 + self.below(100) as u16),
                (Kind::Udp, 7..=8) => 1 + self.below(100) as u16,
                _ => 0x4000,
            };
            let total = (4 * ihl + l4.len()) as u16;
            d.push(0x40 | ihl as u8);
            d.push(0);
            d.extend_from_slice(&total.to_be_bytes());
            d.extend_from_slice(&self.ip_id.to_be_bytes());
            d.extend_from_slice(&frag.to_be_bytes());
            d.extend_from_slice(&[64, proto, 0, 0]);
            d.extend_from_slice(&Self::ipv4(src));
            d.extend_from_slice(&Self::ipv4(dst));
            if options {
                // NOP NOP NOP EOL.
                d.extend_from_slice(&[1, 1, 1, 0]);
            }
            let sum = checksum(&d[ip_start..]);
            d[ip_start + 10..ip_start + 12].copy_from_slice(&sum.to_be_bytes());
            d.extend_from_slice(&l4);
        }
        d.resize(d.len().max(60), 0);
    }
}

impl Iterator for Traffic {
    type Item = Frame;

    fn next(&mut self) -> Option<Frame> {
        let mut f = Frame::default();
        self.next_into(&mut f);
        Some(f)
    }
}

fn checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for c in data.chunks(2) {
        let w = if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from(c[0]) << 8
        };
        sum += u32::from(w);
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Writes a microsecond pcap file header (Ethernet) with `snaplen`.
pub fn write_pcap_header(w: &mut impl Write, snaplen: u32) -> io::Result<()> {
    let mut h = Vec::with_capacity(24);
    h.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    h.extend_from_slice(&2u16.to_le_bytes());
    h.extend_from_slice(&4u16.to_le_bytes());
    h.extend_from_slice(&[0; 8]);
    h.extend_from_slice(&snaplen.to_le_bytes());
    h.extend_from_slice(&1u32.to_le_bytes());
    w.write_all(&h)
}

/// Writes one microsecond pcap record.
pub fn write_pcap_record(w: &mut impl Write, f: &Frame) -> io::Result<()> {
    let sec = f.ts_ns.div_euclid(1_000_000_000) as u32;
    let usec = (f.ts_ns.rem_euclid(1_000_000_000) / 1000) as u32;
    let mut h = [0u8; 16];
    h[0..4].copy_from_slice(&sec.to_le_bytes());
    h[4..8].copy_from_slice(&usec.to_le_bytes());
    h[8..12].copy_from_slice(&(f.data.len() as u32).to_le_bytes());
    h[12..16].copy_from_slice(&f.wirelen.to_le_bytes());
    w.write_all(&h)?;
    w.write_all(&f.data)
}
