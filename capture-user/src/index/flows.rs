//! A file's flows: each distinct set of indexed [`Fields`] gets a number, in order of its
//! first packet, and each packet the number of its flow.
//!
//! The writer's packet path only reads each packet's fields into a [`Key`] and appends it
//! (sequential writes). The lookups happen elsewhere: on a
//! thread of their own for each [`CHUNK`] of keys, and for the rest when the file closes, on
//! the index thread. A table of the file's flows does not stay in the cache while packet
//! bytes stream through the writer, whereas away from it the keys are looked up [`BATCH`] at
//! a time, their slots loaded together first, so that the misses overlap instead of
//! following one another. An open-addressing table of one cache line per slot,
//! rather than `HashMap`, because the batch needs to load a key's slot before looking it up.
use super::fields::{Fields, Key};

/// Packets looked up together.
const BATCH: usize = 16;

impl Key {
    /// All words compared at once, without a branch per word.
    fn same(&self, other: &Key) -> bool {
        self.0.iter().zip(&other.0).fold(0, |d, (a, b)| d | (a ^ b)) == 0
    }

    /// The words mixed by independent multiplies, then folded: a few cycles. Keys come from
    /// the file's packets; crafted collisions would slow the build, never change the index.
    fn hash(&self) -> u64 {
        const K: [u64; 4] = [
            0x9e37_79b9_7f4a_7c15,
            0xc2b2_ae3d_27d4_eb4f,
            0x1656_67b1_9e37_79f9,
            0xd6e8_feb8_6659_fd93,
        ];
        let w = &self.0;
        let h = (w[0] ^ w[3]).wrapping_mul(K[0])
            ^ (w[1] ^ w[4]).wrapping_mul(K[1])
            ^ (w[2] ^ w[5]).wrapping_mul(K[2])
            ^ w[6].wrapping_mul(K[3]);
        let h = (h ^ h >> 29).wrapping_mul(K[1]);
        h ^ h >> 32
    }
}

/// One slot of the table: a cache line.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot {
    key: Key,
    flow: u32,
    /// The slot is in use when this is the table's [`Numbering::epoch`].
    epoch: u32,
}

/// A slot of no epoch.
const VACANT: Slot = Slot {
    key: Key([0; 7]),
    flow: 0,
    epoch: u32::MAX,
};

/// Keys kept on the writer's side before they are handed to a thread of their own to be
/// numbered: 3.5 MiB. Without it a file's keys would all wait for its close, 56 bytes per
/// packet for as long as the file stays open (`-w` without `-C` or `-G`: the whole capture).
/// Small enough that the keys are still in the cache when they are numbered, and that the
/// two lists (one filling, one being numbered) are written to memory already faulted in
/// after the first two chunks: live, 64 B frames at 500 kpps, `--index` cost about 54 ns per
/// frame with chunks of 2^16 keys against 69 ns with chunks of 2^20 (bench/analysis.md).
const CHUNK: usize = 1 << 16;

/// The flows of one file (see the module's doc).
pub struct FlowTable {
    /// The flows numbered so far.
    numbered: Numbered,
    /// The keys of the packets added since the last hand-off, in file order.
    keys: Vec<Key>,
    /// An emptied chunk, for the next one.
    spare: Vec<Key>,
    /// Keys per hand-off.
    chunk: usize,
}

/// Where a file's [`Numbering`] is.
enum Numbered {
    /// Here, idle.
    Here(Numbering),
    /// On the thread numbering a chunk, which hands it back with the chunk's buffer.
    Away(std::thread::JoinHandle<(Numbering, Vec<Key>)>),
    /// Gone with a chunk no thread could be started for.
    Lost,
}

impl Default for FlowTable {
    fn default() -> FlowTable {
        FlowTable::with_chunk(CHUNK)
    }
}

impl FlowTable {
    fn with_chunk(chunk: usize) -> FlowTable {
        FlowTable {
            numbered: Numbered::Here(Numbering::default()),
            keys: Vec::new(),
            spare: Vec::new(),
            chunk,
        }
    }

    /// Empties the table, keeping its memory.
    pub fn clear(&mut self) {
        match self.numbering() {
            Some(n) => {
                n.next_epoch();
                n.fields.clear();
                n.packets.clear();
            }
            None => self.numbered = Numbered::Here(Numbering::default()),
        }
        self.keys.clear();
    }

