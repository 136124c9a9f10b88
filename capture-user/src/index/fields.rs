//! The header fields an index keeps, read from a packet's bytes where libpcap's filter code
//! reads them.
//!
//! The index answers for the BPF program libpcap compiles (see `narrow.rs`), so each field is
//! defined by libpcap's own offsets, not by a protocol parser's idea of a valid header: the
//! IPv4 protocol is the byte at L3+9 of any frame whose EtherType says IPv4, whatever its
//! version nibble; the ports are at L3 + 4*(IHL) for TCP, UDP and SCTP, as `ldxb 4*([14]&0xf)`
//! finds them. A field is kept only when the captured bytes reach it (libpcap's load would
//! fail otherwise). [`Layout`] holds the offsets per link type; `narrow.rs` reads the same table.
//! [`Key::read`] is the reader (once per packet on the writer's path); [`Fields`] is the same
//! fields unpacked, once per flow.

/// libpcap's VLAN tag protocol identifiers (`vlan` tests each of them).
pub const TPIDS: [u16; 3] = [0x8100, 0x88a8, 0x9100];
/// EtherType of IPv4.
pub const ETHERTYPE_IP: u16 = 0x0800;
/// EtherType of IPv6.
pub const ETHERTYPE_IPV6: u16 = 0x86dd;
/// EtherTypes of ARP and RARP (libpcap's `host` tests the addresses of both).
pub const ETHERTYPE_ARPS: [u16; 2] = [0x0806, 0x8035];
/// The transport protocols whose ports libpcap's `port` reads: TCP, UDP, SCTP.
pub const PORT_PROTOS: [u8; 3] = [6, 17, 132];
/// How many VLAN tags are walked (libpcap's `vlan and vlan` reaches two).
pub const MAX_TAGS: usize = 2;

/// Where a link type keeps what the index needs, as libpcap's code generator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Ethernet: EtherType at 12, VLAN tags walked, network header at 14 + 4 per tag.
    Ether,
    /// A 16-bit protocol field (an EtherType) at `proto`, the network header at `l3`
    /// (Linux cooked v1: 14 and 16; v2: 0 and 20).
    Cooked {
        /// Offset of the protocol field.
        proto: u32,
        /// Offset of the network header.
        l3: u32,
    },
    /// Raw IP: the version nibble at 0 (`ldb [0] & 0xf0`) says IPv4 or IPv6.
    Raw,
    /// Only IPv4 (LINKTYPE_IPV4) or only IPv6 (LINKTYPE_IPV6), from offset 0.
    Fixed(Family),
    /// A link type the index does not look into: only times and positions are kept.
    Opaque,
}

/// IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Family {
    /// No network header was read.
    #[default]
    None,
    /// IPv4.
    V4,
    /// IPv6.
    V6,
    /// ARP or RARP.
    Arp,
}

impl Layout {
    /// The layout of a file's link type (LINKTYPE_ values as in the file header).
    pub fn of(linktype: i32) -> Layout {
        match linktype {
            1 => Layout::Ether,
            113 => Layout::Cooked { proto: 14, l3: 16 },
            276 => Layout::Cooked { proto: 0, l3: 20 },
            // LINKTYPE_RAW, and DLT_RAW's values on the BSDs and Linux.
            101 | 12 | 14 => Layout::Raw,
            228 => Layout::Fixed(Family::V4),
            229 => Layout::Fixed(Family::V6),
            _ => Layout::Opaque,
        }
    }
}

/// The indexed fields of one packet, unpacked from its [`Key`]: each present field is one key
/// of the index (see [`kind`] and `build.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fields {
    /// The EtherType (or cooked protocol) before each tag level, 0..=MAX_TAGS; `ether_levels`
    /// of them are present.
    pub ether: [u16; MAX_TAGS + 1],
    /// How many entries of `ether` are present.
    pub ether_levels: u8,
    /// The VLAN ids (TCI & 0xfff) of the tags walked; `vlan_levels` of them are present.
    pub vlan: [u16; MAX_TAGS],
    /// How many entries of `vlan` are present.
    pub vlan_levels: u8,
    /// Raw IP: the version nibble as libpcap tests it (`byte0 & 0xf0`).
    pub ip_version: Option<u8>,
    /// Which network header the addresses and protocol are from.
    pub family: Family,
    /// IPv4 protocol or IPv6 next header.
    pub proto: Option<u8>,
    /// Source address (the first 4 bytes for IPv4), when captured.
    pub src: Option<[u8; 16]>,
    /// Destination address, when captured.
    pub dst: Option<[u8; 16]>,
    /// IPv6 only: the source (0) or destination (1) address is captured in part, so a 32-bit
    /// load of its first words succeeds where the whole address is not known.
    pub partial: [bool; 2],
    /// TCP/UDP/SCTP source port, when captured.
    pub sport: Option<u16>,
    /// TCP/UDP/SCTP destination port, when captured.
    pub dport: Option<u16>,
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

