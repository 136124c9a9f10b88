//! The writer's side of the handoff: a k-way merge of the workers' batches by timestamp, so
//! output is in non-decreasing time order across workers. A record is released only when every
//! other worker either has a later record queued or has declared (watermark) that it has none
//! earlier. Emptied batches go back to their worker for reuse.
use std::{
    collections::VecDeque,
    ops::ControlFlow,
    sync::{Arc, atomic::Ordering::Acquire},
};

use crate::handoff::{Batch, Handoff, Rec};

struct Source {
    handoff: Arc<Handoff>,
    queue: VecDeque<Batch>,
    pos: usize,
}

impl Source {
    fn head(&self) -> Option<&Rec> {
        self.queue.front().map(|b| &b.recs[self.pos])
    }

    /// Marks the first `n` records of the front batch as written; an emptied batch goes back
    /// to its worker.
    fn consume(&mut self, n: usize) {
        self.pos += n;
        if self.queue.front().is_some_and(|b| self.pos == b.recs.len()) {
            let done = self.queue.pop_front().expect("front exists");
            self.handoff.recycle(done);
            self.pos = 0;
        }
    }
}

/// Merges the batches of several workers.
pub struct Merger {
    sources: Vec<Source>,
    marks: Vec<u64>,
    /// Timestamp of the first record the last poll emitted.
    first: Option<u64>,
}

impl Merger {
    /// A merger over the workers' handoffs, on the thread that will poll it (the workers wake
    /// it when they queue something).
    pub fn new(handoffs: &[Arc<Handoff>]) -> Self {
        for h in handoffs {
            h.set_consumer();
        }
        let sources = handoffs
            .iter()
            .map(|h| Source {
                handoff: Arc::clone(h),
                queue: VecDeque::new(),
                pos: 0,
            })
            .collect();
        Self {
            sources,
            marks: vec![0; handoffs.len()],
            first: None,
        }
    }

    /// The timestamp of the first record the last [`Merger::poll`] emitted: the oldest, since
    /// records go out in time order (None if it emitted none).
    pub fn first_emitted(&self) -> Option<u64> {
        self.first
    }

