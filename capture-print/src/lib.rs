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
mod ahcp;
mod aodv;
mod aoe;
mod ap1394;
mod arcnet;
mod arista;
mod arp;
mod ascii;
mod atalk;
mod atm;
mod babel;
mod bcm_li;
mod beep;
mod bfd;
mod bgp;
mod bootp;
mod brcmtag;
mod bt;
mod calm_fast;
mod carp;
mod cdp;
mod cfm;
mod chdlc;
mod cip;
mod cnfp;
pub mod cnum;
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
mod enc;
mod esp;
mod ether;
mod fddi;
mod forces;
mod fr;
mod ftp;
mod geneve;
mod geonet;
mod gmpls;
mod gre;
mod hncp;
mod hsrp;
mod http;
mod icmp;
mod icmp6;
mod ieee802_11;
mod ieee802_15_4;
mod igmp;
mod igrp;
mod ip;
mod ip6;
mod ipcomp;
mod ipnet;
mod ipoib;
mod ipx;
mod isakmp;
mod isoclns;
mod juniper;
mod krb;
mod l2tp;
mod l2vpn;
mod lane;
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
mod mpcp;
mod mpls;
mod msdp;
mod msnlb;
mod names;
mod nflog;
mod nfs;
mod nlpid;
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
mod pflog;
mod pgm;
mod pim;
mod ppi;
mod ppp;
mod pppoe;
mod pptp;
mod ptp;
mod radius;
mod realtek;
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
mod sl;
mod slow;
mod smtp;
mod snmp;
mod someip;
mod ssh;
mod stp;
mod sunatm;
mod sunrpc;
mod symantec;
mod syslog;
mod tcp;
mod telnet;
mod tftp;
mod time;
mod timed;
mod tipc;
mod token;
mod udld;
mod udp;
mod usb;
mod util;
mod vqp;
mod vrrp;
mod vsock;
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
mod lan_tests;
#[cfg(test)]
mod never_panic_tests;
mod protonames;
#[cfg(test)]
mod test_pkt;

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
    /// `-N`: print host names without their domain.
    pub no_domain: bool,
    /// `-u`: print NFS file handles undecoded.
    pub nfs_handles: bool,
    /// `-f`: the capture interface's IPv4 network and mask (network byte order, as libpcap's
    /// `pcap_lookupnet` gives them); IPv4 addresses outside it are printed as numbers.
    pub local_net: Option<([u8; 4], [u8; 4])>,
    /// `-E`: the ESP and IKEv2 secrets, as tcpdump takes them (`[SPI@ADDR ]ALGO:SECRET`, a
    /// comma or newline between them, or `file NAME`); read at the first ESP or ISAKMP packet.
    pub esp_secret: Option<Vec<u8>>,
    /// `-M`: the TCP-MD5 (RFC 2385) shared secret the signature option is checked with.
    pub sig_secret: Option<Vec<u8>>,
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

impl PacketType {
    /// tcpdump's `-T` names, each with its type.
    pub const NAMES: &[(&str, PacketType)] = &[
        ("vat", PacketType::Vat),
        ("wb", PacketType::Wb),
        ("rpc", PacketType::Rpc),
        ("rtp", PacketType::Rtp),
        ("rtcp", PacketType::Rtcp),
        ("snmp", PacketType::Snmp),
        ("cnfp", PacketType::Cnfp),
        ("tftp", PacketType::Tftp),
        ("aodv", PacketType::Aodv),
        ("carp", PacketType::Carp),
        ("radius", PacketType::Radius),
        ("zmtp1", PacketType::Zmtp1),
        ("vxlan", PacketType::Vxlan),
        ("pgm", PacketType::Pgm),
        ("pgm_zmtp1", PacketType::PgmZmtp1),
        ("lmp", PacketType::Lmp),
        ("resp", PacketType::Resp),
        ("ptp", PacketType::Ptp),
        ("someip", PacketType::Someip),
        ("domain", PacketType::Domain),
    ];
}

impl std::str::FromStr for PacketType {
    type Err = String;

    /// tcpdump's `-T` names, in any case; the error is tcpdump's message.
    fn from_str(s: &str) -> Result<Self, String> {
        PacketType::NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s))
            .map(|&(_, t)| t)
            .ok_or_else(|| format!("unknown packet type `{s}'"))
    }
}

impl Options {
    /// Whether tcpdump's default hex print of unknown payloads is off (`-x`, `-X`, `-q`).
    fn suppress_default_print(&self) -> bool {
        // -A does not replace it: tcpdump prints both. -q suppresses it too.
        self.hex > 0 || self.hex_ascii > 0 || self.quiet
    }
}

