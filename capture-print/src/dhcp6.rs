//! DHCPv6, as tcpdump's print-dhcp6.c: the message type and, with `-v`, the transaction ID or
//! relay addresses and every option (DUIDs, IAs and their addresses and prefixes,
//! authentication, server lists, domain lists, relayed messages, ...).
use super::util::Tok;
use super::{Nd, Res, be16, be32, dns, sl, u8at};

const RENEW: u8 = 5;
const INFORM_REQ: u8 = 11;
const RELAY_FORW: u8 = 12;
const RELAY_REPLY: u8 = 13;

const MSG_TYPES: &Tok = &[
    (1, "solicit"),
    (2, "advertise"),
    (3, "request"),
    (4, "confirm"),
    (5, "renew"),
    (6, "rebind"),
    (7, "reply"),
    (8, "release"),
    (9, "decline"),
    (10, "reconfigure"),
    (11, "inf-req"),
    (12, "relay-fwd"),
    (13, "relay-reply"),
    (14, "leasequery"),
    (15, "leasequery-reply"),
];

const OPTIONS: &Tok = &[
    (1, "client-ID"),
    (2, "server-ID"),
    (3, "IA_NA"),
    (4, "IA_TA"),
    (5, "IA_ADDR"),
    (6, "option-request"),
    (7, "preference"),
    (8, "elapsed-time"),
    (9, "relay-message"),
    (11, "authentication"),
    (12, "server-unicast"),
    (13, "status-code"),
    (14, "rapid-commit"),
    (15, "user-class"),
    (16, "vendor-class"),
    (17, "vendor-specific-info"),
    (18, "interface-ID"),
    (19, "reconfigure-message"),
    (20, "reconfigure-accept"),
    (21, "SIP-servers-domain"),
    (22, "SIP-servers-address"),
    (23, "DNS-server"),
    (24, "DNS-search-list"),
    (25, "IA_PD"),
    (26, "IA_PD-prefix"),
    (31, "SNTP-servers"),
    (32, "lifetime"),
    (27, "NIS-server"),
    (28, "NIS+-server"),
    (29, "NIS-domain-name"),
    (30, "NIS+-domain-name"),
    (33, "BCMCS-domain-name"),
    (34, "BCMCS-server"),
    (36, "Geoconf-Civic"),
    (37, "Remote-ID"),
    (38, "Subscriber-ID"),
    (39, "Client-FQDN"),
    (40, "PANA-agent"),
    (41, "POSIX-timezone"),
    (42, "POSIX-tz-database"),
    (43, "Echo-request-option"),
    (44, "Lease-query"),
    (45, "LQ-client-data"),
    (46, "Clt-time"),
    (47, "LQ-relay-data"),
    (48, "LQ-client-link"),
    (56, "NTP-server"),
    (64, "AFTR-Name"),
    (112, "MUD-URL"),
];

const STATUS_CODES: &Tok = &[
    (0, "Success"),
    (1, "UnspecFail"),
    (2, "NoAddrsAvail"),
    (3, "NoBinding"),
    (4, "NotOnLink"),
    (5, "UseMulticast"),
    (6, "NoPrefixAvail"),
    (7, "UnknownQueryType"),
    (8, "MalformedQuery"),
    (9, "NotConfigured"),
    (10, "NotAllowed"),
];

/// Prints a DHCPv6 message; `bp` holds the captured bytes, `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "dhcp6";
    nd.s("dhcp6");
    let ep = bp.len().min(length);
    if bp.len() < 4 {
        return nd.trunc_here();
    }
    let msgtype = bp[0];
    let name = super::util::tok2str(MSG_TYPES, "msgtype-%u", msgtype.into());
    if nd.opts.verbose == 0 {
        nd.f(format_args!(" {name}"));
        return Ok(());
    }
    nd.f(format_args!(" {name} ("));
    if msgtype != RELAY_FORW && msgtype != RELAY_REPLY {
        nd.f(format_args!("xid={:x}", be32(bp, 0)? & 0x00ff_ffff));
        options(nd, bp, 4, ep)?;
    } else {
        let link = sl(bp, 2, 16)?;
        nd.s("linkaddr=");
        nd.host6(link);
        let peer = sl(bp, 18, 16)?;
        nd.s(" peeraddr=");
        nd.host6(peer);
        options(nd, bp, 34, ep)?;
    }
    nd.s(")");
    Ok(())
}

