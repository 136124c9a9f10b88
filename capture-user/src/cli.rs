//! The command line: tcpdump's flags with tcpdump's meaning, plus long-only extensions.
//!
//! Every flag is defined and documented here, once, as a clap argument. The words are taken
//! apart by [`getopt`] as tcpdump's glibc `getopt_long` takes them apart (clusters, attached
//! values, abbreviated long names, operands anywhere) and checked in order, each with
//! tcpdump's message; clap then only fills [`Args`] from the checked words. [`usage`] has
//! tcpdump's usage text and capture's version.

pub mod getopt;
pub mod usage;

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use capture_print::cnum::{self, atoi};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, ValueEnum};

use crate::tstamp::TstampType;

/// A tcpdump-compatible packet-capture engine for busy Linux servers.
#[derive(Parser, Debug, Clone, Default)]
#[command(
    name = "capture",
    disable_version_flag = true,
    disable_help_flag = true,
    args_override_self = true,
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

    /// Data link type to capture with: one `-L` lists for the interface.
    #[arg(short = 'y', long = "linktype", value_name = "TYPE", value_parser = parse_linktype)]
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

    /// Put the interface in monitor mode (802.11 devices only).
    #[arg(short = 'I', long = "monitor-mode")]
    pub monitor_mode: bool,

    /// Time stamp type: host, host_lowprec, host_hiprec, adapter, adapter_unsynced,
    /// host_hiprec_unsynced (what the interface offers: -J).
    #[arg(short = 'j', long = "time-stamp-type", value_name = "TYPE", value_parser = parse_tstamp_type)]
    pub tstamp_type: Option<TstampType>,

    /// Print the time stamp types the interface offers, and exit.
    #[arg(short = 'J', long = "list-time-stamp-types")]
    pub list_tstamp_types: bool,

    /// Hand each packet over as soon as it arrives instead of a block of them at a time (one
    /// worker unless --workers says otherwise).
    #[arg(long = "immediate-mode")]
    pub immediate: bool,

    /// Do not put the interface into promiscuous mode.
    #[arg(short = 'p', long = "no-promiscuous-mode")]
    pub no_promisc: bool,

    /// Direction of packets to capture.
    #[arg(short = 'Q', long = "direction", value_name = "in|out|inout", value_parser = parse_direction)]
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

    /// With -w: beside each file written, write an index of its packets (NAME.idx) for
    /// `capture query`, built from the packets as they are written.
    #[arg(long = "index")]
    pub index: bool,

    /// With -w: upload each closed file (with its .idx) to S3-compatible storage, under
    /// PREFIX/HOST/IFACE/YYYY/MM/DD/, with a JSON manifest; from a spool beside the files that
    /// a restart resumes. Credentials and region come from the standard AWS_* variables.
    /// Retention never deletes a file not uploaded yet.
    #[arg(long = "upload", value_name = "s3://BUCKET/PREFIX")]
    pub upload: Option<String>,

    /// With --upload: the S3 endpoint (e.g. http://127.0.0.1:3900 for a local Garage or MinIO);
    /// without it, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT, else AWS itself.
    #[arg(long = "s3-endpoint", value_name = "URL")]
    pub s3_endpoint: Option<String>,

    /// Write pcapng instead of pcap: each file (rotated ones too) starts with its own section
    /// and interface description, and ends with an interface statistics block holding the drop
    /// counters as of its close (received by filter, dropped by kernel, dropped by capture).
    #[arg(long = "pcapng")]
    pub pcapng: bool,

    /// Read packets from FILE (pcap or pcapng; '-' is standard input).
    #[arg(short = 'r', value_name = "FILE")]
    pub read: Option<String>,

    /// Read packets from each file named in FILE (one per line; '-' is standard input), in turn.
    #[arg(short = 'V', value_name = "FILE")]
    pub file_list: Option<String>,

    /// With -r or -V: print only the number of packets read (after the filter and -c).
    #[arg(long = "count")]
    pub count_only: bool,

    /// With -w: print the packets as well as writing them.
    #[arg(long = "print")]
    pub print: bool,

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

    /// Name only the IPv4 addresses of the capture interface's network; print "foreign" ones
    /// as numbers (live capture only).
    #[arg(short = 'f')]
    pub foreign: bool,

    /// Print host names without their domain (`nic` for `nic.ddn.mil`).
    #[arg(short = 'N')]
    pub no_domain: bool,

    /// Print NFS file handles undecoded, as hex words.
    #[arg(short = 'u')]
    pub nfs_handles: bool,

    /// `-E`: the ESP and IKEv2 secrets (not a clap argument: the option walk sets it).
    #[arg(skip)]
    pub esp_secret: Option<Vec<u8>>,

    /// `-M`: the TCP-MD5 signature secret (not a clap argument: the option walk sets it).
    #[arg(skip)]
    pub sig_secret: Option<Vec<u8>>,

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

    /// Do not run libpcap's optimizer on the filter program.
    #[arg(short = 'O', long = "no-optimize")]
    pub no_optimize: bool,

    /// Timestamp precision of the capture and of the files written (`--nano` and `--micro`
    /// set it too; the last one given wins).
    #[arg(long = "time-stamp-precision", value_name = "micro|nano", value_parser = parse_precision)]
    pub precision: Option<Precision>,

    /// Number of capture workers (AF_PACKET rings in one fanout group). Default: online CPUs.
    #[arg(long = "workers", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub workers: Option<u16>,

    /// Run the writer (the merge and output thread, and its O_DIRECT I/O thread) on CPU N.
    /// N must be a CPU this process may run on (see taskset). Default: an allowed CPU that runs
    /// no capture worker, if there is one; otherwise the writer is not pinned.
    #[arg(long = "writer-cpu", value_name = "N")]
    pub writer_cpu: Option<usize>,

    /// How the kernel spreads packets across workers [default: hash].
    #[arg(long = "fanout", value_name = "MODE")]
    pub fanout: Option<FanoutMode>,

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
    /// attaching XDP briefly reconfigures the rings) nor read the device's counters in its
    /// place; drops before the socket are then not counted.
    #[arg(long = "no-xdp")]
    pub no_xdp: bool,

    /// Print engine notices on stderr (backend, ingress counter, rings, writer CPU, output path),
    /// which tcpdump has no words for; they are in --stats-json either way.
    #[arg(long = "notices")]
    pub notices: bool,

    /// Write every drop-accounting bucket as JSON to FILE on exit.
    #[arg(long = "stats-json", value_name = "FILE")]
    pub stats_json: Option<String>,

    /// While capturing, serve Prometheus metrics over HTTP at ADDR:PORT/metrics: every
    /// drop-accounting bucket, each worker's packets, bytes, ring fill and queue depth, the
    /// writer's lag, and the output files (closed, deleted, bytes kept on disk). `:PORT` listens
    /// on every address.
    #[arg(long = "metrics-listen", value_name = "ADDR:PORT")]
    pub metrics_listen: Option<String>,

    /// Filter expression (pcap-filter syntax).
    #[arg(value_name = "EXPRESSION", allow_hyphen_values = false)]
    pub expression: Vec<String>,
}

