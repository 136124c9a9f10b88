//! Linux USB captures (usbmon, 48- and 64-byte headers): transfer and event types, direction
//! and endpoint, as tcpdump's print-usb.c.
use super::{Nd, Res, le16, sl, u8at};

const URB_ISOCHRONOUS: u8 = 0x0;
const URB_INTERRUPT: u8 = 0x1;
const URB_CONTROL: u8 = 0x2;
const URB_BULK: u8 = 0x3;
const URB_SUBMIT: u8 = b'S';
const URB_COMPLETE: u8 = b'C';
const URB_ERROR: u8 = b'E';

fn header_print(nd: &mut Nd<'_>, h: &[u8]) -> Res {
    nd.proto = "usb";
    nd.s("USB");
    if nd.opts.quiet {
        return Ok(());
    }
    nd.s(" ");
    let transfer_type = u8at(h, 9)?;
    nd.s(match transfer_type {
        URB_ISOCHRONOUS => "ISOCHRONOUS",
        URB_INTERRUPT => "INTERRUPT",
        URB_CONTROL => "CONTROL",
        URB_BULK => "BULK",
        _ => " ?",
    });
    let event_type = u8at(h, 8)?;
    nd.s(match event_type {
        URB_SUBMIT => " SUBMIT",
        URB_COMPLETE => " COMPLETE",
        URB_ERROR => " ERROR",
        _ => " ?",
    });
    // Interrupt transfers go the other way.
    let from = match (transfer_type, event_type) {
        (URB_BULK | URB_CONTROL | URB_ISOCHRONOUS, URB_SUBMIT) => Some(false),
        (URB_BULK | URB_CONTROL | URB_ISOCHRONOUS, URB_COMPLETE | URB_ERROR) => Some(true),
        (URB_INTERRUPT, URB_SUBMIT) => Some(true),
        (URB_INTERRUPT, URB_COMPLETE | URB_ERROR) => Some(false),
        _ => None,
    };
    match from {
        Some(true) => nd.s(" from"),
        Some(false) => nd.s(" to"),
        None => {}
    }
    let bus = le16(h, 12)?;
    let device = u8at(h, 11)?;
    let endpoint = u8at(h, 10)? & 0x7f;
    nd.f(format_args!(" {bus}:{device}:{endpoint}"));
    Ok(())
}

/// DLT_USB_LINUX (48-byte header).
pub(crate) fn linux_48_byte_if_print(nd: &mut Nd<'_>, p: &[u8]) -> Res<usize> {
    nd.proto = "usb_linux_48_byte";
    sl(p, 0, 48)?;
    header_print(nd, p)?;
    Ok(48)
}

/// DLT_USB_LINUX_MMAPPED (64-byte header).
pub(crate) fn linux_64_byte_if_print(nd: &mut Nd<'_>, p: &[u8]) -> Res<usize> {
    nd.proto = "usb_linux_64_byte";
    sl(p, 0, 64)?;
    header_print(nd, p)?;
    Ok(64)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn control_submit() {
        check_n(
            189,
            "",
            "0100000000000000530281050300000000000000000000000000000000000000080000000800000000000000000000000000000000000000",
            "USB CONTROL SUBMIT to 3:5:1",
        );
    }
}
