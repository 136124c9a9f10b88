//! Classic BPF (libpcap's program for the user's expression) translated into eBPF for XDP.
//!
//! The program libpcap compiles on a dead Ethernet handle is translated instruction by
//! instruction into an eBPF XDP program with the same decisions as libpcap's offline matcher
//! (`bpf_filter()`, what `tcpdump -r` runs), so `--backend xdp` selects what `tcpdump -r` would
//! select from the same frames (notes §9: XDP sees VLAN tags in place, as a file does).
//!
//! Register use (r6–r9 survive helper calls):
//!
//! | eBPF | holds |
//! |---|---|
//! | r6 | the `xdp_md` context |
//! | w7 | A, the accumulator (32-bit ALU and JMP32 give cBPF's `u32` arithmetic) |
//! | w8 | X, the index register |
//! | r9 | the frame length including fragments (`bpf_xdp_get_buff_len`), cBPF's `len` |
//!
//! Stack: M[0..16] at fp-64..fp-1, zeroed in the prologue so no path reads unwritten memory
//! (libpcap reads garbage there; the verifier refuses it); a loop counter at fp-72; an 8-byte
//! load buffer at fp-80; the map key at fp-88.
//!
//! Packet loads first try direct packet access (a bounds check against `data_end`), which is
//! a plain memory load once JIT-compiled, and fall back to `bpf_xdp_load_bytes` for bytes beyond
//! the linear part (multi-buffer frames). A load past the end of the frame rejects the packet,
//! as in cBPF.
//!
//! Accepting with a non-zero value stores it (the snap length) in the per-CPU `ACCEPT` map and
//! tail-calls slot [`COPY_SLOT`] of the `JUMP` program array (the aya program `capture_copy`).
//! Rejecting, or a failed tail call, returns `XDP_PASS`: frames the user did not ask for always
//! continue into the stack, even with `--xdp-consume`.
//!
//! cBPF jumps only go forward, except libpcap's `protochain`, which jumps backward through a
//! sign-extended `ja` (libpcap's `bpf_filter` sign-extends `k` for this). Backward jumps count
//! iterations in a stack slot and reject after [`LOOP_LIMIT`], which makes the loop bounded for
//! the verifier; libpcap's own loop ends when it reads past the frame.
use thiserror::Error;

use crate::bpf::{self, op};

/// Program-array slot of the copy program the filter tail-calls on accept.
pub const COPY_SLOT: i32 = 1;
/// Backward jumps taken before a packet is rejected (a `protochain` walk through this many
/// extension headers).
pub const LOOP_LIMIT: i32 = 32;
/// XDP_PASS.
const XDP_PASS: i32 = 2;

// eBPF's instruction encoding (linux/bpf.h). Classes, sizes, modes, ALU and jump operations keep
// classic BPF's values, so they come from `bpf::op`; the rest are eBPF's own.
const fn ebpf(classic: u16) -> u8 {
    classic as u8
}
const LD: u8 = ebpf(op::LD);
const LDX: u8 = ebpf(op::LDX);
const ST: u8 = ebpf(op::ST);
const STX: u8 = ebpf(op::STX);
const ALU: u8 = ebpf(op::ALU);
const JMP: u8 = ebpf(op::JMP);
const JMP32: u8 = 0x06;
const ALU64: u8 = 0x07;

const W: u8 = ebpf(op::W);
const H: u8 = ebpf(op::H);
const B: u8 = ebpf(op::B);
const DW: u8 = 0x18;

const IMM: u8 = ebpf(op::IMM);
const MEM: u8 = ebpf(op::MEM);

const ADD: u8 = ebpf(op::ADD);
const SUB: u8 = ebpf(op::SUB);
const MUL: u8 = ebpf(op::MUL);
const DIV: u8 = ebpf(op::DIV);
const OR: u8 = ebpf(op::OR);
const AND: u8 = ebpf(op::AND);
const LSH: u8 = ebpf(op::LSH);
const RSH: u8 = ebpf(op::RSH);
const NEG: u8 = ebpf(op::NEG);
const MOD: u8 = ebpf(op::MOD);
const XOR: u8 = ebpf(op::XOR);
const MOV: u8 = 0xb0;
const END: u8 = 0xd0;

const JA: u8 = ebpf(op::JA);
const JEQ: u8 = ebpf(op::JEQ);
const JGT: u8 = ebpf(op::JGT);
const JGE: u8 = ebpf(op::JGE);
const JSET: u8 = ebpf(op::JSET);
const JNE: u8 = 0x50;
const JLT: u8 = 0xa0;
const JLE: u8 = 0xb0;
const CALL: u8 = 0x80;
const EXIT: u8 = 0x90;

const SRC_K: u8 = ebpf(op::K);
const SRC_X: u8 = ebpf(op::X);
const TO_BE: u8 = 0x08;

