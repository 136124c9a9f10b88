//! The pcapng file format (`--pcapng`): a Section Header Block and one Interface Description
//! Block at the start of every file, an Enhanced Packet Block per packet, and an Interface
//! Statistics Block carrying the drop counters when the file is closed.
//!
//! Block layouts and option codes follow the pcapng specification (IETF draft
//! draft-ietf-opsawg-pcapng). As in [`super::pcap`], every field is in the host's byte order: the
//! byte-order magic in the section header tells readers which one that is, and it is what
//! libpcap and dumpcap write.
//!
//! Each output file is one section with one interface (id 0), so any rotated file can be read on
//! its own. Timestamps are 64-bit counts of microseconds since the epoch, or of nanoseconds when
//! the interface says so with `if_tsresol` = 9.

use crate::stats::Totals;

/// Block type of a Section Header Block (a palindrome, so it reads the same in both byte orders).
pub const BLOCK_SHB: u32 = 0x0a0d_0d0a;
/// Block type of an Interface Description Block.
pub const BLOCK_IDB: u32 = 1;
/// Block type of an Interface Statistics Block.
pub const BLOCK_ISB: u32 = 5;
/// Block type of an Enhanced Packet Block.
pub const BLOCK_EPB: u32 = 6;
/// Byte-order magic of the section header.
pub const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
/// Bytes of an Enhanced Packet Block before the packet data: type, total length, interface id,
/// timestamp (high, low), captured length, original length.
pub const EPB_HEADER_LEN: usize = 28;

/// `opt_endofopt`.
const OPT_END: u16 = 0;
/// `shb_userappl`: the application that wrote the section.
const OPT_SHB_USERAPPL: u16 = 4;
/// `if_name`.
const OPT_IF_NAME: u16 = 2;
/// `if_tsresol`: timestamp units as a power of ten (6 = microseconds, 9 = nanoseconds).
const OPT_IF_TSRESOL: u16 = 9;
/// `isb_starttime`, `isb_endtime`: timestamps in the interface's units.
const OPT_ISB_STARTTIME: u16 = 2;
const OPT_ISB_ENDTIME: u16 = 3;
/// `isb_ifrecv`: packets received from the interface.
const OPT_ISB_IFRECV: u16 = 4;
/// `isb_ifdrop`: packets the interface (here: the kernel's ring) dropped.
const OPT_ISB_IFDROP: u16 = 5;
/// `isb_filteraccept`: packets accepted by the filter.
const OPT_ISB_FILTERACCEPT: u16 = 6;
/// `isb_osdrop`: packets dropped by the operating system or capture software.
const OPT_ISB_OSDROP: u16 = 7;
/// `isb_usrdeliv`: packets delivered to the user (written to files).
const OPT_ISB_USRDELIV: u16 = 8;

/// The capture's counters for a pcapng Interface Statistics Block, as the caller (the live
/// engine) knows them. The counters run from the start of the capture, as the pcapng
/// specification defines them, so every file's statistics block shows the totals at its close.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PcapngStats {
    /// `isb_ifrecv`: packets that passed the kernel filter (tcpdump's "received by filter";
    /// libpcap's `ps_recv`, which is what dumpcap writes here).
    pub received: u64,
    /// `isb_ifdrop`: packets the kernel dropped because a ring was full (tcpdump's "dropped by
    /// kernel").
    pub kernel_drops: u64,
    /// Packets capture dropped before the writer (a worker's handoff queue was full).
    /// `isb_osdrop` is this plus the writer's own drops, which the output adds itself so that
    /// they are exact at each close rather than as of the last update.
    pub handoff_drops: u64,
    /// `isb_filteraccept`, when known.
    pub filter_accept: Option<u64>,
}

impl From<&Totals> for PcapngStats {
    /// The live engine's buckets: the kernel filter's accepted count is both what the socket
    /// received and what the filter accepted (only accepted packets reach the ring).
    fn from(t: &Totals) -> Self {
        PcapngStats {
            received: t.received,
            kernel_drops: t.ring_drops,
            handoff_drops: t.handoff_drops,
            filter_accept: Some(t.received),
        }
    }
}

