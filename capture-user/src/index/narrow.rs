//! Which packets of a file can a filter accept? Answered from the index, for the BPF program
//! libpcap compiled, so the answer follows libpcap's semantics whatever the expression
//! (`host`, `net`, `port`, `portrange`, `proto`, `vlan`, their `and`/`or`/`not`, and anything
//! else, which simply narrows nothing).
//!
//! The program is a DAG (libpcap jumps forward; a backward jump gives up). Walking it in
//! order, each instruction gets the set of flows that may reach it, the facts known on every
//! path to it (a field's possible values as ranges: `ldh [12]` is 0x0800 after `jeq #0x800`
//! was taken), and what the registers hold (a load of a field, a constant, `4*([14]&0xf)`).
//! At a comparison of a field the index knows, each branch keeps only the flows whose key
//! can take that branch: the index's posting lists for the values that lead there, or all but
//! those for the values that do not. The facts say which key a load reads: `ld [26]` is the
//! IPv4 source only once EtherType 0x0800 at 12 is a fact; `ldh [x+18]` a port only after a
//! VLAN tag, IPv4 and TCP/UDP/SCTP are facts and X holds that header's length. The accepted
//! set is the union of the sets reaching a non-zero return: a superset of what the filter
//! accepts, on which the filter itself then runs.
//!
//! The sets are of flows, not packets: a flow is the packets with the same value (or absence)
//! in every indexed field, so each key is single-valued per flow as it is per packet, and kept
//! exactly when the captured bytes hold it (see `fields.rs`), which is what makes removing
//! "all but" sound. The query takes the packets of the accepted flows.
use std::rc::Rc;

use roaring::RoaringBitmap;

use super::fields::{
    ETHERTYPE_ARPS, ETHERTYPE_IP, ETHERTYPE_IPV6, Layout, PORT_PROTOS, TPIDS, kind,
};
use super::format::{Body, IndexError};
use crate::bpf::Insn;
use crate::bpf::op::{self, *};

/// A range of key values is looked up only if it holds at most this many keys.
const KEY_CAP: usize = 4096;
/// Facts keep at most this many value ranges per field.
const RANGE_CAP: usize = 64;
/// States kept apart per instruction (see `arrive`).
const MAX_PATHS: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Base {
    /// Offset from the start of the packet.
    Abs,
    /// Offset from X = 4 * (packet[n] & 0xf) (an IPv4 header's length, `ldxb 4*([n]&0xf)`).
    Msh(u32),
}

/// A packet field as a load reads it: where, how wide (1, 2, 4 bytes), and masked by `mask`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Field {
    base: Base,
    off: u32,
    size: u8,
    mask: u32,
}

impl Field {
    fn abs(off: u32, size: u8, mask: u32) -> Field {
        Field {
            base: Base::Abs,
            off,
            size,
            mask,
        }
    }

