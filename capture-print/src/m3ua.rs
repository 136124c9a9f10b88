//! M3UA, the SS7 MTP3 User Adaptation Layer (RFC 4666), as tcpdump's print-m3ua.c: the message
//! class and type, and the parameters' names (with `-vv`, inside SCTP).
use super::util::tok2str;
use super::{Nd, Res, Trunc, be16, be32, has, tok};

const CLASSES: &[(u32, &str)] = &[
    (0, "Management"),
    (1, "Transfer"),
    (2, "SS7"),
    (3, "ASP"),
    (4, "ASP"),
    (9, "Routing Key Management"),
];

/// The message types of each class.
fn messages(class: u8) -> Option<&'static [(u32, &'static str)]> {
    Some(match class {
        0 => &[(0, "Error"), (1, "Notify")],
        1 => &[(1, "Data")],
        2 => &[
            (1, "Destination Unavailable"),
            (2, "Destination Available"),
            (3, "Destination State Audit"),
            (4, "Signalling Congestion"),
            (5, "Destination User Part Unavailable"),
            (6, "Destination Restricted"),
        ],
        3 => &[
            (1, "Up"),
            (2, "Down"),
            (3, "Heartbeat"),
            (4, "Up Acknowledgement"),
            (5, "Down Acknowledgement"),
            (6, "Heartbeat Acknowledgement"),
        ],
        4 => &[
            (1, "Active"),
            (2, "Inactive"),
            (3, "Active Acknowledgement"),
            (4, "Inactive Acknowledgement"),
        ],
        9 => &[
            (1, "Registration Request"),
            (2, "Registration Response"),
            (3, "Deregistration Request"),
            (4, "Deregistration Response"),
        ],
        _ => return None,
    })
}

const PARAMS: &[(u32, &str)] = &[
    (0x0004, "INFO String"),
    (0x0006, "Routing Context"),
    (0x0007, "Diagnostic Info"),
    (0x0009, "Heartbeat Data"),
    (0x000b, "Traffic Mode Type"),
    (0x000c, "Error Code"),
    (0x000d, "Status"),
    (0x0011, "ASP Identifier"),
    (0x0012, "Affected Point Code"),
    (0x0013, "Correlation ID"),
    (0x0200, "Network Appearance"),
    (0x0204, "User/Cause"),
    (0x0205, "Congestion Indications"),
    (0x0206, "Concerned Destination"),
    (0x0207, "Routing Key"),
    (0x0208, "Registration Result"),
    (0x0209, "Deregistration Result"),
    (0x020a, "Local Routing Key Identifier"),
    (0x020b, "Destination Point Code"),
    (0x020c, "Service Indicators"),
    (0x020e, "Originating Point Code List"),
    (0x0210, "Protocol Data"),
    (0x0212, "Registration Status"),
    (0x0213, "Deregistration Status"),
];

/// A read of `n` bytes at `i` that must all have been captured (tcpdump's longjmping TCHECK).
fn check(b: &[u8], i: usize, n: usize) -> Res {
    if has(b, i, n) { Ok(()) } else { Err(Trunc) }
}

/// Prints an M3UA message of `size` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, b: &[u8], size: usize) -> Res {
    nd.proto = "m3ua";
    if size < 8 {
        nd.invalid();
        return check(b, 0, size);
    }
    check(b, 0, 8)?;
    if b[0] != 1 {
        return Ok(());
    }
    let class = b[2];
    nd.s("\n\t\t");
    nd.tok2str(CLASSES, "Unknown message class %i", u32::from(class));
    if let Some(dict) = messages(class) {
        nd.f(format_args!(
            " {} Message",
            tok2str(dict, "Unknown (0x%02x)", u32::from(b[3]))
        ));
    }
    let len = be32(b, 4)?;
    if size as u64 != u64::from(len) {
        nd.f(format_args!(
            "\n\t\t\t@@@@@@ Corrupted length {len} of message @@@@@@"
        ));
        Ok(())
    } else {
        tags(nd, &b[8..], len as usize - 8)
    }
}

/// The parameters of a message, `size` bytes.
fn tags(nd: &mut Nd<'_>, b: &[u8], size: usize) -> Res {
    let mut p = 0usize;
    while p < size {
        if p + 4 > size {
            nd.invalid();
            return check(b, 0, size);
        }
        let tag = be16(b, p)?;
        nd.s("\n\t\t\t");
        match tok(PARAMS, u32::from(tag)) {
            Some(name) => nd.s(name),
            None => nd.f(format_args!("Unknown Parameter (0x{tag:04x})")),
        }
        nd.s(": ");
        let hdr_len = usize::from(be16(b, p + 2)?);
        if hdr_len < 4 {
            nd.invalid();
            return check(b, 0, size);
        }
        let align = (p + hdr_len) % 4;
        let align = if align != 0 { 4 - align } else { 0 };
        check(b, p, hdr_len + align)?;
        match tag {
            0x0200 | 0x0006 | 0x0013 => {
                if hdr_len - 4 < 4 {
                    nd.invalid();
                } else {
                    // tcpdump reads the value from the parameter's header, not after it.
                    nd.f(format_args!("0x{:08x}", be32(b, p)?));
                }
            }
            _ => nd.f(format_args!("(length {hdr_len})")),
        }
        p += hdr_len + align;
    }
    Ok(())
}