/// Everything an Interface Statistics Block holds; timestamps in nanoseconds since the epoch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Statistics {
    /// When the capture started (`isb_starttime`).
    pub start_ns: u64,
    /// When these counters were taken (`isb_endtime`, and the block's own timestamp).
    pub end_ns: u64,
    /// `isb_ifrecv`.
    pub ifrecv: u64,
    /// `isb_ifdrop`.
    pub ifdrop: u64,
    /// `isb_filteraccept`, when known.
    pub filteraccept: Option<u64>,
    /// `isb_osdrop`.
    pub osdrop: u64,
    /// `isb_usrdeliv`.
    pub usrdeliv: u64,
}

/// A block being built: type and a placeholder length, then the body; [`Block::finish`] writes
/// the total length at both ends.
struct Block(Vec<u8>);

impl Block {
    fn new(block_type: u32) -> Self {
        let mut v = Vec::with_capacity(64);
        v.extend_from_slice(&block_type.to_ne_bytes());
        v.extend_from_slice(&0u32.to_ne_bytes());
        Block(v)
    }

    fn u16(&mut self, x: u16) {
        self.0.extend_from_slice(&x.to_ne_bytes());
    }

    fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_ne_bytes());
    }

    /// A timestamp as the format stores it: high 32 bits, then low 32 bits.
    fn ts(&mut self, units: u64) {
        self.u32((units >> 32) as u32);
        self.u32(units as u32);
    }

    /// One option: code, length, value, zero padding to 32 bits.
    fn option(&mut self, code: u16, value: &[u8]) {
        self.u16(code);
        // The length field is 16 bits. The variable values written here (an interface name,
        // which the kernel limits to 15 bytes, and the application's name) are far shorter;
        // cutting a longer one keeps the block well-formed rather than corrupt.
        let value = &value[..value.len().min(usize::from(u16::MAX))];
        self.u16(value.len() as u16);
        self.0.extend_from_slice(value);
        self.pad();
    }

    /// A 64-bit timestamp option (high word first, as in the block header).
    fn ts_option(&mut self, code: u16, units: u64) {
        let mut v = [0u8; 8];
        v[..4].copy_from_slice(&((units >> 32) as u32).to_ne_bytes());
        v[4..].copy_from_slice(&(units as u32).to_ne_bytes());
        self.option(code, &v);
    }

    fn end_of_options(&mut self) {
        self.u16(OPT_END);
        self.u16(0);
    }

    fn pad(&mut self) {
        let n = self.0.len().next_multiple_of(4);
        self.0.resize(n, 0);
    }

    fn finish(mut self) -> Vec<u8> {
        let total = (self.0.len() + 4) as u32;
        self.u32(total);
        self.0[4..8].copy_from_slice(&total.to_ne_bytes());
        self.0
    }
}

/// A time in the interface's units: microseconds, or nanoseconds with `nano`.
pub fn units(ts_sec: i64, ts_nsec: u64, nano: bool) -> u64 {
    // Times before the epoch wrap, as libpcap's conversion of a negative time_t does.
    let sec = ts_sec as u64;
    if nano {
        sec.wrapping_mul(1_000_000_000).wrapping_add(ts_nsec)
    } else {
        sec.wrapping_mul(1_000_000).wrapping_add(ts_nsec / 1000)
    }
}

/// Nanoseconds since the epoch in the interface's units.
fn ns_units(ns: u64, nano: bool) -> u64 {
    if nano { ns } else { ns / 1000 }
}

/// The Section Header Block: version 1.0, section length unknown (-1, since the file is
/// written as a stream), and the writing application.
pub fn section_header() -> Vec<u8> {
    let mut b = Block::new(BLOCK_SHB);
    b.u32(BYTE_ORDER_MAGIC);
    b.u16(1);
    b.u16(0);
    b.u32(u32::MAX);
    b.u32(u32::MAX);
    let app = format!("capture {}", env!("CARGO_PKG_VERSION"));
    b.option(OPT_SHB_USERAPPL, app.as_bytes());
    b.end_of_options();
    b.finish()
}

/// The Interface Description Block of interface 0: link type, snapshot length, `if_name` when
/// known, and `if_tsresol` (9 with `nano`, else 6: written either way, so no reader has to
/// know the default).
pub fn interface_description(
    linktype: u32,
    snaplen: u32,
    if_name: Option<&str>,
    nano: bool,
) -> Vec<u8> {
    let mut b = Block::new(BLOCK_IDB);
    // LINKTYPE_ values all fit the block's 16-bit field.
    b.u16(linktype as u16);
    b.u16(0);
    b.u32(snaplen);
    if let Some(name) = if_name {
        b.option(OPT_IF_NAME, name.as_bytes());
    }
    b.option(OPT_IF_TSRESOL, &[if nano { 9 } else { 6 }]);
    b.end_of_options();
    b.finish()
}

