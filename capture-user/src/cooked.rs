//! Linux cooked capture, what `-i any` records, as libpcap does: the packet socket is
//! SOCK_DGRAM (no link header), and a pseudo header is built from the `sockaddr_ll` the
//! kernel stores with each packet. Version 2 (LINKTYPE_LINUX_SLL2, tcpdump 4.99's default) or,
//! with `-y LINUX_SLL`, version 1 (LINKTYPE_LINUX_SLL), into which libpcap also puts back the
//! VLAN tag the kernel moved into metadata, where Ethernet has it, before the protocol.
//!
//! ```text
//! v2: 0      2      4             8        10   11   12               20
//!     | proto | rsvd |   ifindex   | hatype | pkt | len | address (8)   |
//! v1: 0      2        4      6               14      16
//!     | pkt   | hatype | len  | address (8)   | proto |
//! ```

/// LINKTYPE_LINUX_SLL.
pub const LINKTYPE_LINUX_SLL: u32 = 113;
/// LINKTYPE_LINUX_SLL2.
pub const LINKTYPE_LINUX_SLL2: u32 = 276;

/// Which pseudo header a cooked capture records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cooked {
    /// Linux cooked v1: 16 bytes.
    V1,
    /// Linux cooked v2: 20 bytes.
    V2,
}

impl Cooked {
    /// The pseudo header's length.
    pub const fn header_len(self) -> u32 {
        match self {
            Cooked::V1 => 16,
            Cooked::V2 => 20,
        }
    }

    /// Appends the pseudo header for a packet whose `sockaddr_ll` is `sll` (fields
    /// big-endian) and whose outer VLAN tag, if the kernel took one out, is `vlan` (TPID,
    /// TCI); returns the bytes added before the packet, a tag put back included.
    pub fn put_header(self, sll: &[u8], vlan: Option<(u16, u16)>, out: &mut Vec<u8>) -> u32 {
        // sockaddr_ll: family(2) protocol(2, network order) ifindex(4, host) hatype(2, host)
        // pkttype(1) halen(1) addr(8).
        let protocol = [sll[2], sll[3]];
        let ifindex = i32::from_ne_bytes([sll[4], sll[5], sll[6], sll[7]]);
        let hatype = u16::from_ne_bytes([sll[8], sll[9]]);
        let (pkttype, halen) = (sll[10], sll[11]);
        let mut addr = [0u8; 8];
        let n = usize::from(halen).min(8);
        addr[..n].copy_from_slice(&sll[12..12 + n]);
        match self {
            Cooked::V2 => {
                out.extend_from_slice(&protocol);
                out.extend_from_slice(&[0, 0]);
                out.extend_from_slice(&ifindex.to_be_bytes());
                out.extend_from_slice(&hatype.to_be_bytes());
                out.extend_from_slice(&[pkttype, halen]);
                out.extend_from_slice(&addr);
                self.header_len()
            }
            Cooked::V1 => {
                out.extend_from_slice(&u16::from(pkttype).to_be_bytes());
                out.extend_from_slice(&hatype.to_be_bytes());
                out.extend_from_slice(&u16::from(halen).to_be_bytes());
                out.extend_from_slice(&addr);
                let tag = match vlan {
                    Some((tpid, tci)) => {
                        out.extend_from_slice(&tpid.to_be_bytes());
                        out.extend_from_slice(&tci.to_be_bytes());
                        4
                    }
                    None => 0,
                };
                out.extend_from_slice(&protocol);
                self.header_len() + tag
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sockaddr_ll() -> [u8; 20] {
        let mut sll = [0u8; 20];
        sll[0..2].copy_from_slice(&17u16.to_ne_bytes());
        sll[2..4].copy_from_slice(&[0x08, 0x00]);
        sll[4..8].copy_from_slice(&3i32.to_ne_bytes());
        sll[8..10].copy_from_slice(&1u16.to_ne_bytes());
        sll[10] = 4;
        sll[11] = 6;
        sll[12..18].copy_from_slice(&[2, 0, 0, 0, 0, 1]);
        sll
    }

    #[test]
    fn v2_header_from_sockaddr_ll() {
        let mut h = Vec::new();
        assert_eq!(
            Cooked::V2.put_header(&sockaddr_ll(), Some((0x8100, 7)), &mut h),
            20
        );
        assert_eq!(
            h,
            [8, 0, 0, 0, 0, 0, 0, 3, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0]
        );
    }

    #[test]
    fn v1_header_puts_the_vlan_tag_back_before_the_protocol() {
        let mut h = Vec::new();
        assert_eq!(Cooked::V1.put_header(&sockaddr_ll(), None, &mut h), 16);
        assert_eq!(h, [0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0]);
        h.clear();
        assert_eq!(
            Cooked::V1.put_header(&sockaddr_ll(), Some((0x88a8, 0x2064)), &mut h),
            20
        );
        assert_eq!(
            h,
            [
                0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x88, 0xa8, 0x20, 0x64, 8, 0
            ]
        );
    }
}
