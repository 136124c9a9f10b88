//! The classic BPF interpreter, with libpcap's semantics (`pcap_filter_with_aux_data`): what
//! `tcpdump -r` runs over a file, and what libpcap runs in user space when the kernel refuses a
//! program. A load past the captured bytes, a division by zero or an invalid instruction
//! rejects the packet.
use super::{
    Insn,
    op::{self, *},
};

/// What the kernel knows of a live packet beyond its bytes: the outer VLAN tag it moved out of
/// the frame, which libpcap's live programs read with ancillary loads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Aux {
    /// The outer tag's TCI, if the frame had one.
    pub vlan_tci: Option<u16>,
}

/// Runs `prog` over `packet` (the captured bytes), whose length on the wire is `wirelen`, and
/// returns the program's result: 0 rejects, anything else keeps the packet. `aux` is `None`
/// offline, where ancillary loads reject, as libpcap's matcher does without aux data.
pub fn run(prog: &[Insn], packet: &[u8], wirelen: u32, aux: Option<Aux>) -> u32 {
    let (mut a, mut x) = (0u32, 0u32);
    let mut mem = [0u32; 16];
    let mut pc = 0usize;
    // Bytes at offset `k` (checked for overflow: libpcap's tests reject any wrap).
    let bytes = |k: u32, n: usize| -> Option<u32> {
        let k = k as usize;
        let b = packet.get(k..k.checked_add(n)?)?;
        Some(b.iter().fold(0, |v, &byte| (v << 8) | u32::from(byte)))
    };
    while let Some(i) = prog.get(pc) {
        pc += 1;
        let k = i.k;
        let src = if op::src(i.code) == X { x } else { k };
        match i.code {
            c if c == RET | K => return k,
            c if c == RET | RET_A => return a,
            c if c == LD | W | ABS || c == LD | H | ABS => {
                let n = if op::size(c) == W { 4 } else { 2 };
                match bytes(k, n) {
                    Some(v) => a = v,
                    None => return 0,
                }
            }
            c if c == LD | B | ABS => {
                let ancillary = match k.checked_sub(SKF_AD_OFF) {
                    Some(SKF_AD_VLAN_TAG) => Some(aux.map(|x| x.vlan_tci.map_or(0, |t| t & 0xfff))),
                    Some(SKF_AD_VLAN_TAG_PRESENT) => {
                        Some(aux.map(|x| u16::from(x.vlan_tci.is_some())))
                    }
                    _ => None,
                };
                match ancillary {
                    Some(Some(v)) => a = u32::from(v),
                    Some(None) => return 0,
                    None => match bytes(k, 1) {
                        Some(v) => a = v,
                        None => return 0,
                    },
                }
            }
            c if c == LD | W | LEN => a = wirelen,
            c if c == LDX | W | LEN => x = wirelen,
            c if c == LD | W | IND || c == LD | H | IND || c == LD | B | IND => {
                let n = match op::size(c) {
                    W => 4,
                    H => 2,
                    _ => 1,
                };
                match x.checked_add(k).and_then(|at| bytes(at, n)) {
                    Some(v) => a = v,
                    None => return 0,
                }
            }
            c if c == LDX | B | MSH => match bytes(k, 1) {
                Some(v) => x = (v & 0xf) << 2,
                None => return 0,
            },
            c if c == LD | IMM => a = k,
            c if c == LDX | IMM => x = k,
            c if c == LD | MEM || c == LDX | MEM => {
                let Some(&v) = mem.get(k as usize) else {
                    return 0;
                };
                if c == LD | MEM {
                    a = v;
                } else {
                    x = v;
                }
            }
            c if c == ST || c == STX => {
                let Some(slot) = mem.get_mut(k as usize) else {
                    return 0;
                };
                *slot = if c == ST { a } else { x };
            }
            c if c == JMP | JA => {
                // Sign-extended, as libpcap does for `protochain`'s backward jump.
                match pc.checked_add_signed(k as i32 as isize) {
                    Some(to) => pc = to,
                    None => return 0,
                }
            }
            c if op::class(c) == JMP => {
                let taken = match op::op(c) {
                    JEQ => a == src,
                    JGT => a > src,
                    JGE => a >= src,
                    JSET => a & src != 0,
                    _ => return 0,
                };
                pc += usize::from(if taken { i.jt } else { i.jf });
            }
            c if op::class(c) == ALU => {
                a = match op::op(c) {
                    ADD => a.wrapping_add(src),
                    SUB => a.wrapping_sub(src),
                    MUL => a.wrapping_mul(src),
                    DIV | MOD if src == 0 => return 0,
                    DIV => a / src,
                    MOD => a % src,
                    AND => a & src,
                    OR => a | src,
                    XOR => a ^ src,
                    // By X, libpcap gives 0 from 32 on; by a constant, C's shift (the low
                    // five bits on every machine libpcap runs on).
                    LSH if op::src(c) == X && src >= 32 => 0,
                    RSH if op::src(c) == X && src >= 32 => 0,
                    LSH => a.wrapping_shl(src),
                    RSH => a.wrapping_shr(src),
                    NEG if op::src(c) == K => a.wrapping_neg(),
                    _ => return 0,
                };
            }
            c if c == MISC | TAX => x = a,
            c if c == MISC | TXA => a = x,
            _ => return 0,
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bpf::testkit::{self, libpcap};
    use crate::filter::Filter;

    /// Every expression of the differential tests (the XDP filter tests' and the translator's),
    /// compiled by libpcap for Ethernet.
    fn compiled_expressions() -> Vec<(&'static str, Filter)> {
        let mut exprs: Vec<&str> = testkit::cases::FILTERS
            .iter()
            .chain(testkit::EXPRESSIONS)
            .copied()
            .filter(|e| !e.is_empty())
            .collect();
        exprs.sort_unstable();
        exprs.dedup();
        exprs
            .into_iter()
            .map(|e| (e, Filter::dead(1, e, 262_144).unwrap()))
            .collect()
    }

    /// Every frame of the differential tests.
    fn all_frames() -> Vec<Vec<u8>> {
        let mut frames: Vec<Vec<u8>> = testkit::cases::frames()
            .into_iter()
            .map(|(_, f)| f)
            .collect();
        frames.extend(testkit::frames());
        frames
    }

    /// The interpreter against libpcap's own (`bpf_filter`, what `tcpdump -r` runs) on every
    /// expression of the XDP filter tests, over their frames whole and cut at snaplens (the
    /// wire length kept), and over thousands of damaged copies.
    #[test]
    fn decides_as_libpcap_on_every_filter_expression() {
        let progs = compiled_expressions();
        let frames = all_frames();
        let (mut accepted, mut rejected) = (0, 0);
        let mut check = |captured: &[u8], wirelen: u32| {
            for (expr, f) in &progs {
                let want = testkit::libpcap_cut(f.instructions(), captured, wirelen);
                if want == 0 {
                    rejected += 1;
                } else {
                    accepted += 1;
                }
                let got = run(f.instructions(), captured, wirelen, None);
                assert_eq!(
                    got, want,
                    "{expr:?} on {captured:02x?} ({wirelen} bytes on the wire)"
                );
            }
        };
        for frame in &frames {
            for snap in [usize::MAX, 96, 68, 54, 34, 14, 1, 0] {
                check(&frame[..snap.min(frame.len())], frame.len() as u32);
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..3000 {
            let frame = testkit::mutate(&frames[round % frames.len()], &mut state);
            let wirelen = frame.len() as u32 + (testkit::rng(&mut state) % 3 * 700) as u32;
            check(&frame, wirelen);
        }
        assert!(
            accepted > 20_000 && rejected > 20_000,
            "both decisions taken ({accepted} accepted, {rejected} rejected)"
        );
    }

    /// The hand-written corners (shifts by 32 and more, division by zero, offsets that wrap,
    /// scratch memory, unsigned comparisons) against libpcap's.
    #[test]
    fn decides_as_libpcap_on_edge_programs() {
        for (n, prog) in testkit::edge_programs().iter().enumerate() {
            for frame in all_frames() {
                assert_eq!(
                    run(prog, &frame, frame.len() as u32, None),
                    libpcap(prog, &frame),
                    "program {n}: {prog:?}"
                );
            }
        }
    }

    /// The interpreter against libpcap's on random programs of every instruction, on whole
    /// frames and on frames cut short of their wire length.
    #[test]
    fn decides_as_libpcap_on_random_programs() {
        let frames = all_frames();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let (mut nonzero, mut zero) = (0, 0);
        for _ in 0..10_000 {
            let prog = testkit::random_program(&mut state);
            for frame in &frames {
                let cut = testkit::rng(&mut state) as usize % (frame.len() + 1);
                for captured in [&frame[..], &frame[..cut]] {
                    let want = testkit::libpcap_cut(&prog, captured, frame.len() as u32);
                    if want == 0 {
                        zero += 1;
                    } else {
                        nonzero += 1;
                    }
                    assert_eq!(
                        run(&prog, captured, frame.len() as u32, None),
                        want,
                        "{prog:?} on {captured:02x?} ({} on the wire)",
                        frame.len()
                    );
                }
            }
        }
        assert!(
            nonzero > 100_000 && zero > 100_000,
            "both outcomes exercised ({nonzero} non-zero, {zero} zero)"
        );
    }

    fn insn(code: u16, jt: u8, jf: u8, k: u32) -> Insn {
        Insn { code, jt, jf, k }
    }

    /// An Ethernet/IPv4/TCP frame to port 80.
    fn tcp80() -> Vec<u8> {
        let mut pkt = vec![0u8; 12];
        pkt.extend_from_slice(&[
            0x08, 0x00, 0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ]);
        pkt.extend_from_slice(&[0x30, 0x39, 0, 80]);
        pkt.resize(54, 0);
        pkt
    }

    #[test]
    fn a_compiled_filter_decides() {
        let f = Filter::dead(1, "tcp port 80", 262144).unwrap();
        let mut pkt = tcp80();
        assert_eq!(run(f.instructions(), &pkt, 54, None), 262144);
        pkt[37] = 81;
        assert_eq!(run(f.instructions(), &pkt, 54, None), 0);
        assert_eq!(
            run(f.instructions(), &pkt[..20], 54, None),
            0,
            "a short read rejects"
        );
    }

    #[test]
    fn protochain_jumps_backwards() {
        let f = Filter::dead(1, "ip6 protochain 6", 262144).unwrap();
        assert!(
            f.instructions()
                .iter()
                .any(|i| i.code == JMP | JA && (i.k as i32) < 0)
        );
        // IPv6, hop-by-hop options (8 bytes), then TCP.
        let mut pkt = vec![0u8; 12];
        pkt.extend_from_slice(&[0x86, 0xdd, 0x60, 0, 0, 0, 0, 28, 0, 64]);
        pkt.extend_from_slice(&[0; 32]);
        pkt.extend_from_slice(&[6, 0, 0, 0, 0, 0, 0, 0]);
        pkt.extend_from_slice(&[0; 20]);
        assert_ne!(run(f.instructions(), &pkt, pkt.len() as u32, None), 0);
        pkt[54] = 17;
        assert_eq!(run(f.instructions(), &pkt, pkt.len() as u32, None), 0);
    }

    #[test]
    fn vlan_metadata_only_live() {
        let prog = [
            insn(LD | B | ABS, 0, 0, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT),
            insn(RET | RET_A, 0, 0, 0),
        ];
        let tagged = Aux {
            vlan_tci: Some(0x2064),
        };
        assert_eq!(run(&prog, &[0; 14], 14, Some(tagged)), 1);
        assert_eq!(run(&prog, &[0; 14], 14, Some(Aux::default())), 0);
        assert_eq!(run(&prog, &[0; 14], 14, None), 0, "offline: no metadata");
        let tag = [
            insn(LD | B | ABS, 0, 0, SKF_AD_OFF + SKF_AD_VLAN_TAG),
            insn(RET | RET_A, 0, 0, 0),
        ];
        assert_eq!(run(&tag, &[0; 14], 14, Some(tagged)), 0x64);
    }

    #[test]
    fn arithmetic_edges() {
        let div0 = [
            insn(LD | IMM, 0, 0, 7),
            insn(ALU | DIV | X, 0, 0, 0),
            insn(RET | RET_A, 0, 0, 0),
        ];
        assert_eq!(run(&div0, &[], 0, None), 0);
        let shift = [
            insn(LD | IMM, 0, 0, 1),
            insn(LDX | IMM, 0, 0, 40),
            insn(ALU | LSH | X, 0, 0, 0),
            insn(ALU | ADD | K, 0, 0, 5),
            insn(RET | RET_A, 0, 0, 0),
        ];
        assert_eq!(run(&shift, &[], 0, None), 5);
        let out_of_range = [insn(JMP | JA, 0, 0, 5)];
        assert_eq!(run(&out_of_range, &[], 0, None), 0);
    }
}
