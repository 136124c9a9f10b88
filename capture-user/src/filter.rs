//! Filter expressions, compiled by libpcap (the grammar users know), never by a home-made parser.
//!
//! Live capture compiles on a handle activated for the interface, as tcpdump does, so `vlan`
//! uses the kernel's VLAN metadata; offline reading compiles on a savefile handle of the file's
//! link type and byte order, as libpcap opens the file for tcpdump. The program's accept value
//! is set to the snaplen, so the kernel copies only that much.
use pcap::{Capture, Linktype};

use crate::{
    bpf::{
        self, Aux, Insn,
        op::{self, ABS, B, H, IND, K, LD, LDX, MSH, RET, SKF_AD_OFF, W},
    },
    cooked::Cooked,
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

/// How libpcap compiles an expression: tcpdump's `-O` turns the optimizer off; the netmask is
/// the interface's with `-f` (it decides `ip broadcast`), else 0 as tcpdump passes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compile {
    /// Run libpcap's optimizer (tcpdump's default).
    pub optimize: bool,
    /// The netmask, in network byte order.
    pub netmask: u32,
}

impl Default for Compile {
    fn default() -> Self {
        Self {
            optimize: true,
            netmask: 0,
        }
    }
}

/// A compiled classic BPF program in the kernel's `sock_filter` layout.
#[derive(Clone, Debug)]
pub struct Filter {
    insns: Vec<Insn>,
}

/// libpcap's `struct bpf_program`.
#[repr(C)]
struct BpfProgram {
    bf_len: libc::c_uint,
    bf_insns: *mut Insn,
}

unsafe extern "C" {
    fn pcap_compile(
        p: *mut libc::c_void,
        fp: *mut BpfProgram,
        expr: *const libc::c_char,
        optimize: libc::c_int,
        netmask: u32,
    ) -> libc::c_int;
    fn pcap_freecode(fp: *mut BpfProgram);
    fn pcap_fopen_offline(fp: *mut libc::FILE, errbuf: *mut libc::c_char) -> *mut libc::c_void;
    fn pcap_close(p: *mut libc::c_void);
    fn pcap_geterr(p: *mut libc::c_void) -> *const libc::c_char;
    fn pcap_lookupnet(
        device: *const libc::c_char,
        netp: *mut u32,
        maskp: *mut u32,
        errbuf: *mut libc::c_char,
    ) -> libc::c_int;
}

impl Filter {
    /// Compiles `expr` as `how` says for live capture on `iface` recording link type `dlt`
    /// (libpcap's number), with `snaplen` as the accept value.
    pub fn live_with(
        iface: &str,
        dlt: i32,
        expr: &str,
        snaplen: u32,
        how: Compile,
    ) -> Result<Self, FilterError> {
        let opened = Capture::from_device(iface)
            .and_then(|c| c.snaplen(snaplen as i32).promisc(false).open());
        // The device's name goes with a failure to open it, as libpcap's activation says it.
        let mut handle =
            opened.map_err(|e| FilterError(format!("{iface}: {}", FilterError::from(e).0)))?;
        // `-y`, and `any`, which tcpdump 4.99 records as Linux cooked v2, not libpcap's v1.
        if handle.get_datalink().0 != dlt {
            handle.set_datalink(Linktype(dlt))?;
        }
        Self::compile(handle.as_ptr().cast(), expr, snaplen, how)
    }

    /// Compiles `expr` for link type `linktype` without a device (reading files, XDP).
    pub fn dead(linktype: i32, expr: &str, snaplen: u32) -> Result<Self, FilterError> {
        Self::dead_with(linktype, expr, snaplen, Compile::default())
    }

    /// [`Filter::dead`], compiled as `how` says.
    pub fn dead_with(
        linktype: i32,
        expr: &str,
        snaplen: u32,
        how: Compile,
    ) -> Result<Self, FilterError> {
        let handle = Capture::dead(Linktype(linktype))?;
        Self::compile(handle.as_ptr().cast(), expr, snaplen, how)
    }

    /// Whether what libpcap compiles for a file of link type `dlt` depends on the file's byte
    /// order (DLT_NULL and DLT_ENC: their AF_ value is in the writer's byte order).
    pub fn reads_byte_order(dlt: i32) -> bool {
        matches!(dlt, 0 | 109)
    }

