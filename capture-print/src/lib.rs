//! capture's packet printer: prints each packet as tcpdump 4.99.3 does, byte for byte.
//!
//! A library of its own (as ripgrep keeps `grep-printer` apart from its CLI): it takes its own
//! [`Options`], knows nothing of the command line or the capture engine, and builds on stable.
//!
//! The structure mirrors tcpdump's one-printer-per-protocol layout: the link-layer printer
//! (`ether`, `sll`, `null`, raw IP) hands the payload to `ip`/`ip6`/`arp`, which hand it to
//! `tcp`/`udp`/`icmp`/`icmp6`, which hand it to `dns`. Every printer works on a borrowed byte
//! slice (the captured bytes) and checks bounds on each read: a read past the captured data
//! returns [`Trunc`], which unwinds to the top where tcpdump's ` [|proto]` mark is printed,
//! the way tcpdump's `longjmp` does. Nothing here allocates per packet except the growth of the
//! reused line buffer and of the TCP sequence table.

mod af;
mod ah;
mod aodv;
mod aoe;
mod arcnet;
mod arista;
mod arp;
mod ascii;
mod atalk;
mod babel;
mod bcm_li;
mod bfd;
mod bgp;
mod bootp;
mod brcmtag;
mod carp;
mod cdp;
mod cfm;
mod chdlc;
mod dccp;
mod decnet;
mod dhcp6;
mod dns;
mod dsa;
mod dtp;
mod dvmrp;
mod eap;
mod egp;
mod eigrp;
mod esp;
mod ether;
mod forces;
mod fr;
mod ftp;
mod geneve;
mod gmpls;
mod gre;
mod hsrp;
mod http;
mod icmp;
mod icmp6;
mod igmp;
mod igrp;
mod ip;
mod ip6;
mod ipcomp;
mod ipx;
mod isakmp;
mod isoclns;
mod krb;
mod l2tp;
mod l2vpn;
mod ldp;
mod link;
mod lisp;
mod llc;
mod lldp;
mod lmp;
mod loopback;
mod lspping;
mod lwres;
mod m3ua;
mod macsec;
mod mib;
mod mobile;
mod mobility;
mod mpls;
mod msnlb;
mod names;
mod nfs;
mod nsh;
mod ntp;
mod olsr;
mod openflow;
mod openflow_1_0;
mod openflow_1_3;
mod ospf;
mod ospf6;
mod otv;
mod oui;
mod parsenfsfh;
mod pgm;
mod pim;
mod ppp;
mod pppoe;
mod pptp;
mod ptp;
mod radius;
mod resp;
mod rip;
mod ripng;
mod rpki_rtr;
mod rsvp;
mod rtp;
mod rtsp;
mod rx;
mod sctp;
mod sflow;
mod sip;
mod slow;
mod smtp;
mod snmp;
mod someip;
mod ssh;
mod stp;
mod sunrpc;
mod syslog;
mod tcp;
mod telnet;
mod tftp;
mod time;
mod timed;
mod tipc;
mod udld;
mod udp;
mod util;
mod vqp;
mod vrrp;
mod vtp;
mod vxlan;
mod vxlan_gpe;
mod wb;
mod whois;
mod zephyr;
mod zeromq;

#[cfg(test)]
mod app_tests;
#[cfg(test)]
mod decoder_tests;
#[cfg(test)]
mod test_pkt;
mod testpkt;

use std::io::Write;

/// Printing options, from tcpdump's flags (`-n -v -e -q -x -X -A -t -# -S`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-n`: do not convert addresses or ports to names (tcpdump treats `-nn` the same).
    pub numeric: u8,
    /// `-v` level.
    pub verbose: u8,
    /// `-e`: print the link-level header.
    pub link_header: bool,
    /// `-q`: quick output.
    pub quiet: bool,
    /// `-x` count: hex dump (2: including the link header).
    pub hex: u8,
    /// `-X` count: hex and ASCII dump (2: including the link header).
    pub hex_ascii: u8,
    /// `-A` count: ASCII dump (2: including the link header).
    pub ascii: u8,
    /// `-t` count: timestamp format.
    pub timestamp: u8,
    /// `-#`: packet numbers.
    pub number: bool,
    /// `-S`: absolute TCP sequence numbers.
    pub absolute_seq: bool,
    /// Print fractions of seconds in nanoseconds (`--time-stamp-precision nano`).
    pub nano: bool,
    /// `-T`: print the payloads the type names as that protocol, whatever their ports.
    pub packet_type: Option<PacketType>,
    /// `-b`: print BGP AS numbers in ASDOT notation.
    pub bgp_asdot: bool,
    /// `-H`: look for 802.11s draft mesh headers.
    pub mesh_header: bool,
    /// `-K`: do not verify IP, TCP or UDP checksums.
    pub no_checksum: bool,
}

