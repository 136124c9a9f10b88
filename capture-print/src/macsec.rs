//! IEEE 802.1AE MACsec, as tcpdump's print-macsec.c: the SecTAG, and the payload when it is
//! not encrypted (its ICV removed).
use super::ether::LlAddrs;
use super::util::Tok;
use super::{Nd, Res, be32, be64, u8at};

const DEFAULT_ICV_LEN: usize = 16;

const TCI_VERSION: u8 = 0x80;
const TCI_SC: u8 = 0x20;
/// The flag bits printed (ES, SC, SCB, E, C).
const TCI_FLAGS: u8 = 0x7c;
/// Encrypted or changed: the payload is not readable.
const TCI_CONFID: u8 = 0x0c;
const AN_MASK: u8 = 0x03;
const SL_MASK: u8 = 0x3f;

const SECTAG_LEN_NOSCI: usize = 6;
const SECTAG_LEN_SCI: usize = 14;

const FLAG_VALUES: &Tok = &[
    (0x08, "E"),
    (0x04, "C"),
    (0x40, "S"),
    (0x10, "B"),
    (0x20, "I"),
];

/// The frame from the SecTAG on, as the Ethernet printer tracks it: the bytes a read may reach,
/// the length on the wire, the captured length, and the link header's length so far.
pub(crate) struct Frame<'a> {
    pub p: &'a [u8],
    pub length: usize,
    pub caplen: usize,
    pub hdrlen: usize,
}

/// What the Ethernet printer does after the SecTAG.
pub(crate) enum Payload {
    /// Dump the (encrypted) payload.
    Encrypted,
    /// Stop, the link header being this long.
    Stop(usize),
    /// Decode the payload, from its type field on.
    Clear,
}

fn header(nd: &mut Nd<'_>, p: &[u8], short_length: u8) -> Res {
    let tci_an = u8at(p, 0)?;
    nd.f(format_args!(
        "an {}, pn {}, flags ",
        tci_an & AN_MASK,
        be32(p, 2)?
    ));
    nd.bittok2str_nosep(FLAG_VALUES, "none", (tci_an & TCI_FLAGS).into());
    if short_length != 0 {
        nd.f(format_args!(", sl {short_length}"));
    }
    if tci_an & TCI_SC != 0 {
        nd.f(format_args!(", sci {:016x}", be64(p, 6)?));
    }
    nd.s(", ");
    Ok(())
}

/// Prints the SecTAG at the start of `f` and moves `f` past it (and the ICV off its end when
/// the payload is in clear).
pub(crate) fn print(nd: &mut Nd<'_>, f: &mut Frame<'_>, addrs: &LlAddrs<'_>) -> Res<Payload> {
    let saved = nd.proto;
    nd.proto = "macsec";
    let r = sectag(nd, f, addrs);
    nd.proto = saved;
    r
}

fn sectag(nd: &mut Nd<'_>, f: &mut Frame<'_>, addrs: &LlAddrs<'_>) -> Res<Payload> {
    let stop = |nd: &mut Nd<'_>, f: &Frame<'_>| {
        nd.trunc();
        Ok(Payload::Stop(f.hdrlen + f.caplen))
    };
    if f.caplen < SECTAG_LEN_NOSCI || f.length < SECTAG_LEN_NOSCI {
        return stop(nd, f);
    }
    let tci_an = u8at(f.p, 0)?;
    let sectag_len = if tci_an & TCI_SC != 0 {
        if f.caplen < SECTAG_LEN_SCI || f.length < SECTAG_LEN_SCI {
            return stop(nd, f);
        }
        SECTAG_LEN_SCI
    } else {
        SECTAG_LEN_NOSCI
    };
    let sl_byte = u8at(f.p, 1)?;
    if sl_byte & !SL_MASK != 0 || tci_an & TCI_VERSION != 0 {
        nd.invalid();
        return Ok(Payload::Stop(f.hdrlen + f.caplen));
    }
    let short_length = sl_byte & SL_MASK;
    if nd.opts.link_header {
        header(nd, f.p, short_length)?;
    }
    let tag = f.p;
    let hdrlen = f.hdrlen;
    let caplen = f.caplen;
    f.p = super::tail(f.p, sectag_len);
    f.hdrlen += sectag_len;
    f.length -= sectag_len;
    f.caplen -= sectag_len;

    if tci_an & TCI_CONFID != 0 {
        if !nd.opts.link_header {
            addrs.print_pair(nd);
            nd.s(" 802.1AE MACsec, ");
            header(nd, tag, short_length)?;
        }
        return Ok(Payload::Encrypted);
    }

    if f.length < DEFAULT_ICV_LEN || f.caplen < DEFAULT_ICV_LEN {
        nd.trunc();
        return Ok(Payload::Stop(hdrlen + caplen));
    }
    f.length -= DEFAULT_ICV_LEN;
    f.caplen -= DEFAULT_ICV_LEN;
    // The ICV ends the frame: nothing after the SecTAG may read it.
    f.p = &f.p[..f.p.len().saturating_sub(DEFAULT_ICV_LEN)];
    if short_length != 0 {
        let sl = usize::from(short_length);
        if sl > f.length || sl > f.caplen {
            nd.trunc();
            return Ok(Payload::Stop(hdrlen + caplen));
        }
        f.length = f.length.min(sl);
        f.caplen = f.caplen.min(sl);
    }
    Ok(Payload::Clear)
}
