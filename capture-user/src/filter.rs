//! Filter expressions, compiled by libpcap (the grammar users know), never by a home-made parser.
//!
//! Live capture compiles on a handle activated for the interface, as tcpdump does, so `vlan`
//! uses the kernel's VLAN metadata; offline reading compiles on a dead handle of the file's link
//! type. The program's accept value is set to the snaplen, so the kernel copies only that much.
use pcap::{Capture, Linktype};

use crate::bpf::{
    self, Aux, Insn,
    op::{self, ABS, B, H, IND, K, LD, LDX, MSH, RET, SKF_AD_OFF, W},
};
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
    insns: Vec<Insn>,
}

impl Filter {
    /// Compiles `expr` for live capture on `iface`, with `snaplen` as the accept value.
    pub fn live(iface: &str, expr: &str, snaplen: u32) -> Result<Self, FilterError> {
        let mut handle = Capture::from_device(iface)?
            .snaplen(snaplen as i32)
            .promisc(false)
            .open()?;
        if iface == "any" {
            // As tcpdump 4.99: `any` records Linux cooked v2, not libpcap's default v1.
            handle.set_datalink(Linktype(crate::cooked::LINKTYPE_LINUX_SLL2 as i32))?;
        }
        Self::from_program(&handle.compile(expr, true)?, snaplen)
    }

    /// Compiles `expr` for link type `linktype` without a device (reading files, XDP).
    pub fn dead(linktype: i32, expr: &str, snaplen: u32) -> Result<Self, FilterError> {
        let handle = Capture::dead(Linktype(linktype))?;
        Self::from_program(&handle.compile(expr, true)?, snaplen)
    }

    fn from_program(prog: &pcap::BpfProgram, snaplen: u32) -> Result<Self, FilterError> {
        let mut insns: Vec<Insn> = prog
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
                Insn {
                    code: code as u16,
                    jt: jt as u8,
                    jf: jf as u8,
                    k,
                }
            })
            .collect();
        // libpcap returns a non-zero accept value for "keep"; make it the snaplen so the kernel
        // copies only that many bytes. A zero return means "drop" and stays zero.
        for insn in &mut insns {
            if insn.code == RET | K && insn.k != 0 {
                insn.k = snaplen;
            }
        }
        Ok(Self { insns })
    }

    /// The program rewritten for a SOCK_DGRAM socket (`-i any`), whose packets start at the
    /// network header: libpcap compiled it for the 20-byte Linux cooked v2 header, so packet
    /// offsets move down by 20 and loads of header fields become the kernel's ancillary loads,
    /// as libpcap itself does. Loads of the link-layer address have no kernel equivalent: then
    /// None, and the program runs in user space over the cooked header, as libpcap runs it.
    pub fn for_cooked_socket(&self) -> Option<Self> {
        const HDR: u32 = crate::cooked::SLL2_HDR_LEN;
        let mut insns = self.insns.clone();
        for insn in &mut insns {
            let mode = op::mode(insn.code);
            let size = op::size(insn.code);
            let packet_load = match op::class(insn.code) {
                LD => matches!(mode, ABS | IND),
                LDX => mode == MSH,
                _ => false,
            };
            if !packet_load || insn.k >= SKF_AD_OFF {
                continue;
            }
            if insn.k >= HDR {
                insn.k -= HDR;
                continue;
            }
            // Header fields: protocol (h at 0), ifindex (w at 4), hatype (h at 8), pkttype (b at 10).
            insn.k = match (mode, size, insn.k) {
                (ABS, H, 0) => SKF_AD_OFF,
                (ABS, W, 4) => SKF_AD_OFF + 8,
                (ABS, H, 8) => SKF_AD_OFF + 28,
                (ABS, B, 10) => SKF_AD_OFF + 4,
                _ => return None,
            };
        }
        Some(Self { insns })
    }

    /// The instructions, for SO_ATTACH_FILTER.
    pub fn instructions(&self) -> &[Insn] {
        &self.insns
    }

    /// Runs the program over a packet read from a file, as libpcap's offline matcher does: true
    /// when the packet is kept. `wirelen` is what `len` loads.
    pub fn matches(&self, data: &[u8], wirelen: u32) -> bool {
        bpf::run(&self.insns, data, wirelen, None) != 0
    }

    /// Runs the program over a live packet in user space, as libpcap does when the kernel
    /// refuses the program: `aux` holds the VLAN tag the kernel moved out of the frame.
    pub fn matches_live(&self, data: &[u8], wirelen: u32, aux: Aux) -> bool {
        bpf::run(&self.insns, data, wirelen, Some(aux)) != 0
    }
}

/// The filter expression: the contents of `-F FILE` (which wins over the command line, as in
/// tcpdump, with `#` starting a comment to the end of the line), else the trailing words.
pub fn expression(args: &crate::cli::Args) -> Result<String, FilterError> {
    match &args.filter_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                let msg = e.to_string();
                let msg = msg.split(" (os error").next().unwrap_or(&msg);
                FilterError(format!("{path}: {msg}"))
            })?;
            let words: Vec<&str> = text
                .lines()
                .map(|l| l.split('#').next().unwrap_or(""))
                .flat_map(str::split_whitespace)
                .collect();
            Ok(words.join(" "))
        }
        None => Ok(args.expression_words()),
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
        let rets: Vec<u32> = f
            .instructions()
            .iter()
            .filter(|i| i.code == RET | K)
            .map(|i| i.k)
            .collect();
        assert_eq!(rets, [96, 0]);
        assert_eq!(
            f.instructions().len(),
            20,
            "same program as tcpdump -dd 'tcp port 80'"
        );
    }

    #[test]
    fn cooked_offsets_move_to_the_network_header() {
        let f = Filter::dead(276, "ip and tcp port 80", 262_144).unwrap();
        let cooked = f.for_cooked_socket().unwrap();
        let ks: Vec<u32> = cooked.instructions().iter().map(|i| i.k).collect();
        // ldh [0] (protocol) becomes the ancillary protocol load; ldb [29], ldh [26] and
        // ldxb 4*([20]&0xf) read the IP header at 9, 6 and 0.
        assert_eq!(ks[..7], [0xffff_f000, 0x800, 9, 6, 6, 0x1fff, 0]);
        assert!(
            Filter::dead(276, "link[12] = 2", 262_144)
                .unwrap()
                .for_cooked_socket()
                .is_none()
        );
    }

    #[test]
    fn libpcap_message_for_a_bad_expression() {
        let err = Filter::dead(1, "tcp port", 262144).unwrap_err();
        assert_eq!(
            err.to_string(),
            "can't parse filter expression: syntax error"
        );
    }
}