/// `-T`: the protocol a packet's payload is printed as (tcpdump's `ndo_packettype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketType {
    /// Ad-hoc On-demand Distance Vector.
    Aodv,
    /// Common Address Redundancy Protocol.
    Carp,
    /// Cisco NetFlow.
    Cnfp,
    /// DNS over a non-standard port.
    Domain,
    /// Link Management Protocol.
    Lmp,
    /// Pragmatic General Multicast.
    Pgm,
    /// ZMTP/1.0 inside PGM.
    PgmZmtp1,
    /// REdis Serialization Protocol.
    Resp,
    /// RADIUS.
    Radius,
    /// Remote Procedure Call.
    Rpc,
    /// Real-time Control Protocol.
    Rtcp,
    /// Real-time Transport Protocol.
    Rtp,
    /// Precision Time Protocol.
    Ptp,
    /// Simple Network Management Protocol.
    Snmp,
    /// Scalable service-Oriented MiddlewarE over IP.
    Someip,
    /// Trivial File Transfer Protocol.
    Tftp,
    /// Visual Audio Tool.
    Vat,
    /// Virtual eXtensible Local Area Network.
    Vxlan,
    /// White Board.
    Wb,
    /// ZeroMQ Message Transport Protocol 1.0.
    Zmtp1,
}

impl std::str::FromStr for PacketType {
    type Err = String;

    /// tcpdump's `-T` names, in any case; the error is tcpdump's message.
    fn from_str(s: &str) -> Result<Self, String> {
        use PacketType::*;
        const NAMES: &[(&str, PacketType)] = &[
            ("vat", Vat),
            ("wb", Wb),
            ("rpc", Rpc),
            ("rtp", Rtp),
            ("rtcp", Rtcp),
            ("snmp", Snmp),
            ("cnfp", Cnfp),
            ("tftp", Tftp),
            ("aodv", Aodv),
            ("carp", Carp),
            ("radius", Radius),
            ("zmtp1", Zmtp1),
            ("vxlan", Vxlan),
            ("pgm", Pgm),
            ("pgm_zmtp1", PgmZmtp1),
            ("lmp", Lmp),
            ("resp", Resp),
            ("ptp", Ptp),
            ("someip", Someip),
            ("domain", Domain),
        ];
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s))
            .map(|&(_, t)| t)
            .ok_or_else(|| format!("unknown packet type `{s}'"))
    }
}

impl Options {
    /// Whether the hex/ASCII dump flags replace tcpdump's default hex print of unknown payloads.
    fn suppress_default_print(&self) -> bool {
        // -A does not replace it: tcpdump prints both.
        self.hex > 0 || self.hex_ascii > 0
    }
}

/// A read went past the captured bytes: unwinds to the printer that prints ` [|proto]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Trunc;

/// The result of a printing step.
pub(crate) type Res<T = ()> = Result<T, Trunc>;

/// The state one packet's printers share: the output line, the options, and the name of the
/// protocol being printed (for the truncation mark), as tcpdump's `netdissect_options`.
pub(crate) struct Nd<'a> {
    /// The text of the packet being printed.
    pub o: &'a mut Vec<u8>,
    /// The options.
    pub opts: &'a Options,
    /// tcpdump's `ndo_protocol`: the name in ` [|name]`.
    pub proto: &'static str,
    /// TCP relative-sequence state, per connection.
    pub tcp: &'a mut tcp::SeqTable,
    /// Recent NFS calls, to decode the replies that answer them.
    pub nfs: &'a mut nfs::XidMap,
    /// Recent Rx calls, to decode the replies that answer them.
    pub rx: &'a mut rx::Cache,
    /// Port names (empty with `-n`).
    pub names: &'a names::Names,
    /// The IKEv1 initiator cookies seen, to tell the initiator's packets from the responder's.
    pub isakmp: &'a mut isakmp::Cookies,
    /// A printer ran past the captured data and the mark was printed at the top, as after
    /// tcpdump's longjmp: the `-x` dump then starts at the link-layer header.
    pub early_end: bool,
    /// How many `-v` the packets after this one lose: an OpenFlow frame decoded at three `-v`
    /// fewer ended in a truncation, which in tcpdump unwinds before the verbosity is restored.
    pub verbose_lost: u8,
}