/// An error that ends the run, as tcpdump's `ndo_error` does (a secrets file that cannot be
/// opened, a bad hex digit in a secret): [`Printer::print_ts`] returns it inside an
/// [`std::io::Error`] after writing what the packet had printed, and the caller prints the
/// message after its program name and exits with the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal {
    /// tcpdump's exit status for it.
    pub status: u8,
    /// The message, without the program name or a final newline.
    pub message: String,
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fatal {}

impl Fatal {
    /// The [`Fatal`] an error returned by [`Printer::print_ts`] carries, if it is one.
    pub fn of(e: &std::io::Error) -> Option<&Fatal> {
        e.get_ref().and_then(|inner| inner.downcast_ref())
    }
}

/// An I/O error in the C library's words (`Broken pipe`), as tcpdump prints it, without Rust's
/// `(os error N)`.
pub fn strerror(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
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
    /// What the printers remember from packet to packet.
    pub state: &'a mut State,
    /// Port names (empty with `-n`).
    pub names: &'a names::Names,
    /// A printer ran past the captured data and the mark was printed at the top, as after
    /// tcpdump's longjmp: the `-x` dump then starts at the link-layer header.
    pub early_end: bool,
    /// How many `-v` the packets after this one lose: an OpenFlow frame decoded at three `-v`
    /// fewer ended in a truncation, which in tcpdump unwinds before the verbosity is restored.
    pub verbose_lost: u8,
    /// An error that ends the run, and how much of the line was printed when it came.
    pub fatal: Option<(Fatal, usize)>,
}