    /// Adds the next packet, of key `key`.
    #[inline]
    pub fn add(&mut self, key: Key) {
        self.keys.push(key);
        if self.keys.len() == self.chunk {
            self.hand_off();
        }
    }

    /// Starts numbering the keys added so far on a thread of its own (after the previous
    /// chunk's, which took a few milliseconds where the writer took tens to fill this one).
    #[cold]
    fn hand_off(&mut self) {
        let Some(n) = self.numbering() else {
            // The file gets no index: its keys need not be kept.
            self.keys.clear();
            return;
        };
        let mut n = std::mem::take(n);
        let next = std::mem::take(&mut self.spare);
        let chunk = std::mem::replace(&mut self.keys, next);
        let spawned = std::thread::Builder::new()
            .name("capture-flows".into())
            .spawn(move || {
                n.number(&chunk);
                (n, chunk)
            });
        // No thread to be had: the chunk went with the closure, and the file gets no index.
        self.numbered = spawned.map_or(Numbered::Lost, Numbered::Away);
    }

    /// The flows numbered so far (the thread numbering a chunk joined), or None if a chunk
    /// was lost.
    fn numbering(&mut self) -> Option<&mut Numbering> {
        self.numbered = match std::mem::replace(&mut self.numbered, Numbered::Lost) {
            Numbered::Away(h) => {
                // A panic there is a bug here: let it go on as one.
                let (n, mut chunk) = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                chunk.clear();
                self.spare = chunk;
                Numbered::Here(n)
            }
            other => other,
        };
        match &mut self.numbered {
            Numbered::Here(n) => Some(n),
            _ => None,
        }
    }

    /// Numbers the flows of every packet added: the flows and each packet's, or None when the
    /// keys of some packets were lost (no thread could be started for them).
    pub fn resolve(&mut self) -> Option<&Numbering> {
        let keys = std::mem::take(&mut self.keys);
        let n = self.numbering()?;
        n.number(&keys);
        self.keys = keys;
        self.keys.clear();
        match &self.numbered {
            Numbered::Here(n) => Some(n),
            _ => None,
        }
    }
}

/// The flows numbered so far and the flow of each packet numbered.
#[derive(Default)]
pub struct Numbering {
    /// Open addressing, linear probing; a power of two long, at most half full.
    slots: Vec<Slot>,
    /// The slots of other epochs are free: emptying the table for the next file writes one
    /// word instead of every slot (the table is sized for the largest file, megabytes).
    epoch: u32,
    /// The fields of each flow, by number.
    fields: Vec<Fields>,
    /// The flow number of each packet, in file order.
    packets: Vec<u32>,
}

impl Numbering {
    /// Numbers the flows of `keys`, the next packets in file order.
    fn number(&mut self, keys: &[Key]) {
        self.packets.reserve(keys.len());
        for batch in keys.chunks(BATCH) {
            let mut hashes = [0u64; BATCH];
            for (h, k) in hashes.iter_mut().zip(batch) {
                *h = k.hash();
            }
            if self.slots.len() < 2 * (self.fields.len() + batch.len()) {
                self.grow();
            }
            let mask = self.slots.len() - 1;
            // Load every slot first (independent loads, whose misses overlap), then probe.
            let touched = hashes[..batch.len()]
                .iter()
                .fold(0, |acc, &h| acc ^ self.slots[h as usize & mask].epoch);
            std::hint::black_box(touched);
            for (k, &h) in batch.iter().zip(&hashes) {
                let flow = self.find_or_insert(k, h, mask);
                self.packets.push(flow);
            }
        }
    }