    /// The largest value the field can hold.
    fn max(&self) -> u32 {
        let width = match self.size {
            1 => 0xff,
            2 => 0xffff,
            _ => u32::MAX,
        };
        width & self.mask
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Val {
    Unknown,
    Const(u32),
    Field(Field),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum XVal {
    Unknown,
    Const(u32),
    Msh(u32),
}

/// Disjoint, sorted, inclusive value ranges.
type Ranges = Vec<(u32, u32)>;

fn intersect(a: &Ranges, b: &Ranges) -> Ranges {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (lo, hi) = (a0.max(b0), a1.min(b1));
            if lo <= hi {
                out.push((lo, hi));
            }
        }
    }
    out.sort_unstable();
    out
}

fn union(a: &Ranges, b: &Ranges) -> Option<Ranges> {
    let mut all: Ranges = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    let mut out: Ranges = Vec::new();
    for (lo, hi) in all {
        match out.last_mut() {
            Some(last) if u64::from(lo) <= u64::from(last.1) + 1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    (out.len() <= RANGE_CAP).then_some(out)
}

/// `[0, max]` minus `r`.
fn complement(r: &Ranges, max: u32) -> Ranges {
    let mut out = Vec::new();
    let mut next = 0u64;
    for &(lo, hi) in r {
        if u64::from(lo) > next {
            out.push((next as u32, lo - 1));
        }
        next = u64::from(hi) + 1;
    }
    if next <= u64::from(max) {
        out.push((next as u32, max));
    }
    out
}

fn measure(r: &Ranges) -> u64 {
    r.iter().map(|&(lo, hi)| u64::from(hi - lo) + 1).sum()
}

#[derive(Clone)]
struct State {
    set: Rc<RoaringBitmap>,
    facts: Vec<(Field, Ranges)>,
    a: Val,
    x: XVal,
    mem: [Val; 16],
}

impl State {
    fn fact(&self, f: &Field) -> Option<&Ranges> {
        self.facts.iter().find(|(g, _)| g == f).map(|(_, r)| r)
    }

    /// Whether the field is known to hold only values from `values`.
    fn known_in(&self, f: &Field, values: &[u32]) -> bool {
        self.fact(f).is_some_and(|r| {
            !r.is_empty()
                && r.iter()
                    .all(|&(lo, hi)| (lo..=hi).all(|v| values.contains(&v)) && hi - lo < 16)
        })
    }

    /// Same registers and same facts: the two can be one state without losing anything.
    fn same_shape(&self, other: &State) -> bool {
        self.a == other.a
            && self.x == other.x
            && self.mem == other.mem
            && self.facts.len() == other.facts.len()
            && self
                .facts
                .iter()
                .all(|(f, r)| other.fact(f).is_some_and(|r2| r2 == r))
    }

    fn merge(&mut self, other: State) {
        if !Rc::ptr_eq(&self.set, &other.set) {
            let u = self.set.as_ref() | other.set.as_ref();
            self.set = Rc::new(u);
        }
        let mut facts = Vec::new();
        for (f, r) in &self.facts {
            if let Some(r2) = other.fact(f)
                && let Some(u) = union(r, r2)
            {
                facts.push((*f, u));
            }
        }
        self.facts = facts;
        if self.a != other.a {
            self.a = Val::Unknown;
        }
        if self.x != other.x {
            self.x = XVal::Unknown;
        }
        for (m, o) in self.mem.iter_mut().zip(other.mem) {
            if *m != o {
                *m = Val::Unknown;
            }
        }
    }
}

/// What a compared field is in the index.
enum Target {
    /// A key whose value is the field's value (EtherType, VLAN id, protocol, port...).
    Whole { kind: u8, width: usize, mask: u32 },
    /// One 32-bit word of an address key (IPv4: word 0 of 1; IPv6: 0..4), after the words
    /// before it, known to be `prefix`; `partial` is the key of the flows whose address is
    /// captured in part (IPv6).
    Word {
        kind: u8,
        words: usize,
        word: usize,
        prefix: [u8; 12],
        partial: Option<u8>,
    },
}

/// Which key a field is, given what is known on the path (see the module documentation).
fn target(layout: Layout, s: &State, f: &Field) -> Option<Target> {
    let whole = |kind, width, mask| Some(Target::Whole { kind, width, mask });
    // A 4-byte address compared whole: one word of its key.
    let address = |kind| {
        Some(Target::Word {
            kind,
            words: 1,
            word: 0,
            prefix: [0; 12],
            partial: None,
        })
    };
    let tpids: Vec<u32> = TPIDS.iter().map(|&t| u32::from(t)).collect();
    let arps: Vec<u32> = ETHERTYPE_ARPS.iter().map(|&t| u32::from(t)).collect();
    let (l3, v4, v6, arp) = match layout {
        Layout::Ether => {
            let mut levels = 0u32;
            while (levels as usize) < super::fields::MAX_TAGS
                && s.known_in(&Field::abs(12 + 4 * levels, 2, 0xffff), &tpids)
            {
                levels += 1;
            }
            if f.base == Base::Abs && f.size == 2 {
                for j in 0..=levels {
                    if f.off == 12 + 4 * j {
                        return whole(kind::ETHER + j as u8, 2, 0xffff);
                    }
                    if j < levels && f.off == 14 + 4 * j {
                        return whole(kind::VLAN + j as u8, 2, 0x0fff);
                    }
                }
            }
            let t = Field::abs(12 + 4 * levels, 2, 0xffff);
            (
                14 + 4 * levels,
                s.known_in(&t, &[u32::from(ETHERTYPE_IP)]),
                s.known_in(&t, &[u32::from(ETHERTYPE_IPV6)]),
                s.known_in(&t, &arps),
            )
        }
        Layout::Cooked { proto, l3 } => {
            let t = Field::abs(proto, 2, 0xffff);
            if *f == t {
                return whole(kind::ETHER, 2, 0xffff);
            }
            (
                l3,
                s.known_in(&t, &[u32::from(ETHERTYPE_IP)]),
                s.known_in(&t, &[u32::from(ETHERTYPE_IPV6)]),
                s.known_in(&t, &arps),
            )
        }
        Layout::Raw => {
            let t = Field::abs(0, 1, 0xf0);
            if *f == t {
                return whole(kind::IP_VERSION, 1, 0xf0);
            }
            (0, s.known_in(&t, &[0x40]), s.known_in(&t, &[0x60]), false)
        }
        Layout::Fixed(fam) => (
            0,
            fam == super::fields::Family::V4,
            fam == super::fields::Family::V6,
            false,
        ),
        Layout::Opaque => return None,
    };
    if arp {
        // `arp host`: the sender and target protocol addresses, as whole 4-byte keys.
        return match (f.base, f.size) {
            (Base::Abs, 4) if f.off == l3 + 14 => address(kind::ARP_SPA),
            (Base::Abs, 4) if f.off == l3 + 24 => address(kind::ARP_TPA),
            _ => None,
        };
    }
    let protos: Vec<u32> = PORT_PROTOS.iter().map(|&p| u32::from(p)).collect();
    if v4 {
        let ports = s.known_in(&Field::abs(l3 + 9, 1, 0xff), &protos);
        return match (f.base, f.size) {
            (Base::Abs, 1) if f.off == l3 + 9 => whole(kind::IP4_PROTO, 1, 0xff),
            (Base::Abs, 4) if f.off == l3 + 12 => address(kind::IP4_SRC),
            (Base::Abs, 4) if f.off == l3 + 16 => address(kind::IP4_DST),
            (Base::Msh(at), 2) if at == l3 && ports && f.off == l3 => {
                whole(kind::SRC_PORT, 2, 0xffff)
            }
            (Base::Msh(at), 2) if at == l3 && ports && f.off == l3 + 2 => {
                whole(kind::DST_PORT, 2, 0xffff)
            }
            _ => None,
        };
    }
    if v6 {
        let ports = s.known_in(&Field::abs(l3 + 6, 1, 0xff), &protos);
        return match (f.base, f.size) {
            (Base::Abs, 1) if f.off == l3 + 6 => whole(kind::IP6_NEXT, 1, 0xff),
            (Base::Abs, 2) if ports && f.off == l3 + 40 => whole(kind::SRC_PORT, 2, 0xffff),
            (Base::Abs, 2) if ports && f.off == l3 + 42 => whole(kind::DST_PORT, 2, 0xffff),
            (Base::Abs, 4)
                if (l3 + 8..l3 + 40).contains(&f.off) && (f.off - l3).is_multiple_of(4) =>
            {
                let rel = f.off - l3 - 8;
                let (kind, partial, start) = if rel < 16 {
                    (kind::IP6_SRC, kind::IP6_SRC_PART, l3 + 8)
                } else {
                    (kind::IP6_DST, kind::IP6_DST_PART, l3 + 24)
                };
                let word = ((f.off - start) / 4) as usize;
                let mut prefix = [0u8; 12];
                for w in 0..word {
                    let wf = Field::abs(start + 4 * w as u32, 4, u32::MAX);
                    match s.fact(&wf).map(Vec::as_slice) {
                        Some(&[(lo, hi)]) if lo == hi => {
                            prefix[4 * w..4 * w + 4].copy_from_slice(&lo.to_be_bytes())
                        }
                        _ => return None,
                    }
                }
                Some(Target::Word {
                    kind,
                    words: 4,
                    word,
                    prefix,
                    partial: Some(partial),
                })
            }
            _ => None,
        };
    }
    None
}

/// The keys whose field value (the key masked as `f.mask`) is in `lo..=hi`, as one key range
/// (`Some(None)` when no key can have such a value), or None when the field's mask does not
/// select a key (only whole keys and address prefixes do). The range is exact: it is also
/// used to take flows away.
#[allow(clippy::type_complexity)]
fn key_range(t: &Target, f: &Field, lo: u32, hi: u32) -> Option<Option<(Vec<u8>, Vec<u8>)>> {
    match *t {
        Target::Whole { kind, width, mask } => {
            if f.mask != mask {
                return None;
            }
            let enc = |v: u32| {
                let mut k = vec![kind];
                k.extend_from_slice(&v.to_be_bytes()[4 - width..]);
                k
            };
            Some(Some((enc(lo), enc(hi))))
        }
        Target::Word {
            kind,
            words,
            word,
            prefix,
            ..
        } => {
            // Only network prefixes: leading ones, then zeros.
            if f.mask.leading_ones() + f.mask.trailing_zeros() != 32 {
                return None;
            }
            // The masked values in lo..=hi are multiples of the prefix's step from the first
            // at or above lo to the last at or below hi; each stands for the keys it masks.
            let first = if lo & !f.mask == 0 {
                Some(lo)
            } else {
                (lo | !f.mask).checked_add(1)
            };
            let last = hi & f.mask;
            let Some(first) = first.filter(|&v| v <= last) else {
                return Some(None);
            };
            let mut a = vec![kind];
            a.extend_from_slice(&prefix[..4 * word]);
            let mut b = a.clone();
            a.extend_from_slice(&first.to_be_bytes());
            b.extend_from_slice(&(last | !f.mask).to_be_bytes());
            for _ in word + 1..words {
                a.extend_from_slice(&[0; 4]);
                b.extend_from_slice(&[0xff; 4]);
            }
            Some(Some((a, b)))
        }
    }
}

/// The flows with a key in one of `ranges` of field `f`, or None if that takes more than
/// [`KEY_CAP`] keys or the field is not a key.
fn lookup(
    body: &mut Body,
    t: &Target,
    f: &Field,
    ranges: &Ranges,
) -> Result<Option<RoaringBitmap>, IndexError> {
    let mut out = RoaringBitmap::new();
    for &(lo, hi) in ranges {
        let Some(range) = key_range(t, f, lo, hi) else {
            return Ok(None);
        };
        let Some((a, b)) = range else { continue };
        match body.range(&a, &b, KEY_CAP)? {
            Some(p) => out |= p,
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// The flows of `set` whose field `f` can be in `want` (the branch's values), using the
/// smaller of `want` and its complement.
fn narrow(
    body: &mut Body,
    layout: Layout,
    s: &State,
    f: &Field,
    want: &Ranges,
) -> Result<Rc<RoaringBitmap>, IndexError> {
    let Some(t) = target(layout, s, f) else {
        return Ok(s.set.clone());
    };
    let other = complement(want, f.max());
    if measure(want) <= measure(&other) {
        if let Some(mut p) = lookup(body, &t, f, want)? {
            // Packets whose address is captured in part have no address key, yet a load of
            // its first words succeeds: they may take either branch.
            if let Target::Word {
                partial: Some(k), ..
            } = t
            {
                p |= body.posting(&[k])?;
            }
            return Ok(Rc::new(s.set.as_ref() & &p));
        }
    } else if let Some(p) = lookup(body, &t, f, &other)? {
        return Ok(Rc::new(s.set.as_ref() - &p));
    }
    Ok(s.set.clone())
}

/// The flows of the file that `insns` (libpcap's program for a file of layout `layout`)
/// may accept, out of `start`.
pub fn candidates(
    insns: &[Insn],
    layout: Layout,
    body: &mut Body,
    start: RoaringBitmap,
) -> Result<RoaringBitmap, IndexError> {
    let all = Rc::new(start);
    let n = insns.len();
    // The states reaching each instruction, one per kind of path (see `arrive`).
    let mut states: Vec<Vec<State>> = vec![Vec::new(); n];
    if n == 0 {
        return Ok(all.as_ref().clone());
    }
    states[0].push(State {
        set: all.clone(),
        facts: Vec::new(),
        a: Val::Unknown,
        x: XVal::Unknown,
        mem: [Val::Unknown; 16],
    });
    let mut accepted = RoaringBitmap::new();
    // Anything this walk does not model gives up: every flow is a candidate.
    let give_up = Ok(all.as_ref().clone());
    for i in 0..n {
        for mut s in std::mem::take(&mut states[i]) {
            if s.set.is_empty() {
                continue;
            }
            let insn = insns[i];
            let (code, k) = (insn.code, insn.k);
            let mut next: Vec<(usize, State)> = Vec::with_capacity(2);
            match op::class(code) {
                LD => {
                    s.a = match op::mode(code) {
                        IMM => Val::Const(k),
                        LEN => Val::Unknown,
                        MEM if (k as usize) < 16 => s.mem[k as usize],
                        ABS => load(Base::Abs, k, op::size(code)),
                        IND => match s.x {
                            XVal::Const(c) => match c.checked_add(k) {
                                Some(off) => load(Base::Abs, off, op::size(code)),
                                None => Val::Unknown,
                            },
                            XVal::Msh(at) => load(Base::Msh(at), k, op::size(code)),
                            XVal::Unknown => Val::Unknown,
                        },
                        _ => return give_up,
                    };
                    next.push((i + 1, s));
                }
                LDX => {
                    s.x = match op::mode(code) {
                        IMM => XVal::Const(k),
                        MEM if (k as usize) < 16 => match s.mem[k as usize] {
                            Val::Const(c) => XVal::Const(c),
                            _ => XVal::Unknown,
                        },
                        MSH => XVal::Msh(k),
                        LEN => XVal::Unknown,
                        _ => return give_up,
                    };
                    next.push((i + 1, s));
                }
                ST | STX if (k as usize) < 16 => {
                    s.mem[k as usize] = if op::class(code) == ST {
                        s.a
                    } else {
                        match s.x {
                            XVal::Const(c) => Val::Const(c),
                            _ => Val::Unknown,
                        }
                    };
                    next.push((i + 1, s));
                }
                ALU => {
                    let src = match (op::src(code), s.x) {
                        (K, _) => Some(k),
                        (_, XVal::Const(c)) => Some(c),
                        _ => None,
                    };
                    s.a = match (s.a, op::op(code), src) {
                        (Val::Field(mut f), AND, Some(m)) => {
                            f.mask &= m;
                            Val::Field(f)
                        }
                        (Val::Const(a), o, Some(b)) => {
                            alu(o, a, b).map_or(Val::Unknown, Val::Const)
                        }
                        (Val::Const(a), NEG, _) => Val::Const(a.wrapping_neg()),
                        _ => Val::Unknown,
                    };
                    next.push((i + 1, s));
                }
                JMP => {
                    let (t, f) = (i + 1 + insn.jt as usize, i + 1 + insn.jf as usize);
                    if op::op(code) == JA {
                        let Some(to) = (i + 1).checked_add(k as usize).filter(|&to| to < n) else {
                            return give_up;
                        };
                        next.push((to, s));
                    } else {
                        let rhs = match (op::src(code), s.x) {
                            (K, _) => Some(k),
                            (_, XVal::Const(c)) => Some(c),
                            _ => None,
                        };
                        match (s.a, rhs) {
                            (Val::Const(a), Some(b)) => {
                                next.push((if jump_taken(op::op(code), a, b) { t } else { f }, s));
                            }
                            (Val::Field(field), Some(b)) => {
                                for (to, g, want) in branches(op::op(code), field, b) {
                                    let known = match s.fact(&g) {
                                        Some(r) => intersect(r, &want),
                                        None => want.clone(),
                                    };
                                    if known.is_empty() {
                                        continue;
                                    }
                                    let mut b = s.clone();
                                    b.facts.retain(|(h, _)| *h != g);
                                    b.facts.push((g, known));
                                    b.set = narrow(body, layout, &b, &g, &want)?;
                                    next.push((if to { t } else { f }, b));
                                }
                            }
                            _ => {
                                next.push((t, s.clone()));
                                next.push((f, s));
                            }
                        }
                    }
                }
                RET => {
                    let keeps = match op::rval(code) {
                        K => k != 0,
                        RET_A => s.a != Val::Const(0),
                        _ => s.x != XVal::Const(0),
                    };
                    if keeps {
                        accepted |= s.set.as_ref();
                    }
                }
                MISC => {
                    if op::misc(code) == TAX {
                        s.x = match s.a {
                            Val::Const(c) => XVal::Const(c),
                            _ => XVal::Unknown,
                        };
                    } else {
                        s.a = match s.x {
                            XVal::Const(c) => Val::Const(c),
                            _ => Val::Unknown,
                        };
                    }
                    next.push((i + 1, s));
                }
                _ => return give_up,
            }
            for (to, st) in next {
                if to >= n {
                    return give_up;
                }
                arrive(&mut states[to], st);
            }
        }
    }
    Ok(accepted)
}

/// Adds a state reaching an instruction. Paths that agree on what the registers hold and on
/// the facts share one state (their flows are united); others are kept apart, so that
/// `jeq` after `ld [30]` on one path and `ld [38]` on another still narrows each by its own
/// field. Past [`MAX_PATHS`] states, paths are merged, losing only precision.
fn arrive(slot: &mut Vec<State>, st: State) {
    if let Some(e) = slot.iter_mut().find(|e| e.same_shape(&st)) {
        e.merge(st);
    } else if slot.len() < MAX_PATHS {
        slot.push(st);
    } else if let Some(e) = slot.last_mut() {
        e.merge(st);
    }
}

fn load(base: Base, off: u32, size: u16) -> Val {
    if off >= SKF_AD_OFF {
        return Val::Unknown;
    }
    let (size, mask) = match size {
        B => (1, 0xff),
        H => (2, 0xffff),
        _ => (4, u32::MAX),
    };
    Val::Field(Field {
        base,
        off,
        size,
        mask,
    })
}

fn alu(o: u16, a: u32, b: u32) -> Option<u32> {
    Some(match o {
        ADD => a.wrapping_add(b),
        SUB => a.wrapping_sub(b),
        MUL => a.wrapping_mul(b),
        DIV => a.checked_div(b)?,
        MOD => a.checked_rem(b)?,
        OR => a | b,
        AND => a & b,
        XOR => a ^ b,
        LSH => a.checked_shl(b).unwrap_or(0),
        RSH => a.checked_shr(b).unwrap_or(0),
        _ => return None,
    })
}

fn jump_taken(o: u16, a: u32, b: u32) -> bool {
    match o {
        JEQ => a == b,
        JGT => a > b,
        JGE => a >= b,
        _ => a & b != 0,
    }
}

/// The two branches of a conditional jump on field `f`: (taken?, the field constrained, the
/// values that take the branch). `jset` constrains the field masked by its operand.
fn branches(o: u16, f: Field, k: u32) -> Vec<(bool, Field, Ranges)> {
    let max = f.max();
    let point = |v: u32| if v <= max { vec![(v, v)] } else { Vec::new() };
    let upto = |v: Option<u32>| match v {
        Some(v) => vec![(0, v.min(max))],
        None => Vec::new(),
    };
    let from = |v: Option<u32>| match v {
        Some(v) if v <= max => vec![(v, max)],
        _ => Vec::new(),
    };
    match o {
        JEQ => vec![(true, f, point(k)), (false, f, complement(&point(k), max))],
        JGT => vec![(true, f, from(k.checked_add(1))), (false, f, upto(Some(k)))],
        JGE => vec![(true, f, from(Some(k))), (false, f, upto(k.checked_sub(1)))],
        _ => {
            let g = Field {
                mask: f.mask & k,
                ..f
            };
            let gmax = g.max();
            let nonzero = if gmax == 0 {
                Vec::new()
            } else {
                vec![(1, gmax)]
            };
            vec![(true, g, nonzero), (false, g, vec![(0, 0)])]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(complement(&vec![(5, 5)], 10), vec![(0, 4), (6, 10)]);
        assert_eq!(complement(&vec![(0, 10)], 10), vec![]);
        assert_eq!(
            union(&vec![(1, 3)], &vec![(4, 6), (9, 9)]),
            Some(vec![(1, 6), (9, 9)])
        );
        assert_eq!(
            intersect(&vec![(0, 10)], &vec![(5, 5), (12, 20)]),
            vec![(5, 5)]
        );
    }
}
