//! Bluetooth HCI H4 with the direction pseudo-header, as tcpdump's print-bt.c (the HCI packet
//! itself is dumped).
use super::{Nd, Res, ascii, be32, sl};

const BT_HDRLEN: usize = 4;

/// DLT_BLUETOOTH_HCI_H4_WITH_PHDR.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res<usize> {
    nd.proto = "bluetooth";
    nd.s("bluetooth");
    sl(p, 0, BT_HDRLEN)?;
    let length = (length as u32).wrapping_sub(BT_HDRLEN as u32);
    if nd.opts.link_header {
        let dir = if be32(p, 0)? & 1 != 0 { "in" } else { "out" };
        nd.f(format_args!(", hci length {length}, direction {dir}"));
    }
    ascii::default_print(nd, &p[BT_HDRLEN..]);
    Ok(BT_HDRLEN)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn incoming() {
        check_n(
            201,
            "-e",
            "0000000101030c00",
            "bluetooth, hci length 4, direction in\n\t0x0000:  0103 0c00                                ....",
        );
    }
}