    /// Compiles `expr` as tcpdump compiles it for a file it reads: on a handle libpcap opened
    /// as a savefile of link type `dlt`, written in the other byte order when `swapped`.
    /// libpcap's code generator asks whether it reads a savefile: for DLT_NULL it compares
    /// the AF_ value in the file's byte order, `ip6` there is any of the three BSD AF_INET6
    /// values (not this host's), and `inbound`, `outbound` and `ifindex` are refused. The
    /// handle reads a file header made in memory; the file itself is not read again.
    pub fn savefile_with(
        dlt: i32,
        swapped: bool,
        expr: &str,
        snaplen: u32,
        how: Compile,
    ) -> Result<Self, FilterError> {
        let Some(linktype) = crate::offline::dlt_to_linktype(dlt) else {
            return Self::dead_with(dlt, expr, snaplen, how);
        };
        let order32 = |v: u32| if swapped { v.swap_bytes() } else { v }.to_ne_bytes();
        let order16 = |v: u16| if swapped { v.swap_bytes() } else { v }.to_ne_bytes();
        let mut header = Vec::with_capacity(24);
        header.extend_from_slice(&order32(0xa1b2_c3d4));
        header.extend_from_slice(&order16(2));
        header.extend_from_slice(&order16(4));
        header.extend_from_slice(&[0; 8]);
        header.extend_from_slice(&order32(snaplen));
        header.extend_from_slice(&order32(linktype));
        let mut errbuf = [0 as libc::c_char; 256];
        // SAFETY: `header` outlives the stream, which pcap_close below closes; "r" is a
        // NUL-terminated mode.
        let stream =
            unsafe { libc::fmemopen(header.as_mut_ptr().cast(), header.len(), c"r".as_ptr()) };
        if stream.is_null() {
            return Self::dead_with(dlt, expr, snaplen, how);
        }
        // SAFETY: `stream` is an open FILE that libpcap takes over (closing it with the
        // handle, or on failure); `errbuf` is PCAP_ERRBUF_SIZE bytes.
        let p = unsafe { pcap_fopen_offline(stream, errbuf.as_mut_ptr()) };
        if p.is_null() {
            // SAFETY: on failure libpcap left a NUL-terminated message in `errbuf`.
            let msg = unsafe { std::ffi::CStr::from_ptr(errbuf.as_ptr()) };
            return Err(FilterError(msg.to_string_lossy().into_owned()));
        }
        let compiled = Self::compile(p, expr, snaplen, how);
        // SAFETY: `p` is the handle opened above, closed once, after its last use.
        unsafe { pcap_close(p) };
        compiled
    }