/// The options from `cp` to `ep` (indexes into `bp`, the captured bytes); a truncation is
/// reported here and the caller carries on.
fn options(nd: &mut Nd<'_>, bp: &[u8], cp: usize, ep: usize) -> Res {
    match options_inner(nd, bp, cp, ep)? {
        true => Ok(()),
        false => nd.trunc_here(),
    }
}

/// `()`-closing helper: ` ?)` for an option whose length does not fit its type.
fn bad(nd: &mut Nd<'_>) {
    nd.s(" ?)");
}

/// Ok(false): the options ran past their end or the captured bytes.
fn options_inner(nd: &mut Nd<'_>, bp: &[u8], mut cp: usize, ep: usize) -> Res<bool> {
    while cp < ep {
        if ep < cp + 4 || bp.len() < cp + 4 {
            return Ok(false);
        }
        let optlen = be16(bp, cp + 2)? as usize;
        if ep < cp + 4 + optlen {
            return Ok(false);
        }
        let opttype = be16(bp, cp)?;
        nd.s(" (");
        nd.tok2str(OPTIONS, "opt_%u", opttype.into());
        if bp.len() < cp + 4 + optlen {
            return Ok(false);
        }
        let tp = cp + 4;
        let end = tp + optlen;
        let o = &bp[tp..end];
        match opttype {
            1 | 2 => duid(nd, o)?,
            5 => {
                if optlen < 24 {
                    bad(nd);
                } else {
                    nd.s(" ");
                    nd.host6(&o[..16]);
                    nd.f(format_args!(
                        " pltime:{} vltime:{}",
                        be32(o, 16)?,
                        be32(o, 20)?
                    ));
                    if optlen > 24 {
                        options(nd, bp, tp + 24, end)?;
                    }
                    nd.s(")");
                }
            }
            6 | 43 => {
                if !optlen.is_multiple_of(2) {
                    bad(nd);
                } else {
                    for pair in o.chunks_exact(2) {
                        nd.s(" ");
                        nd.tok2str(OPTIONS, "opt_%u", be16(pair, 0)?.into());
                    }
                    nd.s(")");
                }
            }
            7 => {
                if optlen != 1 {
                    bad(nd);
                } else {
                    nd.f(format_args!(" {})", o[0]));
                }
            }
            8 => {
                if optlen != 2 {
                    bad(nd);
                } else {
                    nd.f(format_args!(" {})", be16(o, 0)?));
                }
            }
            9 => {
                nd.s(" (");
                print(nd, &bp[tp..end], optlen)?;
                nd.s(")");
            }
            11 => auth(nd, o)?,
            14 | 20 => nd.s(")"),
            18 | 38 => {
                nd.s(" ");
                for b in o.iter().take(10) {
                    nd.f(format_args!("{b:02x}"));
                }
                nd.s("...)");
            }
            19 => {
                if optlen != 1 {
                    bad(nd);
                } else {
                    match o[0] {
                        RENEW => nd.s(" for renew)"),
                        INFORM_REQ => nd.s(" for inf-req)"),
                        t => nd.f(format_args!(" for ???({t:02x}))")),
                    }
                }
            }
            22 | 23 | 31 | 27 | 28 | 34 | 40 | 48 => {
                if !optlen.is_multiple_of(16) {
                    bad(nd);
                } else {
                    for a in o.chunks_exact(16) {
                        nd.s(" ");
                        nd.host6(a);
                    }
                    nd.s(")");
                }
            }
            21 | 24 => {
                let mut t = tp;
                while t < end {
                    nd.s(" ");
                    match dns::fqdn_print(nd, bp, t, end) {
                        Some(next) => t = next,
                        None => return Ok(false),
                    }
                }
                nd.s(")");
            }
            13 => {
                if optlen < 2 {
                    bad(nd);
                } else {
                    let code = be16(o, 0)?;
                    nd.s(" ");
                    if code > 255 {
                        nd.s("INVALID code");
                    } else {
                        nd.tok2str(STATUS_CODES, "code%u", code.into());
                    }
                    nd.s(")");
                }
            }
            3 | 25 => {
                if optlen < 12 {
                    bad(nd);
                } else {
                    nd.f(format_args!(
                        " IAID:{} T1:{} T2:{}",
                        be32(o, 0)?,
                        be32(o, 4)?,
                        be32(o, 8)?
                    ));
                    if optlen > 12 {
                        options(nd, bp, tp + 12, end)?;
                    }
                    nd.s(")");
                }
            }
            4 => {
                if optlen < 4 {
                    bad(nd);
                } else {
                    nd.f(format_args!(" IAID:{}", be32(o, 0)?));
                    if optlen > 4 {
                        options(nd, bp, tp + 4, end)?;
                    }
                    nd.s(")");
                }
            }
            26 => {
                if optlen < 25 {
                    bad(nd);
                } else {
                    nd.s(" ");
                    nd.host6(&o[9..25]);
                    nd.f(format_args!(
                        "/{} pltime:{} vltime:{}",
                        o[8],
                        be32(o, 0)?,
                        be32(o, 4)?
                    ));
                    if optlen > 25 {
                        options(nd, bp, tp + 25, end)?;
                    }
                    nd.s(")");
                }
            }
            32 | 46 => {
                if optlen != 4 {
                    bad(nd);
                } else {
                    nd.f(format_args!(" {})", be32(o, 0)?));
                }
            }
            37 => {
                if optlen < 4 {
                    bad(nd);
                } else {
                    nd.f(format_args!(" {} ", be32(o, 0)?));
                    for b in o.iter().take(14).skip(4) {
                        nd.f(format_args!("{b:02x}"));
                    }
                    nd.s("...)");
                }
            }
            44 => {
                if optlen < 17 {
                    bad(nd);
                } else {
                    match o[0] {
                        1 => nd.s(" by-address"),
                        2 => nd.s(" by-clientID"),
                        t => nd.f(format_args!(" type_{t}")),
                    }
                    nd.s(" ");
                    nd.host6(&o[1..17]);
                    if optlen > 17 {
                        options(nd, bp, tp + 17, end)?;
                    }
                    nd.s(")");
                }
            }
            45 => {
                if optlen > 0 {
                    options(nd, bp, tp, end)?;
                }
                nd.s(")");
            }
            47 => {
                if optlen < 16 {
                    bad(nd);
                } else {
                    nd.s(" ");
                    nd.host6(&o[..16]);
                    nd.s(" ");
                    for b in o.iter().take(26).skip(16) {
                        nd.f(format_args!("{b:02x}"));
                    }
                    nd.s("...)");
                }
            }
            56 => {
                if optlen < 4 {
                    bad(nd);
                } else if !ntp_server(nd, bp, tp, end)? {
                    return Ok(false);
                }
            }
            64 => {
                if optlen < 3 {
                    bad(nd);
                } else {
                    aftr_name(nd, bp, tp, optlen)?;
                }
            }
            41 | 42 | 112 => {
                if optlen < 5 {
                    bad(nd);
                } else {
                    nd.s(" ");
                    nd.printjnp(o, optlen)?;
                    nd.s(")");
                }
            }
            _ => nd.s(")"),
        }
        cp = end;
    }
    Ok(true)
}

