//! OpenFlow (TCP 6633 and 6653), as tcpdump's print-openflow.c: the common header of each
//! message in a segment, and the body by version (1.0 in `openflow_1_0`, 1.3 in
//! `openflow_1_3`) with `-v`.
use super::util::{Tok, bittok2str, tok2str};
use super::{Nd, Res, Trunc, ascii, be16, be32, be64, sl, tail, tcheck_len, u8at};

/// The length of the common header.
pub(crate) const HEADER_LEN: u32 = 8;

/// The part of a message still to decode: what was captured of it, and its length (tcpdump's
/// `cp` and unsigned `len`, which the decoders move forward together).
#[derive(Clone, Copy)]
pub(crate) struct Cur<'a> {
    pub b: &'a [u8],
    pub len: u32,
}

impl<'a> Cur<'a> {
    /// tcpdump's `OF_FWD`.
    pub fn fwd(&mut self, n: u32) {
        self.b = tail(self.b, n as usize);
        self.len = self.len.wrapping_sub(n);
    }

    /// tcpdump's `OF_CHK_FWD`: the bytes skipped must have been captured.
    pub fn chk_fwd(&mut self, n: u32) -> Res {
        tcheck_len(self.b, n)?;
        self.fwd(n);
        Ok(())
    }

    pub fn u8(&self) -> Res<u8> {
        u8at(self.b, 0)
    }

    pub fn be16(&self) -> Res<u16> {
        be16(self.b, 0)
    }

    pub fn be32(&self) -> Res<u32> {
        be32(self.b, 0)
    }

    pub fn be64(&self) -> Res<u64> {
        be64(self.b, 0)
    }
}

/// How a message type's body length is constrained.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Req {
    /// Any length.
    None,
    /// Exactly this many bytes.
    Fix(u32),
    /// At least this many.
    Min(u32),
}

/// A message body decoder.
pub(crate) type Decoder = fn(&mut Nd<'_>, Cur<'_>) -> Res;

/// A message type: its name, its body decoder if tcpdump has one, and its length constraint.
pub(crate) struct MsgType {
    pub name: &'static str,
    pub decoder: Option<Decoder>,
    pub req: Req,
}

const VERSIONS: &[(u32, &str)] = &[
    (1, "1.0"),
    (2, "1.1"),
    (3, "1.2"),
    (4, "1.3"),
    (5, "1.4"),
    (6, "1.5"),
];

const ONF_EXPERIMENTERS: &[(u32, &str)] = &[
    (0x4f4e_4600, "ONF Extensions"),
    (
        0xff00_0001,
        "Budapest University of Technology and Economics",
    ),
    (0xff00_0002, "NoviFlow"),
    (0xff00_0003, "L3+ Extensions, Vendor Neutral"),
    (0xff00_0004, "L4-L7 Extensions"),
    (0xff00_0005, "Wireless and Mobility Extensions"),
    (0xff00_0006, "Forwarding Abstractions Extensions"),
    (0xff00_0007, "Optical Transport Extensions"),
    (0xff00_0008, "Network Benchmarking Lab, NCTU"),
    (0xff00_0009, "Mobile Packet Core Extensions"),
    (0xff00_000a, "MPLS-TP OpenFlow Extensions for SPTN"),
];

/// tcpdump's `of_vendor_name`: an OUI's vendor, or an ONF experimenter.
pub(crate) fn vendor_name(vendor: u32) -> &'static str {
    let name = if vendor & 0xff00_0000 == 0 {
        super::names::oui_name(vendor)
    } else {
        super::tok(ONF_EXPERIMENTERS, vendor)
    };
    name.unwrap_or("unknown")
}

/// tcpdump's `of_bitmap_print`: the names of the assigned bits set, then `(bogus)` if any of
/// the unassigned bits `u` is set.
pub(crate) fn bitmap(nd: &mut Nd<'_>, t: &[(u32, &'static str)], v: u32, u: u32) {
    if v & !u != 0 {
        nd.f(format_args!(" ({})", bittok2str(t, "", v)));
    }
    if v & u != 0 {
        nd.s(" (bogus)");
    }
}

