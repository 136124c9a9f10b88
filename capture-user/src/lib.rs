//! `capture`: a tcpdump-compatible packet-capture engine.
//!
//! The modules follow the data path of DESIGN.md §2: `cli` and `filter` set up, `iface` finds
//! the interface, `ingress` counts the frames that reach it (`ebpf`: the XDP/TC counter); the
//! live path and the reader hand packets to the writer or the printer; `stats` accounts for
//! every packet, and `metrics` serves the figures to Prometheus.
use std::process::ExitCode;

use anyhow::Result;

pub mod bpf;
pub mod cli;
pub mod clock;
pub mod cooked;
pub mod cpu;
pub mod ebpf;
pub mod filter;
pub mod handoff;
pub mod iface;
pub mod index;
pub mod ingress;
pub mod lag;
pub mod live;
pub mod merge;
pub mod metrics;
pub mod notices;
pub mod offline;
pub mod privs;
pub mod query;
pub mod ring;
pub mod signals;
pub mod sink;
pub mod socket;
pub mod stats;
pub mod tstamp;
pub mod upload;
pub mod worker;
pub mod writer;
pub mod xdp;

/// Standard output could not be written (a closed pipe while SIGPIPE is ignored, a full disk
/// behind a redirection): tcpdump's message, and its exit status [`STDOUT_ERROR_EXIT`].
#[derive(Debug, thiserror::Error)]
#[error("Unable to write output: {}", strerror(.0))]
pub struct StdoutError(pub std::io::Error);

/// tcpdump 4.99.3's exit status after a failed write to standard output.
pub const STDOUT_ERROR_EXIT: u8 = 14;

/// Writes `text` to standard output; a failure is tcpdump's `Unable to write output`.
fn to_stdout(text: &str) -> Result<(), StdoutError> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(StdoutError)
}

pub(crate) use capture_print::strerror;

/// Runs the command the arguments describe and returns the process exit code. The steps run
/// in tcpdump's order, so the same command line fails on the same first problem.
pub fn run(args: cli::Args) -> Result<ExitCode> {
    if args.list_interfaces {
        to_stdout(&iface::list()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    cli::check_combinations(&args).map_err(anyhow::Error::msg)?;
    if args.read.is_some() || args.file_list.is_some() {
        // The file's link type decides how the expression compiles, `-d` included.
        return offline::run(&args);
    }
    if args.dump_filter > 0 && args.interface.is_none() {
        dump_filter(&args, None)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Live: the interface is opened as tcpdump's open_interface() opens it.
    // As given: tcpdump opens `-i 2` as a device named "2" first, and only once that finds no
    // such device takes it for a number from the `-D` list (iface::resolve, below).
    let device = match &args.interface {
        Some(name) => name.clone(),
        None => iface::resolve(None)?.name,
    };
    if args.list_tstamp_types {
        // tcpdump lists them on stderr, for the name as given.
        eprint!("{}", tstamp::listing(&device)?);
        return Ok(ExitCode::SUCCESS);
    }
    // `-j` is set on each device tcpdump opens, with its warning each time.
    let choose_tstamp = |name: &str| -> Result<Option<tstamp::TstampType>> {
        let Some(wanted) = args.tstamp_type else {
            return Ok(None);
        };
        let (chosen, warning) = tstamp::choose(name, wanted)?;
        if let Some(w) = warning {
            eprintln!("capture: WARNING: {w}");
        }
        Ok(chosen)
    };
    let mut chosen = choose_tstamp(&device)?;
    // libpcap's activation opens its packet socket first (after refusing a name too long for
    // any device): without the right to, that is what tcpdump reports, whatever else is wrong.
    // (The XDP backend opens no packet socket: what it needs, it asks for itself.)
    if device.len() < libc::IFNAMSIZ
        && args.backend != cli::Backend::Xdp
        && let Err(e) = socket::check_permission()
    {
        if e.permission_denied() {
            anyhow::bail!(
                "{device}: You don't have permission to perform this capture on that device\n({e})"
            );
        }
        anyhow::bail!("{e}");
    }
    if args.monitor_mode {
        iface::check_monitor_mode(&device)?;
    }
    let iface = iface::resolve(Some(&device))?;
    if iface.name != device {
        // `-i N` found no device named N: tcpdump opens the N-th of `-D` anew.
        chosen = choose_tstamp(&iface.name)?;
    }
    let stamping = match chosen {
        Some(t) => {
            let (stamping, warning) = tstamp::enable(&iface.name, t)?;
            if let Some(w) = warning {
                eprintln!("capture: WARNING: {w}");
            }
            stamping
        }
        None => tstamp::Stamping::Host,
    };
    iface::check_up(&iface)?;
    let links = iface::LinkTypes::of(&iface)?;
    if args.list_data_link_types {
        eprint!("{}", links.describe(&iface));
        return Ok(ExitCode::SUCCESS);
    }
    // tcpdump names the link type it set: the one -y asked for, or LINUX_SLL2 on `any`.
    let asked = args
        .linktype
        .as_deref()
        .or(iface::LinkTypes::tcpdump_default(args.interface.as_deref()));
    let link = links.choose(asked)?;
    if asked.is_some() {
        eprintln!("capture: data link type {}", link.name);
    }
    let netmask = if args.foreign {
        match filter::lookupnet(&iface.name) {
            Ok(net) => Some(net),
            Err(e) => {
                eprintln!("capture: WARNING: foreign (-f) flag used but: {e}");
                None
            }
        }
    } else {
        None
    };
    let opened = live::Opened {
        iface,
        link,
        stamping,
        netmask,
    };
    if args.dump_filter > 0 {
        dump_filter(&args, Some(&opened))?;
        return Ok(ExitCode::SUCCESS);
    }
    let expr = filter::expression(&args)?;
    live::run(&args, &expr, &opened)
}

/// How the filter is compiled: tcpdump's `-O`, and with `-f` the interface's netmask.
pub(crate) fn compile_options(args: &cli::Args, netmask: Option<(u32, u32)>) -> filter::Compile {
    filter::Compile {
        optimize: !args.no_optimize,
        netmask: netmask.map_or(0, |(_, mask)| mask),
    }
}

/// `-d`/`-dd`/`-ddd`: compile for the interface given with `-i` (live semantics) or, as
/// tcpdump does without one, for Ethernet with a warning; print; exit. The expression (`-F`'s
/// file) is read after the warning, as tcpdump reads it.
fn dump_filter(args: &cli::Args, opened: Option<&live::Opened>) -> Result<()> {
    let snaplen = args.snaplen();
    let filter = match opened {
        Some(o) => {
            let how = compile_options(args, o.netmask);
            let expr = filter::expression(args)?;
            filter::Filter::live_with(&o.iface.name, o.link.dlt, &expr, snaplen, how)?
        }
        None => {
            // As tcpdump: the link type -y names, else Ethernet with a warning.
            let dlt = match &args.linktype {
                Some(name) => pcap::Linktype::from_name(name)?.0,
                None => {
                    eprintln!("Warning: assuming Ethernet");
                    1
                }
            };
            let expr = filter::expression(args)?;
            filter::Filter::dead_with(dlt, &expr, snaplen, compile_options(args, None))?
        }
    };
    to_stdout(&bpf::image::dump(filter.instructions(), args.dump_filter))?;
    Ok(())
}