const PSEUDO_MAP_FD: u8 = 1;

const HELPER_MAP_LOOKUP_ELEM: i32 = 1;
const HELPER_TAIL_CALL: i32 = 12;
const HELPER_XDP_GET_BUFF_LEN: i32 = 188;
const HELPER_XDP_LOAD_BYTES: i32 = 189;

/// cBPF scratch memory words (BPF_MEMWORDS).
const MEMWORDS: u32 = 16;
const MEM_BASE: i16 = -64;
const LOOP_SLOT: i16 = -72;
const LOAD_BUF: i16 = -80;
const KEY_SLOT: i16 = -88;
/// Largest packet offset the verifier accepts for direct packet access (MAX_PACKET_OFF is
/// 0xffff); loads further out use the helper.
const DIRECT_MAX: i32 = 0x7fff;

const R0: u8 = 0;
const R1: u8 = 1;
const R2: u8 = 2;
const R3: u8 = 3;
const R4: u8 = 4;
const R5: u8 = 5;
const CTX: u8 = 6;
const A: u8 = 7;
const X: u8 = 8;
const PLEN: u8 = 9;
const FP: u8 = 10;

/// One eBPF instruction in the kernel's `struct bpf_insn` layout.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Insn {
    /// Opcode.
    pub code: u8,
    /// Destination register in the low nibble, source register in the high one.
    pub regs: u8,
    /// Signed jump or memory offset.
    pub off: i16,
    /// Immediate.
    pub imm: i32,
}

impl Insn {
    fn new(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> Self {
        Self {
            code,
            regs: (src << 4) | (dst & 0x0f),
            off,
            imm,
        }
    }
}

/// The maps the generated filter refers to, by file descriptor (patched in at load time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapFds {
    /// The per-CPU array (one u32) where an accepted packet's snap length goes.
    pub accept: i32,
    /// The program array whose slot [`COPY_SLOT`] holds the copy program.
    pub jump: i32,
}

/// A cBPF program the translator refuses, with the instruction at fault.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum TranslateError {
    /// The opcode is not a classic BPF instruction libpcap emits.
    #[error("filter instruction {pc}: unsupported cBPF opcode {code:#06x}")]
    Opcode {
        /// Instruction index.
        pc: usize,
        /// The opcode.
        code: u16,
    },
    /// A jump leaves the program.
    #[error("filter instruction {pc}: jump out of the program")]
    JumpOutOfRange {
        /// Instruction index.
        pc: usize,
    },
    /// The last instruction is not a return, so execution could fall off the end.
    #[error("the filter program does not end with a return")]
    NoFinalReturn,
    /// Scratch memory index beyond M[15].
    #[error("filter instruction {pc}: scratch memory index {k} out of range")]
    MemIndex {
        /// Instruction index.
        pc: usize,
        /// The index.
        k: u32,
    },
    /// A Linux ancillary load (vlan_tci, pkttype...): only live handles emit them.
    #[error(
        "filter instruction {pc}: Linux ancillary data load (compile on a dead Ethernet handle)"
    )]
    Ancillary {
        /// Instruction index.
        pc: usize,
    },
    /// A jump farther than eBPF's 16-bit offset reaches.
    #[error("the translated filter is too large (a jump spans more than 32767 instructions)")]
    TooFar,
    /// An empty program.
    #[error("the filter program is empty")]
    Empty,
}

/// A jump target: a cBPF instruction or one of the translator's own places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Pc(usize),
    Accept,
    Reject,
    Local(usize),
}

struct Asm {
    code: Vec<Insn>,
    /// (instruction index, target) of every jump to patch.
    fixups: Vec<(usize, Label)>,
    pcs: Vec<Option<usize>>,
    locals: Vec<Option<usize>>,
    accept: Option<usize>,
    reject: Option<usize>,
}

impl Asm {
    fn emit(&mut self, i: Insn) {
        self.code.push(i);
    }

    fn local(&mut self) -> Label {
        self.locals.push(None);
        Label::Local(self.locals.len() - 1)
    }

    fn bind(&mut self, l: Label) {
        let here = Some(self.code.len());
        match l {
            Label::Pc(pc) => self.pcs[pc] = here,
            Label::Local(i) => self.locals[i] = here,
            Label::Accept => self.accept = here,
            Label::Reject => self.reject = here,
        }
    }

    /// A jump of class `class` with `op`/`src`, registers and immediate, to `to`.
    fn jump(&mut self, class: u8, op_src: u8, dst: u8, src: u8, imm: i32, to: Label) {
        self.fixups.push((self.code.len(), to));
        self.emit(Insn::new(class | op_src, dst, src, 0, imm));
    }