    /// Emits, in timestamp order, every record that can be released now. `emit` may break to
    /// stop early (the record it broke on counts as consumed). Returns the number emitted.
    pub fn poll(&mut self, mut emit: impl FnMut(&Batch, &Rec) -> ControlFlow<()>) -> u64 {
        // Watermarks first, queues second: a watermark seen here covers every batch pushed
        // before it, and those are drained below.
        for (mark, s) in self.marks.iter_mut().zip(&self.sources) {
            *mark = s.handoff.counters.watermark_ns.load(Acquire);
        }
        for s in &mut self.sources {
            while let Some(b) = s.handoff.full.pop() {
                s.queue.push_back(b);
            }
        }
        self.first = None;
        let mut emitted = 0;
        loop {
            // The source with the earliest head (the first of equals).
            let mut first: Option<(usize, u64)> = None;
            for (i, s) in self.sources.iter().enumerate() {
                if let Some(r) = s.head()
                    && first.is_none_or(|(_, ts)| r.ts_ns < ts)
                {
                    first = Some((i, r.ts_ns));
                }
            }
            let Some((i, ts)) = first else {
                break;
            };
            // How far that source may run on alone: up to the next record queued by any other
            // source, or the watermark of one with nothing queued. With one busy worker this is
            // whole batches at a time, with no per-record search.
            let limit = self
                .sources
                .iter()
                .zip(&self.marks)
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, (s, &mark))| s.head().map_or(mark, |r| r.ts_ns))
                .min()
                .unwrap_or(u64::MAX);
            if ts > limit {
                // A quiet worker may still queue something earlier.
                break;
            }
            let s = &mut self.sources[i];
            while let Some(batch) = s.queue.front() {
                // A batch is sorted, so the records that may go are a prefix.
                let recs = &batch.recs[s.pos..];
                let n = recs.partition_point(|r| r.ts_ns <= limit);
                if emitted == 0 && n > 0 {
                    self.first = Some(recs[0].ts_ns);
                }
                let mut used = 0;
                let mut stop = false;
                for r in &recs[..n] {
                    used += 1;
                    if emit(batch, r).is_break() {
                        stop = true;
                        break;
                    }
                }
                let rest = recs.len() - used;
                emitted += used as u64;
                s.consume(used);
                if stop {
                    return emitted;
                }
                if rest > 0 {
                    break;
                }
            }
        }
        emitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::CopyPool;
    use std::sync::atomic::Ordering::Release;

    fn batch(ts: &[u64]) -> Batch {
        let mut b = Batch::default();
        for &t in ts {
            let off = b.data.len() as u32;
            b.data.push(t as u8);
            b.recs.push(Rec {
                ts_ns: t,
                block: Rec::IN_DATA,
                off,
                caplen: 1,
                wirelen: 1,
            });
        }
        b
    }

    #[test]
    fn merges_in_time_order_and_waits_for_quiet_workers() {
        let h: Vec<Arc<Handoff>> = (0..2)
            .map(|_| Arc::new(Handoff::new(4, CopyPool::new(64, 2))))
            .collect();
        let mut m = Merger::new(&h);
        h[0].full.push(batch(&[1, 4, 9])).unwrap();
        h[0].counters.watermark_ns.store(9, Release);
        h[1].full.push(batch(&[2, 3])).unwrap();
        h[1].counters.watermark_ns.store(3, Release);
        let mut out = Vec::new();
        // Worker 1 has said nothing past 3, so 4 and 9 must wait.
        m.poll(|_, r| {
            out.push(r.ts_ns);
            ControlFlow::Continue(())
        });
        assert_eq!(out, [1, 2, 3]);
        assert_eq!(m.first_emitted(), Some(1));
        assert_eq!(
            h[1].empty.len(),
            1,
            "an emptied batch goes back to its worker"
        );
        h[1].counters.watermark_ns.store(5, Release);
        m.poll(|_, r| {
            out.push(r.ts_ns);
            ControlFlow::Continue(())
        });
        assert_eq!(out, [1, 2, 3, 4]);
        assert_eq!(m.first_emitted(), Some(4));
        m.poll(|_, _| ControlFlow::Continue(()));
        assert_eq!(m.first_emitted(), None, "nothing emitted");
        h[1].full.push(batch(&[9, 10])).unwrap();
        h[1].counters.watermark_ns.store(u64::MAX, Release);
        h[0].counters.watermark_ns.store(u64::MAX, Release);
        m.poll(|b, r| {
            assert_eq!(b.bytes(r), [r.ts_ns as u8]);
            out.push(r.ts_ns);
            ControlFlow::Continue(())
        });
        assert_eq!(out, [1, 2, 3, 4, 9, 9, 10]);
    }

    #[test]
    fn a_run_stops_at_the_next_record_of_another_source_or_its_watermark() {
        let h: Vec<Arc<Handoff>> = (0..3)
            .map(|_| Arc::new(Handoff::new(4, CopyPool::new(64, 2))))
            .collect();
        let mut m = Merger::new(&h);
        h[0].full.push(batch(&[5, 6, 7, 8])).unwrap();
        h[0].full.push(batch(&[9, 12])).unwrap();
        h[1].full.push(batch(&[6, 10])).unwrap();
        h[0].counters.watermark_ns.store(u64::MAX, Release);
        h[1].counters.watermark_ns.store(u64::MAX, Release);
        // Worker 2 has nothing queued and has said nothing past 11.
        h[2].counters.watermark_ns.store(11, Release);
        let mut out = Vec::new();
        m.poll(|_, r| {
            out.push(r.ts_ns);
            ControlFlow::Continue(())
        });
        assert_eq!(out, [5, 6, 6, 7, 8, 9, 10]);
        assert_eq!(h[0].empty.len(), 1, "the first batch of worker 0 is done");
    }

    #[test]
    fn break_stops_after_the_current_record() {
        let h = vec![Arc::new(Handoff::new(4, CopyPool::new(64, 2)))];
        let mut m = Merger::new(&h);
        h[0].full.push(batch(&[1, 2, 3])).unwrap();
        h[0].counters.watermark_ns.store(u64::MAX, Release);
        assert_eq!(m.poll(|_, _| ControlFlow::Break(())), 1);
        assert_eq!(m.poll(|_, _| ControlFlow::Continue(())), 2);
    }
}
