//! Transparent Inter-Process Communication, as tcpdump's print-tipc.c: payload, internal and
//! neighbour-detection message headers.
use super::util::Tok;
use super::{Nd, Res, be32};

const USER_VALUES: &Tok = &[
    (0, "Low Importance Data payload"),
    (1, "Medium Importance Data payload"),
    (2, "High Importance Data payload"),
    (3, "Critical Importance Data payload"),
    (5, "Broadcast Link Protocol internal"),
    (6, "Message Bundler Protocol internal"),
    (7, "Link State Protocol internal"),
    (8, "Connection Manager internal"),
    (10, "Link Changeover Protocol internal"),
    (11, "Name Table Update Protocol internal"),
    (12, "Message Fragmentation Protocol internal"),
    (13, "Neighbor Detection Protocol internal"),
];

/// tcpdump's message type names (with the direct and multicast names swapped, as there).
const MTYPE_VALUES: &Tok = &[
    (0, "CONN_MSG"),
    (1, "MCAST_MSG"),
    (2, "NAMED_MSG"),
    (3, "DIRECT_MSG"),
];

const LINKCONF_MTYPE_VALUES: &Tok = &[(0, "Link request"), (1, "Link response")];

/// A TIPC address: `zone.cluster.node`.
struct Addr(u32);

impl std::fmt::Display for Addr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = self.0;
        write!(f, "{}.{}.{}", a >> 24, (a >> 12) & 0xfff, a & 0xfff)
    }
}

/// Word `n` of the header.
fn w(p: &[u8], n: usize) -> Res<u32> {
    be32(p, 4 * n)
}

/// Prints a TIPC message.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.proto = "tipc";
    let w0 = w(p, 0)?;
    match (w0 >> 25) & 0xf {
        0..=3 | 8 | 11 => payload(nd, p),
        13 => link_conf(nd, p),
        5 | 6 | 7 | 10 | 12 => internal(nd, p),
        _ => Ok(()),
    }
}

/// The version, header and message sizes, and the user of word 0.
struct Common {
    ver: u32,
    user: u32,
    hsize: u32,
    msize: u32,
}

fn common(w0: u32) -> Common {
    Common {
        ver: (w0 >> 29) & 7,
        user: (w0 >> 25) & 0xf,
        hsize: (w0 >> 21) & 0xf,
        msize: w0 & 0x1ffff,
    }
}

/// `, headerlength N bytes, MessageSize N bytes, <user>, messageType <type>`.
fn sizes(nd: &mut Nd<'_>, c: &Common, mtypes: &Tok, mtype: u32) {
    nd.f(format_args!(
        ", headerlength {} bytes, MessageSize {} bytes, ",
        c.hsize * 4,
        c.msize
    ));
    nd.tok2str(USER_VALUES, "unknown", c.user);
    nd.s(", messageType ");
    nd.tok2str(mtypes, "Unknown", mtype);
}

fn payload(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let c = common(w(p, 0)?);
    let w1 = w(p, 1)?;
    let prev_node = w(p, 3)?;
    let orig_port = w(p, 4)?;
    let dest_port = w(p, 5)?;
    if c.hsize <= 6 {
        nd.f(format_args!(
            "TIPC v{}.0 {}:{orig_port} > {dest_port}",
            c.ver,
            Addr(prev_node)
        ));
        sizes(nd, &c, MTYPE_VALUES, (w1 >> 29) & 7);
        return Ok(());
    }
    let orig_node = w(p, 6)?;
    let dest_node = w(p, 7)?;
    nd.f(format_args!(
        "TIPC v{}.0 {}:{orig_port} > {}:{dest_port}",
        c.ver,
        Addr(orig_node),
        Addr(dest_node)
    ));
    sizes(nd, &c, MTYPE_VALUES, (w1 >> 29) & 7);
    if nd.opts.verbose > 0 {
        let w2 = w(p, 2)?;
        nd.f(format_args!(
            "\n\tPrevious Node {}, Broadcast Ack {}, Link Ack {}, Link Sequence {}",
            Addr(prev_node),
            w1 & 0xffff,
            w2 >> 16,
            w2 & 0xffff
        ));
    }
    Ok(())
}

fn internal(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let c = common(w(p, 0)?);
    let w1 = w(p, 1)?;
    let orig_node = w(p, 6)?;
    let dest_node = w(p, 7)?;
    nd.f(format_args!(
        "TIPC v{}.0 {} > {}",
        c.ver,
        Addr(orig_node),
        Addr(dest_node)
    ));
    sizes(nd, &c, MTYPE_VALUES, (w1 >> 29) & 7);
    nd.f(format_args!(" (0x{w1:08x})"));
    if nd.opts.verbose > 0 {
        let w2 = w(p, 2)?;
        let prev_node = w(p, 3)?;
        let w4 = w(p, 4)?;
        let w5 = w(p, 5)?;
        let trans_seq = w(p, 8)?;
        let w9 = w(p, 9)?;
        nd.f(format_args!(
            "\n\tPrevious Node {}, Session No. {}, Broadcast Ack {}, Sequence Gap {},  \
             Broadcast Gap After {}, Broadcast Gap To {}, Last Sent Packet No. {}, \
             Next sent Packet No. {}, Transport Sequence {trans_seq}, msg_count {}, \
             Link Tolerance {}",
            Addr(prev_node),
            w5 >> 16,
            w1 & 0xffff,
            (w1 >> 16) & 0x1fff,
            w2 >> 16,
            w2 & 0xffff,
            w4 >> 16,
            w4 & 0xffff,
            w9 >> 16,
            w9 & 0xffff
        ));
    }
    Ok(())
}

fn link_conf(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let c = common(w(p, 0)?);
    let w1 = w(p, 1)?;
    let dest_domain = w(p, 2)?;
    let prev_node = w(p, 3)?;
    nd.f(format_args!(
        "TIPC v{}.0 {} > {}",
        c.ver,
        Addr(prev_node),
        Addr(dest_domain)
    ));
    sizes(nd, &c, LINKCONF_MTYPE_VALUES, (w1 >> 29) & 7);
    if nd.opts.verbose > 0 {
        let ntwrk_id = w(p, 4)?;
        let w5 = w(p, 5)?;
        nd.f(format_args!(
            "\n\tNodeSignature {}, network_id {ntwrk_id}, media_id {}",
            w1 & 0xffff,
            w5 & 0xff
        ));
    }
    Ok(())
}