    /// Compiles on libpcap handle `p` (which the caller keeps open for the call).
    fn compile(
        p: *mut libc::c_void,
        expr: &str,
        snaplen: u32,
        how: Compile,
    ) -> Result<Self, FilterError> {
        let c_expr = std::ffi::CString::new(expr)
            .map_err(|_| FilterError("can't parse filter expression: syntax error".into()))?;
        let mut prog = BpfProgram {
            bf_len: 0,
            bf_insns: std::ptr::null_mut(),
        };
        // SAFETY: `p` is a live pcap handle, `prog` a bpf_program for libpcap to fill, and
        // `c_expr` a NUL-terminated string; all outlive the call.
        let rc = unsafe {
            pcap_compile(
                p,
                &raw mut prog,
                c_expr.as_ptr(),
                libc::c_int::from(how.optimize),
                how.netmask,
            )
        };
        if rc != 0 {
            // SAFETY: after a failure libpcap's error buffer holds a NUL-terminated message.
            let msg = unsafe { std::ffi::CStr::from_ptr(pcap_geterr(p)) };
            return Err(FilterError(msg.to_string_lossy().into_owned()));
        }
        let mut insns = if prog.bf_insns.is_null() {
            Vec::new()
        } else {
            // SAFETY: libpcap filled `prog` with `bf_len` instructions in sock_filter layout
            // (which Insn is); they are copied out before pcap_freecode.
            unsafe { std::slice::from_raw_parts(prog.bf_insns, prog.bf_len as usize) }.to_vec()
        };
        // SAFETY: `prog` was filled by pcap_compile and is freed once.
        unsafe { pcap_freecode(&raw mut prog) };
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
    /// network header: libpcap compiled it for the `cooked` header, so packet offsets move
    /// down by its length and loads of header fields become the kernel's ancillary loads, as
    /// libpcap itself does. Loads of the link-layer address have no kernel equivalent: then
    /// None, and the program runs in user space over the cooked header, as libpcap runs it.
    pub fn for_cooked_socket(&self, cooked: Cooked) -> Option<Self> {
        let hdr = cooked.header_len();
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
            if insn.k >= hdr {
                insn.k -= hdr;
                continue;
            }
            // Header fields. v2: protocol (h at 0), ifindex (w at 4), hatype (h at 8), pkttype
            // (b at 10); v1: pkttype (h at 0), protocol (h at 14).
            insn.k = match (cooked, mode, size, insn.k) {
                (Cooked::V2, ABS, H, 0) | (Cooked::V1, ABS, H, 14) => SKF_AD_OFF,
                (Cooked::V2, ABS, W, 4) => SKF_AD_OFF + 8,
                (Cooked::V2, ABS, H, 8) => SKF_AD_OFF + 28,
                (Cooked::V2, ABS, B, 10) | (Cooked::V1, ABS, H, 0) => SKF_AD_OFF + 4,
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
    use std::io::Read;
    let Some(path) = &args.filter_file else {
        return Ok(args.expression_words());
    };
    // tcpdump's words for each step (`read_infile`).
    let fail =
        |what: &str, e: std::io::Error| FilterError(format!("{what}: {}", crate::strerror(&e)));
    let mut file = std::fs::File::open(path).map_err(|e| fail(&format!("can't open {path}"), e))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| fail(&format!("read {path}"), e))?;
    // libpcap is handed a C string: it ends at the first NUL. Bytes that are not UTF-8 cannot
    // be part of a valid expression; replaced, they fail to parse as they would in libpcap.
    let text = String::from_utf8_lossy(bytes.split(|&b| b == 0).next().unwrap_or_default());
    let words: Vec<&str> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .collect();
    Ok(words.join(" "))
}

/// `pcap_lookupnet`: the IPv4 network and netmask of `device` (network byte order), or
/// libpcap's message (`eth1: no IPv4 address assigned`).
pub fn lookupnet(device: &str) -> Result<(u32, u32), String> {
    let c_dev = std::ffi::CString::new(device).map_err(|e| e.to_string())?;
    let (mut net, mut mask) = (0u32, 0u32);
    let mut errbuf = [0 as libc::c_char; 256];
    // SAFETY: c_dev is NUL-terminated, errbuf has libpcap's PCAP_ERRBUF_SIZE (256) bytes, and
    // net and mask are locals libpcap writes one u32 each to.
    let rc = unsafe { pcap_lookupnet(c_dev.as_ptr(), &mut net, &mut mask, errbuf.as_mut_ptr()) };
    if rc == 0 {
        Ok((net, mask))
    } else {
        // SAFETY: on failure libpcap wrote a NUL-terminated message into errbuf.
        let msg = unsafe { std::ffi::CStr::from_ptr(errbuf.as_ptr()) };
        Err(msg.to_string_lossy().into_owned())
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
        let cooked = f.for_cooked_socket(Cooked::V2).unwrap();
        let ks: Vec<u32> = cooked.instructions().iter().map(|i| i.k).collect();
        // ldh [0] (protocol) becomes the ancillary protocol load; ldb [29], ldh [26] and
        // ldxb 4*([20]&0xf) read the IP header at 9, 6 and 0.
        assert_eq!(ks[..7], [0xffff_f000, 0x800, 9, 6, 6, 0x1fff, 0]);
        assert!(
            Filter::dead(276, "link[12] = 2", 262_144)
                .unwrap()
                .for_cooked_socket(Cooked::V2)
                .is_none()
        );
        // v1: the protocol at 14, the IP header at 16; `inbound` reads the packet type at 0.
        let f = Filter::dead(113, "ip and tcp port 80 and inbound", 262_144).unwrap();
        let cooked = f.for_cooked_socket(Cooked::V1).unwrap();
        let ks: Vec<u32> = cooked.instructions().iter().map(|i| i.k).collect();
        assert_eq!(ks[..7], [0xffff_f000, 0x800, 9, 6, 6, 0x1fff, 0]);
        assert!(ks.contains(&0xffff_f004), "{ks:x?}");
        assert!(
            Filter::dead(113, "link[6] = 2", 262_144)
                .unwrap()
                .for_cooked_socket(Cooked::V1)
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
