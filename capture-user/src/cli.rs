//! The command line: tcpdump's flags with tcpdump's meaning, plus long-only extensions.
//!
//! Every flag is defined and documented here, once. Filter words may come before, between or
//! after options, as with tcpdump's (GNU) getopt.

use clap::{ArgAction, Parser, ValueEnum};

/// A tcpdump-compatible packet-capture engine for busy Linux servers.
#[derive(Parser, Debug, Clone, Default)]
#[command(
    name = "capture",
    disable_version_flag = true,
    about = "Capture packets on every core with in-kernel filtering, write rotated pcap files, \
             account for every drop, and print captures as tcpdump does.",
    after_help = "The filter EXPRESSION uses libpcap's syntax (man pcap-filter)."
)]
pub struct Args {
    /// Print the list of interfaces capture can listen on, and exit.
    #[arg(short = 'D', long = "list-interfaces")]
    pub list_interfaces: bool,

    /// Print the data link types of the interface, and exit.
    #[arg(short = 'L', long = "list-data-link-types")]
    pub list_data_link_types: bool,

    /// Data link type to capture with (only EN10MB, Ethernet, is supported).
    #[arg(short = 'y', long = "linktype", value_name = "TYPE")]
    pub linktype: Option<String>,

    /// Listen on INTERFACE (a name or a number from -D). Default: the first up, non-loopback one.
    #[arg(short = 'i', long = "interface", value_name = "INTERFACE")]
    pub interface: Option<String>,

    /// Exit after receiving (or reading) COUNT packets.
    #[arg(short = 'c', value_name = "COUNT", value_parser = parse_count)]
    pub count: Option<u64>,

    /// Snapshot length: bytes kept of each packet (0 means 262144, the default).
    #[arg(short = 's', long = "snapshot-length", value_name = "SNAPLEN", value_parser = parse_snaplen)]
    pub snaplen: Option<u32>,

    /// Do not put the interface into promiscuous mode.
    #[arg(short = 'p', long = "no-promiscuous-mode")]
    pub no_promisc: bool,

    /// Direction of packets to capture.
    #[arg(short = 'Q', long = "direction", value_name = "in|out|inout")]
    pub direction: Option<Direction>,

    /// Capture buffer size in KiB (the total ring memory, split across workers).
    #[arg(short = 'B', long = "buffer-size", value_name = "KIB", value_parser = parse_buffer_kib)]
    pub buffer_kib: Option<u64>,

    /// Write raw packets to FILE ('-' is standard output) instead of printing them.
    #[arg(short = 'w', value_name = "FILE")]
    pub write: Option<String>,

    /// With -w: start a new file when the current one is larger than SIZE million bytes
    /// (names gain a count: FILE, FILE1, FILE2, ...).
    #[arg(short = 'C', value_name = "SIZE", allow_hyphen_values = true)]
    pub file_size: Option<String>,

    /// With -C: cycle through COUNT files (names zero-padded: FILE0, FILE1, ...);
    /// with -G alone: exit after COUNT files.
    #[arg(short = 'W', value_name = "COUNT", allow_hyphen_values = true)]
    pub file_count: Option<String>,

    /// With -w: start a new file every SECONDS; FILE may hold strftime(3) conversions.
    #[arg(short = 'G', value_name = "SECONDS", allow_hyphen_values = true)]
    pub rotate_seconds: Option<String>,

    /// Run COMMAND FILE on each file closed by rotation (and, unlike tcpdump, on the last one).
    #[arg(short = 'z', value_name = "COMMAND")]
    pub postrotate: Option<String>,

    /// Write output files through the page cache instead of O_DIRECT.
    #[arg(long = "no-direct")]
    pub no_direct: bool,

    /// With -G: rotate on wall-clock multiples of SECONDS (since the epoch), even with no traffic.
    #[arg(long = "rotate-align")]
    pub rotate_align: bool,

    /// Delete the oldest files this run closed to keep their total at or under SIZE
    /// (bytes, or with a suffix k/M/G/T = 1000^n, KiB/MiB/GiB/TiB = 1024^n).
    #[arg(long = "max-total-size", value_name = "SIZE")]
    pub max_total_size: Option<String>,

    /// Write each file as NAME.part and rename it to NAME when it is closed, so a directory
    /// watcher never sees a partial file.
    #[arg(long = "publish-atomic")]
    pub publish_atomic: bool,

