//! CALM FAST, the ISO 29281 non-IP networking of Intelligent Transport Systems, as tcpdump's
//! print-calm-fast.c: the source and destination network references, the payload in hex
//! with `-v`.
use super::ether::LlAddrs;
use super::geonet::default_print;
use super::{Nd, Res, Trunc, has, u8at};

/// Prints a CALM FAST packet of `length` bytes sent from `src`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize, src: Option<&LlAddrs<'_>>) -> Res {
    nd.proto = "calm_fast";
    nd.s("CALM FAST");
    if let Some(a) = src {
        nd.s(" src:");
        (a.print)(nd, a.src);
    }
    nd.s("; ");
    if length < 2 {
        nd.f(format_args!(" (length {length} < 2)"));
        nd.invalid();
        return if has(bp, 0, length) {
            Ok(())
        } else {
            Err(Trunc)
        };
    }
    nd.f(format_args!("SrcNwref:{}; ", u8at(bp, 0)?));
    nd.f(format_args!("DstNwref:{}; ", u8at(bp, 1)?));
    if nd.opts.verbose > 0 {
        default_print(nd, &bp[2..], length - 2)?;
    }
    Ok(())
}