    /// The flow number of `key`, a new one if it is not in the table.
    fn find_or_insert(&mut self, key: &Key, hash: u64, mask: usize) -> u32 {
        let mut i = hash as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.epoch != self.epoch {
                let flow = self.fields.len() as u32;
                *slot = Slot {
                    key: *key,
                    flow,
                    epoch: self.epoch,
                };
                self.fields.push(key.fields());
                return flow;
            }
            if slot.key.same(key) {
                return slot.flow;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (or makes the first), keeping it at most half full.
    fn grow(&mut self) {
        let want = (2 * (self.fields.len() + BATCH))
            .next_power_of_two()
            .max(1024);
        let len = want.max(2 * self.slots.len());
        let old = std::mem::replace(&mut self.slots, vec![VACANT; len]);
        let mask = len - 1;
        for s in old.into_iter().filter(|s| s.epoch == self.epoch) {
            let mut i = s.key.hash() as usize & mask;
            while self.slots[i].epoch == self.epoch {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    /// Frees every slot.
    fn next_epoch(&mut self) {
        self.epoch += 1;
        if self.epoch == VACANT.epoch {
            self.slots.fill(VACANT);
            self.epoch = 0;
        }
    }

    /// The fields of each flow, by number.
    pub fn fields(&self) -> &[Fields] {
        &self.fields
    }

    /// The flow of each packet looked up, in file order.
    pub fn packets(&self) -> &[u32] {
        &self.packets
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::fields::Layout;

    fn fields_of(keys: &[Key]) -> Vec<Fields> {
        keys.iter().map(Key::fields).collect()
    }

    /// Keys of every shape: tags, each family, cut short, absent ports.
    fn samples() -> Vec<Key> {
        let mut out = vec![
            Key::read(Layout::Ether, &tcp4(1234)),
            Key::read(Layout::Ether, &tcp4(1234)[..30]),
            Key::read(Layout::Raw, &udp6()),
            Key::read(Layout::Raw, &udp6()[..20]),
            Key::read(Layout::Raw, &udp6()[..36]),
            Key::read(Layout::Ether, &arp()),
            Key::read(Layout::Ether, &[0u8; 13]),
            Key::read(Layout::Opaque, &tcp4(1234)),
        ];
        out.dedup();
        out
    }

    /// Doubly tagged IPv4 TCP from `sport` to 80.
    fn tcp4(sport: u16) -> Vec<u8> {
        let mut d = vec![0u8; 12];
        d.extend_from_slice(&[0x81, 0x00, 0x20, 0x0a, 0x88, 0xa8, 0x00, 0x07, 0x08, 0x00]);
        d.extend_from_slice(&[0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0]);
        d.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
        d.extend_from_slice(&sport.to_be_bytes());
        d.extend_from_slice(&[0x00, 0x50]);
        d
    }

    fn udp6() -> Vec<u8> {
        let mut d = vec![0x60, 0, 0, 0, 0, 8, 17, 64];
        d.extend((0..32).map(|i| i as u8 * 7));
        d.extend_from_slice(&[0, 53, 0x30, 0x39]);
        d
    }

    fn arp() -> Vec<u8> {
        let mut d = vec![0u8; 12];
        d.extend_from_slice(&[0x08, 0x06]);
        d.extend((0..28).map(|i| i as u8));
        d
    }

    /// Packets of the same fields share a flow, numbered in order of first packet, also once
    /// the table has grown past its first size and when chunks of keys are numbered on threads
    /// of their own.
    #[test]
    fn flows_are_numbered_by_first_packet() {
        let samples = samples();
        let mut many: Vec<Key> = (40_000..45_000u16)
            .map(|p| Key::read(Layout::Ether, &tcp4(p)))
            .collect();
        many.extend_from_slice(&samples);
        for chunk in [CHUNK, 1000, 4999] {
            let mut t = FlowTable::with_chunk(chunk);
            let mut expected = Vec::new();
            for round in 0..3 {
                for (i, &k) in many.iter().enumerate() {
                    t.add(k);
                    expected.push(i as u32);
                }
                if round == 0 {
                    t.resolve();
                }
            }
            let n = t.resolve().unwrap();
            assert_eq!(n.packets(), expected, "chunks of {chunk}");
            assert_eq!(n.fields(), fields_of(&many));
            t.clear();
            t.add(samples[2]);
            let n = t.resolve().unwrap();
            assert_eq!(
                (n.packets(), n.fields()),
                (&[0][..], &fields_of(&samples[2..3])[..])
            );
        }
    }

    /// Emptied for the next file, the table forgets every flow, also when its epoch wraps
    /// back to that of slots written long before.
    #[test]
    fn an_emptied_table_numbers_afresh() {
        let samples = samples();
        let mut t = FlowTable::default();
        let file = |t: &mut FlowTable, keys: &[Key]| {
            keys.iter().for_each(|&k| t.add(k));
            let n = t.resolve().unwrap();
            assert_eq!(n.fields(), fields_of(keys));
            assert_eq!(n.packets(), (0..keys.len() as u32).collect::<Vec<_>>());
            t.clear();
        };
        file(&mut t, &samples);
        file(&mut t, &samples[1..]);
        // The first packet's slot is still of epoch 0, the one the table wraps back to.
        t.numbering().unwrap().epoch = u32::MAX - 1;
        t.clear();
        let reversed: Vec<Key> = samples.iter().rev().copied().collect();
        file(&mut t, &reversed);
    }
}