    /// Print the name of each closed output file on stdout, one per line.
    #[arg(long = "print-closed")]
    pub print_closed: bool,

    /// On a full disk, stop writing and end the capture with a failure status, instead of
    /// dropping (and counting) packets until space frees up.
    #[arg(long = "exit-on-disk-full")]
    pub exit_on_disk_full: bool,

    /// Compress each output file as it is written (NAME.zst; -C counts uncompressed bytes).
    #[arg(long = "compress", value_name = "ALGORITHM")]
    pub compress: Option<Compression>,

    /// Write pcapng instead of pcap: each file (rotated ones too) starts with its own section
    /// and interface description, and ends with an interface statistics block holding the drop
    /// counters as of its close (received by filter, dropped by kernel, dropped by capture).
    #[arg(long = "pcapng")]
    pub pcapng: bool,

    /// Read packets from FILE (pcap or pcapng; '-' is standard input).
    #[arg(short = 'r', value_name = "FILE")]
    pub read: Option<String>,

    /// Read the filter expression from FILE; words on the command line are then ignored.
    #[arg(short = 'F', value_name = "FILE")]
    pub filter_file: Option<String>,

    /// Drop privileges to USER after opening the capture sockets (files are created as USER).
    #[arg(short = 'Z', long = "relinquish-privileges", value_name = "USER")]
    pub user: Option<String>,

    /// Make stdout line buffered.
    #[arg(short = 'l')]
    pub line_buffered: bool,

    /// Write each packet to the output file as soon as it is captured (packet-buffered).
    #[arg(short = 'U', long = "packet-buffered")]
    pub packet_buffered: bool,

    /// Do not convert addresses to names (-nn: nor ports and protocols).
    #[arg(short = 'n', action = ArgAction::Count)]
    pub numeric: u8,

    /// Print absolute, not relative, TCP sequence numbers.
    #[arg(short = 'S', long = "absolute-tcp-sequence-numbers")]
    pub absolute_seq: bool,

    /// Verbose output (-v, -vv, -vvv). With -w, report the number of packets written.
    #[arg(short = 'v', action = ArgAction::Count)]
    pub verbose: u8,

    /// Print the link-level header on each line.
    #[arg(short = 'e', action = ArgAction::Count)]
    pub link_header: u8,

    /// Quick (quiet) output: less protocol information.
    #[arg(short = 'q')]
    pub quiet: bool,

    /// Print each packet in hex (-xx: including the link header).
    #[arg(short = 'x', action = ArgAction::Count)]
    pub hex: u8,

    /// Print each packet in hex and ASCII (-XX: including the link header).
    #[arg(short = 'X', action = ArgAction::Count)]
    pub hex_ascii: u8,

    /// Print each packet in ASCII (-AA: including the link header).
    #[arg(short = 'A', action = ArgAction::Count)]
    pub ascii: u8,

    /// Timestamp format: -t none, -tt seconds, -ttt delta, -tttt date, -ttttt since first.
    #[arg(short = 't', action = ArgAction::Count)]
    pub timestamp: u8,

    /// Print packets of TYPE (vat, wb, rpc, rtp, rtcp, snmp, cnfp, tftp, aodv, carp, radius,
    /// zmtp1, vxlan, pgm, pgm_zmtp1, lmp, resp, ptp, someip, domain) whatever their ports.
    #[arg(short = 'T', value_name = "TYPE", value_parser = parse_packet_type)]
    pub packet_type: Option<capture_print::PacketType>,

    /// Print BGP AS numbers in ASDOT notation.
    #[arg(short = 'b')]
    pub bgp_asdot: bool,

    /// Look for 802.11s draft mesh headers.
    #[arg(short = 'H')]
    pub mesh_header: bool,

    /// Do not verify IP, TCP or UDP checksums.
    #[arg(short = 'K', long = "dont-verify-checksums")]
    pub no_checksum: bool,

    /// Print a packet number at the start of each line.
    #[arg(short = '#', long = "number")]
    pub number: bool,

    /// Dump the compiled filter program (-dd as C, -ddd as decimal) and exit.
    #[arg(short = 'd', action = ArgAction::Count)]
    pub dump_filter: u8,

    /// Timestamp precision of the capture and of the files written.
    #[arg(long = "time-stamp-precision", value_name = "micro|nano")]
    pub precision: Option<Precision>,

    /// Same as `--time-stamp-precision nano` (tcpdump's `--nano`).
    #[arg(long = "nano")]
    pub nano: bool,