/// A client or server DUID (RFC 8415): link-layer address plus time, enterprise number, or
/// link-layer address.
fn duid(nd: &mut Nd<'_>, o: &[u8]) -> Res {
    if o.len() < 2 {
        bad(nd);
        return Ok(());
    }
    let hex = |nd: &mut Nd<'_>, b: &[u8]| {
        for x in b {
            nd.f(format_args!("{x:02x}"));
        }
    };
    match be16(o, 0)? {
        1 if o.len() >= 8 => {
            nd.f(format_args!(
                " hwaddr/time type {} time {} ",
                be16(o, 2)?,
                be32(o, 4)?
            ));
            hex(nd, &o[8..]);
            nd.s(")");
        }
        2 if o.len() >= 10 => {
            nd.s(" vid ");
            hex(nd, &o[2..10]);
            nd.s(")");
        }
        3 if o.len() >= 4 => {
            nd.f(format_args!(" hwaddr type {} ", be16(o, 2)?));
            hex(nd, &o[4..]);
            nd.s(")");
        }
        1..=3 => bad(nd),
        t => nd.f(format_args!(" type {t})")),
    }
    Ok(())
}

/// The authentication option (RFC 8415 section 21.11).
fn auth(nd: &mut Nd<'_>, o: &[u8]) -> Res {
    if o.len() < 11 {
        bad(nd);
        return Ok(());
    }
    let proto = o[0];
    match proto {
        2 => nd.s(" proto: delayed"),
        3 => nd.s(" proto: reconfigure"),
        p => nd.f(format_args!(" proto: {p}")),
    }
    match o[1] {
        1 => nd.s(", alg: HMAC-MD5"),
        a => nd.f(format_args!(", alg: {a}")),
    }
    match o[2] {
        0 => nd.s(", RDM: mono"),
        r => nd.f(format_args!(", RDM: {r}")),
    }
    nd.s(", RD:");
    for w in o[3..11].chunks_exact(2) {
        nd.f(format_args!(" {:04x}", be16(w, 0)?));
    }
    let info = &o[11..];
    match proto {
        2 => {
            if !info.is_empty() {
                if info.len() < 20 {
                    nd.s(" ??");
                } else {
                    let realm = info.len() - 20;
                    if realm > 0 {
                        nd.s(", realm: ");
                    }
                    for b in &info[..realm] {
                        nd.f(format_args!("{b:02x}"));
                    }
                    nd.f(format_args!(", key ID: {:08x}", be32(info, realm)?));
                    nd.s(", HMAC-MD5:");
                    for k in 0..4 {
                        nd.f(format_args!(" {:08x}", be32(info, realm + 4 + 4 * k)?));
                    }
                }
            }
        }
        3 => {
            if info.len() != 17 {
                nd.s(" ??");
            } else {
                match info[0] {
                    1 => nd.s(" reconfig-key"),
                    2 => nd.s(" type: HMAC-MD5"),
                    _ => nd.s(" type: ??"),
                }
                nd.s(" value:");
                for k in 0..4 {
                    nd.f(format_args!(" {:08x}", be32(info, 1 + 4 * k)?));
                }
            }
        }
        _ => nd.s(" ??"),
    }
    nd.s(")");
    Ok(())
}