/// `-Q`: which direction of traffic to capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Received packets only.
    In,
    /// Sent packets only.
    Out,
    /// Both (the default).
    Inout,
}

/// `--time-stamp-precision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// The option of the first pair whose flag says it was given.
pub fn first_given(options: &[(bool, &'static str)]) -> Option<&'static str> {
    options
        .iter()
        .find_map(|&(given, option)| given.then_some(option))
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
    /// `--fanout`: hash unless given.
    pub fn fanout_mode(&self) -> FanoutMode {
        self.fanout.unwrap_or(FanoutMode::Hash)
    }

    /// The first of capture's own options for output files that the command line gives (those
    /// of [`Args::file_option`] last): each needs `-w`.
    pub fn output_option(&self) -> Option<&'static str> {
        first_given(&[
            (self.rotate_align, "--rotate-align"),
            (self.exit_on_disk_full, "--exit-on-disk-full"),
            (self.compress.is_some(), "--compress"),
            (self.pcapng, "--pcapng"),
        ])
        .or(self.file_option())
    }

    /// The first of capture's own options given that only a named file can serve, not `-w -`.
    pub fn file_option(&self) -> Option<&'static str> {
        first_given(&[
            (self.no_direct, "--no-direct"),
            (self.max_total_size.is_some(), "--max-total-size"),
            (self.publish_atomic, "--publish-atomic"),
            (self.print_closed, "--print-closed"),
            (self.index, "--index"),
        ])
    }

    /// The first of capture's own options for a live capture that the command line gives, to
    /// refuse it where nothing is captured (`-r`, `-V`, `capture query`) rather than ignore it.
    pub fn live_only_option(&self) -> Option<&'static str> {
        first_given(&[
            (self.workers.is_some(), "--workers"),
            (self.writer_cpu.is_some(), "--writer-cpu"),
            (self.fanout.is_some(), "--fanout"),
            (self.backend != Backend::Afpacket, "--backend"),
            (self.xdp_consume, "--xdp-consume"),
            (self.no_xdp, "--no-xdp"),
            (self.stats_json.is_some(), "--stats-json"),
            (self.metrics_listen.is_some(), "--metrics-listen"),
        ])
    }

    /// The snapshot length in force: `-s 0` and no `-s` both mean [`MAX_SNAPLEN`].
    pub fn snaplen(&self) -> u32 {
        match self.snaplen {
            None | Some(0) => MAX_SNAPLEN,
            Some(n) => n,
        }
    }

    /// Whether timestamps are nanoseconds (`--nano` or `--time-stamp-precision nano`).
    pub fn nano(&self) -> bool {
        self.precision == Some(Precision::Nano)
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
            no_domain: self.no_domain,
            nfs_handles: self.nfs_handles,
            local_net: None,
            esp_secret: self.esp_secret.clone(),
            sig_secret: self.sig_secret.clone(),
        }
    }
}