    /// Same as `--time-stamp-precision micro` (tcpdump's `--micro`).
    #[arg(long = "micro")]
    pub micro: bool,

    /// Print the version of capture and libpcap, and exit.
    #[arg(long = "version")]
    pub version: bool,

    /// Number of capture workers (AF_PACKET rings in one fanout group). Default: online CPUs.
    #[arg(long = "workers", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub workers: Option<u16>,

    /// Run the writer (the merge and output thread, and its O_DIRECT I/O thread) on CPU N.
    /// N must be a CPU this process may run on (see taskset). Default: an allowed CPU that runs
    /// no capture worker, if there is one; otherwise the writer is not pinned.
    #[arg(long = "writer-cpu", value_name = "N")]
    pub writer_cpu: Option<usize>,

    /// How the kernel spreads packets across workers.
    #[arg(long = "fanout", value_name = "MODE", default_value = "hash")]
    pub fanout: FanoutMode,

    /// Capture backend: `afpacket` (TPACKET_V3 rings, both directions) or `xdp` (received
    /// frames only: the filter, with `tcpdump -r` semantics for VLAN tags, and the snaplen copy
    /// run in the XDP program before the kernel stack sees the frame).
    #[arg(
        long = "backend",
        value_name = "afpacket|xdp",
        default_value = "afpacket"
    )]
    pub backend: Backend,

    /// With `--backend xdp`: drop captured frames after copying them, for dedicated mirror/SPAN
    /// ports (frames the filter rejects still go to the kernel stack).
    #[arg(long = "xdp-consume")]
    pub xdp_consume: bool,

    /// Do not attach the ingress counter (XDP, or TC ingress on veth; on some NIC drivers
    /// attaching XDP briefly reconfigures the rings); drops before the socket are then not
    /// counted.
    #[arg(long = "no-xdp")]
    pub no_xdp: bool,

    /// Print engine notices on stderr (backend, ingress counter, rings, writer CPU, output path),
    /// which tcpdump has no words for; they are in --stats-json either way.
    #[arg(long = "notices")]
    pub notices: bool,

    /// Write every drop-accounting bucket as JSON to FILE on exit.
    #[arg(long = "stats-json", value_name = "FILE")]
    pub stats_json: Option<String>,

    /// Filter expression (pcap-filter syntax).
    #[arg(value_name = "EXPRESSION", allow_hyphen_values = false)]
    pub expression: Vec<String>,
}

/// `-Q`: which direction of traffic to capture.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Received packets only.
    In,
    /// Sent packets only.
    Out,
    /// Both (the default).
    Inout,
}

/// `--time-stamp-precision`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// Microseconds (classic pcap magic 0xa1b2c3d4).
    #[default]
    Micro,
    /// Nanoseconds (pcap magic 0xa1b23c4d).
    Nano,
}

/// `--compress`: how output files are compressed.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// A zstd stream per file (level 1), readable with `zstd -dc FILE.zst`.
    Zstd,
}

/// `--fanout`: the PACKET_FANOUT mode of the worker sockets.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FanoutMode {
    /// Flow hash: both directions of a flow go to one worker. Never with the kernel's
    /// defragmentation flag, which holds IP fragments back from every socket of the group; the
    /// fragments of a datagram hash by addresses and protocol, so they meet on one worker.
    #[default]
    Hash,
    /// The CPU that received the packet.
    Cpu,
    /// Round robin.
    Lb,
    /// The NIC receive queue.
    Qm,
}

/// `--backend`: where packets are taken from.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// AF_PACKET TPACKET_V3 rings in a fanout group, filtered by the kernel's socket filter.
    #[default]
    Afpacket,
    /// An XDP program filters and copies into a BPF ring buffer (ingress only).
    Xdp,
}

/// tcpdump's default and maximum snapshot length.
pub const MAX_SNAPLEN: u32 = 262_144;

impl Args {
    /// The snapshot length in force: `-s 0` and no `-s` both mean [`MAX_SNAPLEN`].
    pub fn snaplen(&self) -> u32 {
        match self.snaplen {
            None | Some(0) => MAX_SNAPLEN,
            Some(n) => n,
        }
    }

    /// Whether timestamps are nanoseconds (`--nano` or `--time-stamp-precision nano`; `--micro`
    /// asks for the default).
    pub fn nano(&self) -> bool {
        (self.nano || self.precision == Some(Precision::Nano)) && !self.micro
    }

