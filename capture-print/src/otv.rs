//! OTV (draft-hasmit-otv, UDP port 8472), as tcpdump's print-otv.c: the overlay and instance
//! identifiers, then the Ethernet frame inside.
use super::{Nd, Res, Trunc, be24, ether, has, tail, u8at};

const HDR_LEN: usize = 8;

/// tcpdump's `otv_print`.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], len: usize) -> Res {
    nd.proto = "otv";
    nd.s("OTV, ");
    if len < HDR_LEN {
        nd.f(format_args!("[length {len} < {HDR_LEN}]"));
        nd.invalid();
        // tcpdump then checks the rest was captured.
        return if has(bp, 0, len) { Ok(()) } else { Err(Trunc) };
    }
    let flags = u8at(bp, 0)?;
    nd.f(format_args!(
        "flags [{}] (0x{flags:02x}), ",
        if flags & 0x08 != 0 { "I" } else { "." }
    ));
    nd.f(format_args!("overlay {}, ", be24(bp, 1)?));
    nd.f(format_args!("instance {}\n", be24(bp, 4)?));
    if bp.len() < HDR_LEN {
        return Err(Trunc);
    }
    ether::print(nd, tail(bp, HDR_LEN), (len - HDR_LEN) as u32);
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check;

    #[test]
    fn ethernet_inside() {
        let h = "4500004600010000401166a40a0000010a00000230392118003200009d00000100000200001122334455665544332211080045000014000100004001f9950a0000010a000002";
        check(
            101,
            "-n",
            h.len() as u32 / 2,
            h,
            "IP 10.0.0.1.12345 > 10.0.0.2.8472: OTV, flags [I] (0x9d), overlay 1, instance 2\
             \nIP 10.0.0.1 > 10.0.0.2:  [|icmp]",
        );
    }
}