/// The `N` bytes at `at` (4 or 8), little-endian in a word, as [`Key`] keeps addresses.
fn le<const N: usize>(d: &[u8], at: usize) -> Option<u64> {
    let mut w = [0u8; 8];
    w[..N].copy_from_slice(d.get(at..at + N)?);
    Some(u64::from_le_bytes(w))
}

/// A packet's indexed fields packed into seven words: what the writer computes per packet
/// and the flow table hashes and compares (`flows.rs`). [`Key::read`] fills the words straight
/// from the packet's bytes, in registers: building a [`Fields`] first and packing it cost
/// 10-15 ns more per packet (bytes stored one by one, then loaded back as words, a
/// store-forwarding stall; bench/analysis.md).
///
/// Words: 0, the EtherTypes by level (16 bits each); 1, the VLAN ids by level, then the
/// level counts, the family, the partial-address and address-present bits; 2, the
/// optional IP version, protocol and ports, each with a presence bit above its value; 3-4 the
/// source address's bytes in little-endian words (IPv4 and ARP: the first four), 5-6 the
/// destination's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Key(pub(super) [u64; 7]);

impl Key {
    /// Word 1: where the EtherType level count starts (the VLAN level count is 4 bits above).
    const LEVELS: u32 = 32;
    /// Word 1: the family (2 bits), the partial bits (44, 45), the address-present bits (46, 47).
    const FAMILY: u32 = 40;
    const PARTIAL: u32 = 44;
    const PRESENT: u32 = 46;
    /// Word 2: where the IP version, protocol, source and destination port start.
    const VERSION: u32 = 0;
    const PROTO: u32 = 9;
    const SPORT: u32 = 18;
    const DPORT: u32 = 35;

    /// The key of a packet of layout `layout` from its captured bytes: its fields read where
    /// libpcap's filter code reads them, each present only when the captured bytes reach it.
    #[inline]
    pub fn read(layout: Layout, d: &[u8]) -> Key {
        let byte = |v: u8| 0x100 | u64::from(v);
        let port = |v: u16| 0x1_0000 | u64::from(v);
        let (mut w0, mut w1, mut w2) = (0u64, 0u64, 0u64);
        let (family, l3) = match layout {
            Layout::Ether => {
                let (mut at, mut levels, mut tags) = (12, 0, 0);
                let mut family = Family::None;
                while levels <= MAX_TAGS {
                    let Some(t) = be16(d, at) else { break };
                    w0 |= u64::from(t) << (16 * levels);
                    levels += 1;
                    if TPIDS.contains(&t) && tags < MAX_TAGS {
                        let Some(tci) = be16(d, at + 2) else { break };
                        w1 |= u64::from(tci & 0x0fff) << (16 * tags);
                        tags += 1;
                        at += 4;
                        continue;
                    }
                    family = ether_family(t);
                    break;
                }
                w1 |= (levels as u64) << Key::LEVELS | (tags as u64) << (Key::LEVELS + 4);
                (family, at + 2)
            }
            Layout::Cooked { proto, l3 } => match be16(d, proto as usize) {
                Some(t) => {
                    w0 = u64::from(t);
                    w1 = 1 << Key::LEVELS;
                    (ether_family(t), l3 as usize)
                }
                None => (Family::None, 0),
            },
            Layout::Raw => match d.first() {
                Some(b) => {
                    let v = b & 0xf0;
                    w2 = byte(v) << Key::VERSION;
                    (raw_family(v), 0)
                }
                None => (Family::None, 0),
            },
            Layout::Fixed(family) => (family, 0),
            Layout::Opaque => (Family::None, 0),
        };
        let (mut src, mut dst) = ([0u64; 2], [0u64; 2]);
        let mut present = |src_at: Option<[u64; 2]>, dst_at: Option<[u64; 2]>| {
            if let Some(a) = src_at {
                src = a;
                w1 |= 1 << Key::PRESENT;
            }
            if let Some(a) = dst_at {
                dst = a;
                w1 |= 1 << (Key::PRESENT + 1);
            }
        };
        let v4 = |at: usize| le::<4>(d, at).map(|w| [w, 0]);
        let v6 = |at: usize| Some([le::<8>(d, at)?, le::<8>(d, at + 8)?]);
        let ports = |l4: usize| {
            be16(d, l4).map_or(0, |p| port(p) << Key::SPORT)
                | be16(d, l4 + 2).map_or(0, |p| port(p) << Key::DPORT)
        };
        match family {
            Family::V4 => {
                let proto = d.get(l3 + 9).copied();
                present(v4(l3 + 12), v4(l3 + 16));
                if let Some(p) = proto {
                    w2 |= byte(p) << Key::PROTO;
                    if let Some(&vihl) = d.get(l3)
                        && PORT_PROTOS.contains(&p)
                    {
                        w2 |= ports(l3 + 4 * usize::from(vihl & 0x0f));
                    }
                }
            }
            Family::V6 => {
                present(v6(l3 + 8), v6(l3 + 24));
                let partial = |from: usize| (l3 + from..l3 + from + 12).contains(&d.len());
                w1 |= u64::from(partial(12)) << Key::PARTIAL
                    | u64::from(partial(28)) << (Key::PARTIAL + 1);
                if let Some(&p) = d.get(l3 + 6) {
                    w2 |= byte(p) << Key::PROTO;
                    if PORT_PROTOS.contains(&p) {
                        w2 |= ports(l3 + 40);
                    }
                }
            }
            // Where libpcap's `arp host` loads them: sender and target protocol address.
            Family::Arp => present(v4(l3 + 14), v4(l3 + 24)),
            Family::None => {}
        }
        let family = match family {
            Family::None => 0,
            Family::V4 => 1,
            Family::V6 => 2,
            Family::Arp => 3,
        };
        w1 |= family << Key::FAMILY;
        Key([w0, w1, w2, src[0], src[1], dst[0], dst[1]])
    }