    /// The filter expression from the trailing words (an empty string matches everything).
    pub fn expression_words(&self) -> String {
        self.expression.join(" ")
    }

    /// The printer's options from tcpdump's print flags.
    pub fn print_options(&self) -> capture_print::Options {
        capture_print::Options {
            numeric: self.numeric,
            verbose: self.verbose,
            link_header: self.link_header > 0,
            quiet: self.quiet,
            hex: self.hex,
            hex_ascii: self.hex_ascii,
            ascii: self.ascii,
            timestamp: self.timestamp,
            number: self.number,
            absolute_seq: self.absolute_seq,
            nano: self.nano(),
            packet_type: self.packet_type,
            bgp_asdot: self.bgp_asdot,
            mesh_header: self.mesh_header,
            no_checksum: self.no_checksum,
        }
    }
}

fn parse_packet_type(s: &str) -> Result<capture_print::PacketType, String> {
    s.parse()
}

fn parse_count(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("invalid packet count {s}")),
    }
}

fn parse_snaplen(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        // As tcpdump: anything above the maximum is clamped to it.
        Ok(n) => Ok(n.min(MAX_SNAPLEN)),
        Err(_) => Err(format!("invalid snaplen {s}")),
    }
}

fn parse_buffer_kib(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("invalid packet buffer size {s}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Args {
        Args::try_parse_from(std::iter::once("capture").chain(words.iter().copied())).unwrap()
    }

    #[test]
    fn options_interleave_with_filter_words() {
        let a = parse(&[
            "-i",
            "eth0",
            "-nn",
            "-c9",
            "port",
            "80",
            "-w",
            "capture.pcap",
        ]);
        assert_eq!(a.interface.as_deref(), Some("eth0"));
        assert_eq!(a.numeric, 2);
        assert_eq!(a.count, Some(9));
        assert_eq!(a.write.as_deref(), Some("capture.pcap"));
        assert_eq!(a.expression_words(), "port 80");
    }

    #[test]
    fn counted_flags_and_attached_values() {
        let a = parse(&["-p", "-s0", "-vvv", "-XX", "-tttt", "-#", "-nne"]);
        assert!(a.no_promisc);
        assert_eq!(a.snaplen(), MAX_SNAPLEN);
        assert_eq!(
            (
                a.verbose,
                a.hex_ascii,
                a.timestamp,
                a.numeric,
                a.link_header
            ),
            (3, 2, 4, 2, 1)
        );
        assert!(a.number);
    }

    #[test]
    fn snaplen_is_clamped_and_zero_means_max() {
        assert_eq!(parse(&["-s", "96"]).snaplen(), 96);
        assert_eq!(parse(&["-s", "999999"]).snaplen(), MAX_SNAPLEN);
        assert_eq!(parse(&[]).snaplen(), MAX_SNAPLEN);
    }

    #[test]
    fn backend_flags() {
        assert_eq!(parse(&[]).backend, Backend::Afpacket);
        let a = parse(&["--backend", "xdp", "--xdp-consume", "udp"]);
        assert_eq!((a.backend, a.xdp_consume), (Backend::Xdp, true));
        assert_eq!(a.expression_words(), "udp");
        let words = ["capture", "--backend", "dpdk"];
        assert!(Args::try_parse_from(words).is_err());
    }

    #[test]
    fn writer_cpu_is_a_number() {
        assert_eq!(parse(&[]).writer_cpu, None);
        assert_eq!(parse(&["--writer-cpu", "3"]).writer_cpu, Some(3));
        for bad in ["-1", "x", ""] {
            let words = ["capture", "--writer-cpu", bad];
            assert!(Args::try_parse_from(words).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn precision_flags() {
        assert!(!parse(&[]).nano());
        assert!(parse(&["--nano"]).nano());
        assert!(parse(&["--time-stamp-precision", "nano"]).nano());
        assert!(!parse(&["--time-stamp-precision", "nano", "--micro"]).nano());
    }

    #[test]
    fn bad_values_are_refused() {
        for bad in [
            &["-c", "0"][..],
            &["-s", "x"],
            &["-Q", "sideways"],
            &["-B", "-1"],
        ] {
            let words = std::iter::once("capture").chain(bad.iter().copied());
            assert!(Args::try_parse_from(words).is_err(), "{bad:?}");
        }
    }
}
