//! `-d`, `-dd`, `-ddd`: the compiled filter printed as tcpdump prints it (libpcap's
//! `bpf_image` text, C initialisers, or decimal).
use std::fmt::Write as _;

use super::{
    Insn,
    op::{self, *},
};

/// One instruction as libpcap's `bpf_image` prints it: `(NNN) op       operand [jt N\tjf N]`.
pub fn image(insn: &Insn, n: usize) -> String {
    let k = insn.k;
    let class = op::class(insn.code);
    let size = op::size(insn.code);
    let mode = op::mode(insn.code);
    let size_name = |base: &str| match size {
        H => format!("{base}h"),
        B => format!("{base}b"),
        _ => base.to_owned(),
    };
    let (op, operand, jump): (String, String, bool) = match class {
        RET => {
            let operand = match op::rval(insn.code) {
                RET_X => "x".to_owned(),
                RET_A => "a".to_owned(),
                _ => format!("#{k}"),
            };
            ("ret".into(), operand, false)
        }
        LD => match mode {
            ABS if k >= SKF_AD_OFF => (size_name("ld"), format!("[{}]", ancillary(k)), false),
            ABS => (size_name("ld"), format!("[{k}]"), false),
            IND => (size_name("ld"), format!("[x + {k}]"), false),
            LEN => ("ld".into(), "#pktlen".into(), false),
            MEM => ("ld".into(), format!("M[{k}]"), false),
            IMM => ("ld".into(), format!("#0x{k:x}"), false),
            _ => ("unimp".into(), format!("0x{:x}", insn.code), false),
        },
        LDX => match mode {
            IMM => ("ldx".into(), format!("#0x{k:x}"), false),
            MEM => ("ldx".into(), format!("M[{k}]"), false),
            LEN => ("ldx".into(), "#pktlen".into(), false),
            MSH if size == B => ("ldxb".into(), format!("4*([{k}]&0xf)"), false),
            _ => ("unimp".into(), format!("0x{:x}", insn.code), false),
        },
        ST => ("st".into(), format!("M[{k}]"), false),
        STX => ("stx".into(), format!("M[{k}]"), false),
        JMP => {
            let name = match op::op(insn.code) {
                // 32-bit arithmetic, as libpcap: protochain jumps backwards by wrapping.
                JA => return format!("({n:03}) {:<8} {}", "ja", (n as u32 + 1).wrapping_add(k)),
                JEQ => "jeq",
                JGT => "jgt",
                JGE => "jge",
                JSET => "jset",
                _ => "unimp",
            };
            let operand = if op::src(insn.code) == X {
                "x".to_owned()
            } else {
                format!("#0x{k:x}")
            };
            (name.into(), operand, true)
        }
        ALU => {
            let (name, hex) = match op::op(insn.code) {
                ADD => ("add", false),
                SUB => ("sub", false),
                MUL => ("mul", false),
                DIV => ("div", false),
                OR => ("or", true),
                AND => ("and", true),
                LSH => ("lsh", false),
                RSH => ("rsh", false),
                NEG => return format!("({n:03}) {:<8} ", "neg"),
                MOD => ("mod", false),
                XOR => ("xor", true),
                _ => ("unimp", false),
            };
            let operand = match (op::src(insn.code) == X, hex) {
                (true, _) => "x".to_owned(),
                (false, true) => format!("#0x{k:x}"),
                (false, false) => format!("#{k}"),
            };
            (name.into(), operand, false)
        }
        MISC => {
            let name = if op::misc(insn.code) == TXA {
                "txa"
            } else {
                "tax"
            };
            (name.into(), String::new(), false)
        }
        _ => ("unimp".into(), format!("0x{:x}", insn.code), false),
    };
    if jump {
        let (jt, jf) = (n + 1 + usize::from(insn.jt), n + 1 + usize::from(insn.jf));
        format!("({n:03}) {op:<8} {operand:<16} jt {jt}\tjf {jf}")
    } else {
        format!("({n:03}) {op:<8} {operand}")
    }
}

fn ancillary(k: u32) -> String {
    let name = match k - SKF_AD_OFF {
        0 => "proto",
        4 => "type",
        8 => "ifidx",
        12 => "nla",
        16 => "nlan",
        20 => "mark",
        24 => "queue",
        28 => "hatype",
        32 => "rxhash",
        36 => "cpu",
        44 => "vlan_tci",
        48 => "vlanp",
        52 => "pay_offset",
        56 => "random",
        60 => "vlan_tpid",
        _ => return format!("{}", k as i32),
    };
    name.to_owned()
}

/// The whole program in `-d` (level 1), `-dd` (2) or `-ddd` (3) form, one line per instruction.
pub fn dump(insns: &[Insn], level: u8) -> String {
    let mut s = String::new();
    match level {
        1 => {
            for (n, insn) in insns.iter().enumerate() {
                let _ = writeln!(s, "{}", image(insn, n));
            }
        }
        2 => {
            for i in insns {
                let _ = writeln!(
                    s,
                    "{{ 0x{:x}, {}, {}, 0x{:08x} }},",
                    i.code, i.jt, i.jf, i.k
                );
            }
        }
        _ => {
            let _ = writeln!(s, "{}", insns.len());
            for i in insns {
                let _ = writeln!(s, "{} {} {} {}", i.code, i.jt, i.jf, i.k);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;

    #[test]
    fn matches_tcpdump_d_output() {
        let f = Filter::dead(1, "tcp port 80 and host 10.0.0.1", 262_144).unwrap();
        let expected = "\
(000) ldh      [12]
(001) jeq      #0x86dd          jt 17\tjf 2
(002) jeq      #0x800           jt 3\tjf 17
(003) ldb      [23]
(004) jeq      #0x6             jt 5\tjf 17
(005) ldh      [20]
(006) jset     #0x1fff          jt 17\tjf 7
(007) ldxb     4*([14]&0xf)
(008) ldh      [x + 14]
(009) jeq      #0x50            jt 12\tjf 10
(010) ldh      [x + 16]
(011) jeq      #0x50            jt 12\tjf 17
(012) ld       [26]
(013) jeq      #0xa000001       jt 16\tjf 14
(014) ld       [30]
(015) jeq      #0xa000001       jt 16\tjf 17
(016) ret      #262144
(017) ret      #0
";
        assert_eq!(dump(f.instructions(), 1), expected);
    }

    #[test]
    fn c_and_decimal_forms() {
        let f = Filter::dead(1, "len > 100", 262_144).unwrap();
        assert_eq!(
            dump(f.instructions(), 3),
            "4\n128 0 0 0\n37 0 1 100\n6 0 0 262144\n6 0 0 0\n"
        );
        let f = Filter::dead(1, "ip[2:2] > 500", 262_144).unwrap();
        assert_eq!(
            dump(f.instructions(), 2),
            "{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 3, 0x00000800 },\n{ 0x28, 0, 0, 0x00000010 },\n\
             { 0x25, 0, 1, 0x000001f4 },\n{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },\n"
        );
    }
}