    /// The fields this key was read from.
    pub fn fields(&self) -> Fields {
        let [w0, w1, w2, s0, s1, d0, d1] = self.0;
        let opt8 = |v: u64| (v & 0x100 != 0).then_some(v as u8);
        let opt16 = |v: u64| (v & 0x1_0000 != 0).then_some(v as u16);
        let bit = |n: u32| w1 >> n & 1 != 0;
        let addr = |present: bool, a: u64, b: u64| {
            present.then(|| {
                let mut x = [0u8; 16];
                x[..8].copy_from_slice(&a.to_le_bytes());
                x[8..].copy_from_slice(&b.to_le_bytes());
                x
            })
        };
        Fields {
            ether: [w0 as u16, (w0 >> 16) as u16, (w0 >> 32) as u16],
            ether_levels: (w1 >> Key::LEVELS & 0xf) as u8,
            vlan: [w1 as u16, (w1 >> 16) as u16],
            vlan_levels: (w1 >> (Key::LEVELS + 4) & 0xf) as u8,
            ip_version: opt8(w2 >> Key::VERSION),
            family: match w1 >> Key::FAMILY & 3 {
                1 => Family::V4,
                2 => Family::V6,
                3 => Family::Arp,
                _ => Family::None,
            },
            proto: opt8(w2 >> Key::PROTO),
            src: addr(bit(Key::PRESENT), s0, s1),
            dst: addr(bit(Key::PRESENT + 1), d0, d1),
            partial: [bit(Key::PARTIAL), bit(Key::PARTIAL + 1)],
            sport: opt16(w2 >> Key::SPORT),
            dport: opt16(w2 >> Key::DPORT),
        }
    }
}

/// The family of a raw IP packet from its version nibble (`byte0 & 0xf0`).
fn raw_family(v: u8) -> Family {
    match v {
        0x40 => Family::V4,
        0x60 => Family::V6,
        _ => Family::None,
    }
}

fn ether_family(t: u16) -> Family {
    match t {
        ETHERTYPE_IP => Family::V4,
        ETHERTYPE_IPV6 => Family::V6,
        t if ETHERTYPE_ARPS.contains(&t) => Family::Arp,
        _ => Family::None,
    }
}

