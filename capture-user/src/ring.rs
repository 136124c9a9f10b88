//! The TPACKET_V3 receive ring: a memory map shared with the kernel, made of blocks the kernel
//! fills with packets and hands to userspace (TP_STATUS_USER), and userspace hands back
//! (TP_STATUS_KERNEL) once their packets are written out. Blocks are walked in place, and a
//! block travels to the writer as an owned [`BlockRef`] (the map shared through an `Arc`), so the
//! writer copies packets straight from the ring into its output buffer.
use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering},
};

use memmap2::MmapMut;

use crate::handoff::COPY_OUT_AT;

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
    /// Where `data` starts in its block.
    pub offset: usize,
    /// The outer VLAN tag the kernel stripped, as (TPID, TCI).
    pub vlan: Option<(u16, u16)>,
    /// `sll_pkttype` (PACKET_HOST, PACKET_OUTGOING, ...).
    pub pkttype: u8,
    /// The `sockaddr_ll` the kernel stored with the packet (20 bytes).
    pub sll: &'a [u8],
}

/// The memory map of a socket's PACKET_RX_RING, shared by its worker and the writer.
struct RingMap {
    map: MmapMut,
    geometry: RingGeometry,
    /// Blocks userspace still holds (a [`BlockRef`] exists). Their status stays
    /// TP_STATUS_USER until they are handed back, so the worker, coming round the ring again,
    /// must not take one a second time.
    held: Vec<AtomicBool>,
    /// How many of them there are.
    held_count: AtomicUsize,
}

impl RingMap {
    fn block_status(&self, index: usize) -> &AtomicU32 {
        let offset = index * self.geometry.block_size as usize + BLOCK_STATUS;
        // SAFETY: the offset is inside the map (index < block_nr) and 4-byte aligned (blocks are
        // page aligned); the kernel and userspace both access block_status as one 32-bit word.
        unsafe { &*(self.map.as_ptr().add(offset) as *const AtomicU32) }
    }

    fn num_pkts(&self, index: usize) -> &AtomicU32 {
        let offset = index * self.geometry.block_size as usize + NUM_PKTS;
        // SAFETY: as for block_status: inside the map, 4-byte aligned, and the kernel writes
        // num_pkts of the block it fills as one 32-bit word.
        unsafe { &*(self.map.as_ptr().add(offset) as *const AtomicU32) }
    }

    fn block(&self, index: usize) -> &[u8] {
        let size = self.geometry.block_size as usize;
        &self.map[index * size..(index + 1) * size]
    }
}

/// The ring of one socket and the index of the next block to look at.
pub struct Ring {
    shared: Arc<RingMap>,
    next: usize,
}

impl Ring {
    /// Wraps the memory map of a socket's PACKET_RX_RING.
    pub fn new(map: MmapMut, geometry: RingGeometry) -> Self {
        let held = (0..geometry.block_nr)
            .map(|_| AtomicBool::new(false))
            .collect();
        Self {
            shared: Arc::new(RingMap {
                map,
                geometry,
                held,
                held_count: AtomicUsize::new(0),
            }),
            next: 0,
        }
    }

    /// Whether userspace holds more than [`COPY_OUT_AT`] quarters of the blocks (the writer is
    /// slow, or waits for a quiet worker's watermark): then packets should be copied out and
    /// blocks handed back at once, so the kernel keeps room to write into.
    pub fn mostly_held(&self) -> bool {
        self.shared.held_count.load(Ordering::Relaxed) * 4
            > self.shared.geometry.block_nr as usize * COPY_OUT_AT
    }

    /// Whether the next block is ready: the kernel has handed it over and it is not taken yet.
    pub fn block_ready(&self) -> bool {
        let index = self.next;
        !self.shared.held[index].load(Ordering::Acquire)
            && self.shared.block_status(index).load(Ordering::Acquire) & libc::TP_STATUS_USER != 0
    }

    /// The ring's geometry.
    pub fn geometry(&self) -> RingGeometry {
        self.shared.geometry
    }

    /// Whether the block before the next one is still held by userspace: the kernel then
    /// reports the socket readable (TPACKET_V3 looks at that block) though nothing new is ready.
    pub fn previous_held(&self) -> bool {
        let nr = self.shared.geometry.block_nr as usize;
        self.shared.held[(self.next + nr - 1) % nr].load(Ordering::Acquire)
    }

    /// Whether the block the kernel fills next is still empty: nothing has been stored since the
    /// last block was handed over (false when that block is not the kernel's to fill).
    pub fn filling_block_empty(&self) -> bool {
        let index = self.next;
        !self.shared.held[index].load(Ordering::Acquire)
            && self.shared.block_status(index).load(Ordering::Acquire) & libc::TP_STATUS_USER == 0
            && self.shared.num_pkts(index).load(Ordering::Acquire) == 0
    }

    /// The next block if the kernel has handed it to userspace. Blocks come in ring order, as
    /// the kernel fills them.
    pub fn next_block(&mut self) -> Option<BlockRef> {
        let index = self.next;
        // Held first: a block seen free here was handed back before (see `BlockRef::drop`), so
        // its status below is the kernel's, not the one this process already walked.
        if self.shared.held[index].load(Ordering::Acquire)
            || self.shared.block_status(index).load(Ordering::Acquire) & libc::TP_STATUS_USER == 0
        {
            return None;
        }
        self.shared.held[index].store(true, Ordering::Relaxed);
        self.shared.held_count.fetch_add(1, Ordering::Relaxed);
        self.next = (index + 1) % self.shared.geometry.block_nr as usize;
        Some(BlockRef {
            ring: Arc::clone(&self.shared),
            index,
        })
    }
}

