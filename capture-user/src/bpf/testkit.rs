//! Test fixtures shared by everything that runs classic BPF (the interpreter, the XDP
//! translation): libpcap's own matcher as the oracle, frames, hand-written edge programs and
//! random valid programs.
use super::{Insn, op::*};

/// The frames and expressions the XDP filter tests hold to libpcap (`tests/xdp_filter.rs`).
#[path = "../../tests/filter_cases/mod.rs"]
pub mod cases;

unsafe extern "C" {
    /// libpcap's cBPF interpreter (what its offline matcher runs).
    fn bpf_filter(pc: *const Insn, p: *const u8, wirelen: u32, buflen: u32) -> u32;
    /// libpcap's check that a program is safe to interpret.
    fn bpf_validate(f: *const Insn, len: i32) -> i32;
}

/// What libpcap's matcher returns for `prog` on `frame` (its wire length is its length).
pub fn libpcap(prog: &[Insn], frame: &[u8]) -> u32 {
    libpcap_cut(prog, frame, frame.len() as u32)
}

/// What libpcap's matcher returns for `prog` on the `captured` bytes of a packet `wirelen`
/// bytes long on the wire (a record cut at the snaplen).
pub fn libpcap_cut(prog: &[Insn], captured: &[u8], wirelen: u32) -> u32 {
    assert!(valid(prog), "only programs libpcap validates are run");
    // SAFETY: bpf_validate accepted the program (jumps in range, a final return, memory
    // indexes below 16, no constant division by zero) and bpf_filter reads at most `buflen`
    // bytes of `captured`, which is readable for its length.
    unsafe {
        bpf_filter(
            prog.as_ptr(),
            captured.as_ptr(),
            wirelen,
            captured.len() as u32,
        )
    }
}

/// Whether libpcap's `bpf_validate` accepts `prog`.
pub fn valid(prog: &[Insn]) -> bool {
    // SAFETY: bpf_validate only reads `prog.len()` instructions.
    !prog.is_empty() && unsafe { bpf_validate(prog.as_ptr(), prog.len() as i32) } != 0
}