impl Nd<'_> {
    /// Appends a string.
    #[inline]
    pub fn s(&mut self, s: &str) {
        self.o.extend_from_slice(s.as_bytes());
    }

    /// Appends formatted text.
    #[inline]
    pub fn f(&mut self, args: std::fmt::Arguments<'_>) {
        // Writing to a Vec cannot fail.
        let _ = self.o.write_fmt(args);
    }

    /// Appends a decimal number without going through `fmt` (the hot path prints many).
    #[inline]
    pub fn u(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.o.extend_from_slice(&buf[i..]);
    }

    /// The mark printed where a truncation unwound to the top (tcpdump's longjmp landing).
    pub fn trunc_top(&mut self) {
        self.trunc();
        self.early_end = true;
    }

    /// A truncation tcpdump reports where it finds it (`ND_TCHECK` ... `goto trunc`), after
    /// which the callers carry on: the mark, then a normal return.
    pub fn trunc_here(&mut self) -> Res {
        self.trunc();
        Ok(())
    }

    /// tcpdump's `nd_print_trunc`: ` [|proto]`.
    pub fn trunc(&mut self) {
        self.s(" [|");
        self.s(self.proto);
        self.s("]");
    }

    /// tcpdump's `nd_print_invalid`.
    pub fn invalid(&mut self) {
        self.s(" (invalid)");
    }

    /// Prints an IPv4 address.
    pub fn ipv4(&mut self, a: &[u8]) {
        ip::write_ipv4(self.o, a);
    }

    /// Prints an IPv4 host address: named from /etc/hosts without `-n`.
    pub fn host4(&mut self, a: &[u8]) {
        self.names.host4(self.o, a);
    }

    /// Prints an IPv6 host address: named from /etc/hosts without `-n`.
    pub fn host6(&mut self, a: &[u8]) {
        self.names.host6(self.o, a);
    }

    /// Prints a MAC address as tcpdump's `etheraddr_string`.
    pub fn mac(&mut self, a: &[u8]) {
        self.names.mac(self.o, a);
    }

    /// Prints an IPv6 address as tcpdump's `ip6addr_string`.
    pub fn ipv6(&mut self, a: &[u8]) {
        ip6::write_ipv6(self.o, a);
    }
}

// ---- bounds-checked reads: each returns Trunc past the captured bytes ----

#[inline]
pub(crate) fn u8at(b: &[u8], i: usize) -> Res<u8> {
    b.get(i).copied().ok_or(Trunc)
}

#[inline]
pub(crate) fn be16(b: &[u8], i: usize) -> Res<u16> {
    match b.get(i..i + 2) {
        Some(s) => Ok(u16::from_be_bytes([s[0], s[1]])),
        None => Err(Trunc),
    }
}

#[inline]
pub(crate) fn be32(b: &[u8], i: usize) -> Res<u32> {
    match b.get(i..i + 4) {
        Some(s) => Ok(u32::from_be_bytes([s[0], s[1], s[2], s[3]])),
        None => Err(Trunc),
    }
}

/// `N` bytes at `i`, as an array.
#[inline]
pub(crate) fn arr<const N: usize>(b: &[u8], i: usize) -> Res<[u8; N]> {
    match b.get(i..i.checked_add(N).ok_or(Trunc)?) {
        Some(s) => Ok(s.try_into().expect("the slice is N bytes long")),
        None => Err(Trunc),
    }
}

/// A 24-bit big-endian number.
#[inline]
pub(crate) fn be24(b: &[u8], i: usize) -> Res<u32> {
    let [x, y, z] = arr(b, i)?;
    Ok(u32::from_be_bytes([0, x, y, z]))
}

