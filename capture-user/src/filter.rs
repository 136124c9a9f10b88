//! Filter expressions, compiled by libpcap (the grammar users know), never by a home-made parser.
//!
//! Live capture compiles on a handle activated for the interface, as tcpdump does, so `vlan`
//! uses the kernel's VLAN metadata; offline reading compiles on a dead handle of the file's link
//! type. The program's accept value is set to the snaplen, so the kernel copies only that much.
use pcap::{Capture, Linktype};
use thiserror::Error;

/// A filter expression libpcap refused, with libpcap's own message.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct FilterError(String);

impl From<pcap::Error> for FilterError {
    fn from(e: pcap::Error) -> Self {
        // Keep libpcap's own words, as tcpdump prints them.
        match e {
            pcap::Error::PcapError(msg) => FilterError(msg),
            other => FilterError(other.to_string()),
        }
    }
}

/// A compiled classic BPF program in the kernel's `sock_filter` layout.
#[derive(Clone, Debug)]
pub struct Filter {
    insns: Vec<libc::sock_filter>,
}

const BPF_RET: u16 = 0x06;
const BPF_K: u16 = 0x00;

impl Filter {
    /// Compiles `expr` for live capture on `iface`, with `snaplen` as the accept value.
    pub fn live(iface: &str, expr: &str, snaplen: u32) -> Result<Self, FilterError> {
        let handle = Capture::from_device(iface)?
            .snaplen(snaplen as i32)
            .promisc(false)
            .open()?;
        Self::from_program(&handle.compile(expr, true)?, snaplen)
    }

    /// Compiles `expr` for link type `linktype` without a device (reading files, XDP).
    pub fn dead(linktype: i32, expr: &str, snaplen: u32) -> Result<Self, FilterError> {
        let handle = Capture::dead(Linktype(linktype))?;
        Self::from_program(&handle.compile(expr, true)?, snaplen)
    }

    fn from_program(prog: &pcap::BpfProgram, snaplen: u32) -> Result<Self, FilterError> {
        let mut insns: Vec<libc::sock_filter> = prog
            .get_instructions()
            .iter()
            .map(|insn| {
                // `code jt jf k` is the only public view of a libpcap instruction.
                let text = insn.to_string();
                let mut f = text.split(' ').map(|w| w.parse::<u32>().unwrap_or(0));
                let (code, jt, jf, k) = (
                    f.next().unwrap_or(0),
                    f.next().unwrap_or(0),
                    f.next().unwrap_or(0),
                    f.next().unwrap_or(0),
                );
                libc::sock_filter { code: code as u16, jt: jt as u8, jf: jf as u8, k }
            })
            .collect();
        // libpcap returns a non-zero accept value for "keep"; make it the snaplen so the kernel
        // copies only that many bytes. A zero return means "drop" and stays zero.
        for insn in &mut insns {
            if insn.code == BPF_RET | BPF_K && insn.k != 0 {
                insn.k = snaplen;
            }
        }
        Ok(Self { insns })
    }

    /// The instructions, for SO_ATTACH_FILTER.
    pub fn instructions(&self) -> &[libc::sock_filter] {
        &self.insns
    }
}

/// libpcap's version line (`libpcap version 1.10.3 (with TPACKET_V3)`).
pub fn libpcap_version() -> String {
    unsafe extern "C" {
        fn pcap_lib_version() -> *const libc::c_char;
    }
    // SAFETY: pcap_lib_version returns a pointer to a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(pcap_lib_version()) };
    version.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_value_is_the_snaplen() {
        let f = Filter::dead(1, "tcp port 80", 96).unwrap();
        let rets: Vec<u32> =
            f.instructions().iter().filter(|i| i.code == BPF_RET | BPF_K).map(|i| i.k).collect();
        assert_eq!(rets, [96, 0]);
        assert_eq!(f.instructions().len(), 20, "same program as tcpdump -dd 'tcp port 80'");
    }

    #[test]
    fn libpcap_message_for_a_bad_expression() {
        let err = Filter::dead(1, "tcp port", 262144).unwrap_err();
        assert_eq!(err.to_string(), "can't parse filter expression: syntax error");
    }
}

