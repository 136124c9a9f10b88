//! Linux cooked capture v2 (LINKTYPE_LINUX_SLL2), what `-i any` records, as libpcap does:
//! the packet socket is SOCK_DGRAM (no link header), and a 20-byte pseudo header is built from
//! the `sockaddr_ll` the kernel stores with each packet.
//!
//! ```text
//! 0      2      4             8        10   11   12               20
//! | proto | rsvd |   ifindex   | hatype | pkt | len | address (8)   |
//! ```

/// LINKTYPE_LINUX_SLL2.
pub const LINKTYPE_LINUX_SLL2: u32 = 276;
/// Length of the pseudo header.
pub const SLL2_HDR_LEN: u32 = 20;

/// The SLL2 header for a packet whose `sockaddr_ll` is `sll` (all fields big-endian).
pub fn sll2_header(sll: &[u8]) -> [u8; 20] {
    let mut h = [0u8; 20];
    // sockaddr_ll: family(2) protocol(2, network order) ifindex(4, host) hatype(2, host)
    // pkttype(1) halen(1) addr(8).
    h[0..2].copy_from_slice(&sll[2..4]);
    let ifindex = i32::from_ne_bytes([sll[4], sll[5], sll[6], sll[7]]);
    h[4..8].copy_from_slice(&ifindex.to_be_bytes());
    let hatype = u16::from_ne_bytes([sll[8], sll[9]]);
    h[8..10].copy_from_slice(&hatype.to_be_bytes());
    h[10] = sll[10];
    h[11] = sll[11];
    let halen = usize::from(sll[11]).min(8);
    h[12..12 + halen].copy_from_slice(&sll[12..12 + halen]);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_from_sockaddr_ll() {
        let mut sll = [0u8; 20];
        sll[0..2].copy_from_slice(&17u16.to_ne_bytes());
        sll[2..4].copy_from_slice(&[0x08, 0x00]);
        sll[4..8].copy_from_slice(&3i32.to_ne_bytes());
        sll[8..10].copy_from_slice(&1u16.to_ne_bytes());
        sll[10] = 4;
        sll[11] = 6;
        sll[12..18].copy_from_slice(&[2, 0, 0, 0, 0, 1]);
        let h = sll2_header(&sll);
        assert_eq!(
            h,
            [8, 0, 0, 0, 0, 0, 0, 3, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0]
        );
    }
}
