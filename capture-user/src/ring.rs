//! The TPACKET_V3 receive ring: a memory map shared with the kernel, made of blocks the kernel
//! fills with packets and hands to userspace (TP_STATUS_USER), and userspace hands back
//! (TP_STATUS_KERNEL) once it has copied the packets out. Blocks are walked in place.
use std::sync::atomic::{AtomicU32, Ordering};

use memmap2::MmapMut;

/// Offset of `sockaddr_ll` after a `tpacket3_hdr` (TPACKET_ALIGN(sizeof(tpacket3_hdr))).
const SLL_OFFSET: usize = 48;
/// Offsets of `hv1.tp_vlan_tci` and `hv1.tp_vlan_tpid` in `tpacket3_hdr`.
const HV1_TCI: usize = 32;
const HV1_TPID: usize = 36;
/// Offset of `sll_pkttype` inside `sockaddr_ll`.
const SLL_PKTTYPE: usize = 10;
/// Size of `sockaddr_ll`.
const SLL_LEN: usize = 20;

/// Size and count of the ring's blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RingGeometry {
    /// Bytes per block (a multiple of the page size).
    pub block_size: u32,
    /// Number of blocks.
    pub block_nr: u32,
}

/// Frame size of the `tpacket_req3`: in V3 it only sets `frame_nr`; packets are packed.
pub const FRAME_SIZE: u32 = 2048;
const PAGE: u64 = 4096;
/// Largest block: big enough for a 256 KiB snaplen packet plus headers.
const MAX_BLOCK: u64 = 4 << 20;

impl RingGeometry {
    /// Splits `bytes` of ring memory into blocks: at least 4 blocks when the budget allows,
    /// blocks of 1 MiB when it is large, and never a block smaller than needed for `snaplen`
    /// (a larger packet would be truncated by the kernel) unless the budget itself is smaller.
    pub fn for_budget(bytes: u64, snaplen: u32) -> Self {
        let need = (u64::from(snaplen) + 128)
            .next_multiple_of(PAGE)
            .min(MAX_BLOCK);
        let block = (bytes / 4).clamp(PAGE, 1 << 20).next_multiple_of(PAGE);
        let block = if bytes >= need * 4 {
            block.max(need)
        } else {
            block
        };
        let block_nr = (bytes / block).max(2);
        Self {
            block_size: block as u32,
            block_nr: block_nr as u32,
        }
    }

    /// Total bytes mapped.
    pub fn len(&self) -> usize {
        self.block_size as usize * self.block_nr as usize
    }

    /// Whether the ring has no memory (never, for a geometry from [`RingGeometry::for_budget`]).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One packet in a block, borrowed from the ring.
#[derive(Debug)]
pub struct RingPacket<'a> {
    /// Realtime seconds.
    pub sec: u32,
    /// Nanoseconds.
    pub nsec: u32,
    /// Length on the wire (the outer VLAN tag, if any, is not included).
    pub len: u32,
    /// The captured bytes (at most the snaplen).
    pub data: &'a [u8],
    /// The outer VLAN tag the kernel stripped, as (TPID, TCI).
    pub vlan: Option<(u16, u16)>,
    /// `sll_pkttype` (PACKET_HOST, PACKET_OUTGOING, ...).
    pub pkttype: u8,
    /// The `sockaddr_ll` the kernel stored with the packet (20 bytes).
    pub sll: &'a [u8],
}

/// The mapped ring and the index of the next block to look at.
pub struct Ring {
    map: MmapMut,
    geometry: RingGeometry,
    next: usize,
}

impl Ring {
    /// Wraps the memory map of a socket's PACKET_RX_RING.
    pub fn new(map: MmapMut, geometry: RingGeometry) -> Self {
        Self {
            map,
            geometry,
            next: 0,
        }
    }

    fn block_status(&self, index: usize) -> &AtomicU32 {
        let offset = index * self.geometry.block_size as usize + BLOCK_STATUS;
        // SAFETY: the offset is inside the map (index < block_nr) and 4-byte aligned (blocks are
        // page aligned); the kernel and userspace both access block_status as one 32-bit word.
        unsafe { &*(self.map.as_ptr().add(offset) as *const AtomicU32) }
    }