impl Filter {
    /// Runs the program over a packet as libpcap's `bpf_filter` does offline: true when the
    /// packet is kept. `wirelen` is what `BPF_LEN` loads; loads past `data` reject the packet.
    pub fn matches(&self, data: &[u8], wirelen: u32) -> bool {
        run_bpf(&self.insns, data, wirelen) != 0
    }
}

/// A classic BPF interpreter (the kernel's and libpcap's semantics, no extensions).
fn run_bpf(prog: &[libc::sock_filter], p: &[u8], wirelen: u32) -> u32 {
    let (mut a, mut x) = (0u32, 0u32);
    let mut mem = [0u32; 16];
    let mut pc = 0usize;
    let load = |k: u32, size: usize| -> Option<u32> {
        let k = k as usize;
        let b = p.get(k..k.checked_add(size)?)?;
        Some(match size {
            4 => u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
            2 => u16::from_be_bytes([b[0], b[1]]) as u32,
            _ => b[0] as u32,
        })
    };
    while let Some(i) = prog.get(pc) {
        pc += 1;
        let k = i.k;
        let class = i.code & 0x07;
        match class {
            // BPF_LD / BPF_LDX
            0x00 | 0x01 => {
                let size = match i.code & 0x18 {
                    0x00 => 4,
                    0x08 => 2,
                    _ => 1,
                };
                let v = match i.code & 0xe0 {
                    0x00 => k, // IMM
                    0x20 => match load(k, size) {
                        // ABS
                        Some(v) => v,
                        None => return 0,
                    },
                    0x40 => match load(x.wrapping_add(k), size) {
                        // IND
                        Some(v) => v,
                        None => return 0,
                    },
                    0x60 => mem[(k & 15) as usize], // MEM
                    0x80 => wirelen,                // LEN
                    0xa0 => match load(k, 1) {
                        // MSH
                        Some(v) => (v & 0xf) << 2,
                        None => return 0,
                    },
                    _ => return 0,
                };
                if class == 0x00 { a = v } else { x = v }
            }
            0x02 => mem[(k & 15) as usize] = a,
            0x03 => mem[(k & 15) as usize] = x,
            // BPF_ALU
            0x04 => {
                let src = if i.code & 0x08 != 0 { x } else { k };
                a = match i.code & 0xf0 {
                    0x00 => a.wrapping_add(src),
                    0x10 => a.wrapping_sub(src),
                    0x20 => a.wrapping_mul(src),
                    0x30 => {
                        if src == 0 {
                            return 0;
                        }
                        a / src
                    }
                    0x40 => a | src,
                    0x50 => a & src,
                    0x60 => a.checked_shl(src).unwrap_or(0),
                    0x70 => a.checked_shr(src).unwrap_or(0),
                    0x80 => a.wrapping_neg(),
                    0x90 => {
                        if src == 0 {
                            return 0;
                        }
                        a % src
                    }
                    0xa0 => a ^ src,
                    _ => return 0,
                };
            }
            // BPF_JMP
            0x05 => {
                let src = if i.code & 0x08 != 0 { x } else { k };
                let cond = match i.code & 0xf0 {
                    0x00 => {
                        pc += k as usize;
                        continue;
                    }
                    0x10 => a == src,
                    0x20 => a > src,
                    0x30 => a >= src,
                    0x40 => a & src != 0,
                    _ => return 0,
                };
                pc += if cond { i.jt as usize } else { i.jf as usize };
            }
            // BPF_RET
            0x06 => {
                return match i.code & 0x18 {
                    0x00 => k,
                    0x10 => a,
                    _ => 0,
                };
            }
            // BPF_MISC
            _ => {
                if i.code & 0xf8 == 0x00 {
                    x = a; // TAX
                } else {
                    a = x; // TXA
                }
            }
        }
    }
    0
}

#[cfg(test)]
mod match_tests {
    use super::*;

    #[test]
    fn offline_match() {
        let f = Filter::dead(1, "tcp port 80", 262144).unwrap();
        let mut pkt = vec![0u8; 12];
        pkt.extend_from_slice(&[
            0x08, 0x00, 0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ]);
        pkt.extend_from_slice(&[0x30, 0x39, 0, 80]);
        pkt.resize(54, 0);
        assert!(f.matches(&pkt, 54));
        pkt[37] = 81;
        assert!(!f.matches(&pkt, 54));
        assert!(!f.matches(&pkt[..20], 54));
    }
}