/// What starts every file: the section header, then the one interface description.
pub fn file_header(linktype: u32, snaplen: u32, if_name: Option<&str>, nano: bool) -> Vec<u8> {
    let mut h = section_header();
    h.extend_from_slice(&interface_description(linktype, snaplen, if_name, nano));
    h
}

/// Total length of the Enhanced Packet Block of a packet of `caplen` captured bytes: header,
/// data padded to 32 bits, trailing length (no options).
pub fn epb_len(caplen: usize) -> usize {
    EPB_HEADER_LEN + caplen.next_multiple_of(4) + 4
}

/// The Enhanced Packet Block's bytes before the packet data. `ts_nsec` is nanoseconds within
/// the second, truncated to microseconds unless `nano`, as the pcap encoder does.
pub fn epb_header(
    ts_sec: i64,
    ts_nsec: u64,
    caplen: u32,
    wirelen: u32,
    nano: bool,
) -> [u8; EPB_HEADER_LEN] {
    let total = epb_len(caplen as usize) as u32;
    let t = units(ts_sec, ts_nsec, nano);
    let mut h = [0u8; EPB_HEADER_LEN];
    h[0..4].copy_from_slice(&BLOCK_EPB.to_ne_bytes());
    h[4..8].copy_from_slice(&total.to_ne_bytes());
    // Interface id 0 (8..12): every file describes exactly one interface.
    h[12..16].copy_from_slice(&((t >> 32) as u32).to_ne_bytes());
    h[16..20].copy_from_slice(&(t as u32).to_ne_bytes());
    h[20..24].copy_from_slice(&caplen.to_ne_bytes());
    h[24..28].copy_from_slice(&wirelen.to_ne_bytes());
    h
}

/// The Enhanced Packet Block's bytes after the packet data: zero padding to 32 bits, then the
/// total length again. Returns the buffer and how many of its bytes to write.
pub fn epb_trailer(caplen: usize) -> ([u8; 8], usize) {
    let pad = caplen.next_multiple_of(4) - caplen;
    let mut t = [0u8; 8];
    t[pad..pad + 4].copy_from_slice(&(epb_len(caplen) as u32).to_ne_bytes());
    (t, pad + 4)
}

/// The Interface Statistics Block of interface 0, timestamped at `s.end_ns`.
pub fn statistics(s: &Statistics, nano: bool) -> Vec<u8> {
    let mut b = Block::new(BLOCK_ISB);
    b.u32(0);
    b.ts(ns_units(s.end_ns, nano));
    b.ts_option(OPT_ISB_STARTTIME, ns_units(s.start_ns, nano));
    b.ts_option(OPT_ISB_ENDTIME, ns_units(s.end_ns, nano));
    b.option(OPT_ISB_IFRECV, &s.ifrecv.to_ne_bytes());
    b.option(OPT_ISB_IFDROP, &s.ifdrop.to_ne_bytes());
    if let Some(n) = s.filteraccept {
        b.option(OPT_ISB_FILTERACCEPT, &n.to_ne_bytes());
    }
    b.option(OPT_ISB_OSDROP, &s.osdrop.to_ne_bytes());
    b.option(OPT_ISB_USRDELIV, &s.usrdeliv.to_ne_bytes());
    b.end_of_options();
    b.finish()
}