/// A 64-bit big-endian number.
#[inline]
pub(crate) fn be64(b: &[u8], i: usize) -> Res<u64> {
    arr(b, i).map(u64::from_be_bytes)
}

/// A 16-bit little-endian number.
#[inline]
pub(crate) fn le16(b: &[u8], i: usize) -> Res<u16> {
    arr(b, i).map(u16::from_le_bytes)
}

/// A 32-bit little-endian number.
#[inline]
pub(crate) fn le32(b: &[u8], i: usize) -> Res<u32> {
    arr(b, i).map(u32::from_le_bytes)
}

/// A 64-bit little-endian number.
#[inline]
pub(crate) fn le64(b: &[u8], i: usize) -> Res<u64> {
    arr(b, i).map(u64::from_le_bytes)
}

#[inline]
pub(crate) fn sl(b: &[u8], i: usize, n: usize) -> Res<&[u8]> {
    b.get(i..i.checked_add(n).ok_or(Trunc)?).ok_or(Trunc)
}

/// The slice from `i` on, empty (not an error) when `i` is past the end.
#[inline]
pub(crate) fn tail(b: &[u8], i: usize) -> &[u8] {
    b.get(i..).unwrap_or(&[])
}

/// Whether `n` bytes from `i` were captured (tcpdump's `ND_TTEST_LEN`).
#[inline]
pub(crate) fn has(b: &[u8], i: usize, n: usize) -> bool {
    i.checked_add(n).is_some_and(|e| e <= b.len())
}