    fn goto(&mut self, to: Label) {
        self.jump(JMP, JA, 0, 0, 0, to);
    }

    fn alu64_imm(&mut self, op: u8, dst: u8, imm: i32) {
        self.emit(Insn::new(ALU64 | op | SRC_K, dst, 0, 0, imm));
    }

    fn alu64_reg(&mut self, op: u8, dst: u8, src: u8) {
        self.emit(Insn::new(ALU64 | op | SRC_X, dst, src, 0, 0));
    }

    fn alu32_imm(&mut self, op: u8, dst: u8, imm: i32) {
        self.emit(Insn::new(ALU | op | SRC_K, dst, 0, 0, imm));
    }

    fn alu32_reg(&mut self, op: u8, dst: u8, src: u8) {
        self.emit(Insn::new(ALU | op | SRC_X, dst, src, 0, 0));
    }

    fn ldx(&mut self, size: u8, dst: u8, src: u8, off: i16) {
        self.emit(Insn::new(LDX | MEM | size, dst, src, off, 0));
    }

    fn stx(&mut self, size: u8, dst: u8, src: u8, off: i16) {
        self.emit(Insn::new(STX | MEM | size, dst, src, off, 0));
    }

    fn st(&mut self, size: u8, dst: u8, off: i16, imm: i32) {
        self.emit(Insn::new(ST | MEM | size, dst, 0, off, imm));
    }

    fn call(&mut self, helper: i32) {
        self.emit(Insn::new(JMP | CALL, 0, 0, 0, helper));
    }

    /// `dst = imm64` (two instruction slots).
    fn ld_imm64(&mut self, dst: u8, src: u8, imm: u64) {
        self.emit(Insn::new(LD | DW | IMM, dst, src, 0, imm as u32 as i32));
        self.emit(Insn::new(0, 0, 0, 0, (imm >> 32) as u32 as i32));
    }

    fn resolve(mut self) -> Result<Vec<Insn>, TranslateError> {
        for &(at, to) in &self.fixups {
            let target = match to {
                Label::Pc(pc) => self.pcs[pc],
                Label::Local(i) => self.locals[i],
                Label::Accept => self.accept,
                Label::Reject => self.reject,
            }
            .expect("every label is bound before resolve");
            let off = target as i64 - at as i64 - 1;
            self.code[at].off = i16::try_from(off).map_err(|_| TranslateError::TooFar)?;
        }
        Ok(self.code)
    }
}

/// Translates `prog` (cBPF, as libpcap compiles it for `LINKTYPE_ETHERNET`) into an eBPF XDP
/// program. `maps` are the file descriptors the program's map references are patched with.
pub fn translate(prog: &[bpf::Insn], maps: MapFds) -> Result<Vec<Insn>, TranslateError> {
    let n = prog.len();
    if n == 0 {
        return Err(TranslateError::Empty);
    }
    if op::class(prog[n - 1].code) != op::RET {
        return Err(TranslateError::NoFinalReturn);
    }
    let mut asm = Asm {
        code: Vec::with_capacity(n * 8),
        fixups: Vec::new(),
        pcs: vec![None; n],
        locals: Vec::new(),
        accept: None,
        reject: None,
    };
    let has_loop = prog.iter().enumerate().any(|(pc, i)| {
        i.code == op::JMP | op::JA && target(pc, i.k as i32 as i64).is_some_and(|t| t <= pc)
    });

    // Prologue.
    asm.alu64_reg(MOV, CTX, R1);
    asm.alu32_imm(MOV, A, 0);
    asm.alu32_imm(MOV, X, 0);
    for slot in 1..=8 {
        asm.st(DW, FP, -8 * slot, 0);
    }
    if has_loop {
        asm.st(DW, FP, LOOP_SLOT, 0);
    }
    asm.alu64_reg(MOV, R1, CTX);
    asm.call(HELPER_XDP_GET_BUFF_LEN);
    asm.alu64_reg(MOV, PLEN, R0);

    for (pc, insn) in prog.iter().enumerate() {
        asm.bind(Label::Pc(pc));
        translate_one(&mut asm, prog, pc, insn)?;
    }

    // Accept: A holds the accept value (non-zero unless `ret A` returned 0).
    asm.bind(Label::Accept);
    asm.jump(JMP32, JEQ | SRC_K, A, 0, 0, Label::Reject);
    asm.st(W, FP, KEY_SLOT, 0);
    asm.ld_imm64(R1, PSEUDO_MAP_FD, maps.accept as u32 as u64);
    asm.alu64_reg(MOV, R2, FP);
    asm.alu64_imm(ADD, R2, i32::from(KEY_SLOT));
    asm.call(HELPER_MAP_LOOKUP_ELEM);
    asm.jump(JMP, JEQ | SRC_K, R0, 0, 0, Label::Reject);
    asm.stx(W, R0, A, 0);
    asm.alu64_reg(MOV, R1, CTX);
    asm.ld_imm64(R2, PSEUDO_MAP_FD, maps.jump as u32 as u64);
    asm.alu64_imm(MOV, R3, COPY_SLOT);
    asm.call(HELPER_TAIL_CALL);
    // A failed tail call (empty slot) falls through to "pass".
    asm.bind(Label::Reject);
    asm.alu64_imm(MOV, R0, XDP_PASS);
    asm.emit(Insn::new(JMP | EXIT, 0, 0, 0, 0));
    asm.resolve()
}