    /// The next block if the kernel has handed it to userspace.
    pub fn next_block(&mut self) -> Option<Block<'_>> {
        let index = self.next;
        if self.block_status(index).load(Ordering::Acquire) & libc::TP_STATUS_USER == 0 {
            return None;
        }
        self.next = (index + 1) % self.geometry.block_nr as usize;
        let size = self.geometry.block_size as usize;
        let start = index * size;
        Some(Block {
            ring: self,
            index,
            bytes: &self.map[start..start + size],
        })
    }
}

/// `offsetof(tpacket_block_desc, hdr.bh1.block_status)`.
const BLOCK_STATUS: usize = 8;
const NUM_PKTS: usize = 12;
const FIRST_PKT: usize = 16;

/// A block owned by userspace until it is dropped, which hands it back to the kernel.
pub struct Block<'a> {
    ring: &'a Ring,
    index: usize,
    bytes: &'a [u8],
}

impl<'a> Block<'a> {
    /// The packets of the block, in the order the kernel stored them.
    pub fn packets(&self) -> Packets<'a> {
        Packets {
            bytes: self.bytes,
            offset: u32_at(self.bytes, FIRST_PKT) as usize,
            left: u32_at(self.bytes, NUM_PKTS),
        }
    }
}

impl Drop for Block<'_> {
    fn drop(&mut self) {
        self.ring
            .block_status(self.index)
            .store(libc::TP_STATUS_KERNEL, Ordering::Release);
    }
}

/// Iterator over the packets of a block.
pub struct Packets<'a> {
    bytes: &'a [u8],
    offset: usize,
    left: u32,
}

impl<'a> Iterator for Packets<'a> {
    type Item = RingPacket<'a>;

    fn next(&mut self) -> Option<RingPacket<'a>> {
        if self.left == 0 || self.offset + SLL_OFFSET + SLL_LEN > self.bytes.len() {
            return None;
        }
        self.left -= 1;
        let h = &self.bytes[self.offset..];
        let next = u32_at(h, 0) as usize;
        let snaplen = u32_at(h, 12) as usize;
        let status = u32_at(h, 20);
        let mac = u16::from_ne_bytes([h[24], h[25]]) as usize;
        let vlan = (status & libc::TP_STATUS_VLAN_VALID != 0).then(|| {
            let tpid = if status & libc::TP_STATUS_VLAN_TPID_VALID != 0 {
                u16::from_ne_bytes([h[HV1_TPID], h[HV1_TPID + 1]])
            } else {
                0x8100
            };
            (tpid, u32_at(h, HV1_TCI) as u16)
        });
        let data = h.get(mac..mac + snaplen).unwrap_or(&[]);
        let packet = RingPacket {
            sec: u32_at(h, 4),
            nsec: u32_at(h, 8),
            len: u32_at(h, 16),
            data,
            vlan,
            pkttype: h[SLL_OFFSET + SLL_PKTTYPE],
            sll: &h[SLL_OFFSET..SLL_OFFSET + SLL_LEN],
        };
        self.offset = if next == 0 {
            self.bytes.len()
        } else {
            self.offset + next
        };
        Some(packet)
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_for_budgets() {
        let g = RingGeometry::for_budget(32 << 20, 262_144);
        assert_eq!((g.block_size, g.block_nr), (1 << 20, 32));
        let small = RingGeometry::for_budget(256 << 10, 128);
        assert_eq!((small.block_size, small.block_nr), (64 << 10, 4));
        let tiny = RingGeometry::for_budget(4096, 262_144);
        assert_eq!((tiny.block_size, tiny.block_nr), (4096, 2));
    }

    #[test]
    fn header_offsets_match_the_kernel_structs() {
        let hv1 = std::mem::offset_of!(libc::tpacket3_hdr, hv1);
        assert_eq!(
            hv1 + std::mem::offset_of!(libc::tpacket_hdr_variant1, tp_vlan_tci),
            HV1_TCI
        );
        assert_eq!(
            hv1 + std::mem::offset_of!(libc::tpacket_hdr_variant1, tp_vlan_tpid),
            HV1_TPID
        );
        assert_eq!(
            libc::TPACKET3_HDRLEN - std::mem::size_of::<libc::sockaddr_ll>(),
            SLL_OFFSET
        );
    }
}