/// tcpdump's `tok2str`: the name of `v` in `table`, or `None`.
pub(crate) fn tok(table: &[(u32, &'static str)], v: u32) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v).map(|(_, s)| *s)
}

/// Link-layer types the printer knows.
pub mod linktype {
    /// BSD loopback.
    pub const NULL: i32 = 0;
    /// Ethernet.
    pub const EN10MB: i32 = 1;
    /// BSD ARCNET.
    pub const ARCNET: i32 = 7;
    /// Raw IP (DLT_RAW on most systems).
    pub const RAW_12: i32 = 12;
    /// Raw IP (DLT_RAW on OpenBSD).
    pub const RAW_14: i32 = 14;
    /// OpenBSD loopback.
    pub const LOOP: i32 = 108;
    /// Raw IP (LINKTYPE_RAW).
    pub const RAW: i32 = 101;
    /// Linux cooked v1.
    pub const LINUX_SLL: i32 = 113;
    /// Linux ARCNET.
    pub const ARCNET_LINUX: i32 = 129;
    /// Raw IPv4.
    pub const IPV4: i32 = 228;
    /// Raw IPv6.
    pub const IPV6: i32 = 229;
    /// Linux cooked v2.
    pub const LINUX_SLL2: i32 = 276;
    /// Ethernet with a Broadcom switch tag after the source address.
    pub const DSA_TAG_BRCM: i32 = 281;
    /// Ethernet after a Broadcom switch tag.
    pub const DSA_TAG_BRCM_PREPEND: i32 = 282;
    /// Ethernet with a Marvell DSA tag.
    pub const DSA_TAG_DSA: i32 = 284;
    /// Ethernet with a Marvell EDSA tag.
    pub const DSA_TAG_EDSA: i32 = 285;
    /// PPP, with or without address and control fields.
    pub const PPP: i32 = 9;
    /// PPP in HDLC-like framing (DLT_PPP_SERIAL).
    pub const PPP_HDLC: i32 = 50;
    /// NetBSD PPP over Ethernet.
    pub const PPP_ETHER: i32 = 51;
    /// BSD/OS PPP.
    pub const PPP_BSDOS: i32 = 103;
    /// Cisco HDLC.
    pub const C_HDLC: i32 = 104;
    /// NetBSD HDLC framing (Cisco HDLC).
    pub const NETBSD_HDLC: i32 = 112;
    /// PPP for pppd, with a direction byte for the address.
    pub const PPP_PPPD: i32 = 166;
    /// Frame Relay.
    pub const FRELAY: i32 = 107;
    /// FRF.16 multilink Frame Relay.
    pub const MFR: i32 = 182;

    /// Whether the printer decodes packets of this link type.
    pub fn supported(lt: i32) -> bool {
        matches!(
            lt,
            NULL | EN10MB
                | RAW_12
                | RAW_14
                | LOOP
                | RAW
                | LINUX_SLL
                | IPV4
                | IPV6
                | LINUX_SLL2
                | DSA_TAG_BRCM
                | DSA_TAG_BRCM_PREPEND
                | DSA_TAG_DSA
                | DSA_TAG_EDSA
                | ARCNET
                | ARCNET_LINUX
                | PPP
                | PPP_HDLC
                | PPP_ETHER
                | PPP_BSDOS
                | C_HDLC
                | NETBSD_HDLC
                | PPP_PPPD
                | FRELAY
                | MFR
        )
    }

    /// tcpdump's name and description of a link type, for the `reading from file` banner.
    pub fn name(lt: i32) -> (&'static str, &'static str) {
        match lt {
            NULL => ("NULL", "BSD loopback"),
            EN10MB => ("EN10MB", "Ethernet"),
            RAW_12 | RAW_14 | RAW => ("RAW", "Raw IP"),
            LOOP => ("LOOP", "OpenBSD loopback"),
            LINUX_SLL => ("LINUX_SLL", "Linux cooked v1"),
            IPV4 => ("IPV4", "Raw IPv4"),
            IPV6 => ("IPV6", "Raw IPv6"),
            LINUX_SLL2 => ("LINUX_SLL2", "Linux cooked v2"),
            DSA_TAG_BRCM => ("DSA_TAG_BRCM", "Broadcom tag"),
            DSA_TAG_BRCM_PREPEND => ("DSA_TAG_BRCM_PREPEND", "Broadcom tag (prepended)"),
            DSA_TAG_DSA => ("DSA_TAG_DSA", "Marvell DSA"),
            DSA_TAG_EDSA => ("DSA_TAG_EDSA", "Marvell EDSA"),
            ARCNET => ("ARCNET", "BSD ARCNET"),
            ARCNET_LINUX => ("ARCNET_LINUX", "Linux ARCNET"),
            PPP => ("PPP", "PPP"),
            PPP_HDLC => ("PPP_SERIAL", "PPP over serial"),
            PPP_ETHER => ("PPP_ETHER", "PPPoE"),
            PPP_BSDOS => ("PPP_BSDOS", "BSD/OS PPP"),
            C_HDLC => ("C_HDLC", "Cisco HDLC"),
            NETBSD_HDLC => ("HDLC", "Cisco HDLC"),
            PPP_PPPD => ("PPP_PPPD", "PPP for pppd, with direction flag"),
            FRELAY => ("FRELAY", "Frame Relay"),
            MFR => ("MFR", "FRF.16 Frame Relay"),
            _ => ("", ""),
        }
    }
}

/// tcpdump's `MAXIMUM_SNAPLEN`: longer records are reported, not printed.
const MAX_SNAPLEN: u32 = 262_144;

/// A timestamp as read: seconds and a fraction in micro- or nanoseconds. tcpdump prints a
/// file's fraction field as it is (even a bogus micro value above 999999), so it is kept raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Seconds since the epoch.
    pub sec: i64,
    /// The fraction, in the unit `nano` says.
    pub frac: u32,
    /// Whether `frac` is nanoseconds (else microseconds).
    pub nano: bool,
}

/// Prints packets of one link type as tcpdump does, one line (or more, with `-v`/`-x`) each.
pub struct Printer {
    opts: Options,
    linktype: i32,
    count: u64,
    first: Option<(i64, u32)>,
    prev: Option<(i64, u32)>,
    tcp: tcp::SeqTable,
    isakmp: isakmp::Cookies,
    nfs: nfs::XidMap,
    rx: rx::Cache,
    names: names::Names,
    line: Vec<u8>,
    clock: time::LocalClock,
}

impl Printer {
    /// A printer for packets of link type `linktype` (a LINKTYPE_ value).
    pub fn new(opts: Options, linktype: i32) -> Printer {
        let names = names::Names::new(opts.numeric == 0);
        Printer {
            opts,
            linktype,
            count: 0,
            first: None,
            prev: None,
            tcp: tcp::SeqTable::default(),
            isakmp: isakmp::Cookies::default(),
            nfs: nfs::XidMap::default(),
            rx: rx::Cache::default(),
            names,
            line: Vec::with_capacity(512),
            clock: time::LocalClock::default(),
        }
    }

    /// Switches to another link type (pcapng files may mix interfaces of several types).
    pub fn set_linktype(&mut self, linktype: i32) {
        self.linktype = linktype;
    }

    /// Prints one packet. `caplen` is `data.len()`; `wirelen` is its length on the wire.
    pub fn print(
        &mut self,
        out: &mut impl Write,
        ts_sec: i64,
        ts_nsec: u32,
        caplen: u32,
        wirelen: u32,
        data: &[u8],
    ) -> std::io::Result<()> {
        let ts = Timestamp {
            sec: ts_sec,
            frac: ts_nsec,
            nano: true,
        };
        self.print_ts(out, ts, caplen, wirelen, data)
    }

    /// Prints one packet whose timestamp fraction is in the unit the file used.
    pub fn print_ts(
        &mut self,
        out: &mut impl Write,
        ts: Timestamp,
        caplen: u32,
        wirelen: u32,
        data: &[u8],
    ) -> std::io::Result<()> {
        let data = &data[..(caplen as usize).min(data.len())];
        self.count += 1;
        self.line.clear();
        if self.opts.number {
            let _ = write!(self.line, "{:5}  ", self.count);
        }
        // As tcpdump: a record whose lengths make no sense is reported instead of printed.
        if caplen == 0
            || wirelen == 0
            || wirelen < caplen
            || caplen > MAX_SNAPLEN
            || wirelen > MAX_SNAPLEN
        {
            let mut problems: Vec<String> = Vec::new();
            if caplen == 0 {
                problems.push("caplen==0".into());
            }
            if wirelen == 0 {
                problems.push("len==0".into());
            } else if wirelen < caplen {
                problems.push(format!("len({wirelen}) < caplen({caplen})"));
            }
            if caplen > MAX_SNAPLEN {
                problems.push(format!("caplen({caplen}) > {MAX_SNAPLEN}"));
            }
            if wirelen > MAX_SNAPLEN {
                problems.push(format!("len({wirelen}) > {MAX_SNAPLEN}"));
            }
            let _ = writeln!(self.line, "[Invalid header: {}]", problems.join(", "));
            return out.write_all(&self.line);
        }
        self.timestamp(ts);
        let mut nd = Nd {
            o: &mut self.line,
            opts: &self.opts,
            proto: "",
            tcp: &mut self.tcp,
            nfs: &mut self.nfs,
            rx: &mut self.rx,
            names: &self.names,
            isakmp: &mut self.isakmp,
            early_end: false,
            verbose_lost: 0,
        };
        let mut hdrlen = link::print(&mut nd, self.linktype, data, wirelen);
        if nd.early_end {
            hdrlen = 0;
        }
        ascii::dump(&mut nd, data, hdrlen);
        let lost = nd.verbose_lost;
        self.opts.verbose = self.opts.verbose.saturating_sub(lost);
        self.line.push(b'\n');
        out.write_all(&self.line)
    }

    fn timestamp(&mut self, ts: Timestamp) {
        let nano = self.opts.nano;
        // The fraction in the unit printed, scaled as libpcap does when reading.
        let frac = match (ts.nano, nano) {
            (true, false) => ts.frac / 1000,
            (false, true) => ts.frac.wrapping_mul(1000),
            _ => ts.frac,
        };
        let o = &mut self.line;
        // tcpdump refuses times before 1970 or past 2106 (the file's 32-bit field, signed).
        if matches!(self.opts.timestamp, 0 | 2 | 4) && (ts.sec < 0 || ts.sec > u32::MAX as i64) {
            o.extend_from_slice(b"[Error converting time] ");
            return;
        }
        let width = if nano { 9 } else { 6 };
        match self.opts.timestamp {
            0 => {
                let (h, m, s) = self.clock.hms(ts.sec);
                let _ = write!(o, "{h:02}:{m:02}:{s:02}.{frac:0width$} ");
            }
            1 => {}
            2 => {
                let _ = write!(o, "{}.{frac:0width$} ", ts.sec);
            }
            3 | 5 => {
                let base = if self.opts.timestamp == 3 {
                    self.prev
                } else {
                    self.first
                };
                let base = base.unwrap_or((ts.sec, frac));
                let unit: i128 = if nano { 1_000_000_000 } else { 1_000_000 };
                let now = ts.sec as i128 * unit + frac as i128;
                let then = base.0 as i128 * unit + base.1 as i128;
                let d = now - then;
                let (sign, d) = if d < 0 { ('-', -d) } else { (' ', d) };
                let secs = d / unit;
                let f = d % unit;
                let _ = write!(
                    o,
                    "{sign}{:02}:{:02}:{:02}.{f:0width$} ",
                    secs / 3600,
                    (secs / 60) % 60,
                    secs % 60
                );
            }
            _ => {
                let (y, mo, d, h, m, s) = self.clock.ymdhms(ts.sec);
                let _ = write!(
                    o,
                    "{y:04}-{mo:02}-{d:02} {h:02}:{m:02}:{s:02}.{frac:0width$} "
                );
            }
        }
        if self.first.is_none() {
            self.first = Some((ts.sec, frac));
        }
        self.prev = Some((ts.sec, frac));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn print_one(opts: Options, lt: i32, data: &[u8]) -> String {
        let mut p = Printer::new(opts, lt);
        let mut out = Vec::new();
        p.print(&mut out, 0, 0, data.len() as u32, data.len() as u32, data)
            .unwrap();
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn timestamp_formats() {
        let mut p = Printer::new(
            Options {
                timestamp: 2,
                ..Default::default()
            },
            1,
        );
        let mut out = Vec::new();
        p.print(&mut out, 1418145369, 924505000, 1, 1, &[0])
            .unwrap();
        assert!(String::from_utf8_lossy(&out).starts_with("1418145369.924505 "));
    }

    #[test]
    fn invalid_record_lengths_are_reported() {
        let mut p = Printer::new(Options::default(), 1);
        let mut out = Vec::new();
        p.print(&mut out, 0, 0, 35, 34, &[0; 35]).unwrap();
        p.print(&mut out, 0, 0, 0, 0, &[]).unwrap();
        p.print(&mut out, 0, 0, 10, 300_000, &[0; 10]).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "[Invalid header: len(34) < caplen(35)]\n[Invalid header: caplen==0, len==0]\n\
             [Invalid header: len(300000) > 262144]\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
                                    lt in proptest::sample::select(vec![0, 1, 12, 101, 113, 228, 229, 276]),
                                    v in 0u8..4, e: bool, x in 0u8..3) {
            let opts = Options { verbose: v, link_header: e, hex_ascii: x, numeric: 1, ..Default::default() };
            let _ = print_one(opts, lt, &data);
        }

        #[test]
        fn random_ipv6_payloads_never_panic(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
                                            nh in proptest::sample::select(vec![0u8, 6, 17, 43, 44, 58, 60, 59, 41, 4]),
                                            plen in 0u16..300, v in 0u8..4) {
            let mut data = vec![0x60, 0, 0, 0];
            data.extend_from_slice(&plen.to_be_bytes());
            data.extend_from_slice(&[nh, 64]);
            data.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
            data.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
            data.extend_from_slice(&tail);
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 229, &data);
        }

        #[test]
        fn random_dns_never_panic(msg in proptest::collection::vec(proptest::num::u8::ANY, 0..300), v in 0u8..4, tcp: bool) {
            let mut data = vec![0x45, 0, 0, 0, 0, 0, 0, 0, 64, if tcp { 6 } else { 17 }, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
            if tcp {
                data.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
                data.extend_from_slice(&(msg.len() as u16).to_be_bytes());
            } else {
                data.extend_from_slice(&[0x30, 0x39, 0, 53]);
                data.extend_from_slice(&((msg.len() + 8) as u16).to_be_bytes());
                data.extend_from_slice(&[0, 0]);
            }
            data.extend_from_slice(&msg);
            let total = data.len() as u16;
            data[2..4].copy_from_slice(&total.to_be_bytes());
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 228, &data);
        }

        #[test]
        fn random_ipv4_tcp_udp_never_panic(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
                                           proto in proptest::sample::select(vec![1u8, 6, 17, 58, 41, 0]), v in 0u8..4) {
            let mut data = vec![0x45, 0, 0, 200, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
            data.extend_from_slice(&tail);
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 101, &data);
        }
    }
}