fn parse_packet_type(s: &str) -> Result<capture_print::PacketType, String> {
    s.parse()
}

fn parse_tstamp_type(s: &str) -> Result<TstampType, String> {
    TstampType::from_name(s).ok_or_else(|| format!("invalid time stamp type {s}"))
}

fn parse_count(s: &str) -> Result<u64, String> {
    match atoi(s) {
        n if n > 0 => Ok(n as u64),
        _ => Err(format!("invalid packet count {s}")),
    }
}

fn parse_snaplen(s: &str) -> Result<u32, String> {
    // tcpdump: `(int) strtol(s, &end, 0)`, the whole word used, within 0..=262144.
    match cnum::parse(s.as_bytes(), 0).map(|p| (p.signed() as i32, p.end)) {
        Some((n, end)) if end == s.len() && (0..=MAX_SNAPLEN as i32).contains(&n) => Ok(n as u32),
        _ => Err(format!(
            "invalid snaplen {s} (must be >= 0 and <= {MAX_SNAPLEN})"
        )),
    }
}

fn parse_buffer_kib(s: &str) -> Result<u64, String> {
    // tcpdump keeps `atoi(s) * 1024` in an int: a product that wraps is refused too.
    match atoi(s).wrapping_mul(1024) {
        n if n > 0 => Ok(n as u64 / 1024),
        _ => Err(format!("invalid packet buffer size {s}")),
    }
}

fn parse_direction(s: &str) -> Result<Direction, String> {
    match s.to_ascii_lowercase().as_str() {
        "in" => Ok(Direction::In),
        "out" => Ok(Direction::Out),
        "inout" => Ok(Direction::Inout),
        _ => Err(format!("unknown capture direction `{s}'")),
    }
}

fn parse_precision(s: &str) -> Result<Precision, String> {
    // tcpdump compares the start of the word only.
    if s.starts_with("nano") {
        Ok(Precision::Nano)
    } else if s.starts_with("micro") {
        Ok(Precision::Micro)
    } else {
        Err("unsupported time stamp precision".to_owned())
    }
}

fn parse_linktype(s: &str) -> Result<String, String> {
    match pcap::Linktype::from_name(s) {
        Ok(_) => Ok(s.to_owned()),
        Err(_) => Err(format!("invalid data link type {s}")),
    }
}

/// tcpdump's checks of `-C`, `-W` and `-G` as it reads them (the writer parses them again).
fn check_rotation(short: u8, s: &str) -> Result<(), String> {
    use crate::writer;
    let checked = match short {
        b'C' => writer::parse_file_size(s).map(drop),
        b'W' => writer::parse_file_count(s).map(drop),
        b'G' => writer::parse_rotate_seconds(s).map(drop),
        _ => Ok(()),
    };
    checked.map_err(|e| e.to_string())
}

