//! Broadcom switch tags, as tcpdump's print-brcmtag.c: the 4-byte tag after the source
//! address (link type DSA_TAG_BRCM) or before the frame (DSA_TAG_BRCM_PREPEND).
use super::ether::{self, SwitchTag};
use super::util::Tok;
use super::{Nd, Res};

const TAG_LEN: usize = 4;

const TE_VALUES: &Tok = &[(0, "None"), (1, "Untag"), (2, "Header"), (3, "Reserved")];

const RC_VALUES: &Tok = &[
    (1, "mirror"),
    (2, "MAC learning"),
    (4, "switching"),
    (8, "prot term"),
    (16, "prot snoop"),
    (32, "exception"),
];

fn tag_print(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let t: [u8; TAG_LEN] = super::arr(p, 0)?;
    nd.s("BRCM tag OP: ");
    nd.s(if t[0] != 0 { "IG" } else { "EG" });
    if t[0] & (1 << 5) != 0 {
        nd.f(format_args!(", TC: {}, TE: ", (t[1] >> 2) & 7));
        nd.tok2str(TE_VALUES, "unknown", (t[1] & 3).into());
        nd.f(format_args!(
            ", TS: {}, DST map: 0x{:04x}",
            t[1] >> 7,
            u16::from_be_bytes([t[2], t[3]]) & 0x1ff
        ));
    } else {
        nd.f(format_args!(", CID: {}, RC: ", t[1]));
        nd.tok2str(RC_VALUES, "reserved", t[2].into());
        nd.f(format_args!(
            ", TC: {}, port: {}",
            (t[3] >> 5) & 7,
            t[3] & 0x1f
        ));
    }
    nd.s(", ");
    Ok(())
}

/// A frame with the tag between the source address and the type field.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: u32) -> usize {
    nd.proto = "brcm-tag";
    let tag = SwitchTag {
        len: TAG_LEN,
        print: tag_print,
    };
    ether::switch_tag_print(nd, p, length, Some(tag))
}

/// A frame with the tag before it.
pub(crate) fn print_prepend(nd: &mut Nd<'_>, p: &[u8], length: u32) -> usize {
    nd.proto = "brcm-tag-prepend";
    if p.len() < TAG_LEN {
        nd.trunc_top();
        return 0;
    }
    if nd.opts.link_header && tag_print(nd, p).is_err() {
        nd.trunc_top();
        return 0;
    }
    TAG_LEN + ether::print(nd, &p[TAG_LEN..], length.saturating_sub(TAG_LEN as u32))
}
