//! What libpcap does to a packet it has read before handing it on (`pcap_post_process`): the
//! host-byte-order fields of a few pseudo-headers are put in this host's order when the file
//! was written on a host of the other byte order, and the wire length of Linux USB
//! isochronous completions, which older libpcaps got wrong, is recomputed.

const DLT_PFLOG: i32 = 117;
const DLT_LINUX_SLL: i32 = 113;
const DLT_LINUX_SLL2: i32 = 276;
const DLT_USB_LINUX: i32 = 189;
const DLT_USB_LINUX_MMAPPED: i32 = 220;
const DLT_NFLOG: i32 = 239;

/// Length of the memory-mapped Linux USB header, and of one isochronous descriptor.
const USB_MMAPPED_LEN: usize = 64;
const USB_ISODESC_LEN: usize = 16;
const URB_ISOCHRONOUS: u8 = 0;
const URB_COMPLETE: u8 = b'C';
const URB_TRANSFER_IN: u8 = 0x80;

/// Fixes a packet of link type `dlt` (a DLT_ value) read from a file, as libpcap does;
/// `data` holds the captured bytes and `wirelen` the wire length, which may change.
pub(crate) fn post_process(dlt: i32, swapped: bool, wirelen: &mut u32, data: &mut [u8]) {
    if swapped {
        let caplen = data.len();
        let length = *wirelen as usize;
        match dlt {
            DLT_PFLOG => pflog(data, length),
            DLT_LINUX_SLL => socketcan(data, length, 16, 14),
            DLT_LINUX_SLL2 => socketcan(data, length, 20, 0),
            DLT_USB_LINUX => usb(data, caplen, false),
            DLT_USB_LINUX_MMAPPED => usb(data, caplen, true),
            DLT_NFLOG => nflog(data, length),
            _ => {}
        }
    }
    if dlt == DLT_USB_LINUX_MMAPPED && data.len() >= USB_MMAPPED_LEN {
        usb_mmapped_length(wirelen, data);
    }
}

/// Reverses the `n` bytes at `at`: one field into the other byte order.
fn swap(data: &mut [u8], at: usize, n: usize) {
    data[at..at + n].reverse();
}