/// The target of a jump by `delta` after instruction `pc`, if inside a program of any length.
fn target(pc: usize, delta: i64) -> Option<usize> {
    usize::try_from(pc as i64 + 1 + delta).ok()
}

fn translate_one(
    asm: &mut Asm,
    prog: &[bpf::Insn],
    pc: usize,
    insn: &bpf::Insn,
) -> Result<(), TranslateError> {
    let code = insn.code;
    let bad = || TranslateError::Opcode { pc, code };
    // eBPF keeps classic BPF's encoding of sizes and ALU/jump operations.
    let size = op::size(code) as u8;
    let operation = op::op(code) as u8;
    let k = insn.k;
    let mem_off = |k: u32| -> Result<i16, TranslateError> {
        if k < MEMWORDS {
            Ok(MEM_BASE + 4 * k as i16)
        } else {
            Err(TranslateError::MemIndex { pc, k })
        }
    };
    let pc_label = |delta: i64| -> Result<Label, TranslateError> {
        match target(pc, delta) {
            Some(t) if t < prog.len() => Ok(Label::Pc(t)),
            _ => Err(TranslateError::JumpOutOfRange { pc }),
        }
    };
    match op::class(code) {
        op::LD | op::LDX => {
            let class = op::class(code);
            let dst = if class == op::LD { A } else { X };
            let mode = op::mode(code);
            match (class, mode, op::size(code)) {
                (_, op::IMM, op::W) => asm.alu32_imm(MOV, dst, k as i32),
                (_, op::MEM, op::W) => asm.ldx(W, dst, FP, mem_off(k)?),
                (_, op::LEN, op::W) => asm.alu32_reg(MOV, dst, PLEN),
                (op::LD, op::ABS | op::IND, op::W | op::H | op::B) => {
                    if mode == op::ABS && k >= op::SKF_AD_OFF {
                        return Err(TranslateError::Ancillary { pc });
                    }
                    load_packet(asm, size, mode == op::IND, k);
                    asm.alu32_reg(MOV, A, R0);
                }
                (op::LDX, op::MSH, op::B) => {
                    load_packet(asm, B, false, k);
                    asm.alu32_imm(AND, R0, 0x0f);
                    asm.alu32_imm(LSH, R0, 2);
                    asm.alu32_reg(MOV, X, R0);
                }
                _ => return Err(bad()),
            }
        }
        op::ST => asm.stx(W, FP, A, mem_off(k)?),
        op::STX => asm.stx(W, FP, X, mem_off(k)?),
        op::ALU => {
            let op = operation;
            let from_x = op::src(code) == op::X;
            match op {
                NEG => asm.alu32_imm(NEG, A, 0),
                ADD | SUB | MUL | OR | AND | XOR if !from_x => asm.alu32_imm(op, A, k as i32),
                ADD | SUB | MUL | OR | AND | XOR => asm.alu32_reg(op, A, X),
                DIV | MOD if !from_x => {
                    if k == 0 {
                        // libpcap refuses this at compile time; cBPF rejects at run time.
                        asm.goto(Label::Reject);
                    } else {
                        asm.alu32_imm(op, A, k as i32);
                    }
                }
                DIV | MOD => {
                    // eBPF divides by zero quietly (result 0 or A); cBPF rejects the packet.
                    asm.jump(JMP32, JEQ | SRC_K, X, 0, 0, Label::Reject);
                    asm.alu32_reg(op, A, X);
                }
                // A constant shift of 32 or more is masked to 5 bits, as libpcap's C shift
                // does on x86-64 (libpcap's compiler never emits one).
                LSH | RSH if !from_x => asm.alu32_imm(op, A, (k & 31) as i32),
                LSH | RSH => {
                    // libpcap: a shift by X >= 32 gives 0 (eBPF would mask the count).
                    let shift = asm.local();
                    let done = asm.local();
                    asm.jump(JMP32, JGE | SRC_K, X, 0, 32, shift);
                    asm.alu32_reg(op, A, X);
                    asm.goto(done);
                    asm.bind(shift);
                    asm.alu32_imm(MOV, A, 0);
                    asm.bind(done);
                }
                _ => return Err(bad()),
            }
        }
        op::JMP => {
            let op = operation;
            if op == JA {
                let to = pc_label(i64::from(k as i32))?;
                if matches!(to, Label::Pc(t) if t <= pc) {
                    // Bounded loop: count backward jumps, reject past the limit.
                    asm.ldx(DW, R1, FP, LOOP_SLOT);
                    asm.alu64_imm(ADD, R1, 1);
                    asm.stx(DW, FP, R1, LOOP_SLOT);
                    asm.jump(JMP, JGT | SRC_K, R1, 0, LOOP_LIMIT, Label::Reject);
                    // Every way round the loop must reach the verifier in the same state, or
                    // it walks each path of each iteration apart (a `protochain` over IPv4 and
                    // IPv6 then exceeds its million instructions). XOR-ing the frame length in
                    // twice leaves X as it was, but the verifier no longer knows its range, so
                    // the ways round meet in one state. (Packet loads check X at run time.)
                    asm.alu32_reg(XOR, X, PLEN);
                    asm.alu32_reg(XOR, X, PLEN);
                }
                asm.goto(to);
                return Ok(());
            }
            if !matches!(op, JEQ | JGT | JGE | JSET) {
                return Err(bad());
            }
            let t = pc_label(i64::from(insn.jt))?;
            let f = pc_label(i64::from(insn.jf))?;
            let src = if op::src(code) == op::X { SRC_X } else { SRC_K };
            let (reg, imm) = if src == SRC_X { (X, 0) } else { (0, k as i32) };
            // JMP32 compares the low 32 bits unsigned, exactly cBPF's comparison.
            if insn.jt == insn.jf {
                asm.goto(t);
            } else if insn.jt == 0 && op != JSET {
                // Fall through on true: branch on the negation to the false target.
                let neg_op = match op {
                    JEQ => JNE,
                    // !(A > k) is A <= k; !(A >= k) is A < k.
                    JGT => JLE,
                    _ => JLT,
                };
                asm.jump(JMP32, neg_op | src, A, reg, imm, f);
            } else {
                asm.jump(JMP32, op | src, A, reg, imm, t);
                if insn.jf != 0 {
                    asm.goto(f);
                }
            }
        }
        op::RET => match op::rval(code) {
            op::K if k == 0 => asm.goto(Label::Reject),
            op::K => {
                asm.alu32_imm(MOV, A, k as i32);
                asm.goto(Label::Accept);
            }
            op::RET_A => asm.goto(Label::Accept),
            _ => return Err(bad()),
        },
        op::MISC => match op::misc(code) {
            op::TAX => asm.alu32_reg(MOV, X, A),
            op::TXA => asm.alu32_reg(MOV, A, X),
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    }
    Ok(())
}

/// Loads `size` bytes at `k` (or at `X + k` when `indexed`) into r0, in host order, or rejects
/// the packet when they lie past the end of the frame.
fn load_packet(asm: &mut Asm, size: u8, indexed: bool, k: u32) {
    let bytes: i32 = match size {
        W => 4,
        H => 2,
        _ => 1,
    };
    let slow = asm.local();
    let done = asm.local();
    // r3 = offset (64-bit: X + k never wraps, as in libpcap's overflow-safe check).
    if indexed {
        asm.alu32_reg(MOV, R3, X);
        if let Ok(k) = i32::try_from(k) {
            asm.alu64_imm(ADD, R3, k);
        } else {
            asm.ld_imm64(R4, 0, u64::from(k));
            asm.alu64_reg(ADD, R3, R4);
        }
    } else if let Ok(k) = i32::try_from(k) {
        asm.alu64_imm(MOV, R3, k);
    } else {
        // Far beyond any frame: the load always fails.
        asm.goto(Label::Reject);
        return;
    }
    // Direct packet access when the offset is small enough for the verifier to bound.
    asm.jump(JMP, JGT | SRC_K, R3, 0, DIRECT_MAX - bytes, slow);
    asm.ldx(W, R2, CTX, 0); // xdp_md.data
    asm.ldx(W, R4, CTX, 4); // xdp_md.data_end
    asm.alu64_reg(ADD, R2, R3);
    asm.alu64_reg(MOV, R5, R2);
    asm.alu64_imm(ADD, R5, bytes);
    asm.jump(JMP, JGT | SRC_X, R5, R4, 0, slow);
    asm.ldx(size, R0, R2, 0);
    asm.goto(done);
    // Slow path: past the linear part (fragments) or far out.
    asm.bind(slow);
    asm.alu64_reg(MOV, R5, R3);
    asm.alu64_imm(ADD, R5, bytes);
    asm.jump(JMP, JGT | SRC_X, R5, PLEN, 0, Label::Reject);
    asm.alu64_reg(MOV, R1, CTX);
    asm.alu64_reg(MOV, R2, R3);
    asm.alu64_reg(MOV, R3, FP);
    asm.alu64_imm(ADD, R3, i32::from(LOAD_BUF));
    asm.alu64_imm(MOV, R4, bytes);
    asm.call(HELPER_XDP_LOAD_BYTES);
    asm.jump(JMP, JNE | SRC_K, R0, 0, 0, Label::Reject);
    asm.ldx(size, R0, FP, LOAD_BUF);
    asm.bind(done);
    if bytes > 1 {
        // Network to host order (a byte swap on little-endian hosts).
        asm.emit(Insn::new(ALU | END | TO_BE, R0, 0, 0, bytes * 8));
    }
}

/// Disassembles `prog` into one line per instruction, for error messages and tests.
pub fn disassemble(prog: &[Insn]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for (i, insn) in prog.iter().enumerate() {
        let _ = writeln!(
            s,
            "{i:4}: code={:#04x} dst=r{} src=r{} off={} imm={}",
            insn.code,
            insn.regs & 0x0f,
            insn.regs >> 4,
            insn.off,
            insn.imm
        );
    }
    s
}

#[cfg(test)]
mod tests {
    //! The translated programs run in a small eBPF interpreter (the subset the translator emits,
    //! with XDP's helpers) and must return what libpcap's own matcher returns.
    use super::*;
    use crate::bpf::op as c;
    use crate::bpf::testkit::{self, jump, libpcap, stmt};

    const MAPS: MapFds = MapFds {
        accept: 100,
        jump: 101,
    };
    const STACK: u64 = 0x1_0000_0000;
    const PKT: u64 = 0x2_0000_0000;
    const MAPV: u64 = 0x3_0000_0000;
    const CTX_PTR: u64 = 0x4_0000_0000;
    const MAP_REF: u64 = 0x5_0000_0000;

    /// What a run ends in.
    #[derive(Debug, PartialEq, Eq)]
    enum End {
        /// Tail call into the copy program with this accept value.
        Accept(u32),
        /// Returned without tail call.
        Exit(u64),
    }

    /// Runs `prog` on `frame`, of which only the first `linear` bytes are directly accessible
    /// (the rest is "in fragments", reachable through bpf_xdp_load_bytes only).
    fn run(prog: &[Insn], frame: &[u8], linear: usize) -> End {
        let mut r = [0u64; 11];
        let mut stack = [0u8; 512];
        let mut mapv = [0u8; 4];
        r[1] = CTX_PTR;
        r[10] = STACK + 512;
        let mut pc = 0usize;
        let mut steps = 0;
        let mem = |addr: u64, len: usize, stack: &mut [u8; 512], mapv: &mut [u8; 4]| -> *mut u8 {
            let (base, region): (u64, &mut [u8]) = match addr >> 32 {
                1 => (STACK, &mut stack[..]),
                3 => (MAPV, &mut mapv[..]),
                _ => panic!("bad address {addr:#x}"),
            };
            let off = (addr - base) as usize;
            assert!(off + len <= region.len(), "access out of its region");
            region[off..].as_mut_ptr()
        };
        loop {
            steps += 1;
            assert!(steps < 100_000, "runaway program");
            let i = prog[pc];
            let (dst, src) = ((i.regs & 0xf) as usize, (i.regs >> 4) as usize);
            pc += 1;
            let class = i.code & 0x07;
            match class {
                ALU | ALU64 => {
                    let op = i.code & 0xf0;
                    let wide = class == ALU64;
                    let s = if i.code & 0x08 == SRC_X && op != END {
                        r[src]
                    } else {
                        i64::from(i.imm) as u64
                    };
                    let d = r[dst];
                    let v = if op == END {
                        match i.imm {
                            16 => u64::from((d as u16).swap_bytes()),
                            32 => u64::from((d as u32).swap_bytes()),
                            _ => panic!("END {}", i.imm),
                        }
                    } else if wide {
                        match op {
                            MOV => s,
                            ADD => d.wrapping_add(s),
                            _ => panic!("alu64 op {op:#x}"),
                        }
                    } else {
                        let (d, s) = (d as u32, s as u32);
                        u64::from(match op {
                            MOV => s,
                            ADD => d.wrapping_add(s),
                            SUB => d.wrapping_sub(s),
                            MUL => d.wrapping_mul(s),
                            DIV => d.checked_div(s).unwrap_or(0),
                            MOD => d.checked_rem(s).unwrap_or(d),
                            OR => d | s,
                            AND => d & s,
                            XOR => d ^ s,
                            LSH => d.wrapping_shl(s),
                            RSH => d.wrapping_shr(s),
                            NEG => d.wrapping_neg(),
                            _ => panic!("alu op {op:#x}"),
                        })
                    };
                    r[dst] = v;
                }
                JMP | JMP32 => {
                    let op = i.code & 0xf0;
                    match op {
                        CALL => {
                            match i.imm {
                                HELPER_XDP_GET_BUFF_LEN => r[0] = frame.len() as u64,
                                HELPER_XDP_LOAD_BYTES => {
                                    let (off, len) = (r[2] as usize, r[4] as usize);
                                    if off + len > frame.len() {
                                        r[0] = (-14i64) as u64;
                                    } else {
                                        let p = mem(r[3], len, &mut stack, &mut mapv);
                                        // SAFETY: mem() checked len bytes fit at p.
                                        unsafe {
                                            std::ptr::copy_nonoverlapping(
                                                frame[off..].as_ptr(),
                                                p,
                                                len,
                                            )
                                        };
                                        r[0] = 0;
                                    }
                                }
                                HELPER_MAP_LOOKUP_ELEM => {
                                    assert_eq!(r[1], MAP_REF + MAPS.accept as u64);
                                    r[0] = MAPV;
                                }
                                HELPER_TAIL_CALL => {
                                    assert_eq!(r[2], MAP_REF + MAPS.jump as u64);
                                    assert_eq!(r[3], COPY_SLOT as u64);
                                    return End::Accept(u32::from_ne_bytes(mapv));
                                }
                                h => panic!("helper {h}"),
                            }
                            // Caller-saved registers are clobbered by calls.
                            r[1..6].fill(0xdead_beef);
                            continue;
                        }
                        EXIT => return End::Exit(r[0]),
                        _ => {}
                    }
                    let s = if i.code & 0x08 == SRC_X {
                        r[src]
                    } else {
                        i64::from(i.imm) as u64
                    };
                    let (d, s) = if class == JMP32 {
                        (u64::from(r[dst] as u32), u64::from(s as u32))
                    } else {
                        (r[dst], s)
                    };
                    let taken = match op {
                        JA => true,
                        JEQ => d == s,
                        JNE => d != s,
                        JGT => d > s,
                        JGE => d >= s,
                        JLT => d < s,
                        JLE => d <= s,
                        JSET => d & s != 0,
                        _ => panic!("jmp op {op:#x}"),
                    };
                    if taken {
                        pc = (pc as i64 + i64::from(i.off)) as usize;
                    }
                }
                LDX => {
                    let addr = r[src].wrapping_add(i.off as i64 as u64);
                    let len = match i.code & 0x18 {
                        B => 1,
                        H => 2,
                        W => 4,
                        _ => 8,
                    };
                    r[dst] = if addr == CTX_PTR {
                        PKT
                    } else if addr == CTX_PTR + 4 {
                        PKT + linear as u64
                    } else if addr >> 32 == 2 {
                        let off = (addr - PKT) as usize;
                        assert!(off + len <= linear, "direct access past the checked range");
                        let mut b = [0u8; 8];
                        b[..len].copy_from_slice(&frame[off..off + len]);
                        u64::from_le_bytes(b)
                    } else {
                        let p = mem(addr, len, &mut stack, &mut mapv);
                        let mut b = [0u8; 8];
                        // SAFETY: mem() checked len bytes fit at p.
                        unsafe { std::ptr::copy_nonoverlapping(p, b.as_mut_ptr(), len) };
                        u64::from_le_bytes(b)
                    };
                }
                ST | STX => {
                    let addr = r[dst].wrapping_add(i.off as i64 as u64);
                    let len = match i.code & 0x18 {
                        W => 4,
                        DW => 8,
                        _ => panic!("store size"),
                    };
                    let v = if class == ST {
                        i64::from(i.imm) as u64
                    } else {
                        r[src]
                    };
                    let p = mem(addr, len, &mut stack, &mut mapv);
                    // SAFETY: mem() checked len bytes fit at p.
                    unsafe { std::ptr::copy_nonoverlapping(v.to_le_bytes().as_ptr(), p, len) };
                }
                LD => {
                    assert_eq!(i.code, LD | DW | IMM);
                    let hi = prog[pc].imm as u32;
                    pc += 1;
                    let v = u64::from(i.imm as u32) | (u64::from(hi) << 32);
                    r[dst] = if src == usize::from(PSEUDO_MAP_FD) {
                        MAP_REF + v
                    } else {
                        v
                    };
                }
                _ => panic!("class {class}"),
            }
        }
    }

    /// The accept value the translated program hands to the copy program (0 = rejected).
    fn xdp(prog: &[bpf::Insn], frame: &[u8], linear: usize) -> u32 {
        match run(&translate(prog, MAPS).unwrap(), frame, linear) {
            End::Accept(v) => v,
            End::Exit(action) => {
                assert_eq!(action, XDP_PASS as u64);
                0
            }
        }
    }

    #[test]
    fn libpcap_programs_decide_as_libpcap_with_and_without_fragments() {
        for expr in testkit::EXPRESSIONS {
            let f = crate::filter::Filter::dead(1, expr, 500).unwrap();
            let prog = f.instructions();
            for (n, frame) in testkit::frames().iter().enumerate() {
                let want = libpcap(prog, frame);
                for linear in [frame.len(), frame.len().min(20), 0] {
                    assert_eq!(
                        xdp(prog, frame, linear),
                        want,
                        "{expr:?} on frame {n} with {linear} linear bytes"
                    );
                }
            }
        }
    }

    #[test]
    fn mutated_frames_decide_as_libpcap() {
        // Flipped bytes and cut frames reach the odd paths: short headers, odd IHL values,
        // extension header chains that run off the end, loads that straddle the linear part.
        let progs: Vec<_> = testkit::EXPRESSIONS
            .iter()
            .map(|e| crate::filter::Filter::dead(1, e, 262_144).unwrap())
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let base = testkit::frames();
        let mut accepted = 0;
        for round in 0..3000 {
            let f = testkit::mutate(&base[round % base.len()], &mut state);
            let linear = testkit::rng(&mut state) as usize % (f.len() + 1);
            for (e, p) in testkit::EXPRESSIONS.iter().zip(&progs) {
                let want = libpcap(p.instructions(), &f);
                accepted += usize::from(want != 0);
                assert_eq!(
                    xdp(p.instructions(), &f, linear),
                    want,
                    "{e:?} on {f:02x?} with {linear} linear bytes"
                );
            }
        }
        assert!(
            accepted > 1000,
            "both decisions exercised ({accepted} accepted)"
        );
    }

    #[test]
    fn arithmetic_edge_cases_match_libpcap() {
        let frame = testkit::frames().remove(0);
        for (n, prog) in testkit::edge_programs().iter().enumerate() {
            let want = libpcap(prog, &frame);
            for linear in [frame.len(), 0] {
                assert_eq!(xdp(prog, &frame, linear), want, "program {n}: {prog:?}");
            }
        }
    }

    #[test]
    fn random_programs_decide_as_libpcap() {
        let frames = testkit::frames();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let prog = testkit::random_program(&mut state);
            for frame in &frames {
                let linear = testkit::rng(&mut state) as usize % (frame.len() + 1);
                assert_eq!(xdp(&prog, frame, linear), libpcap(&prog, frame), "{prog:?}");
            }
        }
    }

    #[test]
    fn backward_jumps_are_bounded() {
        let frame = &testkit::frames()[0];
        // ja back to itself forever: cBPF would spin; the translation gives up and rejects.
        let prog = [
            stmt(c::LD | c::IMM, 1),
            stmt(c::JMP | c::JA, u32::MAX),
            stmt(c::RET, 7),
        ];
        assert_eq!(xdp(&prog, frame, 74), 0);
        // A loop that runs three times and leaves.
        let prog = [
            stmt(c::LD | c::IMM, 0),
            stmt(c::ALU | c::ADD, 1),
            jump(c::JMP | c::JEQ, 3, 1, 0),
            stmt(c::JMP | c::JA, (-3i32) as u32),
            stmt(c::RET | c::RET_A, 0),
        ];
        assert_eq!(xdp(&prog, frame, 74), 3);
        assert_eq!(libpcap(&prog, frame), 3);
    }

    #[test]
    fn malformed_programs_are_refused() {
        let err = |p: &[bpf::Insn]| translate(p, MAPS).unwrap_err();
        assert_eq!(err(&[]), TranslateError::Empty);
        assert_eq!(
            err(&[stmt(c::LD | c::IMM, 1)]),
            TranslateError::NoFinalReturn
        );
        assert_eq!(
            err(&[jump(c::JMP | c::JEQ, 1, 5, 0), stmt(c::RET, 0)]),
            TranslateError::JumpOutOfRange { pc: 0 }
        );
        assert_eq!(
            err(&[stmt(c::LD | c::MEM, 16), stmt(c::RET, 0)]),
            TranslateError::MemIndex { pc: 0, k: 16 }
        );
        assert_eq!(
            err(&[
                stmt(c::LD | c::H | c::ABS, c::SKF_AD_OFF + 44),
                stmt(c::RET, 0)
            ]),
            TranslateError::Ancillary { pc: 0 }
        );
        assert_eq!(
            err(&[stmt(0x07 | 0x40, 0), stmt(c::RET, 0)]),
            TranslateError::Opcode { pc: 0, code: 0x47 }
        );
        let msg = err(&[stmt(c::LD | c::IMM, 1)]).to_string();
        assert_eq!(msg, "the filter program does not end with a return");
    }
}