/// tcpdump's `of_data_print`: the length of trailing data, dumped with `-vv`.
pub(crate) fn data(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    if c.len == 0 {
        return Ok(());
    }
    nd.f(format_args!("\n\t data ({} octets)", c.len));
    if nd.opts.verbose >= 2 {
        hex_and_ascii(nd, "\n\t  ", c.b, c.len)
    } else {
        tcheck_len(c.b, c.len)
    }
}

/// tcpdump's `hex_and_ascii_print` of `len` bytes: what was captured, then a truncation.
pub(crate) fn hex_and_ascii(nd: &mut Nd<'_>, ident: &str, b: &[u8], len: u32) -> Res {
    let n = len as usize;
    ascii::hex_and_ascii(nd.o, ident, &b[..n.min(b.len())]);
    if n > b.len() { Err(Trunc) } else { Ok(()) }
}

/// Prints the OpenFlow messages of a TCP segment of `len` bytes, which starts on a message.
pub(crate) fn print(nd: &mut Nd<'_>, b: &[u8], len: u32) -> Res {
    nd.proto = "openflow";
    nd.s(": OpenFlow");
    let mut c = Cur { b, len };
    while c.len != 0 {
        let version = c.u8()?;
        c.fwd(1);
        nd.s("\n\tversion ");
        nd.tok2str(VERSIONS, "unknown (0x%02x)", u32::from(version));
        if c.len < 1 {
            return partial_header(nd, c);
        }
        let ty = c.u8()?;
        c.fwd(1);
        let mti = match version {
            1 => super::openflow_1_0::msgtype(ty),
            4 => super::openflow_1_3::msgtype(ty),
            _ => None,
        };
        match mti {
            Some(m) => nd.f(format_args!(", type {}", m.name)),
            None => nd.f(format_args!(", type unknown (0x{ty:02x})")),
        }
        if c.len < 2 {
            return partial_header(nd, c);
        }
        let length = u32::from(c.be16()?);
        c.fwd(2);
        nd.f(format_args!(
            ", length {length}{}",
            if length < HEADER_LEN {
                " (too short!)"
            } else {
                ""
            }
        ));
        if c.len < 4 {
            return partial_header(nd, c);
        }
        nd.f(format_args!(", xid 0x{:08x}", c.be32()?));
        c.fwd(4);
        if length < HEADER_LEN {
            nd.invalid();
            return tcheck_len(c.b, c.len);
        }
        let body = length - HEADER_LEN;
        message(nd, Cur { b: c.b, len: body }, mti)?;
        if body > c.len {
            break;
        }
        c.fwd(body);
    }
    Ok(())
}

/// A header cut by the end of the TCP payload.
fn partial_header(nd: &mut Nd<'_>, c: Cur<'_>) -> Res {
    nd.s(" (end of TCP payload)");
    tcheck_len(c.b, c.len)
}

/// tcpdump's `of_message_print`: checks the body length against the type's constraint and
/// decodes it with `-v`.
fn message(nd: &mut Nd<'_>, c: Cur<'_>, mti: Option<&MsgType>) -> Res {
    if let Some(m) = mti {
        let bad = match m.req {
            Req::Fix(n) => c.len != n,
            Req::Min(n) => c.len < n,
            Req::None => false,
        };
        if bad {
            nd.invalid();
        } else if nd.opts.verbose > 0
            && let Some(decode) = m.decoder
        {
            return decode(nd, c);
        }
    }
    tcheck_len(c.b, c.len)
}

/// `ofp_config_flags`: how the switch handles IP fragments (the same in 1.0 and 1.3).
pub(crate) const CONFIG: &Tok = &[(0, "FRAG_NORMAL"), (1, "FRAG_DROP"), (2, "FRAG_REASM")];

/// `ofp_port_reason`: why a PORT_STATUS was sent (the same in 1.0 and 1.3).
pub(crate) const OFPPR: &Tok = &[(0, "ADD"), (1, "DELETE"), (2, "MODIFY")];

/// `prefix` and the MAC address at the start of `b`, nothing if it was not captured.
pub(crate) fn mac(nd: &mut Nd<'_>, prefix: &str, b: &[u8]) -> Res {
    let a = sl(b, 0, 6)?;
    nd.s(prefix);
    nd.mac(a);
    Ok(())
}