/// An instruction without jump offsets.
pub fn stmt(code: u16, k: u32) -> Insn {
    Insn {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

/// A conditional jump.
pub fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Insn {
    Insn { code, jt, jf, k }
}

/// Frames of every kind filters look into: IPv4 TCP and UDP, a VLAN tag, a fragment, IPv6
/// with a hop-by-hop header, a 3000-byte frame, and frames too short for an IP header.
pub fn frames() -> Vec<Vec<u8>> {
    let mut tcp = vec![0u8; 74];
    tcp[12..14].copy_from_slice(&[0x08, 0x00]);
    tcp[14] = 0x45;
    tcp[23] = 6;
    tcp[26..30].copy_from_slice(&[10, 0, 0, 1]);
    tcp[30..34].copy_from_slice(&[10, 0, 0, 2]);
    tcp[36..38].copy_from_slice(&80u16.to_be_bytes());
    tcp[46] = 0x50;
    tcp[47] = 0x02;
    let mut udp = tcp.clone();
    udp[23] = 17;
    udp[36..38].copy_from_slice(&53u16.to_be_bytes());
    let mut vlan = vec![0u8; 12];
    vlan.extend_from_slice(&[0x81, 0x00, 0x00, 100]);
    vlan.extend_from_slice(&tcp[12..]);
    let mut frag = udp.clone();
    frag[20..22].copy_from_slice(&0x0010u16.to_be_bytes());
    let mut v6 = vec![0u8; 14 + 40 + 8 + 20];
    v6[12..14].copy_from_slice(&[0x86, 0xdd]);
    v6[14] = 0x60;
    v6[20] = 0; // hop-by-hop
    v6[54] = 6; // then TCP
    v6[64..66].copy_from_slice(&443u16.to_be_bytes());
    let mut big = udp.clone();
    big.resize(3000, 0xab);
    vec![tcp, udp, vlan, frag, v6, big, vec![0u8; 10], vec![0u8; 14]]
}

/// Expressions users write, compiled by libpcap for Ethernet: the programs the differential
/// tests run (with `protochain`'s backward jumps among them).
pub const EXPRESSIONS: &[&str] = &[
    "tcp port 80",
    "udp",
    "vlan 100 and tcp",
    "vlan and udp",
    "ip[6:2] & 0x1fff != 0",
    "ip6 protochain 6",
    "ip protochain 17",
    "protochain 6 or protochain 17",
    "tcp[13] & 2 != 0",
    "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
    "len > 1000",
    "host 10.0.0.1",
    "not arp",
    "icmp or arp",
    "ip6 and tcp port 443",
    "udp[0:4] / 3 > 1",
    "portrange 20-100 and not ip6",
    "udp[8:2] > 0x100 or tcp[20] = 0",
    "ether[0] & 1 = 0 and len > 60",
    "ip and udp[0:2] % 3 = 0",
    "tcp port 80 and (((ip[2:2] - ((ip[0]&0xf)<<2)) - ((tcp[12]&0xf0)>>2)) != 0)",
];

/// Hand-written programs for the corners of the semantics: shifts by 32 and more, division by a
/// zero X, offsets that wrap, scratch memory, unsigned comparisons.
pub fn edge_programs() -> Vec<Vec<Insn>> {
    vec![
        // Shifts by X >= 32 give 0; constant shifts are masked.
        vec![
            stmt(LD | IMM, 0xdefc0),
            stmt(LDX | IMM, 40),
            stmt(ALU | LSH | X, 0),
            stmt(RET | RET_A, 0),
        ],
        vec![
            stmt(LD | IMM, 0xdefc0),
            stmt(LDX | IMM, 33),
            stmt(ALU | RSH | X, 0),
            stmt(RET | RET_A, 0),
        ],
        vec![
            stmt(LD | IMM, 0xdefc0),
            stmt(LDX | IMM, 9),
            stmt(ALU | LSH | X, 0),
            stmt(RET | RET_A, 0),
        ],
        vec![
            stmt(LD | IMM, 0xdefc0),
            stmt(ALU | LSH, 40),
            stmt(RET | RET_A, 0),
        ],
        // Division and modulo by a zero X reject.
        vec![
            stmt(LD | IMM, 7),
            stmt(LDX | IMM, 0),
            stmt(ALU | DIV | X, 0),
            stmt(RET, 9),
        ],
        vec![
            stmt(LD | IMM, 7),
            stmt(LDX | IMM, 0),
            stmt(ALU | MOD | X, 0),
            stmt(RET, 9),
        ],
        vec![
            stmt(LD | IMM, 7),
            stmt(LDX | IMM, 2),
            stmt(ALU | MOD | X, 0),
            stmt(RET | RET_A, 0),
        ],
        vec![stmt(LD | IMM, 5), stmt(ALU | NEG, 0), stmt(RET | RET_A, 0)],
        vec![
            stmt(LD | IMM, 0xf0f0),
            stmt(ALU | XOR, 0xff),
            stmt(ALU | MUL, 3),
            stmt(ALU | SUB, 1),
            stmt(RET | RET_A, 0),
        ],
        // X + k past 32 bits does not wrap around to a small offset.
        vec![
            stmt(LDX | IMM, 0xffff_ffff),
            stmt(LD | B | IND, 2),
            stmt(RET, 7),
        ],
        vec![stmt(LDX | IMM, 70), stmt(LD | W | IND, 0), stmt(RET, 7)],
        vec![stmt(LDX | IMM, 70), stmt(LD | W | IND, 1), stmt(RET, 7)],
        vec![stmt(LD | H | ABS, 0x7fff_fff0), stmt(RET, 7)],
        // len, scratch memory, tax/txa, msh.
        vec![stmt(LD | LEN, 0), stmt(RET | RET_A, 0)],
        vec![
            stmt(LD | IMM, 4),
            stmt(ST, 3),
            stmt(LD | IMM, 0),
            stmt(LD | MEM, 3),
            stmt(ALU | ADD, 1),
            stmt(RET | RET_A, 0),
        ],
        vec![
            stmt(LD | IMM, 42),
            stmt(ST, 15),
            stmt(LDX | MEM, 15),
            stmt(MISC | TXA, 0),
            stmt(RET | RET_A, 0),
        ],
        vec![
            stmt(LDX | B | MSH, 14),
            stmt(MISC | TXA, 0),
            stmt(RET | RET_A, 0),
        ],
        // ret A of 0 rejects; comparisons are unsigned 32-bit.
        vec![stmt(LD | IMM, 0), stmt(RET | RET_A, 0)],
        vec![
            stmt(LD | IMM, 0x8000_0000),
            jump(JMP | JGT, 1, 0, 1),
            stmt(RET, 0),
            stmt(RET, 5),
        ],
        vec![
            stmt(LD | IMM, 3),
            stmt(LDX | IMM, 3),
            jump(JMP | JGE | X, 0, 1, 0),
            stmt(RET, 0),
            stmt(RET, 5),
        ],
        vec![
            stmt(LD | IMM, 6),
            jump(JMP | JSET, 1, 1, 0),
            stmt(RET, 5),
            stmt(RET, 0),
        ],
        vec![
            stmt(LD | IMM, 6),
            jump(JMP | JEQ, 6, 0, 1),
            stmt(RET, 5),
            stmt(RET, 0),
        ],
    ]
}

/// xorshift64: reproducible pseudo-random numbers without a dependency.
pub fn rng(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// `frame` with a few bytes flipped and perhaps cut short: odd header lengths, extension
/// chains that run off the end.
pub fn mutate(frame: &[u8], state: &mut u64) -> Vec<u8> {
    let mut f = frame.to_vec();
    for _ in 0..rng(state) % 4 {
        if !f.is_empty() {
            let at = rng(state) as usize % f.len();
            f[at] = rng(state) as u8;
        }
    }
    if rng(state).is_multiple_of(4) {
        let len = rng(state) as usize % (f.len() + 1);
        f.truncate(len);
    }
    f
}

/// A random program libpcap validates: every instruction class, loads near and past the end of
/// the frames above, small constants so that comparisons sometimes hold, forward jumps and now
/// and then a backward one (a loop that runs three times, counted in M[15]). Scratch memory is
/// zeroed first: libpcap's is not initialised.
pub fn random_program(state: &mut u64) -> Vec<Insn> {
    loop {
        let mut prog = vec![stmt(LD | IMM, 0)];
        prog.extend((0..16).map(|m| stmt(ST, m)));
        let start = prog.len();
        let n = 2 + rng(state) as usize % 14;
        for pc in 0..n {
            let r = rng(state);
            let k = match r % 3 {
                0 => (r >> 8) as u32 % 16,
                1 => (r >> 8) as u32 % 80,
                _ => (r >> 8) as u32,
            };
            // Forward jumps stay inside the body or land just after it.
            let left = (n - pc) as u64;
            let (jt, jf) = (((r >> 40) % left) as u8, ((r >> 48) % left) as u8);
            let size = [W, H, B][(r >> 16) as usize % 3];
            let alu =
                [ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, NEG, MOD, XOR][(r >> 20) as usize % 11];
            let src = if (r >> 24) & 1 == 0 { K } else { X };
            let cmp = [JEQ, JGT, JGE, JSET][(r >> 28) as usize % 4];
            prog.push(match (r >> 32) % 16 {
                0 => stmt(LD | size | ABS, k),
                1 => stmt(LD | size | IND, k),
                2 => stmt(LD | IMM, k),
                3 => stmt(LDX | IMM, k % 64),
                4 => stmt(LD | MEM, k % 15),
                5 => stmt(ST, k % 15),
                6 => stmt(LDX | MEM, k % 15),
                7 => stmt(STX, k % 15),
                8 => stmt(LDX | B | MSH, k),
                9 => stmt(LD | W | LEN, 0),
                10 | 11 if alu == NEG => stmt(ALU | NEG, 0),
                10 | 11 => {
                    // A constant divisor of zero and constant shifts of 32 or more are refused
                    // or undefined in C: libpcap never runs them.
                    let k = match alu {
                        DIV | MOD if src == K => k.max(1),
                        LSH | RSH if src == K => k % 32,
                        _ => k,
                    };
                    stmt(ALU | alu | src, k)
                }
                12 | 13 => jump(JMP | cmp | src, k, jt, jf),
                14 => stmt(MISC | if (r >> 52) & 1 == 0 { TAX } else { TXA }, 0),
                _ => stmt(RET | if (r >> 53) & 1 == 0 { K } else { RET_A }, k),
            });
        }
        if rng(state).is_multiple_of(4) {
            let back = start + rng(state) as usize % n;
            prog.extend([
                stmt(ST, 14),
                stmt(LD | MEM, 15),
                stmt(ALU | ADD, 1),
                stmt(ST, 15),
                jump(JMP | JGE, 3, 2, 0),
                stmt(LD | MEM, 14),
            ]);
            let ja = prog.len();
            prog.push(stmt(JMP | JA, (back as u32).wrapping_sub(ja as u32 + 1)));
            prog.push(stmt(LD | MEM, 14));
        }
        prog.push(stmt(RET | RET_A, 0));
        if valid(&prog) {
            return prog;
        }
    }
}