/// The NTP server option's suboptions (RFC 5908); Ok(false) when one runs past the option.
fn ntp_server(nd: &mut Nd<'_>, bp: &[u8], mut tp: usize, end: usize) -> Res<bool> {
    while tp < end - 4 {
        let code = be16(bp, tp)?;
        let len = be16(bp, tp + 2)? as usize;
        tp += 4;
        if tp + len > end {
            return Ok(false);
        }
        nd.f(format_args!(" subopt:{code}"));
        match code {
            1 | 2 => {
                if len != 16 {
                    nd.s(" ?");
                } else {
                    nd.s(" ");
                    nd.host6(sl(bp, tp, 16)?);
                }
            }
            3 => {
                nd.s(" ");
                if dns::fqdn_print(nd, bp, tp, tp + len).is_none() {
                    return Ok(false);
                }
            }
            _ => nd.s(" ?"),
        }
        tp += len;
    }
    nd.s(")");
    Ok(true)
}

/// The AFTR name (RFC 6334): DNS labels, printed with dots.
fn aftr_name(nd: &mut Nd<'_>, bp: &[u8], mut tp: usize, optlen: usize) -> Res {
    let mut remain = optlen;
    nd.s(" ");
    while remain > 0 && u8at(bp, tp)? != 0 {
        let label = u8at(bp, tp)? as usize;
        tp += 1;
        if label < remain - 1 {
            nd.printjnp(super::tail(bp, tp), label)?;
            tp += label;
            remain -= label + 1;
            if u8at(bp, tp)? != 0 {
                nd.s(".");
            }
        } else {
            nd.s(" ?");
            break;
        }
    }
    nd.s(")");
    Ok(())
}