/// tcpdump's long options, in tcpdump's order (glibc lists ambiguous abbreviations in it).
const TCPDUMP_LONG: &[&str] = &[
    "buffer-size",
    "list-interfaces",
    "help",
    "interface",
    "monitor-mode",
    "time-stamp-type",
    "list-time-stamp-types",
    "micro",
    "nano",
    "time-stamp-precision",
    "dont-verify-checksums",
    "list-data-link-types",
    "no-optimize",
    "no-promiscuous-mode",
    "direction",
    "snapshot-length",
    "absolute-tcp-sequence-numbers",
    "packet-buffered",
    "linktype",
    "immediate-mode",
    "relinquish-privileges",
    "count",
    "fp-type",
    "number",
    "print",
    "version",
];

/// Options the walk acts on itself, which fill no field of [`Args`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    /// `-h`, `--help`: usage on stdout, exit 0.
    Help,
    /// `--version`: versions on stdout, exit 0.
    Version,
    /// `--fp-type`: tcpdump's floating-point check on stdout, exit 0.
    FpType,
    /// `--nano`, `--micro`: set the time stamp precision.
    Precision(&'static str),
    /// `-a`: accepted for compatibility, as tcpdump accepts it; it does nothing there either.
    Compat,
    /// `-m MODULE`: tcpdump without libsmi prints that it ignores it; capture has no libsmi.
    Mib,
    /// `-E SECRETS`: the ESP and IKEv2 decryption secrets (tcpdump's `-E`; the printer reads
    /// them at the first ESP or ISAKMP packet).
    EspSecret,
    /// `-M SECRET`: the TCP-MD5 signature secret.
    SigSecret,
}

/// What an option of the walk stands for.
#[derive(Debug, Clone)]
enum Target {
    /// A clap argument, by id.
    Arg(String),
    /// An option of the walk's own.
    Extra(Extra),
}

/// The walk's options: clap's arguments and the extras, with what each stands for.
struct Table {
    spec: getopt::Spec,
    shorts: Vec<(u8, Target)>,
    longs: Vec<Target>,
}

impl Table {
    fn new(cmd: &clap::Command) -> Table {
        let mut shorts: Vec<(u8, bool, Target)> = vec![
            (b'h', false, Target::Extra(Extra::Help)),
            (b'a', false, Target::Extra(Extra::Compat)),
            (b'm', true, Target::Extra(Extra::Mib)),
            (b'E', true, Target::Extra(Extra::EspSecret)),
            (b'M', true, Target::Extra(Extra::SigSecret)),
        ];
        let mut longs: Vec<(String, bool, Target)> = vec![
            ("help".into(), false, Target::Extra(Extra::Help)),
            ("version".into(), false, Target::Extra(Extra::Version)),
            ("fp-type".into(), false, Target::Extra(Extra::FpType)),
            (
                "nano".into(),
                false,
                Target::Extra(Extra::Precision("nano")),
            ),
            (
                "micro".into(),
                false,
                Target::Extra(Extra::Precision("micro")),
            ),
        ];
        for arg in cmd.get_arguments().filter(|a| !a.is_positional()) {
            let takes = arg.get_action().takes_values();
            let target = || Target::Arg(arg.get_id().to_string());
            if let Some(c) = arg.get_short() {
                shorts.push((c as u8, takes, target()));
            }
            if let Some(l) = arg.get_long() {
                longs.push((l.to_owned(), takes, target()));
            }
        }
        // tcpdump's long options in tcpdump's order, then capture's own.
        let rank = |name: &str| TCPDUMP_LONG.iter().position(|t| *t == name);
        longs.sort_by_key(|(name, _, _)| rank(name).unwrap_or(usize::MAX));
        let spec = getopt::Spec {
            shorts: shorts.iter().map(|(c, takes, _)| (*c, *takes)).collect(),
            longs: longs
                .iter()
                .map(|(name, takes, _)| getopt::LongOpt {
                    name: name.clone(),
                    takes_value: *takes,
                    tcpdump: rank(name).is_some(),
                })
                .collect(),
        };
        Table {
            spec,
            shorts: shorts.into_iter().map(|(c, _, t)| (c, t)).collect(),
            longs: longs.into_iter().map(|(_, _, t)| t).collect(),
        }
    }

    fn target(&self, name: &getopt::Name) -> &Target {
        match name {
            getopt::Name::Short(c) => {
                &self
                    .shorts
                    .iter()
                    .find(|(s, _)| s == c)
                    .expect("the walk returns known letters")
                    .1
            }
            getopt::Name::Long(i) => &self.longs[*i],
        }
    }
}

