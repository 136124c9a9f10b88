//! MSDP (the Multicast Source Discovery Protocol), as tcpdump's print-msdp.c: the TLVs of a
//! segment (`-vv`: the IP packet carried in a Source-Active message).
use super::{Nd, Res, be16, sl, u8at};

/// Prints the MSDP messages of a segment; `length` is the TCP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "msdp";
    nd.s(": msdp");
    let ty = u8at(bp, 0)?;
    let len = be16(bp, 1)?;
    // Not the start of a message: not decodable.
    if !(3..=1500).contains(&len) || ty == 0 || ty > 7 {
        nd.trunc();
        return Ok(());
    }
    let mut sp = 0;
    let mut length = length;
    while length != 0 {
        let ty = u8at(bp, sp)?;
        let len = be16(bp, sp + 1)? as usize;
        if len > 1400 || nd.opts.verbose > 0 {
            nd.f(format_args!(" [len {len}]"));
        }
        if len < 3 || length < len {
            nd.trunc();
            return Ok(());
        }
        sp += 3;
        length -= 3;
        match ty {
            1 | 3 => {
                nd.s(if ty == 1 { " SA" } else { " SA-Response" });
                let entries = usize::from(u8at(bp, sp)?);
                nd.f(format_args!(" {entries} entries"));
                if entries * 12 + 8 < len {
                    nd.s(" [w/data]");
                    if nd.opts.verbose > 1 {
                        nd.s(" ");
                        let at = sp + entries * 12 + 8 - 3;
                        super::ip::print(nd, super::tail(bp, at), len - (entries * 12 + 8))?;
                    }
                }
            }
            2 => {
                nd.s(" SA-Request");
                let a = sl(bp, sp + 1, 4)?;
                nd.s(" for ");
                nd.host4(a);
            }
            4 => {
                nd.s(" Keepalive");
                if len != 3 {
                    nd.f(format_args!("[len={len}] "));
                }
            }
            5 => nd.s(" Notification"),
            _ => nd.f(format_args!(" [type={ty} len={len}]")),
        }
        sp += len - 3;
        length -= len - 3;
    }
    Ok(())
}