/// A read-only view of how full a ring is, for the metrics endpoint: it shares the map, so it
/// may be read on any thread while the worker runs (and after, as a [`BlockRef`] may).
#[derive(Clone)]
pub struct BlockFill(Arc<RingMap>);

impl BlockFill {
    /// Bytes of the blocks the kernel cannot write into now: filled and not yet read, or held by
    /// a batch the writer has not finished.
    pub fn used_bytes(&self) -> u64 {
        let g = self.0.geometry;
        let in_user = (0..g.block_nr as usize)
            .filter(|&i| self.0.block_status(i).load(Ordering::Acquire) & libc::TP_STATUS_USER != 0)
            .count();
        in_user as u64 * u64::from(g.block_size)
    }

    /// Bytes of the whole ring.
    pub fn size_bytes(&self) -> u64 {
        self.0.geometry.len() as u64
    }
}

impl Ring {
    /// A handle that reads how full this ring is.
    pub fn fill(&self) -> BlockFill {
        BlockFill(Arc::clone(&self.shared))
    }
}

/// `offsetof(tpacket_block_desc, hdr.bh1.block_status)`.
const BLOCK_STATUS: usize = 8;
const NUM_PKTS: usize = 12;
const FIRST_PKT: usize = 16;

/// A block owned by userspace until this handle is dropped, on any thread, which hands it back
/// to the kernel. It keeps the map alive, so it may outlive the worker and its socket.
pub struct BlockRef {
    ring: Arc<RingMap>,
    index: usize,
}

impl BlockRef {
    /// The block's bytes; packets are found by [`RingPacket::offset`] and their length.
    pub fn bytes(&self) -> &[u8] {
        self.ring.block(self.index)
    }

    /// The packets of the block, in the order the kernel stored them.
    pub fn packets(&self) -> Packets<'_> {
        let bytes = self.bytes();
        Packets {
            bytes,
            offset: u32_at(bytes, FIRST_PKT) as usize,
            left: u32_at(bytes, NUM_PKTS),
        }
    }
}

impl std::fmt::Debug for BlockRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BlockRef({})", self.index)
    }
}

impl Drop for BlockRef {
    fn drop(&mut self) {
        // Release: every read of the block's packets happens before the kernel may refill it.
        self.ring
            .block_status(self.index)
            .store(libc::TP_STATUS_KERNEL, Ordering::Release);
        self.ring.held[self.index].store(false, Ordering::Release);
        self.ring.held_count.fetch_sub(1, Ordering::Relaxed);
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

    // Inlined into the worker's loop: returned through memory, the packet's small fields
    // (written one by one here, read back merged into wider loads there) stalled the load
    // of every packet (perf: half of `deliver_ready`'s samples on one load); 8 paired runs
    // (bench/scripts/pair.sh), 0.91-1.03x the CPU per frame, median 0.965x.
    #[inline(always)]
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
        // A malformed header yields an empty packet, at an offset still inside the block.
        let (data, offset) = match h.get(mac..mac + snaplen) {
            Some(d) => (d, self.offset + mac),
            None => (&[][..], self.offset),
        };
        let packet = RingPacket {
            sec: u32_at(h, 4),
            nsec: u32_at(h, 8),
            len: u32_at(h, 16),
            data,
            offset,
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

impl RingPacket<'_> {
    /// The time stamp in nanoseconds since the epoch.
    pub fn ts_ns(&self) -> u64 {
        u64::from(self.sec) * 1_000_000_000 + u64::from(self.nsec)
    }

    /// `sll_ifindex`: the interface the packet was seen on (`-i any` sees them all).
    pub fn ifindex(&self) -> i32 {
        i32::from_ne_bytes([self.sll[4], self.sll[5], self.sll[6], self.sll[7]])
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

    /// A ring of `n` one-page blocks, each with its status set to `status`, as the kernel
    /// would leave them.
    fn ring_with(n: u32, status: u32) -> Ring {
        let geometry = RingGeometry {
            block_size: 4096,
            block_nr: n,
        };
        let mut map = MmapMut::map_anon(geometry.len()).unwrap();
        for b in 0..n as usize {
            let at = b * 4096 + BLOCK_STATUS;
            map[at..at + 4].copy_from_slice(&status.to_ne_bytes());
        }
        Ring::new(map, geometry)
    }

    #[test]
    fn a_held_block_is_not_taken_twice_and_goes_back_on_drop() {
        let mut ring = ring_with(2, libc::TP_STATUS_USER);
        let first = ring.next_block().unwrap();
        let second = ring.next_block().unwrap();
        assert!(ring.mostly_held() && ring.previous_held());
        // Round the ring: block 0 still says USER, but it is the one already held.
        assert!(ring.next_block().is_none());
        drop(first);
        assert_eq!(
            ring.shared.block_status(0).load(Ordering::Relaxed),
            libc::TP_STATUS_KERNEL
        );
        assert!(
            ring.next_block().is_none(),
            "the kernel has not refilled it"
        );
        assert!(ring.previous_held(), "block 1 is still held");
        drop(second);
        assert!(!ring.previous_held() && !ring.mostly_held());
    }

    #[test]
    fn fill_counts_the_blocks_the_kernel_cannot_write() {
        let mut ring = ring_with(4, libc::TP_STATUS_KERNEL);
        let fill = ring.fill();
        assert_eq!((fill.used_bytes(), fill.size_bytes()), (0, 4 * 4096));
        // The kernel hands blocks 0 and 1 over; the worker takes block 0.
        for b in 0..2 {
            ring.shared
                .block_status(b)
                .store(libc::TP_STATUS_USER, Ordering::Release);
        }
        let held = ring.next_block().unwrap();
        assert_eq!(
            fill.used_bytes(),
            2 * 4096,
            "ready and held blocks both count"
        );
        drop(held);
        assert_eq!(fill.used_bytes(), 4096);
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
