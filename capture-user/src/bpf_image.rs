//! `-d`, `-dd`, `-ddd`: the compiled filter printed as tcpdump prints it (libpcap's
//! `bpf_image` text, C initialisers, or decimal).
use std::fmt::Write as _;

// Classic BPF instruction classes and fields (linux/filter.h, pcap/bpf.h).
const LD: u16 = 0x00;
const LDX: u16 = 0x01;
const ST: u16 = 0x02;
const STX: u16 = 0x03;
const ALU: u16 = 0x04;
const JMP: u16 = 0x05;
const RET: u16 = 0x06;
const MISC: u16 = 0x07;
const SIZE_H: u16 = 0x08;
const SIZE_B: u16 = 0x10;
const MODE_IMM: u16 = 0x00;
const MODE_ABS: u16 = 0x20;
const MODE_IND: u16 = 0x40;
const MODE_MEM: u16 = 0x60;
const MODE_LEN: u16 = 0x80;
const MODE_MSH: u16 = 0xa0;
const SRC_X: u16 = 0x08;
const RVAL_X: u16 = 0x08;
const RVAL_A: u16 = 0x10;
/// Base of the Linux ancillary-data offsets (SKF_AD_OFF, -4096 as u32).
const SKF_AD_OFF: u32 = 0xffff_f000;

/// One instruction as libpcap's `bpf_image` prints it: `(NNN) op       operand [jt N\tjf N]`.
pub fn image(insn: &libc::sock_filter, n: usize) -> String {
    let k = insn.k;
    let class = insn.code & 0x07;
    let size = insn.code & 0x18;
    let mode = insn.code & 0xe0;
    let size_name = |base: &str| match size {
        SIZE_H => format!("{base}h"),
        SIZE_B => format!("{base}b"),
        _ => base.to_owned(),
    };
    let (op, operand, jump): (String, String, bool) = match class {
        RET => {
            let operand = match insn.code & 0x18 {
                RVAL_X => "x".to_owned(),
                RVAL_A => "a".to_owned(),
                _ => format!("#{k}"),
            };
            ("ret".into(), operand, false)
        }
        LD => match mode {
            MODE_ABS if k >= SKF_AD_OFF => (size_name("ld"), format!("[{}]", ancillary(k)), false),
            MODE_ABS => (size_name("ld"), format!("[{k}]"), false),
            MODE_IND => (size_name("ld"), format!("[x + {k}]"), false),
            MODE_LEN => ("ld".into(), "#pktlen".into(), false),
            MODE_MEM => ("ld".into(), format!("M[{k}]"), false),
            MODE_IMM => ("ld".into(), format!("#0x{k:x}"), false),
            _ => ("unimp".into(), format!("0x{:x}", insn.code), false),
        },
        LDX => match mode {
            MODE_IMM => ("ldx".into(), format!("#0x{k:x}"), false),
            MODE_MEM => ("ldx".into(), format!("M[{k}]"), false),
            MODE_LEN => ("ldx".into(), "#pktlen".into(), false),
            MODE_MSH if size == SIZE_B => ("ldxb".into(), format!("4*([{k}]&0xf)"), false),
            _ => ("unimp".into(), format!("0x{:x}", insn.code), false),
        },
        ST => ("st".into(), format!("M[{k}]"), false),
        STX => ("stx".into(), format!("M[{k}]"), false),
        JMP => {
            let name = match insn.code & 0xf0 {
                // 32-bit arithmetic, as libpcap: protochain jumps backwards by wrapping.
                0x00 => return format!("({n:03}) {:<8} {}", "ja", (n as u32 + 1).wrapping_add(k)),
                0x10 => "jeq",
                0x20 => "jgt",
                0x30 => "jge",
                0x40 => "jset",
                _ => "unimp",
            };
            let operand = if insn.code & SRC_X != 0 {
                "x".to_owned()
            } else {
                format!("#0x{k:x}")
            };
            (name.into(), operand, true)
        }
        ALU => {
            let (name, hex) = match insn.code & 0xf0 {
                0x00 => ("add", false),
                0x10 => ("sub", false),
                0x20 => ("mul", false),
                0x30 => ("div", false),
                0x40 => ("or", true),
                0x50 => ("and", true),
                0x60 => ("lsh", false),
                0x70 => ("rsh", false),
                0x80 => return format!("({n:03}) {:<8} ", "neg"),
                0x90 => ("mod", false),
                0xa0 => ("xor", true),
                _ => ("unimp", false),
            };
            let operand = match (insn.code & SRC_X != 0, hex) {
                (true, _) => "x".to_owned(),
                (false, true) => format!("#0x{k:x}"),
                (false, false) => format!("#{k}"),
            };
            (name.into(), operand, false)
        }
        MISC => {
            let name = if insn.code & 0xf8 == 0x80 {
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
pub fn dump(insns: &[libc::sock_filter], level: u8) -> String {
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