/// The first byte of a key: what the field is. The value follows in network byte order, so
/// keys of one kind sort as their values do and a prefix (an IP network) is a key range.
pub mod kind {
    /// EtherType before tag level 0, 1, 2 (this value plus the level).
    pub const ETHER: u8 = 0x10;
    /// VLAN id of tag level 0, 1 (this value plus the level).
    pub const VLAN: u8 = 0x20;
    /// Raw IP version nibble.
    pub const IP_VERSION: u8 = 0x30;
    /// IPv4 protocol.
    pub const IP4_PROTO: u8 = 0x40;
    /// IPv4 source address.
    pub const IP4_SRC: u8 = 0x41;
    /// IPv4 destination address.
    pub const IP4_DST: u8 = 0x42;
    /// ARP/RARP sender protocol address (4 bytes at L3+14).
    pub const ARP_SPA: u8 = 0x50;
    /// ARP/RARP target protocol address (4 bytes at L3+24).
    pub const ARP_TPA: u8 = 0x51;
    /// IPv6 next header.
    pub const IP6_NEXT: u8 = 0x60;
    /// IPv6 source address.
    pub const IP6_SRC: u8 = 0x61;
    /// IPv6 destination address.
    pub const IP6_DST: u8 = 0x62;
    /// IPv6 source address captured in part (no value: the key names the packets).
    pub const IP6_SRC_PART: u8 = 0x63;
    /// IPv6 destination address captured in part.
    pub const IP6_DST_PART: u8 = 0x64;
    /// TCP/UDP/SCTP source port.
    pub const SRC_PORT: u8 = 0x70;
    /// TCP/UDP/SCTP destination port.
    pub const DST_PORT: u8 = 0x71;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An Ethernet frame with one 802.1Q tag, IPv4 with options (IHL 6), TCP 1234 > 80.
    #[test]
    fn tagged_ipv4_with_options() {
        let mut d = vec![0u8; 12];
        d.extend_from_slice(&[0x81, 0x00, 0x20, 0x0a, 0x08, 0x00]);
        d.extend_from_slice(&[0x46, 0, 0, 44, 0, 0, 0, 0, 64, 6, 0, 0]);
        d.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2, 1, 1, 1, 1]);
        d.extend_from_slice(&[0x04, 0xd2, 0x00, 0x50]);
        let f = Key::read(Layout::Ether, &d).fields();
        assert_eq!(
            (f.ether_levels, f.ether[..2].to_vec()),
            (2, vec![0x8100, 0x800])
        );
        assert_eq!((f.vlan_levels, f.vlan[0]), (1, 10));
        assert_eq!((f.family, f.proto), (Family::V4, Some(6)));
        assert_eq!(f.src.unwrap()[..4], [10, 0, 0, 1]);
        assert_eq!(f.dst.unwrap()[..4], [10, 0, 0, 2]);
        assert_eq!((f.sport, f.dport), (Some(1234), Some(80)));
    }

    /// Truncated: the source address is captured, the destination is not.
    #[test]
    fn fields_beyond_the_capture_are_absent() {
        let mut d = vec![0u8; 12];
        d.extend_from_slice(&[0x08, 0x00, 0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0]);
        d.extend_from_slice(&[192, 168, 0, 1, 192]);
        let f = Key::read(Layout::Ether, &d).fields();
        assert_eq!((f.proto, f.dst, f.sport), (Some(17), None, None));
        assert_eq!(f.src.unwrap()[..4], [192, 168, 0, 1]);
    }

    #[test]
    fn raw_and_cooked() {
        let mut v6 = vec![0x60, 0, 0, 0, 0, 8, 17, 64];
        v6.extend_from_slice(&[0xfd; 32]);
        v6.extend_from_slice(&[0, 53, 0x30, 0x39]);
        let f = Key::read(Layout::Raw, &v6).fields();
        assert_eq!(
            (f.ip_version, f.family, f.sport, f.dport),
            (Some(0x60), Family::V6, Some(53), Some(12345))
        );
        let mut sll2 = vec![0x86, 0xdd];
        sll2.extend_from_slice(&[0; 18]);
        sll2.extend_from_slice(&v6);
        let g = Key::read(Layout::of(276), &sll2).fields();
        assert_eq!(
            (g.ether[0], g.family, g.src, g.dport),
            (0x86dd, Family::V6, f.src, Some(12345))
        );
    }

    /// The fields read the plain way, one `Option` at a time: the model [`Key::read`] must
    /// agree with.
    fn model(layout: Layout, d: &[u8]) -> Fields {
        fn addr<const N: usize>(d: &[u8], at: usize) -> Option<[u8; 16]> {
            let mut a = [0u8; 16];
            a[..N].copy_from_slice(d.get(at..at + N)?);
            Some(a)
        }
        let mut f = Fields::default();
        let (family, l3) = match layout {
            Layout::Ether => {
                let mut at = 12;
                let mut family = Family::None;
                for level in 0..=MAX_TAGS {
                    let Some(t) = be16(d, at) else { break };
                    f.ether[level] = t;
                    f.ether_levels += 1;
                    if TPIDS.contains(&t) && level < MAX_TAGS {
                        let Some(tci) = be16(d, at + 2) else { break };
                        f.vlan[level] = tci & 0x0fff;
                        f.vlan_levels += 1;
                        at += 4;
                        continue;
                    }
                    family = ether_family(t);
                    break;
                }
                (family, at + 2)
            }
            Layout::Cooked { proto, l3 } => match be16(d, proto as usize) {
                Some(t) => {
                    f.ether[0] = t;
                    f.ether_levels = 1;
                    (ether_family(t), l3 as usize)
                }
                None => (Family::None, 0),
            },
            Layout::Raw => match d.first() {
                Some(b) => {
                    f.ip_version = Some(b & 0xf0);
                    (raw_family(b & 0xf0), 0)
                }
                None => (Family::None, 0),
            },
            Layout::Fixed(family) => (family, 0),
            Layout::Opaque => (Family::None, 0),
        };
        f.family = family;
        match family {
            Family::V4 => {
                f.proto = d.get(l3 + 9).copied();
                f.src = addr::<4>(d, l3 + 12);
                f.dst = addr::<4>(d, l3 + 16);
                if let (Some(p), Some(&vihl)) = (f.proto, d.get(l3))
                    && PORT_PROTOS.contains(&p)
                {
                    let l4 = l3 + 4 * usize::from(vihl & 0x0f);
                    f.sport = be16(d, l4);
                    f.dport = be16(d, l4 + 2);
                }
            }
            Family::V6 => {
                f.proto = d.get(l3 + 6).copied();
                f.src = addr::<16>(d, l3 + 8);
                f.dst = addr::<16>(d, l3 + 24);
                f.partial = [
                    (l3 + 12..l3 + 24).contains(&d.len()),
                    (l3 + 28..l3 + 40).contains(&d.len()),
                ];
                if f.proto.is_some_and(|p| PORT_PROTOS.contains(&p)) {
                    f.sport = be16(d, l3 + 40);
                    f.dport = be16(d, l3 + 42);
                }
            }
            Family::Arp => {
                f.src = addr::<4>(d, l3 + 14);
                f.dst = addr::<4>(d, l3 + 24);
            }
            Family::None => {}
        }
        f
    }

    /// A frame of any layout the index reads: up to three tags or protocol fields drawn from
    /// the ones that matter (TPIDs, IPv4, IPv6, ARP, others), a network header whose version,
    /// IHL and protocol are drawn the same way, random bytes after, cut anywhere.
    fn frame() -> impl Strategy<Value = (Layout, Vec<u8>)> {
        let layout = prop_oneof![
            Just(Layout::Ether),
            Just(Layout::of(113)),
            Just(Layout::of(276)),
            Just(Layout::Raw),
            Just(Layout::Fixed(Family::V4)),
            Just(Layout::Fixed(Family::V6)),
            Just(Layout::Opaque),
        ];
        let ethertype = prop_oneof![
            Just(0x8100u16),
            Just(0x88a8),
            Just(0x9100),
            Just(ETHERTYPE_IP),
            Just(ETHERTYPE_IPV6),
            Just(0x0806),
            Just(0x8035),
            any::<u16>(),
        ];
        let proto = prop_oneof![Just(6u8), Just(17), Just(132), any::<u8>()];
        (
            layout,
            prop::collection::vec((ethertype, any::<u16>()), 3),
            prop::sample::select(vec![0x40u8, 0x60, 0x50, 0x00]),
            0u8..16,
            proto,
            prop::collection::vec(any::<u8>(), 80),
            0usize..140,
        )
            .prop_map(|(layout, tags, version, ihl, proto, rest, cut)| {
                let mut d = Vec::new();
                match layout {
                    Layout::Ether => {
                        d.resize(12, 0);
                        let tagged = tags.iter().take(MAX_TAGS);
                        let n = tagged.take_while(|(t, _)| TPIDS.contains(t)).count();
                        for (t, tci) in &tags[..n] {
                            d.extend_from_slice(&t.to_be_bytes());
                            d.extend_from_slice(&tci.to_be_bytes());
                        }
                        d.extend_from_slice(&tags[n].0.to_be_bytes());
                    }
                    Layout::Cooked { proto, l3 } => {
                        d.resize(l3 as usize, 0);
                        let at = proto as usize;
                        d[at..at + 2].copy_from_slice(&tags[0].0.to_be_bytes());
                    }
                    _ => {}
                }
                let l3 = d.len();
                d.extend_from_slice(&rest);
                d[l3] = version | ihl;
                d[l3 + 6] = proto;
                d[l3 + 9] = proto;
                d.truncate(cut);
                (layout, d)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// Read in registers or the plain way, every frame gives the same fields, and its key
        /// gives them back.
        #[test]
        fn the_key_holds_exactly_the_fields((layout, d) in frame()) {
            prop_assert_eq!(Key::read(layout, &d).fields(), model(layout, &d));
        }
    }
}