/// What the command line asked for, and what parsing it printed.
#[derive(Debug)]
pub struct Parsed {
    /// The arguments to run with, or the exit status to end with now.
    pub outcome: Result<Args, u8>,
    /// Text for standard output (help, version).
    pub stdout: Vec<u8>,
    /// Text for standard error (mistakes, usage, tcpdump's warnings about `-m`, `-E`, `-M`).
    pub stderr: Vec<u8>,
}

/// tcpdump's exit status for a command-line error (its `S_ERR_HOST_PROGRAM`).
const EXIT_ERROR: u8 = 1;

/// Parses the command line (`argv[0]` first) as tcpdump does: options in order, each checked
/// as it comes with tcpdump's message, the first mistake ending it with glibc's line and the
/// usage; `-h` and `--version` answer at once.
pub fn parse(argv: Vec<OsString>) -> Parsed {
    let mut p = Parsed {
        outcome: Err(EXIT_ERROR),
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    let argv0 = argv.first().cloned().unwrap_or_else(|| "capture".into());
    let cmd = Args::command().mut_args(|a| {
        // Values come one per word from the walk, whatever they start with.
        if a.get_action().takes_values() && !a.is_positional() {
            a.allow_hyphen_values(true)
        } else {
            a
        }
    });
    let table = Table::new(&cmd);
    let posix = std::env::var_os("POSIXLY_CORRECT").is_some();
    let walk = getopt::walk(argv.get(1..).unwrap_or(&[]), &table.spec, posix);
    // The words clap fills Args from, one option at a time.
    let mut words: Vec<OsString> = vec![argv0.clone()];
    let (mut esp_secret, mut sig_secret) = (None, None);
    let checked = |words: &[OsString], p: &mut Parsed| -> bool {
        match cmd.clone().try_get_matches_from(words) {
            Ok(_) => true,
            Err(e) => {
                p.stderr
                    .extend_from_slice(format!("capture: {}\n", clap_message(&e)).as_bytes());
                false
            }
        }
    };
    for opt in &walk.options {
        let value = opt.value.as_ref().map(|v| v.to_string_lossy().into_owned());
        match table.target(&opt.name) {
            Target::Arg(id) => {
                let arg = cmd
                    .get_arguments()
                    .find(|a| a.get_id() == id.as_str())
                    .expect("the table lists clap's arguments");
                if let (Some(c), Some(v)) = (arg.get_short(), &value)
                    && let Err(e) = check_rotation(c as u8, v)
                {
                    if checked(&words, &mut p) {
                        p.stderr
                            .extend_from_slice(format!("capture: {e}\n").as_bytes());
                    }
                    return p;
                }
                words.push(match (arg.get_long(), arg.get_short()) {
                    (Some(l), _) => format!("--{l}").into(),
                    (None, Some(c)) => format!("-{c}").into(),
                    (None, None) => unreachable!("options have a name"),
                });
                words.extend(value.map(OsString::from));
            }
            Target::Extra(extra) => {
                // What came before is checked first, as tcpdump checks each option in turn.
                if !checked(&words, &mut p) {
                    return p;
                }
                let v = value.unwrap_or_default();
                match extra {
                    Extra::Help => {
                        p.stdout = usage::help(&cmd);
                        p.outcome = Err(0);
                        return p;
                    }
                    Extra::Version => {
                        p.stdout = usage::version().into_bytes();
                        p.outcome = Err(0);
                        return p;
                    }
                    Extra::FpType => {
                        p.stdout = usage::fp_type().into_bytes();
                        p.outcome = Err(0);
                        return p;
                    }
                    Extra::Precision(which) => {
                        words.push("--time-stamp-precision".into());
                        words.push((*which).into());
                    }
                    Extra::Compat => {}
                    Extra::Mib => p.stderr.extend_from_slice(
                        format!("capture: ignoring option `-m {v}' (no libsmi support)\n")
                            .as_bytes(),
                    ),
                    // Taken as given (the last one wins), bytes and all.
                    Extra::EspSecret => {
                        esp_secret = opt.value.as_ref().map(|v| v.as_bytes().to_vec())
                    }
                    Extra::SigSecret => {
                        sig_secret = opt.value.as_ref().map(|v| v.as_bytes().to_vec())
                    }
                }
            }
        }
    }
    if !checked(&words, &mut p) {
        return p;
    }
    if let Some(mistake) = &walk.mistake {
        p.stderr.extend(mistake.message(argv0.as_bytes()));
        p.stderr.extend(usage::usage().into_bytes());
        return p;
    }
    words.push("--".into());
    // Filter words that are not UTF-8 reach libpcap as text it refuses, as tcpdump's do.
    words.extend(
        walk.operands
            .iter()
            .map(|w| OsString::from(w.to_string_lossy().into_owned())),
    );
    p.outcome = cmd
        .clone()
        .try_get_matches_from(words)
        .and_then(|m| Args::from_arg_matches(&m))
        .map(|args| Args {
            esp_secret,
            sig_secret,
            ..args
        })
        .map_err(|e| {
            p.stderr
                .extend_from_slice(format!("capture: {}\n", clap_message(&e)).as_bytes());
            EXIT_ERROR
        });
    p
}

/// One line for a value clap refused: the value parser's own message (tcpdump's words for
/// tcpdump's options), else which value of which option, and the values it takes.
fn clap_message(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    if let Some(source) = std::error::Error::source(e) {
        return source.to_string();
    }
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let (value, arg) = (
        text(ContextKind::InvalidValue),
        text(ContextKind::InvalidArg),
    );
    let valid = text(ContextKind::ValidValue);
    if arg.is_empty() {
        let first = e.to_string();
        let line = first
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ");
        return line.to_owned();
    }
    let arg = arg.split(' ').next().unwrap_or(&arg);
    if valid.is_empty() {
        format!("invalid value '{value}' for {arg}")
    } else {
        format!("invalid value '{value}' for {arg} (possible values: {valid})")
    }
}

/// Checks what tcpdump checks once every option is read, in its order: `-t` at most five
/// times, `-f` only live, `-V` or `-r` but not both.
pub fn check_combinations(args: &Args) -> Result<(), String> {
    if args.timestamp > 5 {
        return Err("only -t, -tt, -ttt, -tttt and -ttttt are supported".into());
    }
    if args.foreign && (args.file_list.is_some() || args.read.is_some()) {
        return Err("-f can not be used with -V or -r".into());
    }
    if args.file_list.is_some() && args.read.is_some() {
        return Err("-V and -r are mutually exclusive.".into());
    }
    let reading = match (&args.read, &args.file_list) {
        (Some(_), _) => Some("-r"),
        (_, Some(_)) => Some("-V"),
        _ => None,
    };
    if let Some(reading) = reading
        && let Some(option) = args
            .live_only_option()
            .or(args.notices.then_some("--notices"))
    {
        return Err(format!("{option} is for a live capture, not for {reading}"));
    }
    if args.upload.is_some() && args.write.as_deref().is_none_or(|w| w == "-") {
        return Err("--upload needs -w FILE".into());
    }
    match args.write.as_deref() {
        None => {
            if let Some(option) = args.output_option() {
                return Err(format!("{option} needs -w FILE"));
            }
        }
        Some("-") => {
            if let Some(option) = args.file_option() {
                return Err(format!("{option} needs a file, not -w -"));
            }
        }
        Some(_) => {}
    }
    if args.s3_endpoint.is_some() && args.upload.is_none() {
        return Err("--s3-endpoint needs --upload s3://BUCKET/PREFIX".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What parsing `words` gives: the arguments or the exit status, and stdout and stderr.
    fn run(words: &[&str]) -> (Result<Args, u8>, String, String) {
        let argv = std::iter::once("capture")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect();
        let p = super::parse(argv);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (p.outcome, text(p.stdout), text(p.stderr))
    }

    fn parse(words: &[&str]) -> Args {
        let (outcome, _, err) = run(words);
        outcome.unwrap_or_else(|code| panic!("{words:?}: exit {code}: {err}"))
    }

    /// The one line of stderr and exit 1 that parsing `words` ends with.
    fn refused(words: &[&str]) -> String {
        let (outcome, out, err) = run(words);
        assert_eq!(outcome.err(), Some(EXIT_ERROR), "{words:?}");
        assert_eq!(out, "");
        err
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
    fn numbers_as_tcpdump_reads_them() {
        // -s: strtol with base 0, the whole word, at most 262144; 4294967296 wraps to 0 in
        // tcpdump's int.
        assert_eq!(parse(&["-s", "96"]).snaplen(), 96);
        assert_eq!(parse(&["-s", "0x100"]).snaplen(), 256);
        assert_eq!(parse(&["-s", "010"]).snaplen(), 8);
        assert_eq!(parse(&["-s", "4294967296"]).snaplen(), MAX_SNAPLEN);
        assert_eq!(parse(&[]).snaplen(), MAX_SNAPLEN);
        assert_eq!(
            refused(&["-s", "262145"]),
            "capture: invalid snaplen 262145 (must be >= 0 and <= 262144)\n"
        );
        // -c and -B: atoi, trailing junk ignored.
        assert_eq!(parse(&["-c", "5x"]).count, Some(5));
        assert_eq!(parse(&["-c", " +7"]).count, Some(7));
        assert_eq!(refused(&["-c", "x"]), "capture: invalid packet count x\n");
        assert_eq!(parse(&["-B", "4k"]).buffer_kib, Some(4));
        assert_eq!(
            refused(&["-B", "2097152"]),
            "capture: invalid packet buffer size 2097152\n"
        );
    }

    #[test]
    fn last_value_wins() {
        let a = parse(&[
            "-c", "1", "-c", "2", "--nano", "--micro", "-i", "a", "-i", "b",
        ]);
        assert_eq!(
            (a.count, a.nano(), a.interface.as_deref()),
            (Some(2), false, Some("b"))
        );
        assert!(parse(&["--micro", "--time-stamp-precision=nanoseconds"]).nano());
    }

    #[test]
    fn backend_flags() {
        assert_eq!(parse(&[]).backend, Backend::Afpacket);
        let a = parse(&["--backend", "xdp", "--xdp-consume", "udp"]);
        assert_eq!((a.backend, a.xdp_consume), (Backend::Xdp, true));
        assert_eq!(a.expression_words(), "udp");
        assert_eq!(
            refused(&["--backend", "dpdk"]),
            "capture: invalid value 'dpdk' for --backend (possible values: afpacket, xdp)\n"
        );
    }

    #[test]
    fn writer_cpu_is_a_number() {
        assert_eq!(parse(&[]).writer_cpu, None);
        assert_eq!(parse(&["--writer-cpu", "3"]).writer_cpu, Some(3));
        for bad in ["-1", "x", ""] {
            let err = refused(&["--writer-cpu", bad]);
            assert!(
                err.starts_with("capture: ") && err.lines().count() == 1,
                "{err}"
            );
        }
    }

    #[test]
    fn values_are_checked_in_order_with_tcpdumps_words() {
        for (words, err) in [
            (
                &["-Q", "sideways"][..],
                "unknown capture direction `sideways'",
            ),
            (&["-j", "bogus"], "invalid time stamp type bogus"),
            (&["-y", "NOSUCH", "-g"], "invalid data link type NOSUCH"),
            (&["-C", "1k"], "invalid file size 1k"),
            (&["-W", "0"], "invalid number of output files 0"),
            (&["-G", "-1"], "invalid number of seconds -1"),
            (
                &["--time-stamp-precision", "pico"],
                "unsupported time stamp precision",
            ),
            (&["-c", "0", "-m", "x", "-g"], "invalid packet count 0"),
        ] {
            assert_eq!(refused(words), format!("capture: {err}\n"), "{words:?}");
        }
        assert_eq!(parse(&["-Q", "IN"]).direction, Some(Direction::In));
        assert_eq!(
            parse(&["-j", "Adapter"]).tstamp_type,
            Some(TstampType::Adapter)
        );
    }

    #[test]
    fn a_mistake_is_glibcs_line_then_the_usage() {
        let err = refused(&["-n", "-g"]);
        assert_eq!(
            err,
            format!("capture: invalid option -- 'g'\n{}", usage::usage())
        );
        let err = refused(&["--n"]);
        assert!(
            err.starts_with(
                "capture: option '--n' is ambiguous; possibilities: '--nano' '--no-optimize' \
                 '--no-promiscuous-mode' '--number'\n"
            ),
            "{err}"
        );
    }

    #[test]
    fn help_version_and_the_no_ops() {
        let (outcome, out, err) = run(&["-n", "-h", "-g"]);
        assert_eq!((outcome.err(), err.as_str()), (Some(0), ""));
        assert!(out.starts_with(&usage::usage()) && out.contains("  --workers N\n"));
        let (outcome, out, _) = run(&["--vers"]);
        assert_eq!((outcome.err(), out), (Some(0), usage::version()));
        let (outcome, out, _) = run(&["--fp-type"]);
        assert_eq!((outcome.err(), out.as_str()), (Some(0), "9877.895\n"));
        let (outcome, _, err) = run(&["-a", "-m", "SNMPv2-MIB", "-E", "x", "-d"]);
        let args = outcome.unwrap();
        assert_eq!(args.dump_filter, 1);
        assert_eq!(
            err,
            "capture: ignoring option `-m SNMPv2-MIB' (no libsmi support)\n"
        );
        // -E and -M are kept as given, the last of each winning, for the printer.
        assert_eq!(args.esp_secret.as_deref(), Some(&b"x"[..]));
        assert_eq!(args.sig_secret, None);
        let args = parse(&["-M", "-one", "-E", "a", "-M", "two", "-Eb"]);
        assert_eq!(args.esp_secret.as_deref(), Some(&b"b"[..]));
        assert_eq!(args.sig_secret.as_deref(), Some(&b"two"[..]));
        let opts = args.print_options();
        assert_eq!(
            (opts.esp_secret.as_deref(), opts.sig_secret.as_deref()),
            (Some(&b"b"[..]), Some(&b"two"[..]))
        );
    }

    #[test]
    fn every_tcpdump_long_option_is_known() {
        let cmd = Args::command();
        let table = Table::new(&cmd);
        for name in TCPDUMP_LONG {
            let l = table.spec.longs.iter().find(|l| l.name == *name);
            assert!(l.is_some_and(|l| l.tcpdump), "{name}");
        }
        // tcpdump's short options (its SHORTOPTS, without -D's and -Y's build-time gaps), and
        // no others.
        let mut shorts: Vec<u8> = table.spec.shorts.iter().map(|(c, _)| *c).collect();
        shorts.sort_unstable();
        let mut want = b"aAbBcCdDeEfFGhHiIjJKlLmMnNOpqQrsStTuUvVwWxXyzZ#".to_vec();
        want.sort_unstable();
        assert_eq!(
            String::from_utf8(shorts).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    #[test]
    fn combinations_tcpdump_refuses() {
        let check = |w: &[&str]| check_combinations(&parse(w)).err();
        assert_eq!(
            check(&["-tttttt"]).as_deref(),
            Some("only -t, -tt, -ttt, -tttt and -ttttt are supported")
        );
        assert_eq!(
            check(&["-f", "-r", "x"]).as_deref(),
            Some("-f can not be used with -V or -r")
        );
        assert_eq!(
            check(&["-V", "a", "-r", "b"]).as_deref(),
            Some("-V and -r are mutually exclusive.")
        );
        assert_eq!(check(&["-f", "-i", "lo"]), None);
    }

    /// `--upload` needs files to upload, `--s3-endpoint` an upload to point.
    #[test]
    fn upload_needs_files() {
        let check = |w: &[&str]| check_combinations(&parse(w)).err();
        for words in [
            &["--upload", "s3://caps/p"][..],
            &["-w", "-", "--upload", "s3://caps/p"],
        ] {
            assert_eq!(check(words).as_deref(), Some("--upload needs -w FILE"));
        }
        assert_eq!(
            check(&["-w", "f", "--s3-endpoint", "http://h:1"]).as_deref(),
            Some("--s3-endpoint needs --upload s3://BUCKET/PREFIX")
        );
        assert_eq!(check(&["-w", "f", "--upload", "s3://caps/p"]), None);
    }

    /// Options for output files are refused without `-w` (and those only a named file can
    /// serve, with `-w -`), rather than taken and ignored.
    #[test]
    fn file_options_need_a_file() {
        let check = |w: &[&str]| check_combinations(&parse(w)).err();
        let stream_too = [
            &["--rotate-align"][..],
            &["--exit-on-disk-full"],
            &["--compress", "zstd"],
            &["--pcapng"],
        ];
        let file_only = [
            &["--no-direct"][..],
            &["--max-total-size", "1G"],
            &["--publish-atomic"],
            &["--print-closed"],
            &["--index"],
        ];
        for option in stream_too.iter().chain(&file_only) {
            let mut words = vec!["-i", "lo"];
            words.extend_from_slice(option);
            let wanted = format!("{} needs -w FILE", option[0]);
            assert_eq!(check(&words).as_deref(), Some(wanted.as_str()));
            words.extend(["-w", "-"]);
            let wanted = format!("{} needs a file, not -w -", option[0]);
            let refused = file_only.contains(option).then_some(wanted.as_str());
            assert_eq!(check(&words).as_deref(), refused, "{words:?}");
            words.pop();
            words.push("f");
            assert_eq!(check(&words), None, "{words:?}");
        }
    }
}