// The expected bytes are little-endian, the byte order of every host this project targets.
#[cfg(all(test, target_endian = "little"))]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], i: usize) -> u32 {
        u32::from_le_bytes(b[i..i + 4].try_into().unwrap())
    }

    /// Block lengths are multiples of 4, and the trailing copy equals the leading one.
    fn check_block(b: &[u8], block_type: u32) {
        assert_eq!(u32_at(b, 0), block_type);
        let total = u32_at(b, 4) as usize;
        assert_eq!(total, b.len());
        assert_eq!(total % 4, 0);
        assert_eq!(u32_at(b, total - 4) as usize, total);
    }

    #[test]
    fn section_header_fields() {
        let s = section_header();
        check_block(&s, BLOCK_SHB);
        assert_eq!(&s[8..12], &[0x4d, 0x3c, 0x2b, 0x1a]);
        assert_eq!(&s[12..16], &[1, 0, 0, 0], "version 1.0");
        assert_eq!(&s[16..24], &[0xff; 8], "section length unknown");
        // shb_userappl, then opt_endofopt.
        assert_eq!(&s[24..26], &[4, 0]);
        let len = usize::from(u16::from_le_bytes([s[26], s[27]]));
        assert!(s[28..28 + len].starts_with(b"capture "));
        assert_eq!(&s[s.len() - 8..s.len() - 4], &[0, 0, 0, 0]);
    }

    #[test]
    fn interface_description_fields() {
        let i = interface_description(1, 262_144, Some("eth0"), false);
        check_block(&i, BLOCK_IDB);
        assert_eq!(
            &i[8..],
            &[
                1, 0, 0, 0, // link type, reserved
                0, 0, 4, 0, // snaplen
                2, 0, 4, 0, b'e', b't', b'h', b'0', // if_name
                9, 0, 1, 0, 6, 0, 0, 0, // if_tsresol 6, padded
                0, 0, 0, 0, // opt_endofopt
                40, 0, 0, 0
            ]
        );
        let n = interface_description(276, 65535, None, true);
        check_block(&n, BLOCK_IDB);
        assert_eq!(&n[8..10], &[0x14, 0x01]);
        assert_eq!(&n[16..24], &[9, 0, 1, 0, 9, 0, 0, 0]);
        // A name of odd length is padded.
        let p = interface_description(1, 96, Some("veth-b"), false);
        check_block(&p, BLOCK_IDB);
        assert_eq!(
            &p[16..28],
            &[2, 0, 6, 0, b'v', b'e', b't', b'h', b'-', b'b', 0, 0]
        );
    }

    #[test]
    fn enhanced_packet_block_lengths_and_padding() {
        for caplen in 0..9usize {
            let data = vec![0xaa; caplen];
            let mut b = epb_header(1_000, 123_456_789, caplen as u32, 1500, false).to_vec();
            b.extend_from_slice(&data);
            let (t, n) = epb_trailer(caplen);
            b.extend_from_slice(&t[..n]);
            check_block(&b, BLOCK_EPB);
            assert_eq!(b.len(), epb_len(caplen));
            assert_eq!(u32_at(&b, 8), 0, "interface 0");
            assert_eq!((u32_at(&b, 20), u32_at(&b, 24)), (caplen as u32, 1500));
            assert!(b[28 + caplen..b.len() - 4].iter().all(|&x| x == 0));
        }
        let m = epb_header(1_000, 123_456_789, 60, 60, false);
        let t = (u64::from(u32_at(&m, 12)) << 32) | u64::from(u32_at(&m, 16));
        assert_eq!(t, 1_000_123_456, "microseconds, truncated");
        let n = epb_header(1_700_000_000, 123_456_789, 60, 60, true);
        let t = (u64::from(u32_at(&n, 12)) << 32) | u64::from(u32_at(&n, 16));
        assert_eq!(t, 1_700_000_000_123_456_789);
    }

    #[test]
    fn statistics_block_options() {
        let s = Statistics {
            start_ns: 1_700_000_000_000_000_000,
            end_ns: 1_700_000_001_500_000_000,
            ifrecv: 10,
            ifdrop: 2,
            filteraccept: Some(10),
            osdrop: 3,
            usrdeliv: 5,
        };
        let b = statistics(&s, false);
        check_block(&b, BLOCK_ISB);
        assert_eq!(u32_at(&b, 8), 0, "interface 0");
        let mut opts = Vec::new();
        let mut i = 20;
        loop {
            let code = u16::from_le_bytes([b[i], b[i + 1]]);
            let len = usize::from(u16::from_le_bytes([b[i + 2], b[i + 3]]));
            if code == 0 {
                break;
            }
            let v = &b[i + 4..i + 4 + len];
            opts.push((code, u64::from_le_bytes(v.try_into().unwrap())));
            i += 4 + len.next_multiple_of(4);
        }
        // Timestamps are (high, low) word pairs: read as one little-endian u64 they come out
        // with the halves swapped.
        let swap = |x: u64| x.rotate_left(32);
        assert_eq!(
            opts,
            [
                (2, swap(1_700_000_000_000_000)),
                (3, swap(1_700_000_001_500_000)),
                (4, 10),
                (5, 2),
                (6, 10),
                (7, 3),
                (8, 5)
            ]
        );
        let without = statistics(
            &Statistics {
                filteraccept: None,
                ..s
            },
            true,
        );
        assert_eq!(without.len(), b.len() - 12);
    }
}