/// What the printers remember from packet to packet (tcpdump keeps these in its printers'
/// static variables): one place, reached through [`Nd::state`].
#[derive(Default)]
pub(crate) struct State {
    /// TCP relative-sequence state, per connection.
    pub tcp: tcp::SeqTable,
    /// Compressed SLIP's connection and lengths.
    pub slip: sl::State,
    /// Recent NFS calls, to decode the replies that answer them.
    pub nfs: nfs::XidMap,
    /// Recent Rx calls, to decode the replies that answer them.
    pub rx: rx::Cache,
    /// The IKEv1 initiator cookies seen, to tell the initiator's packets from the responder's.
    pub isakmp: isakmp::Cookies,
    /// The ESP and IKEv2 security associations of `-E`.
    pub esp: esp::Sas,
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
    pub fn u(&mut self, n: u64) {
        push_dec(self.o, n, 0);
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

    /// tcpdump's `ndo_warning`: a line on standard error, printed when it happens.
    pub fn warn(&mut self, msg: &str) {
        // As tcpdump, a message that ends its own line gets no second newline.
        let nl = if msg.ends_with('\n') { "" } else { "\n" };
        eprint!("capture: WARNING: {msg}{nl}");
    }

    /// tcpdump's `ndo_error`: the run ends once this packet's text so far is written.
    /// Returns the truncation that unwinds the printers to the top.
    pub fn fatal(&mut self, status: u8, msg: &str) -> Trunc {
        let message = msg.strip_suffix('\n').unwrap_or(msg).to_owned();
        self.fatal = Some((Fatal { status, message }, self.o.len()));
        Trunc
    }

    /// tcpdump's `nd_print_invalid`.
    pub fn invalid(&mut self) {
        self.s(" (invalid)");
    }

    /// tcpdump's `invalid:` label in the TLV printers: the mark, then `ND_TCHECK_LEN` of the
    /// `len` bytes at `i` that were not decoded (a truncation if they were not all captured).
    pub fn invalid_rest(&mut self, p: &[u8], i: usize, len: usize) -> Res {
        self.invalid();
        sl(p, i, len).map(drop)
    }

    /// Prints an IPv4 (4 bytes) or IPv6 (16 bytes) host address, by its length.
    pub fn host(&mut self, a: &[u8]) {
        if a.len() == 4 {
            self.host4(a);
        } else {
            self.host6(a);
        }
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

/// Appends `n` in decimal, zero-padded to at least `width` digits, as `{n:0width$}` does but
/// without `fmt`'s machinery (timestamps and port numbers are on every line).
#[inline]
pub(crate) fn push_dec(o: &mut Vec<u8>, mut n: u64, width: usize) {
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
    let digits = buf.len() - i;
    o.resize(o.len() + width.saturating_sub(digits), b'0');
    o.extend_from_slice(&buf[i..]);
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

/// tcpdump's `ND_TCHECK_LEN` on the first `n` bytes of `b` where a failure longjmps: a
/// truncation unless they were all captured.
#[inline]
pub(crate) fn tcheck_len(b: &[u8], n: u32) -> Res {
    if has(b, 0, n as usize) {
        Ok(())
    } else {
        Err(Trunc)
    }
}

/// tcpdump's `tok2str`: the name of `v` in `table`, or `None`.
pub(crate) fn tok(table: &[(u32, &'static str)], v: u32) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v).map(|(_, s)| *s)
}

/// Link-layer types: the LINKTYPE_ values of capture files the printer dispatches on, their
/// mapping to libpcap's DLT_ values (Linux numbering), and libpcap's names for them.
pub mod linktype {
    /// BSD loopback.
    pub const NULL: i32 = 0;
    /// Ethernet.
    pub const EN10MB: i32 = 1;
    /// IEEE 802.5 Token Ring.
    pub const IEEE802_5: i32 = 6;
    /// ARCNET with BSD-style headers.
    pub const ARCNET_BSD: i32 = 7;
    /// SLIP, with tcpdump's 16-byte pseudo-header.
    pub const SLIP: i32 = 8;
    /// PPP.
    pub const PPP: i32 = 9;
    /// FDDI.
    pub const FDDI: i32 = 10;
    /// PPP in HDLC-like framing.
    pub const PPP_HDLC: i32 = 50;
    /// PPPoE session packets without an Ethernet header.
    pub const PPP_ETHER: i32 = 51;
    /// Symantec Enterprise Firewall.
    pub const SYMANTEC_FIREWALL: i32 = 99;
    /// RFC 1483 LLC/SNAP-encapsulated ATM.
    pub const ATM_RFC1483: i32 = 100;
    /// Raw IP.
    pub const RAW: i32 = 101;
    /// BSD/OS SLIP.
    pub const SLIP_BSDOS: i32 = 102;
    /// BSD/OS PPP.
    pub const PPP_BSDOS: i32 = 103;
    /// Cisco HDLC.
    pub const C_HDLC: i32 = 104;
    /// IEEE 802.11 without a radio header.
    pub const IEEE802_11: i32 = 105;
    /// Linux Classical IP over ATM.
    pub const ATM_CLIP: i32 = 106;
    /// Frame Relay.
    pub const FRELAY: i32 = 107;
    /// OpenBSD loopback.
    pub const LOOP: i32 = 108;
    /// OpenBSD enc(4) encapsulated IP.
    pub const ENC: i32 = 109;
    /// NetBSD HDLC framing (Cisco HDLC).
    pub const NETBSD_HDLC: i32 = 112;
    /// Linux cooked v1.
    pub const LINUX_SLL: i32 = 113;
    /// Apple LocalTalk.
    pub const LTALK: i32 = 114;
    /// OpenBSD pflog.
    pub const PFLOG: i32 = 117;
    /// 802.11 with a Prism (or AVS) header.
    pub const IEEE802_11_PRISM: i32 = 119;
    /// RFC 2625 IP over Fibre Channel.
    pub const IP_OVER_FC: i32 = 122;
    /// SunATM.
    pub const SUNATM: i32 = 123;
    /// 802.11 with a radiotap header.
    pub const IEEE802_11_RADIOTAP: i32 = 127;
    /// ARCNET with Linux-style headers.
    pub const ARCNET_LINUX: i32 = 129;
    /// Juniper multi-link PPP.
    pub const JUNIPER_MLPPP: i32 = 130;
    /// Juniper multi-link Frame Relay.
    pub const JUNIPER_MLFR: i32 = 131;
    /// Juniper Encryption Services PIC.
    pub const JUNIPER_ES: i32 = 132;
    /// Juniper GGSN PIC.
    pub const JUNIPER_GGSN: i32 = 133;
    /// Juniper FRF.16 Frame Relay.
    pub const JUNIPER_MFR: i32 = 134;
    /// Juniper ATM2 PIC.
    pub const JUNIPER_ATM2: i32 = 135;
    /// Juniper Advanced Services PIC.
    pub const JUNIPER_SERVICES: i32 = 136;
    /// Juniper ATM1 PIC.
    pub const JUNIPER_ATM1: i32 = 137;
    /// Apple IP over IEEE 1394.
    pub const APPLE_IP_OVER_IEEE1394: i32 = 138;
    /// 802.11 with an AVS radio header.
    pub const IEEE802_11_AVS: i32 = 163;
    /// Juniper Passive Monitor PIC.
    pub const JUNIPER_MONITOR: i32 = 164;
    /// PPP for pppd, with a direction flag.
    pub const PPP_PPPD: i32 = 166;
    /// Juniper PPPoE.
    pub const JUNIPER_PPPOE: i32 = 167;
    /// Juniper PPPoE over ATM.
    pub const JUNIPER_PPPOE_ATM: i32 = 168;
    /// Juniper Ethernet.
    pub const JUNIPER_ETHER: i32 = 178;
    /// Juniper PPP.
    pub const JUNIPER_PPP: i32 = 179;
    /// Juniper Frame Relay.
    pub const JUNIPER_FRELAY: i32 = 180;
    /// Juniper C-HDLC.
    pub const JUNIPER_CHDLC: i32 = 181;
    /// FRF.16 multi-link Frame Relay.
    pub const MFR: i32 = 182;
    /// Juniper Voice PIC.
    pub const JUNIPER_VP: i32 = 183;
    /// USB with the 48-byte Linux header.
    pub const USB_LINUX: i32 = 189;
    /// Per-Packet Information.
    pub const PPI: i32 = 192;
    /// IEEE 802.15.4 with an FCS.
    pub const IEEE802_15_4_WITHFCS: i32 = 195;
    /// Bluetooth HCI UART transport with a direction pseudo-header.
    pub const BLUETOOTH_HCI_H4_WITH_PHDR: i32 = 201;
    /// USB with the 64-byte Linux header.
    pub const USB_LINUX_MMAPPED: i32 = 220;
    /// Solaris ipnet.
    pub const IPNET: i32 = 226;
    /// Raw IPv4.
    pub const IPV4: i32 = 228;
    /// Raw IPv6.
    pub const IPV6: i32 = 229;
    /// IEEE 802.15.4 without an FCS.
    pub const IEEE802_15_4_NOFCS: i32 = 230;
    /// Linux netfilter log messages.
    pub const NFLOG: i32 = 239;
    /// Ethernet with Hilscher netANALYZER pseudo-header.
    pub const NETANALYZER: i32 = 240;
    /// netANALYZER with the preamble and SFD.
    pub const NETANALYZER_TRANSPARENT: i32 = 241;
    /// RFC 4391 IP over InfiniBand.
    pub const IPOIB: i32 = 242;
    /// Packet filter state syncing.
    pub const PFSYNC: i32 = 246;
    /// Apple PKTAP.
    pub const PKTAP: i32 = 258;
    /// User type 2, which macOS Mavericks wrote for PKTAP (tcpdump prints it as PKTAP).
    pub const USER2: i32 = 149;
    /// Linux vsock.
    pub const VSOCK: i32 = 271;
    /// Linux cooked v2.
    pub const LINUX_SLL2: i32 = 276;
    /// Broadcom tag.
    pub const DSA_TAG_BRCM: i32 = 281;
    /// Broadcom tag, prepended.
    pub const DSA_TAG_BRCM_PREPEND: i32 = 282;
    /// IEEE 802.15.4 with a TAP pseudo-header.
    pub const IEEE802_15_4_TAP: i32 = 283;
    /// Marvell DSA.
    pub const DSA_TAG_DSA: i32 = 284;
    /// Marvell EDSA.
    pub const DSA_TAG_EDSA: i32 = 285;

    /// The LINKTYPE_ value of a file's link-type field, or of a DLT_ value (Linux numbering):
    /// a few files carry the DLT_ value (as older libpcaps wrote it), which libpcap reads as
    /// that DLT, the LINKTYPE named here. DLT 14 is raw IP on OpenBSD.
    pub fn canonical(file_value: i32) -> i32 {
        match file_value {
            11 => ATM_RFC1483,
            12 | 14 => RAW,
            15 => SLIP_BSDOS,
            16 => PPP_BSDOS,
            19 => ATM_CLIP,
            v => v,
        }
    }

    /// libpcap's DLT_ value (Linux numbering) of a LINKTYPE_ value.
    pub fn to_dlt(lt: i32) -> i32 {
        match canonical(lt) {
            ATM_RFC1483 => 11,
            RAW => 12,
            SLIP_BSDOS => 15,
            PPP_BSDOS => 16,
            ATM_CLIP => 19,
            v => v,
        }
    }

    /// The LINKTYPE_ value of a DLT_ value (Linux numbering), as libpcap's `dlt_to_linktype`:
    /// `None` for a value that is no DLT here (the LINKTYPE_-only values among them).
    pub fn from_dlt(dlt: i32) -> Option<i32> {
        match dlt {
            11 => Some(ATM_RFC1483),
            12 => Some(RAW),
            15 => Some(SLIP_BSDOS),
            16 => Some(PPP_BSDOS),
            19 => Some(ATM_CLIP),
            13 | 14 | 17 | 18 | 100..=103 | 106 => None,
            d => Some(d),
        }
    }

    /// Whether the printer decodes packets of this link type: whether the link-layer dispatch
    /// has a printer for it.
    pub fn supported(lt: i32) -> bool {
        crate::link::printer(lt).is_some()
    }

    /// libpcap's name and description of a link type (as in tcpdump's `reading from file`
    /// banner), or `None` for a value it does not know.
    pub fn name(lt: i32) -> Option<(&'static str, &'static str)> {
        dlt_name(to_dlt(lt))
    }

    /// libpcap's name and description of a DLT_ value (`pcap_datalink_val_to_name`).
    pub fn dlt_name(dlt: i32) -> Option<(&'static str, &'static str)> {
        DLT_NAMES
            .iter()
            .find(|(v, _, _)| *v == dlt)
            .map(|&(_, n, d)| (n, d))
    }

    /// libpcap 1.10.3's names and descriptions of the DLT_ values (Linux numbering), as
    /// `pcap_datalink_val_to_name` and `pcap_datalink_val_to_description` give them.
    const DLT_NAMES: &[(i32, &str, &str)] = &[
        (0, "NULL", "BSD loopback"),
        (1, "EN10MB", "Ethernet"),
        (6, "IEEE802", "Token ring"),
        (7, "ARCNET", "BSD ARCNET"),
        (8, "SLIP", "SLIP"),
        (9, "PPP", "PPP"),
        (10, "FDDI", "FDDI"),
        (11, "ATM_RFC1483", "RFC 1483 LLC-encapsulated ATM"),
        (12, "RAW", "Raw IP"),
        (15, "SLIP_BSDOS", "BSD/OS SLIP"),
        (16, "PPP_BSDOS", "BSD/OS PPP"),
        (19, "ATM_CLIP", "Linux Classical IP over ATM"),
        (50, "PPP_SERIAL", "PPP over serial"),
        (51, "PPP_ETHER", "PPPoE"),
        (99, "SYMANTEC_FIREWALL", "Symantec Firewall"),
        (104, "C_HDLC", "Cisco HDLC"),
        (105, "IEEE802_11", "802.11"),
        (107, "FRELAY", "Frame Relay"),
        (108, "LOOP", "OpenBSD loopback"),
        (109, "ENC", "OpenBSD encapsulated IP"),
        (113, "LINUX_SLL", "Linux cooked v1"),
        (114, "LTALK", "Localtalk"),
        (117, "PFLOG", "OpenBSD pflog file"),
        (119, "PRISM_HEADER", "802.11 plus Prism header"),
        (122, "IP_OVER_FC", "RFC 2625 IP-over-Fibre Channel"),
        (123, "SUNATM", "Sun raw ATM"),
        (127, "IEEE802_11_RADIO", "802.11 plus radiotap header"),
        (129, "ARCNET_LINUX", "Linux ARCNET"),
        (130, "JUNIPER_MLPPP", "Juniper Multi-Link PPP"),
        (131, "JUNIPER_MLFR", "Juniper Multi-Link Frame Relay"),
        (132, "JUNIPER_ES", "Juniper Encryption Services PIC"),
        (133, "JUNIPER_GGSN", "Juniper GGSN PIC"),
        (134, "JUNIPER_MFR", "Juniper FRF.16 Frame Relay"),
        (135, "JUNIPER_ATM2", "Juniper ATM2 PIC"),
        (136, "JUNIPER_SERVICES", "Juniper Advanced Services PIC"),
        (137, "JUNIPER_ATM1", "Juniper ATM1 PIC"),
        (138, "APPLE_IP_OVER_IEEE1394", "Apple IP-over-IEEE 1394"),
        (139, "MTP2_WITH_PHDR", "SS7 MTP2 with Pseudo-header"),
        (140, "MTP2", "SS7 MTP2"),
        (141, "MTP3", "SS7 MTP3"),
        (142, "SCCP", "SS7 SCCP"),
        (143, "DOCSIS", "DOCSIS"),
        (144, "LINUX_IRDA", "Linux IrDA"),
        (
            163,
            "IEEE802_11_RADIO_AVS",
            "802.11 plus AVS radio information header",
        ),
        (164, "JUNIPER_MONITOR", "Juniper Passive Monitor PIC"),
        (165, "BACNET_MS_TP", "BACnet MS/TP"),
        (166, "PPP_PPPD", "PPP for pppd, with direction flag"),
        (167, "JUNIPER_PPPOE", "Juniper PPPoE"),
        (168, "JUNIPER_PPPOE_ATM", "Juniper PPPoE/ATM"),
        (169, "GPRS_LLC", "GPRS LLC"),
        (170, "GPF_T", "GPF-T"),
        (171, "GPF_F", "GPF-F"),
        (174, "JUNIPER_PIC_PEER", "Juniper PIC Peer"),
        (175, "ERF_ETH", "Ethernet with Endace ERF header"),
        (176, "ERF_POS", "Packet-over-SONET with Endace ERF header"),
        (177, "LINUX_LAPD", "Linux vISDN LAPD"),
        (178, "JUNIPER_ETHER", "Juniper Ethernet"),
        (179, "JUNIPER_PPP", "Juniper PPP"),
        (180, "JUNIPER_FRELAY", "Juniper Frame Relay"),
        (181, "JUNIPER_CHDLC", "Juniper C-HDLC"),
        (182, "MFR", "FRF.16 Frame Relay"),
        (183, "JUNIPER_VP", "Juniper Voice PIC"),
        (184, "A429", "Arinc 429"),
        (185, "A653_ICM", "Arinc 653 Interpartition Communication"),
        (186, "USB_FREEBSD", "USB with FreeBSD header"),
        (
            187,
            "BLUETOOTH_HCI_H4",
            "Bluetooth HCI UART transport layer",
        ),
        (
            188,
            "IEEE802_16_MAC_CPS",
            "IEEE 802.16 MAC Common Part Sublayer",
        ),
        (189, "USB_LINUX", "USB with Linux header"),
        (190, "CAN20B", "Controller Area Network (CAN) v. 2.0B"),
        (
            191,
            "IEEE802_15_4_LINUX",
            "IEEE 802.15.4 with Linux padding",
        ),
        (192, "PPI", "Per-Packet Information"),
        (
            193,
            "IEEE802_16_MAC_CPS_RADIO",
            "IEEE 802.16 MAC Common Part Sublayer plus radiotap header",
        ),
        (194, "JUNIPER_ISM", "Juniper Integrated Service Module"),
        (195, "IEEE802_15_4", "IEEE 802.15.4 with FCS"),
        (196, "SITA", "SITA pseudo-header"),
        (197, "ERF", "Endace ERF header"),
        (198, "RAIF1", "Ethernet with u10 Networks pseudo-header"),
        (199, "IPMB_KONTRON", "IPMB with Kontron pseudo-header"),
        (200, "JUNIPER_ST", "Juniper Secure Tunnel"),
        (
            201,
            "BLUETOOTH_HCI_H4_WITH_PHDR",
            "Bluetooth HCI UART transport layer plus pseudo-header",
        ),
        (202, "AX25_KISS", "AX.25 with KISS header"),
        (
            209,
            "IPMB_LINUX",
            "IPMB with Linux/Pigeon Point pseudo-header",
        ),
        (
            215,
            "IEEE802_15_4_NONASK_PHY",
            "IEEE 802.15.4 with non-ASK PHY data",
        ),
        (216, "LINUX_EVDEV", "Linux evdev events"),
        (219, "MPLS", "MPLS with label as link-layer header"),
        (220, "USB_LINUX_MMAPPED", "USB with padded Linux header"),
        (221, "DECT", "DECT"),
        (222, "AOS", "AOS Space Data Link protocol"),
        (223, "WIHART", "Wireless HART"),
        (224, "FC_2", "Fibre Channel FC-2"),
        (
            225,
            "FC_2_WITH_FRAME_DELIMS",
            "Fibre Channel FC-2 with frame delimiters",
        ),
        (226, "IPNET", "Solaris ipnet"),
        (227, "CAN_SOCKETCAN", "CAN-bus with SocketCAN headers"),
        (228, "IPV4", "Raw IPv4"),
        (229, "IPV6", "Raw IPv6"),
        (230, "IEEE802_15_4_NOFCS", "IEEE 802.15.4 without FCS"),
        (231, "DBUS", "D-Bus"),
        (232, "JUNIPER_VS", "Juniper Virtual Server"),
        (233, "JUNIPER_SRX_E2E", "Juniper SRX E2E"),
        (234, "JUNIPER_FIBRECHANNEL", "Juniper Fibre Channel"),
        (235, "DVB_CI", "DVB-CI"),
        (236, "MUX27010", "MUX27010"),
        (237, "STANAG_5066_D_PDU", "STANAG 5066 D_PDUs"),
        (238, "JUNIPER_ATM_CEMIC", "Juniper ATM CEMIC"),
        (239, "NFLOG", "Linux netfilter log messages"),
        (
            240,
            "NETANALYZER",
            "Ethernet with Hilscher netANALYZER pseudo-header",
        ),
        (
            241,
            "NETANALYZER_TRANSPARENT",
            "Ethernet with Hilscher netANALYZER pseudo-header and with preamble and SFD",
        ),
        (242, "IPOIB", "RFC 4391 IP-over-Infiniband"),
        (243, "MPEG_2_TS", "MPEG-2 transport stream"),
        (244, "NG40", "ng40 protocol tester Iub/Iur"),
        (245, "NFC_LLCP", "NFC LLCP PDUs with pseudo-header"),
        (246, "PFSYNC", "Packet filter state syncing"),
        (247, "INFINIBAND", "InfiniBand"),
        (248, "SCTP", "SCTP"),
        (249, "USBPCAP", "USB with USBPcap header"),
        (
            250,
            "RTAC_SERIAL",
            "Schweitzer Engineering Laboratories RTAC packets",
        ),
        (251, "BLUETOOTH_LE_LL", "Bluetooth Low Energy air interface"),
        (253, "NETLINK", "Linux netlink"),
        (254, "BLUETOOTH_LINUX_MONITOR", "Bluetooth Linux Monitor"),
        (
            255,
            "BLUETOOTH_BREDR_BB",
            "Bluetooth Basic Rate/Enhanced Data Rate baseband packets",
        ),
        (
            256,
            "BLUETOOTH_LE_LL_WITH_PHDR",
            "Bluetooth Low Energy air interface with pseudo-header",
        ),
        (257, "PROFIBUS_DL", "PROFIBUS data link layer"),
        (258, "PKTAP", "Apple DLT_PKTAP"),
        (259, "EPON", "Ethernet with 802.3 Clause 65 EPON preamble"),
        (260, "IPMI_HPM_2", "IPMI trace packets"),
        (261, "ZWAVE_R1_R2", "Z-Wave RF profile R1 and R2 packets"),
        (262, "ZWAVE_R3", "Z-Wave RF profile R3 packets"),
        (
            263,
            "WATTSTOPPER_DLM",
            "WattStopper Digital Lighting Management (DLM) and Legrand Nitoo Open protocol",
        ),
        (264, "ISO_14443", "ISO 14443 messages"),
        (265, "RDS", "IEC 62106 Radio Data System groups"),
        (266, "USB_DARWIN", "USB with Darwin header"),
        (267, "OPENFLOW", "OpenBSD DLT_OPENFLOW"),
        (268, "SDLC", "IBM SDLC frames"),
        (269, "TI_LLN_SNIFFER", "TI LLN sniffer frames"),
        (271, "VSOCK", "Linux vsock"),
        (
            272,
            "NORDIC_BLE",
            "Nordic Semiconductor Bluetooth LE sniffer frames",
        ),
        (
            273,
            "DOCSIS31_XRA31",
            "Excentis XRA-31 DOCSIS 3.1 RF sniffer frames",
        ),
        (274, "ETHERNET_MPACKET", "802.3br mPackets"),
        (
            275,
            "DISPLAYPORT_AUX",
            "DisplayPort AUX channel monitoring data",
        ),
        (276, "LINUX_SLL2", "Linux cooked v2"),
        (278, "OPENVIZSLA", "OpenVizsla USB"),
        (
            279,
            "EBHSCR",
            "Elektrobit High Speed Capture and Replay (EBHSCR)",
        ),
        (280, "VPP_DISPATCH", "VPP graph dispatch tracer"),
        (281, "DSA_TAG_BRCM", "Broadcom tag"),
        (282, "DSA_TAG_BRCM_PREPEND", "Broadcom tag (prepended)"),
        (283, "IEEE802_15_4_TAP", "IEEE 802.15.4 with pseudo-header"),
        (284, "DSA_TAG_DSA", "Marvell DSA"),
        (285, "DSA_TAG_EDSA", "Marvell EDSA"),
        (286, "ELEE", "ELEE lawful intercept packets"),
        (
            287,
            "Z_WAVE_SERIAL",
            "Z-Wave serial frames between host and chip",
        ),
        (
            288,
            "USB_2_0",
            "USB 2.0/1.1/1.0 as transmitted over the cable",
        ),
        (289, "ATSC_ALP", "ATSC Link-Layer Protocol packets"),
    ];
}

/// tcpdump's `MAXIMUM_SNAPLEN`: longer records are reported, not printed.
const MAX_SNAPLEN: u32 = 262_144;

/// A timestamp as libpcap hands it to tcpdump (`struct timeval`): seconds and a fraction in
/// micro- or nanoseconds. tcpdump prints a file's fraction as it is (a bogus value above
/// 999999, or a negative one, included), so it is kept raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Seconds since the epoch (`tv_sec`).
    pub sec: i64,
    /// The fraction, in the unit `nano` says (`tv_usec`).
    pub frac: i64,
    /// Whether `frac` is nanoseconds (else microseconds).
    pub nano: bool,
}

/// Prints packets of one link type as tcpdump does, one line (or more, with `-v`/`-x`) each.
pub struct Printer {
    opts: Options,
    linktype: i32,
    count: u64,
    /// The reference of `-ttt` and `-ttttt` (`tv_sec`, `tv_usec`); all zeros while unset.
    tv_ref: (i64, i64),
    state: State,
    names: names::Names,
    line: Vec<u8>,
    clock: time::LocalClock,
}

impl Printer {
    /// A printer for packets of link type `linktype` (a LINKTYPE_ value).
    pub fn new(opts: Options, linktype: i32) -> Printer {
        let names = names::Names::new(opts.numeric == 0, opts.no_domain, opts.local_net);
        Printer {
            opts,
            linktype,
            count: 0,
            tv_ref: (0, 0),
            state: State::default(),
            names,
            line: Vec::with_capacity(512),
            clock: time::LocalClock::default(),
        }
    }

    /// Prints the packets that follow as link type `linktype`: tcpdump's `-V` changes printers
    /// between files of different link types and keeps the rest (packet numbers, the time
    /// references of `-ttt` and `-ttttt`, TCP sequence numbers).
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
            frac: i64::from(ts_nsec),
            nano: true,
        };
        self.print_ts(out, ts, caplen, wirelen, data)
    }

    /// Prints one packet whose timestamp fraction is in the unit the file used. An error
    /// that ends the run (see [`Fatal`]) comes back after the packet's text so far is written.
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
            state: &mut self.state,
            names: &self.names,
            early_end: false,
            verbose_lost: 0,
            fatal: None,
        };
        let mut hdrlen = link::print(&mut nd, self.linktype, data, wirelen);
        if let Some((fatal, at)) = nd.fatal.take() {
            self.line.truncate(at);
            out.write_all(&self.line)?;
            return Err(std::io::Error::other(fatal));
        }
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
        // `tv_usec` in the unit printed, scaled as libpcap does when reading.
        let usec = match (ts.nano, nano) {
            (true, false) => ts.frac / 1000,
            (false, true) => ts.frac * 1000,
            _ => ts.frac,
        };
        let tv = (ts.sec, usec);
        match self.opts.timestamp {
            0 => self.hms_frac(tv, false, true),
            1 => return,
            2 => {
                if ts.sec as u32 & 0x8000_0000 != 0 {
                    self.line.extend_from_slice(b"[Error converting time]");
                } else {
                    let _ = write!(self.line, "{}", ts.sec as u32);
                    self.frac(usec);
                }
            }
            3 | 5 => {
                // tcpdump's reference is "unset" while it is all zeros, so a packet stamped
                // 0.000000 does not become it.
                if self.tv_ref == (0, 0) {
                    self.tv_ref = tv;
                }
                let negative = tv < self.tv_ref;
                let (a, b) = if negative {
                    (self.tv_ref, tv)
                } else {
                    (tv, self.tv_ref)
                };
                let unit = if nano { 1_000_000_000 } else { 1_000_000 };
                let mut d = (a.0.wrapping_sub(b.0), a.1.wrapping_sub(b.1));
                if d.1 < 0 {
                    d = (d.0.wrapping_sub(1), d.1 + unit);
                }
                self.line.push(if negative { b'-' } else { b' ' });
                self.hms_frac(d, false, false);
                if self.opts.timestamp == 3 {
                    self.tv_ref = tv;
                }
            }
            _ => self.hms_frac(tv, true, true),
        }
        self.line.push(b' ');
    }

    /// tcpdump's `ts_date_hmsfrac_print`: `[DATE ]HH:MM:SS.FRAC` of `(tv_sec, tv_usec)`, in
    /// local time or UTC; an error where tcpdump's `time_t` conversion fails.
    fn hms_frac(&mut self, (sec, usec): (i64, i64), date: bool, local: bool) {
        let tm = if sec as u32 & 0x8000_0000 != 0 {
            None
        } else {
            self.clock.tm(sec, local)
        };
        let Some(t) = tm else {
            self.line.extend_from_slice(b"[Error converting time]");
            return;
        };
        if date {
            let _ = write!(self.line, "{}-{:02}-{:02} ", t.year, t.month, t.day);
        }
        // On every line: digits appended directly, not through `fmt`.
        push_dec(&mut self.line, t.hour.into(), 2);
        self.line.push(b':');
        push_dec(&mut self.line, t.min.into(), 2);
        self.line.push(b':');
        push_dec(&mut self.line, t.sec.into(), 2);
        self.frac(usec);
    }

    /// The `.FRAC` part: `tv_usec` as an `unsigned`, 6 or 9 digits wide.
    fn frac(&mut self, usec: i64) {
        self.line.push(b'.');
        let width = if self.opts.nano { 9 } else { 6 };
        push_dec(&mut self.line, (usec as u32).into(), width);
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

    /// `push_dec` is `{n:0width$}`: padded to the width, never cut (a bogus microsecond field
    /// above 999999 prints whole, as tcpdump's printf does).
    #[test]
    fn push_dec_pads_like_format() {
        for (n, width) in [
            (0, 0),
            (7, 2),
            (42, 2),
            (5, 6),
            (1_234_567, 6),
            (u64::MAX, 25),
        ] {
            let mut o = Vec::new();
            push_dec(&mut o, n, width);
            assert_eq!(String::from_utf8(o).unwrap(), format!("{n:0width$}"));
        }
    }

    /// `-q` leaves out the hex of a payload no printer decodes, as tcpdump.
    #[test]
    fn unknown_ethertype_quiet() {
        crate::decoder_tests::check(
            1,
            "-n -q",
            20,
            "0011223344556655443322111234616263646566",
            "66:55:44:33:22:11 > 00:11:22:33:44:55, Unknown Ethertype (0x1234), length 20: ",
        );
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