fn ne32(data: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// OpenBSD pflog: uid, pid, rule uid and rule pid, each only when both the capture and the
/// header (its length byte) reach past it.
fn pflog(data: &mut [u8], length: usize) {
    let caplen = data.len();
    for end in [48, 52, 56, 60] {
        if caplen < end || length < end || usize::from(data[0]) < end {
            return;
        }
        swap(data, end - 4, 4);
    }
}

/// Linux cooked headers: the CAN ID of a SocketCAN frame (protocol 0x000c or 0x000d, read
/// at `proto_at`) right after the `hdr_len`-byte header.
fn socketcan(data: &mut [u8], length: usize, hdr_len: usize, proto_at: usize) {
    let caplen = data.len();
    if caplen < hdr_len || length < hdr_len {
        return;
    }
    let proto = u16::from_be_bytes([data[proto_at], data[proto_at + 1]]);
    if proto != 0x000c && proto != 0x000d {
        return;
    }
    if caplen < hdr_len + 4 || length < hdr_len + 4 {
        return;
    }
    swap(data, hdr_len, 4);
}

/// Linux USB headers (48 bytes, or 64 with the memory-mapped fields and isochronous
/// descriptors): each field swapped when the capture reaches past it.
fn usb(data: &mut [u8], caplen: usize, mmapped: bool) {
    // (end of the field, its size), in order: id, bus_id, ts_sec, ts_usec, status, urb_len,
    // data_len.
    for (end, n) in [(8, 8), (14, 2), (24, 8), (28, 4), (32, 4), (36, 4), (40, 4)] {
        if caplen < end {
            return;
        }
        swap(data, end - n, n);
    }
    let iso = data[9] == URB_ISOCHRONOUS;
    if iso {
        // error_count, numdesc
        for end in [44, 48] {
            if caplen < end {
                return;
            }
            swap(data, end - 4, 4);
        }
    }
    if !mmapped {
        return;
    }
    // interval, start_frame, xfer_flags, ndesc
    for end in [52, 56, 60, 64] {
        if caplen < end {
            return;
        }
        swap(data, end - 4, 4);
    }
    if iso {
        let ndesc = ne32(data, 60);
        let mut offset = USB_MMAPPED_LEN;
        for _ in 0..ndesc {
            // status, offset, len; then 4 bytes of padding.
            for _ in 0..3 {
                offset += 4;
                if caplen < offset {
                    return;
                }
                swap(data, offset - 4, 4);
            }
            offset += 4;
        }
    }
}

/// Linux netfilter log: the type and length of each TLV after the 4-byte header.
fn nflog(data: &mut [u8], length: usize) {
    let mut caplen = data.len();
    if caplen < 4 || length < 4 || data[1] != 0 {
        return;
    }
    let mut length = length - 4;
    caplen -= 4;
    let mut p = 4;
    while caplen >= 4 {
        swap(data, p, 2);
        swap(data, p + 2, 2);
        let mut size = u16::from_ne_bytes([data[p], data[p + 1]]);
        if !size.is_multiple_of(4) {
            // A 16-bit sum in libpcap: it may wrap to a size below the minimum.
            size = size.wrapping_add(4 - size % 4);
        }
        let size = usize::from(size);
        if size < 4 || caplen < size || length < size {
            return;
        }
        length -= size;
        caplen -= size;
        p += size;
    }
}

/// libpcap's `fixup_pcap_pkthdr` for memory-mapped Linux USB: an incoming isochronous
/// completion whose wire length was computed from the URB length gets it from the
/// descriptors instead.
fn usb_mmapped_length(wirelen: &mut u32, data: &[u8]) {
    let ndesc = ne32(data, 60);
    let urb_len = ne32(data, 32);
    let data_flag = data[15];
    let computed =
        USB_MMAPPED_LEN as u64 + u64::from(ndesc) * USB_ISODESC_LEN as u64 + u64::from(urb_len);
    if data_flag != 0 || u64::from(*wirelen) != computed {
        return;
    }
    if !(data[9] == URB_ISOCHRONOUS && data[8] == URB_COMPLETE && data[10] & URB_TRANSFER_IN != 0) {
        return;
    }
    let caplen = data.len() as u32;
    let mut bytes_left = data.len() - USB_MMAPPED_LEN;
    let mut end: u32 = 0;
    let mut d = 0;
    let mut at = USB_MMAPPED_LEN;
    while d < ndesc && bytes_left >= USB_ISODESC_LEN {
        let (offset, len) = (ne32(data, at + 4), ne32(data, at + 8));
        if len != 0 {
            end = end.max(offset.wrapping_add(len));
        }
        d += 1;
        bytes_left -= USB_ISODESC_LEN;
        at += USB_ISODESC_LEN;
    }
    // A `u_int` in libpcap.
    let pre_truncation_len = (USB_MMAPPED_LEN as u32)
        .wrapping_add(ndesc.wrapping_mul(USB_ISODESC_LEN as u32))
        .wrapping_add(end);
    if pre_truncation_len >= caplen {
        *wirelen = pre_truncation_len;
    }
    if caplen > *wirelen {
        *wirelen = caplen;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_socketcan_id_is_put_in_host_order() {
        let mut p = vec![0u8; 24];
        p[14..16].copy_from_slice(&[0, 0x0c]);
        p[16..20].copy_from_slice(&[1, 2, 3, 4]);
        let mut len = 24;
        post_process(DLT_LINUX_SLL, true, &mut len, &mut p);
        assert_eq!(&p[16..20], &[4, 3, 2, 1]);
        post_process(DLT_LINUX_SLL, false, &mut len, &mut p);
        assert_eq!(&p[16..20], &[4, 3, 2, 1]);
    }

    #[test]
    fn nflog_tlvs_are_swapped_until_one_does_not_fit() {
        let mut p = vec![2, 0, 0, 0, 0, 8, 0, 1, 0, 0, 0, 0, 0, 200, 0, 2];
        let mut len = p.len() as u32;
        post_process(DLT_NFLOG, true, &mut len, &mut p);
        assert_eq!(&p[4..8], &[8, 0, 1, 0]);
        assert_eq!(&p[12..16], &[200, 0, 2, 0]);
    }

    #[test]
    fn usb_isochronous_completion_length_comes_from_descriptors() {
        let mut p = vec![0u8; 64 + 16];
        p[8] = URB_COMPLETE;
        p[9] = URB_ISOCHRONOUS;
        p[10] = 0x81;
        p[32..36].copy_from_slice(&1000u32.to_ne_bytes());
        p[60..64].copy_from_slice(&1u32.to_ne_bytes());
        p[64 + 4..64 + 8].copy_from_slice(&100u32.to_ne_bytes());
        p[64 + 8..64 + 12].copy_from_slice(&20u32.to_ne_bytes());
        let mut len = 64 + 16 + 1000;
        post_process(DLT_USB_LINUX_MMAPPED, false, &mut len, &mut p);
        assert_eq!(len, 64 + 16 + 120);
    }
}