/// An ERROR: type, code and data, with the version's names of the types and of their codes.
pub(crate) fn error(
    nd: &mut Nd<'_>,
    mut c: Cur<'_>,
    types: &Tok,
    codes: fn(u16) -> Option<&'static Tok>,
) -> Res {
    let ty = c.be16()?;
    c.fwd(2);
    nd.s("\n\t type ");
    nd.tok2str(types, "invalid (0x%04x)", u32::from(ty));
    let code = c.be16()?;
    c.fwd(2);
    match codes(ty) {
        Some(t) => nd.f(format_args!(
            ", code {}",
            tok2str(t, "invalid (0x%04x)", u32::from(code))
        )),
        None => nd.f(format_args!(", code invalid (0x{code:04x})")),
    }
    data(nd, c)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn of10_messages_v0() {
        check(
            1,
            "-n",
            546,
            "00112233445566554433221108004500021412344000400612ae0a0000010a00000219fd9c40000003e8000007d0501803e8270d0000010600500000000100000000000012340000010002000000000000c700000fff0001001122334455657468310000000000000000000000000000000100000201000002a000000fff00000fff80000000010e0094000000010000080c0003000000000000000000000000000a00000800000600000a0000010a000002005001bb000000000000dead0000000a00140064ffffffffffff000100000008fffd0080000100080064000000040010aabbccddeeff0000000000000006000801020304000b0010000200000000000000000007ffff0010005c16c70000000000630008000000000110003800000001000100000000080c0003000000000000000000000000000a00000800000600000a0000010a000002005001bbff00ffff01010014000000010001000661626364656667680104002000000001005c16c7000000060000000073686f772076657273696f6e011500280000000100010000000000000000000700180000000100100000000001f400000000000001110074000000010004000100010000000000000000000000000000000000000000000100000000000000020000000000000003000000000000000400000000000000050000000000000006000000000000000700000000000000080000000000000009000000000000000a000000000000000b",
            "IP 10.0.0.1.6653 > 10.0.0.2.40000: Flags [P.], seq 1000:1492, ack 2000, win 1000, length 492: OpenFlow\n\tversion 1.0, type FEATURES_REPLY, length 80, xid 0x00000001\n\tversion 1.0, type FLOW_MOD, length 148, xid 0x00000001\n\tversion 1.0, type STATS_REQUEST, length 56, xid 0x00000001\n\tversion 1.0, type ERROR, length 20, xid 0x00000001\n\tversion 1.0, type VENDOR, length 32, xid 0x00000001\n\tversion 1.0, type QUEUE_GET_CONFIG_REPLY, length 40, xid 0x00000001\n\tversion 1.0, type STATS_REPLY, length 116, xid 0x00000001",
        );
    }

    #[test]
    fn of13_messages_v0() {
        check(
            1,
            "-n",
            240,
            "0011223344556655443322110800450000e212344000400613e00a0000010a0000029c4019e9000003e8000007d0501803e8e62700000400001000000001000100080000001204010010000000010005000764617461040c00500000000102000000000000000000000100000000001122334455000070310000000000000000000000000000000000010000000400002820000000000000000000000000000f4240000f4240041800180000000100000002000000000000000000000005041c0020000000010000000300000001000000070000000000000008000000020404001200000001ff000002000000097878",
            "IP 10.0.0.1.40000 > 10.0.0.2.6633: Flags [P.], seq 1000:1186, ack 2000, win 1000, length 186: OpenFlow\n\tversion 1.3, type HELLO, length 16, xid 0x00000001\n\tversion 1.3, type ERROR, length 16, xid 0x00000001\n\tversion 1.3, type PORT_STATUS, length 80, xid 0x00000001\n\tversion 1.3, type ROLE_REQUEST, length 24, xid 0x00000001\n\tversion 1.3, type SET_ASYNC, length 32, xid 0x00000001\n\tversion 1.3, type EXPERIMENTER, length 18, xid 0x00000001",
        );
    }

    #[test]
    fn of10_messages_v1() {
        check(
            1,
            "-n -v",
            546,
            "00112233445566554433221108004500021412344000400612ae0a0000010a00000219fd9c40000003e8000007d0501803e8270d0000010600500000000100000000000012340000010002000000000000c700000fff0001001122334455657468310000000000000000000000000000000100000201000002a000000fff00000fff80000000010e0094000000010000080c0003000000000000000000000000000a00000800000600000a0000010a000002005001bb000000000000dead0000000a00140064ffffffffffff000100000008fffd0080000100080064000000040010aabbccddeeff0000000000000006000801020304000b0010000200000000000000000007ffff0010005c16c70000000000630008000000000110003800000001000100000000080c0003000000000000000000000000000a00000800000600000a0000010a000002005001bbff00ffff01010014000000010001000661626364656667680104002000000001005c16c7000000060000000073686f772076657273696f6e011500280000000100010000000000000000000700180000000100100000000001f400000000000001110074000000010004000100010000000000000000000000000000000000000000000100000000000000020000000000000003000000000000000400000000000000050000000000000006000000000000000700000000000000080000000000000009000000000000000a000000000000000b",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 532)\n    10.0.0.1.6653 > 10.0.0.2.40000: Flags [P.], cksum 0x270d (correct), seq 1000:1492, ack 2000, win 1000, length 492: OpenFlow\n\tversion 1.0, type FEATURES_REPLY, length 80, xid 0x00000001\n\t dpid 0x0000000000001234, n_buffers 256, n_tables 2\n\t capabilities 0x000000c7 (FLOW_STATS, TABLE_STATS, PORT_STATS, QUEUE_STATS, ARP_MATCH_IP)\n\t actions 0x00000fff (OUTPUT, SET_VLAN_VID, SET_VLAN_PCP, STRIP_VLAN, SET_DL_SRC, SET_DL_DST, SET_NW_SRC, SET_NW_DST, SET_NW_TOS, SET_TP_SRC, SET_TP_DST, ENQUEUE)\n\t  port_no 1, hw_addr 00:11:22:33:44:55, name 'eth1'\n\tversion 1.0, type FLOW_MOD, length 148, xid 0x00000001\n\t match in_port 3\n\t match dl_vlan 10\n\t match dl_vlan_pcp 0\n\t match dl_type 0x0800\n\t match nw_tos 0x00\n\t match nw_proto 6\n\t match nw_src 10.0.0.1/24\n\t match nw_dst 10.0.0.2/32\n\t match tp_src 80\n\t match tp_dst 443\n\t cookie 0x000000000000dead, command ADD, idle_timeout 10, hard_timeout 20, priority 100, buffer_id NONE, flags 0x0001 (SEND_FLOW_REM)\n\t action type OUTPUT, len 8, port CONTROLLER, max_len 128\n\t action type SET_VLAN_VID, len 8, vlan_vid 100\n\t action type SET_DL_SRC, len 16, dl_addr aa:bb:cc:dd:ee:ff\n\t action type SET_NW_SRC, len 8, nw_addr 1.2.3.4\n\t action type ENQUEUE, len 16, port 2, queue_id 7\n\t action type VENDOR, len 16, vendor 0x005c16c7 (Big Switch Networks)\n\t  subtype unknown (0x00000000) (invalid)\n\tversion 1.0, type STATS_REQUEST, length 56, xid 0x00000001\n\t type FLOW, flags 0x0000\n\t match in_port 3\n\t match dl_vlan 10\n\t match dl_vlan_pcp 0\n\t match dl_type 0x0800\n\t match nw_tos 0x00\n\t match nw_proto 6\n\t match nw_src 10.0.0.1/24\n\t match nw_dst 10.0.0.2/32\n\t match tp_src 80\n\t match tp_dst 443\n\t table_id ALL, out_port NONE\n\tversion 1.0, type ERROR, length 20, xid 0x00000001\n\t type BAD_REQUEST, code BAD_LEN\n\t data (8 octets)\n\tversion 1.0, type VENDOR, length 32, xid 0x00000001, vendor 0x005c16c7 (Big Switch Networks)\n\t subtype SHELL_COMMAND, service 0, data 'show version'\n\tversion 1.0, type QUEUE_GET_CONFIG_REPLY, length 40, xid 0x00000001\n\t port 1\n\t  queue_id 7, len 24\n\tversion 1.0, type STATS_REPLY, length 116, xid 0x00000001\n\t type PORT, flags 0x0001 (MORE)\n\t  port_no 1",
        );
    }

    #[test]
    fn of13_messages_v1() {
        check(
            1,
            "-n -v",
            240,
            "0011223344556655443322110800450000e212344000400613e00a0000010a0000029c4019e9000003e8000007d0501803e8e62700000400001000000001000100080000001204010010000000010005000764617461040c00500000000102000000000000000000000100000000001122334455000070310000000000000000000000000000000000010000000400002820000000000000000000000000000f4240000f4240041800180000000100000002000000000000000000000005041c0020000000010000000300000001000000070000000000000008000000020404001200000001ff000002000000097878",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 226)\n    10.0.0.1.40000 > 10.0.0.2.6633: Flags [P.], cksum 0xe627 (correct), seq 1000:1186, ack 2000, win 1000, length 186: OpenFlow\n\tversion 1.3, type HELLO, length 16, xid 0x00000001\n\t type VERSIONBITMAP, length 8, bitmap 0x00000012 (1.1, 1.4)\n\tversion 1.3, type ERROR, length 16, xid 0x00000001\n\t type FLOW_MOD_FAILED, code BAD_FLAGS\n\t data (4 octets)\n\tversion 1.3, type PORT_STATUS, length 80, xid 0x00000001\n\t reason MODIFY\n\t  port_no 1, hw_addr 00:11:22:33:44:55, name 'p1'\n\tversion 1.3, type ROLE_REQUEST, length 24, xid 0x00000001\n\t role MASTER, generation_id 0x0000000000000005\n\tversion 1.3, type SET_ASYNC, length 32, xid 0x00000001\n\t packet_in_mask[EM] 0x00000003 (NO_MATCH, ACTION)\n\t packet_in_mask[S] 0x00000001 (NO_MATCH)\n\t port_status_mask[EM] 0x00000007 (ADD, DELETE, MODIFY)\n\t port_status_mask[S] 0x00000000\n\t flow_removed_mask[EM] 0x00000008 (bogus)\n\t flow_removed_mask[S] 0x00000002 (DELETE)\n\tversion 1.3, type EXPERIMENTER, length 18, xid 0x00000001\n\t experimenter 0xff000002 (NoviFlow), exp_type 0x00000009\n\t data (2 octets)",
        );
    }

    #[test]
    fn of10_messages_v2() {
        check(
            1,
            "-n -vv",
            546,
            "00112233445566554433221108004500021412344000400612ae0a0000010a00000219fd9c40000003e8000007d0501803e8270d0000010600500000000100000000000012340000010002000000000000c700000fff0001001122334455657468310000000000000000000000000000000100000201000002a000000fff00000fff80000000010e0094000000010000080c0003000000000000000000000000000a00000800000600000a0000010a000002005001bb000000000000dead0000000a00140064ffffffffffff000100000008fffd0080000100080064000000040010aabbccddeeff0000000000000006000801020304000b0010000200000000000000000007ffff0010005c16c70000000000630008000000000110003800000001000100000000080c0003000000000000000000000000000a00000800000600000a0000010a000002005001bbff00ffff01010014000000010001000661626364656667680104002000000001005c16c7000000060000000073686f772076657273696f6e011500280000000100010000000000000000000700180000000100100000000001f400000000000001110074000000010004000100010000000000000000000000000000000000000000000100000000000000020000000000000003000000000000000400000000000000050000000000000006000000000000000700000000000000080000000000000009000000000000000a000000000000000b",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 532)\n    10.0.0.1.6653 > 10.0.0.2.40000: Flags [P.], cksum 0x270d (correct), seq 1000:1492, ack 2000, win 1000, length 492: OpenFlow\n\tversion 1.0, type FEATURES_REPLY, length 80, xid 0x00000001\n\t dpid 0x0000000000001234, n_buffers 256, n_tables 2\n\t capabilities 0x000000c7 (FLOW_STATS, TABLE_STATS, PORT_STATS, QUEUE_STATS, ARP_MATCH_IP)\n\t actions 0x00000fff (OUTPUT, SET_VLAN_VID, SET_VLAN_PCP, STRIP_VLAN, SET_DL_SRC, SET_DL_DST, SET_NW_SRC, SET_NW_DST, SET_NW_TOS, SET_TP_SRC, SET_TP_DST, ENQUEUE)\n\t  port_no 1, hw_addr 00:11:22:33:44:55, name 'eth1'\n\t   config 0x00000001 (PORT_DOWN)\n\t   state 0x00000201 (STP_FORWARD, LINK_DOWN)\n\t   curr 0x000002a0 (1GB_FD, COPPER, AUTONEG)\n\t   advertised 0x00000fff (10MB_HD, 10MB_FD, 100MB_HD, 100MB_FD, 1GB_HD, 1GB_FD, 10GB_FD, COPPER, FIBER, AUTONEG, PAUSE, PAUSE_ASYM)\n\t   supported 0x00000fff (10MB_HD, 10MB_FD, 100MB_HD, 100MB_FD, 1GB_HD, 1GB_FD, 10GB_FD, COPPER, FIBER, AUTONEG, PAUSE, PAUSE_ASYM)\n\t   peer 0x80000000 (bogus)\n\tversion 1.0, type FLOW_MOD, length 148, xid 0x00000001\n\t match in_port 3\n\t match dl_vlan 10\n\t match dl_vlan_pcp 0\n\t match dl_type 0x0800\n\t match nw_tos 0x00\n\t match nw_proto 6\n\t match nw_src 10.0.0.1/24\n\t match nw_dst 10.0.0.2/32\n\t match tp_src 80\n\t match tp_dst 443\n\t cookie 0x000000000000dead, command ADD, idle_timeout 10, hard_timeout 20, priority 100, buffer_id NONE, flags 0x0001 (SEND_FLOW_REM)\n\t action type OUTPUT, len 8, port CONTROLLER, max_len 128\n\t action type SET_VLAN_VID, len 8, vlan_vid 100\n\t action type SET_DL_SRC, len 16, dl_addr aa:bb:cc:dd:ee:ff\n\t action type SET_NW_SRC, len 8, nw_addr 1.2.3.4\n\t action type ENQUEUE, len 16, port 2, queue_id 7\n\t action type VENDOR, len 16, vendor 0x005c16c7 (Big Switch Networks)\n\t  subtype unknown (0x00000000) (invalid)\n\tversion 1.0, type STATS_REQUEST, length 56, xid 0x00000001\n\t type FLOW, flags 0x0000\n\t match in_port 3\n\t match dl_vlan 10\n\t match dl_vlan_pcp 0\n\t match dl_type 0x0800\n\t match nw_tos 0x00\n\t match nw_proto 6\n\t match nw_src 10.0.0.1/24\n\t match nw_dst 10.0.0.2/32\n\t match tp_src 80\n\t match tp_dst 443\n\t table_id ALL, out_port NONE\n\tversion 1.0, type ERROR, length 20, xid 0x00000001\n\t type BAD_REQUEST, code BAD_LEN\n\t data (8 octets)\n\t  0x0000:  6162 6364 6566 6768                      abcdefgh\n\tversion 1.0, type VENDOR, length 32, xid 0x00000001, vendor 0x005c16c7 (Big Switch Networks)\n\t subtype SHELL_COMMAND, service 0, data 'show version'\n\tversion 1.0, type QUEUE_GET_CONFIG_REPLY, length 40, xid 0x00000001\n\t port 1\n\t  queue_id 7, len 24\n\t   property MIN_RATE, len 16, rate 50.0%\n\tversion 1.0, type STATS_REPLY, length 116, xid 0x00000001\n\t type PORT, flags 0x0001 (MORE)\n\t  port_no 1, rx_packets 0, tx_packets 1, rx_bytes 2, tx_bytes 3, rx_dropped 4, tx_dropped 5, rx_errors 6, tx_errors 7, rx_frame_err 8, rx_over_err 9, rx_crc_err 10, collisions 11",
        );
    }

    #[test]
    fn of13_messages_v2() {
        check(
            1,
            "-n -vv",
            240,
            "0011223344556655443322110800450000e212344000400613e00a0000010a0000029c4019e9000003e8000007d0501803e8e62700000400001000000001000100080000001204010010000000010005000764617461040c00500000000102000000000000000000000100000000001122334455000070310000000000000000000000000000000000010000000400002820000000000000000000000000000f4240000f4240041800180000000100000002000000000000000000000005041c0020000000010000000300000001000000070000000000000008000000020404001200000001ff000002000000097878",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 226)\n    10.0.0.1.40000 > 10.0.0.2.6633: Flags [P.], cksum 0xe627 (correct), seq 1000:1186, ack 2000, win 1000, length 186: OpenFlow\n\tversion 1.3, type HELLO, length 16, xid 0x00000001\n\t type VERSIONBITMAP, length 8, bitmap 0x00000012 (1.1, 1.4)\n\tversion 1.3, type ERROR, length 16, xid 0x00000001\n\t type FLOW_MOD_FAILED, code BAD_FLAGS\n\t data (4 octets)\n\t  0x0000:  6461 7461                                data\n\tversion 1.3, type PORT_STATUS, length 80, xid 0x00000001\n\t reason MODIFY\n\t  port_no 1, hw_addr 00:11:22:33:44:55, name 'p1'\n\t   config 0x00000001 (PORT_DOWN)\n\t   state 0x00000004 (LIVE)\n\t   curr 0x00002820 (1GB_FD, COPPER, AUTONEG)\n\t   advertised 0x00000000\n\t   supported 0x00000000\n\t   peer 0x00000000\n\t   curr_speed 1000000kbps\n\t   max_speed 1000000kbps\n\tversion 1.3, type ROLE_REQUEST, length 24, xid 0x00000001\n\t role MASTER, generation_id 0x0000000000000005\n\tversion 1.3, type SET_ASYNC, length 32, xid 0x00000001\n\t packet_in_mask[EM] 0x00000003 (NO_MATCH, ACTION)\n\t packet_in_mask[S] 0x00000001 (NO_MATCH)\n\t port_status_mask[EM] 0x00000007 (ADD, DELETE, MODIFY)\n\t port_status_mask[S] 0x00000000\n\t flow_removed_mask[EM] 0x00000008 (bogus)\n\t flow_removed_mask[S] 0x00000002 (DELETE)\n\tversion 1.3, type EXPERIMENTER, length 18, xid 0x00000001\n\t experimenter 0xff000002 (NoviFlow), exp_type 0x00000009\n\t data (2 octets)\n\t  0x0000:  7878                                     xx",
        );
    }

    #[test]
    fn of10_packet_in_vvv() {
        check(
            1,
            "-n -vvv",
            117,
            "001122334455665544332211080045000067123440004006145b0a0000010a00000219e99c40000003e8000007d0501803e8ad330000010a003f00000001ffffffff002d0003000000112233445566554433221108004500001f12344000401114980a0000010a00000200010002000bf95878797a",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 103)\n    10.0.0.1.6633 > 10.0.0.2.40000: Flags [P.], cksum 0xad33 (correct), seq 1000:1063, ack 2000, win 1000, length 63: OpenFlow\n\tversion 1.0, type PACKET_IN, length 63, xid 0x00000001\n\t buffer_id NONE, total_len 45, in_port 3, reason NO_MATCH\n\t data (45 octets), frame decoding below\nIP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 3",
        );
    }

    #[test]
    fn of10_packet_in_vv() {
        check(
            1,
            "-n -vv",
            117,
            "001122334455665544332211080045000067123440004006145b0a0000010a00000219e99c40000003e8000007d0501803e8ad330000010a003f00000001ffffffff002d0003000000112233445566554433221108004500001f12344000401114980a0000010a00000200010002000bf95878797a",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 103)\n    10.0.0.1.6633 > 10.0.0.2.40000: Flags [P.], cksum 0xad33 (correct), seq 1000:1063, ack 2000, win 1000, length 63: OpenFlow\n\tversion 1.0, type PACKET_IN, length 63, xid 0x00000001\n\t buffer_id NONE, total_len 45, in_port 3, reason NO_MATCH\n\t data (45 octets)",
        );
    }

    #[test]
    fn of10_truncated() {
        check(
            1,
            "-n -vv",
            150,
            "00112233445566554433221108004500021412344000400612ae0a0000010a00000219e99c40000003e8000007d0501803e827210000010600500000000100000000000012340000010002000000000000c700000fff0001001122334455657468310000000000000000000000000000000100000201000002a000000fff00000fff80000000010e0094000000010000080c00030000",
            "IP truncated-ip - 396 bytes missing! (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 532)\n    10.0.0.1.6633 > 10.0.0.2.40000: Flags [P.], seq 1000:1492, ack 2000, win 1000, length 492: OpenFlow\n\tversion 1.0, type FEATURES_REPLY, length 80, xid 0x00000001\n\t dpid 0x0000000000001234, n_buffers 256, n_tables 2\n\t capabilities 0x000000c7 (FLOW_STATS, TABLE_STATS, PORT_STATS, QUEUE_STATS, ARP_MATCH_IP)\n\t actions 0x00000fff (OUTPUT, SET_VLAN_VID, SET_VLAN_PCP, STRIP_VLAN, SET_DL_SRC, SET_DL_DST, SET_NW_SRC, SET_NW_DST, SET_NW_TOS, SET_TP_SRC, SET_TP_DST, ENQUEUE)\n\t  port_no 1, hw_addr 00:11:22:33:44:55, name 'eth1'\n\t   config 0x00000001 (PORT_DOWN)\n\t   state 0x00000201 (STP_FORWARD, LINK_DOWN)\n\t   curr 0x000002a0 (1GB_FD, COPPER, AUTONEG)\n\t   advertised 0x00000fff (10MB_HD, 10MB_FD, 100MB_HD, 100MB_FD, 1GB_HD, 1GB_FD, 10GB_FD, COPPER, FIBER, AUTONEG, PAUSE, PAUSE_ASYM)\n\t   supported 0x00000fff (10MB_HD, 10MB_FD, 100MB_HD, 100MB_FD, 1GB_HD, 1GB_FD, 10GB_FD, COPPER, FIBER, AUTONEG, PAUSE, PAUSE_ASYM)\n\t   peer 0x80000000 (bogus)\n\tversion 1.0, type FLOW_MOD, length 148, xid 0x00000001\n\t match in_port 3 [|openflow]",
        );
    }

    #[test]
    fn of10_partial_header() {
        check(
            1,
            "-n -v",
            57,
            "00112233445566554433221108004500002b12344000400614970a0000010a00000219e99c40000003e8000007d0501803e8d4fd0000010000",
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 43)\n    10.0.0.1.6633 > 10.0.0.2.40000: Flags [P.], cksum 0xd4fd (correct), seq 1000:1003, ack 2000, win 1000, length 3: OpenFlow\n\tversion 1.0, type HELLO (end of TCP payload)",
        );
    }

    /// A frame decoded with `-vvv` that runs past the captured bytes leaves, as in tcpdump,
    /// the packets after it three `-v` fewer.
    #[test]
    fn truncated_frame_lowers_later_verbosity() {
        let hex = |h: &str| -> Vec<u8> {
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                .collect()
        };
        let packet_in = hex(
            "001122334455665544332211080045000048123440004006147a0a0000010a00000219e99c40000003e8000007d0501803e899520000010a002000000001ffffffff002d000300000011223344556655443322110800",
        );
        let hello = hex(
            "00112233445566554433221108004500003012344000400614920a0000010a00000219e99c40000003e8000007d0501803e8d4ef00000100000800000001",
        );
        let opts = crate::Options {
            timestamp: 1,
            numeric: 1,
            verbose: 3,
            ..Default::default()
        };
        let mut p = crate::Printer::new(opts, 1);
        let mut out = Vec::new();
        for f in [&packet_in, &hello] {
            p.print(&mut out, 1, 0, f.len() as u32, f.len() as u32, f)
                .unwrap();
        }
        assert_eq!(
            String::from_utf8_lossy(&out),
            "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto TCP (6), length 72)\n    10.0.0.1.6633 > 10.0.0.2.40000: Flags [P.], cksum 0x9952 (correct), seq 1000:1032, ack 2000, win 1000, length 32: OpenFlow\n\tversion 1.0, type PACKET_IN, length 32, xid 0x00000001\n\t buffer_id NONE, total_len 45, in_port 3, reason NO_MATCH\n\t data (14 octets), frame decoding below\n [|ip]\nIP 10.0.0.1.6633 > 10.0.0.2.40000: Flags [P.], seq 0:8, ack 1, win 1000, length 8: OpenFlow\n\tversion 1.0, type HELLO, length 8, xid 0x00000001\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn random_messages_never_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
                                       version in proptest::sample::select(vec![1u8, 4, 2]),
                                       ty in 0u8..32, v in 0u8..5, cut in 0usize..400) {
            // A header with a consistent length, so the body reaches the type's decoder.
            let mut msg = vec![version, ty];
            msg.extend_from_slice(&((8 + body.len()) as u16).to_be_bytes());
            msg.extend_from_slice(&[0, 0, 0, 1]);
            msg.extend_from_slice(&body);
            crate::test_pkt::print_all(&crate::test_pkt::eth_tcp(6653, &msg), v, None, cut);
        }
    }
}
