//! `--index`, `capture index` and `capture query` against tcpdump 4.99.3: thousands of random
//! queries drawn from the traffic print byte for byte what `tcpdump -V` prints over the same
//! rotated files (one run over all files, in order), for files written by capture (pcap,
//! pcapng, zstd), by tcpdump and by editcap; `-w` writes the bytes tcpdump writes; damaged,
//! stale and missing indexes are noticed and the answer stays the same; a SIGKILL while
//! indexing never leaves an index that is trusted; `-W` and `--max-total-size` remove a file's
//! index with the file; files of several sensors covering the same time come out merged in
//! time order, as Wireshark's mergecap merges them.

mod common;

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use capture::index::{Index, index_path};
use capture_rig::traffic::{Frame, Traffic, TrafficSpec, write_pcap_header, write_pcap_record};
use common::TempDir;
use common::rotated;

const CAPTURE: &str = env!("CARGO_BIN_EXE_capture");

/// Writes `n` frames of the traffic of `seed` to `path` and returns them.
fn generate(path: &Path, n: usize, seed: u64) -> Vec<Frame> {
    let spec = TrafficSpec {
        seed,
        ..TrafficSpec::default()
    };
    let frames: Vec<Frame> = Traffic::new(spec).take(n).collect();
    let mut w = std::io::BufWriter::new(fs::File::create(path).unwrap());
    write_pcap_header(&mut w, spec.snaplen).unwrap();
    for f in &frames {
        write_pcap_record(&mut w, f).unwrap();
    }
    w.flush().unwrap();
    frames
}

fn run(cmd: &str, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(cmd).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(cmd: &str, args: &[&str]) -> Vec<u8> {
    let (code, out, err) = run(cmd, args);
    assert_eq!(code, 0, "{cmd} {args:?}: {err}");
    out
}

/// tcpdump over `files` in one run (`-V`), as the reference output.
fn tcpdump_over(files: &[PathBuf], flags: &[&str], expr: &str, list: &Path) -> (i32, Vec<u8>) {
    let text: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    fs::write(list, text).unwrap();
    let mut args: Vec<&str> = vec!["-V", list.to_str().unwrap()];
    args.extend_from_slice(flags);
    if !expr.is_empty() {
        args.push(expr);
    }
    let (code, out, _) = run("tcpdump", &args);
    (code, out)
}

/// `capture query FLAGS DIR EXPR`, in this process, with what it prints.
fn query(dir: &Path, flags: &[&str], expr: &str) -> (u8, Vec<u8>) {
    let mut words: Vec<OsString> = flags.iter().map(OsString::from).collect();
    words.push(dir.as_os_str().to_owned());
    if !expr.is_empty() {
        words.push(expr.into());
    }
    let mut out = Vec::new();
    let code = capture::query::query(&words, Box::new(&mut out))
        .map(|c| {
            if c == std::process::ExitCode::SUCCESS {
                0
            } else {
                1
            }
        })
        .unwrap_or(2);
    (code, out)
}

/// The header fields a query can be made of, read from one frame.
#[derive(Default, Debug)]
struct Seen {
    vlans: Vec<u16>,
    v4: Option<([u8; 4], [u8; 4])>,
    v6: Option<([u8; 16], [u8; 16])>,
    proto: Option<u8>,
    ports: Option<(u16, u16)>,
    mac: [u8; 6],
}

fn seen(d: &[u8]) -> Seen {
    let mut s = Seen::default();
    if d.len() < 14 {
        return s;
    }
    s.mac.copy_from_slice(&d[6..12]);
    let mut at = 12;
    let mut et = u16::from_be_bytes([d[12], d[13]]);
    while (et == 0x8100 || et == 0x88a8) && d.len() >= at + 6 {
        s.vlans
            .push(u16::from_be_bytes([d[at + 2], d[at + 3]]) & 0xfff);
        at += 4;
        et = u16::from_be_bytes([d[at], d[at + 1]]);
    }
    let l3 = at + 2;
    match et {
        0x0800 if d.len() >= l3 + 20 => {
            let ip = &d[l3..];
            s.v4 = Some((
                ip[12..16].try_into().unwrap(),
                ip[16..20].try_into().unwrap(),
            ));
            s.proto = Some(ip[9]);
            let l4 = 4 * usize::from(ip[0] & 0xf);
            if ip.len() >= l4 + 4 {
                s.ports = Some((
                    u16::from_be_bytes([ip[l4], ip[l4 + 1]]),
                    u16::from_be_bytes([ip[l4 + 2], ip[l4 + 3]]),
                ));
            }
        }
        0x86dd if d.len() >= l3 + 44 => {
            let ip = &d[l3..];
            s.v6 = Some((
                ip[8..24].try_into().unwrap(),
                ip[24..40].try_into().unwrap(),
            ));
            s.proto = Some(ip[6]);
            s.ports = Some((
                u16::from_be_bytes([ip[40], ip[41]]),
                u16::from_be_bytes([ip[42], ip[43]]),
            ));
        }
        _ => {}
    }
    s
}

fn v4(a: [u8; 4]) -> String {
    format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
}

fn v6(a: [u8; 16]) -> String {
    std::net::Ipv6Addr::from(a).to_string()
}

/// Random pcap-filter expressions made of what the traffic holds.
struct Gen<'a> {
    frames: &'a [Frame],
    rng: u64,
}

impl Gen<'_> {
    fn next(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'s>(&mut self, v: &[&'s str]) -> &'s str {
        v[self.below(v.len())]
    }

    /// A primitive drawn from a random frame (some kinds the index cannot narrow).
    fn primitive(&mut self) -> String {
        loop {
            let f = &self.frames[self.below(self.frames.len())];
            let s = seen(&f.data);
            let dir = self.pick(&["", "src ", "dst ", "src or dst ", "src and dst "]);
            let e = match self.below(22) {
                0..=3 => s.v4.map(|(a, b)| {
                    let a = if self.below(2) == 0 { a } else { b };
                    format!("{dir}host {}", v4(a))
                }),
                4 => s.v4.map(|(a, _)| {
                    let bits = [8, 16, 20, 24, 28][self.below(5)];
                    format!("{dir}net {}/{bits}", v4(a))
                }),
                5 | 6 => s.v6.map(|(a, b)| {
                    let a = if self.below(2) == 0 { a } else { b };
                    format!("{dir}host {}", v6(a))
                }),
                7 => s.v6.map(|(a, _)| {
                    let bits = [16, 24, 48, 64, 100, 120][self.below(6)];
                    format!("{dir}net {}/{bits}", v6(a))
                }),
                8..=10 => s.ports.map(|(a, b)| {
                    let p = if self.below(2) == 0 { a } else { b };
                    let proto = self.pick(&["", "", "tcp ", "udp ", "sctp "]);
                    format!("{proto}{dir}port {p}")
                }),
                11 => s.ports.map(|(a, _)| {
                    let hi = u32::from(a) + self.below(2000) as u32;
                    format!("{dir}portrange {a}-{}", hi.min(65535))
                }),
                12 => s.vlans.first().map(|v| format!("vlan {v}")),
                13 => Some(
                    self.pick(&["tcp", "udp", "sctp", "icmp", "icmp6", "arp", "ip", "ip6"])
                        .to_string(),
                ),
                14 => s.proto.map(|p| {
                    let fam = self.pick(&["ip ", "ip6 ", ""]);
                    format!("{fam}proto {p}")
                }),
                15 => Some(
                    self.pick(&["vlan", "vlan and vlan", "proto gre", "ip proto 47"])
                        .into(),
                ),
                16 => Some(format!("ether host {}", {
                    let m = s.mac;
                    format!(
                        "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                        m[0], m[1], m[2], m[3], m[4], m[5]
                    )
                })),
                17 => Some(format!("greater {}", 60 + self.below(1400))),
                18 => Some(
                    self.pick(&["tcp[13]&2!=0", "ip[6:2]&0x1fff!=0", "ip[6]&0x20!=0"])
                        .into(),
                ),
                19 => s.vlans.get(1).map(|v| format!("vlan and vlan {v}")),
                20 => {
                    s.v4.map(|(a, b)| format!("host {} and host {}", v4(a), v4(b)))
                }
                _ => s.ports.map(|(a, b)| format!("port {a} and port {b}")),
            };
            if let Some(e) = e {
                return e;
            }
        }
    }

    fn expr(&mut self, depth: u32) -> String {
        if depth == 0 || self.below(3) == 0 {
            let p = self.primitive();
            return if self.below(8) == 0 {
                format!("not {p}")
            } else {
                p
            };
        }
        let a = self.expr(depth - 1);
        let b = self.expr(depth - 1);
        let op = self.pick(&["and", "or", "and not", "or not"]);
        format!("({a}) {op} ({b})")
    }

    /// An RFC 3339 time near a random frame's, and the instant (ns) it stands for.
    fn time(&mut self) -> (String, i64) {
        let f = &self.frames[self.below(self.frames.len())];
        let ns = f.ts_ns - f.ts_ns % 1000;
        let secs = ns.div_euclid(1_000_000_000);
        let t = chrono::DateTime::from_timestamp(secs, (ns % 1_000_000_000) as u32).unwrap();
        (t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true), ns)
    }
}

/// Keeps the lines of `-tt` output whose time is in `[after, before)`.
fn in_window(out: &[u8], after: Option<i64>, before: Option<i64>) -> Vec<u8> {
    let text = String::from_utf8_lossy(out);
    let mut keep = String::new();
    let mut kept = false;
    for line in text.split_inclusive('\n') {
        // A packet's first line starts with its time; lines after it (SCTP chunks) go with it.
        if line.starts_with(|c: char| c.is_ascii_digit()) {
            let stamp = line.split(' ').next().unwrap_or("");
            let (s, us) = stamp.split_once('.').unwrap_or((stamp, "0"));
            let ns = s.parse::<i64>().unwrap() * 1_000_000_000 + us.parse::<i64>().unwrap() * 1000;
            kept = after.is_none_or(|a| ns >= a) && before.is_none_or(|b| ns < b);
        }
        if kept {
            keep.push_str(line);
        }
    }
    keep.into_bytes()
}

/// The same packets in rotated files of every kind the query reads.
struct Fixture {
    dir: TempDir,
    frames: Vec<Frame>,
}

impl Fixture {
    fn new(tag: &str, n: usize, seed: u64) -> Fixture {
        let dir = TempDir::new(tag);
        let input = dir.path().join("gen.pcap");
        let frames = generate(&input, n, seed);
        let g = input.to_str().unwrap();
        let sub = |name: &str| {
            let p = dir.path().join(name);
            fs::create_dir(&p).unwrap();
            p.to_str().unwrap().to_string()
        };
        // By capture, indexed while written: pcap, pcapng, zstd.
        let cap = sub("cap");
        ok(
            CAPTURE,
            &["-r", g, "-w", &format!("{cap}/f"), "-C", "1", "--index"],
        );
        let ng = sub("ng");
        ok(
            CAPTURE,
            &[
                "-r",
                g,
                "-w",
                &format!("{ng}/n"),
                "-C",
                "1",
                "--pcapng",
                "--index",
            ],
        );
        let z = sub("zst");
        ok(
            CAPTURE,
            &[
                "-r",
                g,
                "-w",
                &format!("{z}/z"),
                "-C",
                "1",
                "--compress",
                "zstd",
                "--index",
            ],
        );
        // By tcpdump and by editcap (pcapng), indexed afterwards.
        let td = sub("td");
        common::run_tcpdump(&input, &Path::new(&td).join("t"), &["-C", "1"]);
        let ed = sub("ed");
        ok(
            "editcap",
            &["-F", "pcapng", "-c", "2500", g, &format!("{ed}/e.pcapng")],
        );
        ok(CAPTURE, &["index", &td, &ed]);
        Fixture { dir, frames }
    }

    fn sub(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Every index built is valid for its file, and every file has one.
fn assert_indexed(dir: &Path) {
    let files = rotated(dir);
    assert!(files.len() > 1, "{}: {} files", dir.display(), files.len());
    for f in files {
        let idx =
            Index::open(&index_path(&f), &f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        idx.load().unwrap();
    }
}

#[test]
fn random_queries_print_what_tcpdump_prints() {
    let fx = Fixture::new("queries", 12_000, 7);
    for d in ["cap", "ng", "zst", "td", "ed"] {
        assert_indexed(&fx.sub(d));
    }
    // tcpdump reads the files tcpdump wrote; every other set holds the same packets in the
    // same order, so its output is the reference for all of them.
    let reference = rotated(&fx.sub("td"));
    let mut g = Gen {
        frames: &fx.frames,
        rng: 0x2545_f491_4f6c_dd1d,
    };
    let queries: usize = std::env::var("INDEX_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let flag_sets: [&[&str]; 6] = [
        &["-nn"],
        &["-nn"],
        &["-nn", "-e"],
        &["-nn", "-v"],
        &["-n", "-q", "-#"],
        &["-nn", "-ttt", "-S"],
    ];
    // The queries first (one sequence, so a failure names the same query every run), then
    // two threads run them.
    struct Case {
        flags: Vec<&'static str>,
        expr: String,
        text: String,
        after: Option<i64>,
        before: Option<i64>,
    }
    let cases: Vec<Case> = (0..queries)
        .map(|_| {
            let depth = g.below(3) as u32;
            let expr = g.expr(depth);
            let mut c = Case {
                flags: flag_sets[g.below(flag_sets.len())].to_vec(),
                text: expr.clone(),
                expr,
                after: None,
                before: None,
            };
            // Some queries take a time window too; the reference then keeps the lines in it.
            if g.below(5) == 0 {
                // tcpdump has no time filter: the reference is cut to the window afterwards,
                // so nothing may depend on packets before it (-S: absolute TCP sequence
                // numbers).
                c.flags = vec!["-nn", "-tt", "-S"];
                let (t, ns) = g.time();
                if g.below(2) == 0 {
                    c.text = format!("({}) and after {t}", c.expr);
                    c.after = Some(ns);
                } else {
                    c.text = format!("before {t} and ({})", c.expr);
                    c.before = Some(ns);
                }
            }
            c
        })
        .collect();
    let check = |i: usize, c: &Case, list: &Path, spent: &mut (Duration, Duration)| -> bool {
        let t0 = Instant::now();
        let (code, mut want) = tcpdump_over(&reference, &c.flags, &c.expr, list);
        spent.0 += t0.elapsed();
        if code != 0 {
            // libpcap refuses it (tcpdump's error); capture must refuse it too.
            assert_ne!(query(&fx.sub("cap"), &c.flags, &c.text).0, 0, "{}", c.expr);
            return false;
        }
        if c.after.is_some() || c.before.is_some() {
            want = in_window(&want, c.after, c.before);
        }
        let sets: &[&str] = if i.is_multiple_of(10) {
            &["cap", "ng", "zst", "td", "ed"]
        } else {
            &["cap"]
        };
        for d in sets {
            let t0 = Instant::now();
            let (code, got) = query(&fx.sub(d), &c.flags, &c.text);
            spent.1 += t0.elapsed();
            assert_eq!(code, 0, "{d}: {}", c.text);
            if got != want {
                let g = String::from_utf8_lossy(&got);
                let w = String::from_utf8_lossy(&want);
                let first = g.lines().zip(w.lines()).position(|(a, b)| a != b);
                panic!(
                    "{d}: capture query {:?} '{}': {} lines, tcpdump {} lines; first \
                     difference at line {first:?}:\n  capture: {:?}\n  tcpdump: {:?}",
                    c.flags,
                    c.text,
                    g.lines().count(),
                    w.lines().count(),
                    first.and_then(|i| g.lines().nth(i)),
                    first.and_then(|i| w.lines().nth(i)),
                );
            }
        }
        !want.is_empty()
    };
    let threads = 2;
    let (nonempty, spent) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (cases, check) = (&cases, &check);
                let list = fx.dir.path().join(format!("list{t}"));
                scope.spawn(move || {
                    let mut spent = (Duration::ZERO, Duration::ZERO);
                    let mut nonempty = 0usize;
                    for (i, c) in cases.iter().enumerate().skip(t).step_by(threads) {
                        nonempty += usize::from(check(i, c, &list, &mut spent));
                    }
                    (nonempty, spent)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .fold((0, (Duration::ZERO, Duration::ZERO)), |a, b| {
                (a.0 + b.0, (a.1.0 + b.1.0, a.1.1 + b.1.1))
            })
    });
    eprintln!(
        "{queries} queries: tcpdump {:?}, capture query {:?}",
        spent.0, spent.1
    );
    // The queries select something most of the time, not just nothing.
    assert!(
        nonempty > queries / 2,
        "{nonempty} of {queries} queries matched"
    );
}

/// Copies the files of `from` (indexes included, times kept) into a new directory `to`.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dst = to.join(p.file_name().unwrap());
        fs::copy(&p, &dst).unwrap();
        let mtime = fs::metadata(&p).unwrap().modified().unwrap();
        fs::File::options()
            .write(true)
            .open(&dst)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
    }
}

/// `capture query` as a process: exit code, stdout, stderr.
fn query_process(dir: &Path, expr: &str) -> (i32, Vec<u8>, String) {
    run(CAPTURE, &["query", "-nn", dir.to_str().unwrap(), expr])
}

#[test]
fn damaged_stale_and_missing_indexes_are_noticed_and_the_answer_stays() {
    let fx = Fixture::new("damage", 30_000, 11);
    let expr = "host 10.0.0.9 or port 8080";
    let reference = rotated(&fx.sub("td"));
    let (code, want) = tcpdump_over(&reference, &["-nn"], expr, &fx.dir.path().join("list"));
    assert_eq!(code, 0);
    assert!(!want.is_empty());
    // Valid indexes: the same answer, and nothing on stderr.
    let (code, got, err) = query_process(&fx.sub("cap"), expr);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(got, want);

    let dir = fx.dir.path().join("bad");
    copy_dir(&fx.sub("cap"), &dir);
    let files = rotated(&dir);
    assert!(files.len() >= 6, "{files:?}");
    // 0: a byte of the body flipped; 1: the index cut short; 2: the capture file modified
    // after it was indexed (its mtime moved); 3: no index at all.
    let idx0 = index_path(&files[0]);
    let mut b = fs::read(&idx0).unwrap();
    let at = b.len() - 10;
    b[at] ^= 0x40;
    fs::write(&idx0, &b).unwrap();
    let idx1 = index_path(&files[1]);
    let b = fs::read(&idx1).unwrap();
    fs::write(&idx1, &b[..b.len() / 2]).unwrap();
    fs::File::options()
        .write(true)
        .open(&files[2])
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    fs::remove_file(index_path(&files[3])).unwrap();
    // A header byte flipped is caught by the header's own checksum.
    let (code, got, err) = query_process(&dir, expr);
    assert_eq!(code, 0, "{err}");
    assert_eq!(got, want, "same answer from full reads");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one notice: {err}");
    let n = |i: usize| files[i].display().to_string();
    assert_eq!(
        lines[0],
        format!(
            "capture: reading in full, without a valid index, 4 files: {} (damaged index (bad \
             checksum)), {} (damaged index (wrong length)), {} (stale index (the file was \
             modified after it was indexed)), {} (no index)",
            n(0),
            n(1),
            n(2),
            n(3)
        )
    );
    // A flipped header byte.
    let mut b = fs::read(index_path(&files[4])).unwrap();
    b[20] ^= 1;
    fs::write(index_path(&files[4]), &b).unwrap();
    let (_, got, err) = query_process(&dir, expr);
    assert_eq!(got, want);
    assert!(
        err.contains(&format!("{} (damaged index (bad checksum))", n(4))),
        "{err}"
    );
    // A file grown by a record after indexing (a writer that went on): stale by its length.
    let mut f = fs::File::options().append(true).open(&files[5]).unwrap();
    let (_, recs) = common::read_records(&fs::read(&files[5]).unwrap());
    let last = recs.last().unwrap();
    let mut rec = capture::writer::pcap::record_header(
        last.ts_sec,
        u64::from(last.ts_nsec),
        last.data.len() as u32,
        last.wirelen,
        false,
    )
    .to_vec();
    rec.extend_from_slice(&last.data);
    f.write_all(&rec).unwrap();
    drop(f);
    let (_, _, err) = query_process(&dir, expr);
    assert!(
        err.contains(&format!(
            "{} (stale index (the file's length has changed))",
            n(5)
        )),
        "{err}"
    );
    // An index of the previous format (version 1), its header checksum right: not read, and
    // named as such.
    b[20] ^= 1;
    b[8..12].copy_from_slice(&1u32.to_le_bytes());
    let crc = crc32fast::hash(&b[..76]);
    b[76..80].copy_from_slice(&crc.to_le_bytes());
    fs::write(index_path(&files[4]), &b).unwrap();
    let (_, got, err) = query_process(&dir, expr);
    assert_eq!(got, want);
    assert!(
        err.contains(&format!(
            "{} (index version 1, this capture reads version 2)",
            n(4)
        )),
        "{err}"
    );
    // `capture index` mends them all; the notice is gone.
    ok(CAPTURE, &["index", dir.to_str().unwrap()]);
    let (_, _, err) = query_process(&dir, expr);
    assert_eq!(err, "");
}

#[test]
fn sigkill_while_indexing_leaves_no_trusted_index() {
    let dir = TempDir::new("sigkill");
    let input = dir.path().join("in.pcap");
    generate(&input, 150_000, 3);
    let files = dir.path().join("files");
    fs::create_dir(&files).unwrap();
    // Several files large enough that indexing each takes a while.
    ok(
        CAPTURE,
        &[
            "-r",
            input.to_str().unwrap(),
            "-w",
            files.join("f").to_str().unwrap(),
            "-C",
            "10",
        ],
    );
    let all = rotated(&files);
    assert!(all.len() >= 3);
    let mut killed_mid_write = 0;
    for round in 0..12u64 {
        for f in &all {
            let _ = fs::remove_file(index_path(f));
        }
        let mut child = Command::new(CAPTURE)
            .args(["index", "-j", "1", files.to_str().unwrap()])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(15 + 25 * round));
        // Child::kill sends SIGKILL.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            continue;
        }
        // Every index present is whole and valid; temporaries are never taken for one.
        for f in &all {
            match Index::open(&index_path(f), f) {
                Ok(i) => {
                    i.load().unwrap();
                }
                Err(capture::index::IndexError::Missing) => {}
                Err(e) => panic!("{}: {e}", f.display()),
            }
        }
        let temporaries = fs::read_dir(&files)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        killed_mid_write += usize::from(temporaries > 0);
        // A query still answers, reading unindexed files in full.
        let (code, _, _) = query_process(&files, "tcp port 443");
        assert_eq!(code, 0);
    }
    // The next run indexes everything and removes what killed runs left behind.
    ok(CAPTURE, &["index", files.to_str().unwrap()]);
    for f in &all {
        Index::open(&index_path(f), f).unwrap().load().unwrap();
    }
    let left: Vec<String> = fs::read_dir(&files)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    eprintln!("killed while a temporary index was being written: {killed_mid_write} of 12");
}

#[test]
fn retention_removes_the_index_with_its_file() {
    let dir = TempDir::new("retention");
    let input = dir.path().join("in.pcap");
    generate(&input, 12_000, 5);
    let i = input.to_str().unwrap();
    // -W 2 cycles two names; each name's index is the one of its last file.
    let w = dir.path().join("w");
    fs::create_dir(&w).unwrap();
    ok(
        CAPTURE,
        &[
            "-r",
            i,
            "-w",
            w.join("f").to_str().unwrap(),
            "-C",
            "1",
            "-W",
            "2",
            "--index",
        ],
    );
    let mut names: Vec<String> = fs::read_dir(&w)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["f0", "f0.idx", "f1", "f1.idx"]);
    for n in ["f0", "f1"] {
        let f = w.join(n);
        Index::open(&index_path(&f), &f).unwrap().load().unwrap();
    }
    // --max-total-size deletes the oldest files, and their indexes with them.
    let m = dir.path().join("m");
    fs::create_dir(&m).unwrap();
    ok(
        CAPTURE,
        &[
            "-r",
            i,
            "-w",
            m.join("g").to_str().unwrap(),
            "-C",
            "1",
            "--max-total-size",
            "2500000",
            "--index",
        ],
    );
    let files = rotated(&m);
    let idx: Vec<PathBuf> = fs::read_dir(&m)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".idx"))
        .collect();
    assert!(files.len() < 5, "{files:?}");
    assert_eq!(idx.len(), files.len());
    for f in &files {
        Index::open(&index_path(f), f).unwrap().load().unwrap();
    }
}

#[test]
fn query_writes_what_tcpdump_writes() {
    let fx = Fixture::new("write", 12_000, 13);
    let reference = rotated(&fx.sub("td"));
    let list = fx.dir.path().join("list");
    let cap = fx.sub("cap");
    for expr in ["tcp port 443 or vlan 20", "ip6 and not tcp", ""] {
        let theirs = fx.dir.path().join("theirs.pcap");
        let ours = fx.dir.path().join("ours.pcap");
        let text: String = reference
            .iter()
            .map(|f| format!("{}\n", f.display()))
            .collect();
        fs::write(&list, text).unwrap();
        let mut args = vec![
            "-Z",
            "root",
            "-V",
            list.to_str().unwrap(),
            "-w",
            theirs.to_str().unwrap(),
        ];
        if !expr.is_empty() {
            args.push(expr);
        }
        ok("tcpdump", &args);
        let mut args = vec!["query", "-w", ours.to_str().unwrap(), cap.to_str().unwrap()];
        if !expr.is_empty() {
            args.push(expr);
        }
        ok(CAPTURE, &args);
        assert!(
            fs::read(&ours).unwrap() == fs::read(&theirs).unwrap(),
            "-w '{expr}'"
        );
    }
}

/// The file a query writes has the header `tcpdump -V LIST -w` gives it: the first file's
/// snapshot length and link-type field (bits above the link type included), also when
/// nothing in that file matches, or nothing at all.
/// Two files of 200 frames each, the second after the first in time, in a new directory
/// `data`, indexed: `a.pcap` with a snapshot length of its own and an FCS length above its
/// link type, then `b.pcap`; and the frames of each.
fn two_files(data: &Path) -> ([PathBuf; 2], Vec<Frame>, Vec<Frame>) {
    fs::create_dir(data).unwrap();
    let spec = TrafficSpec {
        seed: 17,
        ..TrafficSpec::default()
    };
    let mut early: Vec<Frame> = Traffic::new(spec).take(400).collect();
    let late = early.split_off(200);
    let files = [data.join("a.pcap"), data.join("b.pcap")];
    for (path, part, snaplen, field) in [
        (&files[0], &early, 1000u32, 0x0400_0001u32),
        (&files[1], &late, 65535, 1),
    ] {
        let mut bytes = Vec::new();
        write_pcap_header(&mut bytes, snaplen).unwrap();
        bytes[20..24].copy_from_slice(&field.to_le_bytes());
        for f in part {
            write_pcap_record(&mut bytes, f).unwrap();
        }
        fs::write(path, bytes).unwrap();
    }
    ok(CAPTURE, &["index", data.to_str().unwrap()]);
    (files, early, late)
}

#[test]
fn the_written_header_is_the_first_files_as_tcpdumps() {
    let dir = TempDir::new("header");
    let data = dir.path().join("data");
    let (files, early, late) = two_files(&data);
    assert_indexed(&data);
    // A host only the later file has.
    let host = |part: &[Frame]| -> Vec<String> {
        part.iter()
            .filter_map(|f| seen(&f.data).v4.map(|(s, _)| v4(s)))
            .collect()
    };
    let in_early = host(&early);
    let only_late = host(&late)
        .into_iter()
        .find(|h| !in_early.contains(h))
        .expect("a host of the later file only");
    let list = dir.path().join("list");
    let only_late = format!("host {only_late}");
    for expr in [only_late.as_str(), "host 203.0.113.77", ""] {
        let theirs = dir.path().join("theirs.pcap");
        let ours = dir.path().join("ours.pcap");
        let (code, _) = tcpdump_over(
            &files,
            &["-Z", "root", "-w", theirs.to_str().unwrap()],
            expr,
            &list,
        );
        assert_eq!(code, 0, "tcpdump '{expr}'");
        let (code, _) = query(&data, &["-w", ours.to_str().unwrap()], expr);
        assert_eq!(code, 0, "'{expr}'");
        let (ours, theirs) = (fs::read(&ours).unwrap(), fs::read(&theirs).unwrap());
        assert_eq!(ours[..24], theirs[..24], "the header, '{expr}'");
        assert!(ours == theirs, "-w '{expr}'");
    }
}

/// A file that cannot be read at all (its header cut short, as a disk that filled up as it
/// was created leaves it) is named on stderr in libpcap's words, and the answer comes from
/// the other files, with exit status 1, as for a file that fails part-way.
#[test]
fn an_unreadable_file_is_named_and_the_others_answer() {
    let dir = TempDir::new("unreadable");
    let data = dir.path().join("data");
    let (files, _, _) = two_files(&data);
    let short = data.join("c.pcap");
    fs::write(&short, &fs::read(&files[1]).unwrap()[..10]).unwrap();
    let (code, _, theirs) = run("tcpdump", &["-r", short.to_str().unwrap()]);
    assert_eq!(code, 1, "{theirs}");
    let why = theirs.strip_prefix("tcpdump: ").unwrap();
    let list = dir.path().join("list");
    for expr in ["tcp", ""] {
        let (code, want) = tcpdump_over(&files, &["-nn"], expr, &list);
        assert_eq!(code, 0);
        let (code, got, err) = query_process(&data, expr);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "'{expr}'"
        );
        assert_eq!(err, format!("capture: {}: {why}", short.display()));
        assert_eq!(code, 1);
    }
    // Nothing readable at all: no file is written, as tcpdump -w writes none when the file
    // it reads fails before its first packet.
    let alone = dir.path().join("alone");
    fs::create_dir(&alone).unwrap();
    fs::rename(&short, alone.join("c.pcap")).unwrap();
    let out = dir.path().join("out.pcap");
    let (code, _, err) = run(
        CAPTURE,
        &[
            "query",
            "-w",
            out.to_str().unwrap(),
            alone.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(!out.exists());
}

/// A file damaged part-way (a record cut short, as a capture killed mid-write leaves it) is
/// indexed up to the damage, and a query reports the damage as `tcpdump -r` does, whether
/// the index gives candidates before it, none, or every packet: the packets before the
/// damage, libpcap's words on stderr, exit status 1. A file of a link type libpcap does not
/// know is refused as tcpdump refuses it, even with no expression.
#[test]
fn a_damaged_file_is_reported_as_tcpdump_reports_it() {
    let dir = TempDir::new("damaged-query");
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    let file = data.join("cut.pcap");
    let frames = generate(&file, 300, 23);
    let mut bytes = fs::read(&file).unwrap();
    let mut last = Vec::new();
    write_pcap_record(&mut last, &frames[0]).unwrap();
    bytes.extend_from_slice(&last[..last.len() - 3]);
    fs::write(&file, &bytes).unwrap();
    let (code, _, err) = run(CAPTURE, &["index", data.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    Index::open(&index_path(&file), &file).unwrap();
    let host = seen(&frames[7].data).v4.map(|(s, _)| v4(s)).unwrap();
    for expr in [
        format!("host {host}"),
        "host 203.0.113.77".into(),
        String::new(),
    ] {
        let (code, want, theirs) = run("tcpdump", &["-nn", "-r", file.to_str().unwrap(), &expr]);
        assert_eq!(code, 1, "{theirs}");
        let why = theirs.lines().last().unwrap();
        let why = why.strip_prefix("tcpdump: pcap_loop: ").unwrap();
        let (code, got, err) = query_process(&data, &expr);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "'{expr}'"
        );
        assert_eq!(
            err,
            format!("capture: {}: {why}\n", file.display()),
            "'{expr}'"
        );
        assert_eq!(code, 1, "'{expr}'");
    }

    // A link type libpcap does not know: the header's field set to one.
    let mut unknown = fs::read(&file).unwrap();
    unknown.truncate(24);
    unknown[20..24].copy_from_slice(&54_273u32.to_le_bytes());
    fs::remove_file(&file).unwrap();
    fs::remove_file(index_path(&file)).unwrap();
    let odd = data.join("odd.pcap");
    fs::write(&odd, unknown).unwrap();
    ok(CAPTURE, &["index", data.to_str().unwrap()]);
    let (code, _, theirs) = run("tcpdump", &["-nn", "-r", odd.to_str().unwrap()]);
    assert_eq!(code, 1);
    let (code, got, err) = query_process(&data, "");
    assert!(got.is_empty());
    assert_eq!(
        err,
        format!(
            "capture: {}\n",
            theirs
                .lines()
                .last()
                .unwrap()
                .strip_prefix("tcpdump: ")
                .unwrap()
        )
    );
    assert_eq!(code, 1);
    // Damaged from its first record on, and not indexed: read, and the damage reported.
    let first = dir.path().join("first");
    fs::create_dir(&first).unwrap();
    let cut = first.join("cut.pcap");
    fs::write(&cut, &bytes[..34]).unwrap();
    let (code, _, theirs) = run("tcpdump", &["-nn", "-r", cut.to_str().unwrap()]);
    assert_eq!(code, 1);
    let why = theirs.lines().last().unwrap();
    let why = why.strip_prefix("tcpdump: pcap_loop: ").unwrap();
    let (code, got, err) = query_process(&first, "");
    assert!(got.is_empty());
    assert_eq!(err, format!("capture: {}: {why}\n", cut.display()));
    assert_eq!(code, 1);
}

/// From `--notices`: candidates and packets summed over the files that have candidates, and
/// the packets printed.
fn candidates(dir: &Path, expr: &str) -> (u64, u64, u64) {
    let (code, out, err) = run(
        CAPTURE,
        &["query", "--notices", "-nn", dir.to_str().unwrap(), expr],
    );
    assert_eq!(code, 0, "{err}");
    let (mut cands, mut packets) = (0, 0);
    for line in err.lines() {
        // capture: FILE: N of M packets are candidates, read ...
        let words: Vec<&str> = line.split_whitespace().collect();
        let at = words.iter().position(|w| *w == "of").unwrap();
        cands += words[at - 1].parse::<u64>().unwrap();
        packets += words[at + 1].parse::<u64>().unwrap();
    }
    // A packet's first line starts with its time (SCTP chunks follow on lines of their own).
    let matched = String::from_utf8_lossy(&out)
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .count() as u64;
    (cands, packets, matched)
}

#[test]
fn the_index_narrows_to_the_packets_that_match() {
    let fx = Fixture::new("narrow", 30_000, 17);
    let s = seen(&fx.frames[100].data);
    let (a, b) = s.v4.or_else(|| seen(&fx.frames[101].data).v4).unwrap();
    let exact = [
        format!("host {}", v4(a)),
        format!("src host {} and dst host {}", v4(a), v4(b)),
        format!("net {}/24", v4([a[0], a[1], a[2], 0])),
        "vlan 20".to_string(),
        "vlan 100 and host 10.0.0.5".to_string(),
        "ip proto 47".to_string(),
        "sctp or icmp".to_string(),
    ];
    for e in &exact {
        let (cands, _, matched) = candidates(&fx.sub("cap"), e);
        assert_eq!(
            cands, matched,
            "{e}: the index gives exactly the matching packets"
        );
    }
    // Ports: the index also holds the bytes at the port offset of IP fragments, which the
    // filter then rejects; IPv6 addresses: frames cut inside an address may match on its
    // first words. A few more candidates than matches, never fewer.
    let a6 = fx.frames.iter().find_map(|f| seen(&f.data).v6).unwrap().0;
    let v6_host = format!("host {}", v6(a6));
    for e in [
        "port 443",
        "tcp dst port 22 or udp port 5000",
        "portrange 1-1024",
        &v6_host,
    ] {
        let (cands, _, matched) = candidates(&fx.sub("cap"), e);
        // About 3 % of the frames are cut short; a few hundred of them hold IPv6 addresses.
        assert!(
            cands >= matched && cands <= matched + matched / 20 + 200,
            "{e}: {cands} {matched}"
        );
        assert!(cands < 30_000 / 2, "{e}");
    }
    // What the index cannot narrow reads everything in the files.
    let (cands, packets, _) = candidates(&fx.sub("cap"), "greater 1000");
    assert_eq!((cands, packets), (30_000, 30_000));
}

/// Files of three sensors cover the same minutes (one capture's rotated files never overlap;
/// several captures' files do): the query interleaves their packets in time order, which is
/// what tcpdump prints over the files merged chronologically by Wireshark's mergecap.
#[test]
fn overlapping_files_come_out_in_time_order_as_mergecap_merges_them() {
    let dir = TempDir::new("overlap");
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    for (k, name) in ["a", "b", "c"].into_iter().enumerate() {
        let input = dir.path().join(format!("{name}.pcap"));
        let spec = TrafficSpec {
            seed: 40 + k as u64,
            ..TrafficSpec::default()
        };
        let mut w = std::io::BufWriter::new(fs::File::create(&input).unwrap());
        write_pcap_header(&mut w, spec.snaplen).unwrap();
        for mut f in Traffic::new(spec).take(6000) {
            // Microsecond times that never tie across sensors (sensor k's are k mod 3), so
            // "in time order" has one meaning whatever order ties would take.
            let us = f.ts_ns / 1000;
            f.ts_ns = (us - us % 3 + k as i64) * 1000;
            write_pcap_record(&mut w, &f).unwrap();
        }
        w.flush().unwrap();
        let out = data.join(name);
        ok(
            CAPTURE,
            &[
                "-r",
                input.to_str().unwrap(),
                "-w",
                out.to_str().unwrap(),
                "-C",
                "1",
                "--index",
            ],
        );
    }
    let files = rotated(&data);
    assert!(files.len() >= 6, "{files:?}");
    let merged = dir.path().join("merged.pcap");
    let mut args = vec!["-F", "pcap", "-w", merged.to_str().unwrap()];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    ok("mergecap", &args);
    let m = merged.to_str().unwrap();
    for expr in [
        "",
        "tcp",
        "udp port 53 or vlan 20",
        "host 10.0.0.5",
        "ip6 and not tcp",
    ] {
        let mut args = vec!["-nn", "-r", m];
        if !expr.is_empty() {
            args.push(expr);
        }
        let want = ok("tcpdump", &args);
        let (code, got) = query(&data, &["-nn"], expr);
        assert_eq!(code, 0, "'{expr}'");
        assert!(!want.is_empty(), "'{expr}' matches packets");
        assert!(
            got == want,
            "'{expr}': capture query {} lines, mergecap | tcpdump {} lines",
            got.split(|&b| b == b'\n').count(),
            want.split(|&b| b == b'\n').count()
        );
    }
    // The merge is needed: the files one after another (tcpdump -V) print another order.
    let (_, in_turn) = tcpdump_over(&files, &["-nn"], "", &dir.path().join("list"));
    let (_, merged_out) = query(&data, &["-nn"], "");
    assert!(in_turn != merged_out && in_turn.len() == merged_out.len());
}

/// A mistake on `capture index`'s command line is one line on stderr and exit status 1.
#[test]
fn index_command_line_mistakes_are_one_line() {
    for (args, said) in [
        (
            &["index", "--workers", "2", "d"][..],
            "unexpected argument '--workers' found",
        ),
        (
            &["index"],
            "the following required arguments were not provided: <FILE|DIR>...",
        ),
        (
            &["index", "--jobs", "0", "d"],
            "invalid value '0' for '--jobs <N>': 0 is not in 1..=1024",
        ),
    ] {
        let (code, out, err) = run(CAPTURE, args);
        assert_eq!(
            (code, out.len(), err),
            (
                1,
                0,
                format!("capture index: {said} (capture index --help)\n")
            ),
            "{args:?}"
        );
    }
}

/// A query compiles its expression for each file as `tcpdump -r` does for that file: two BSD
/// loopback files, little- and big-endian (each one's `AF_` values in its own byte order),
/// with and without an index, print what tcpdump prints reading each file in turn (not with
/// `-V`, which keeps the first file's program for a second file of the same link type).
#[test]
fn each_file_is_filtered_as_tcpdump_filters_it() {
    let dir = TempDir::new("loopback");
    let files = [dir.path().join("a.pcap"), dir.path().join("b.pcap")];
    fs::write(&files[0], common::loopback_file(false, 1_700_000_000)).unwrap();
    fs::write(&files[1], common::loopback_file(true, 1_700_000_100)).unwrap();
    for indexed in [false, true] {
        if indexed {
            ok(CAPTURE, &["index", dir.path().to_str().unwrap()]);
            assert_indexed(dir.path());
        }
        for expr in ["ip6", "ip or ip6", "not ip6", ""] {
            let mut theirs = Vec::new();
            for f in &files {
                let mut args = vec!["-n", "-r", f.to_str().unwrap()];
                if !expr.is_empty() {
                    args.push(expr);
                }
                theirs.extend(ok("tcpdump", &args));
            }
            let (code, ours) = query(dir.path(), &["-n"], expr);
            assert_eq!(code, 0, "{expr}");
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs),
                "'{expr}', indexed: {indexed}"
            );
        }
    }
    let (_, ours) = query(dir.path(), &["-n"], "ip6");
    assert_eq!(ours.iter().filter(|&&b| b == b'\n').count(), 6);
}

/// `--count` and `--print` as `-r` has them: `--count` prints only tcpdump's count line
/// (also after `-c`, and with `-w`, which still writes), `-w` with `--print` writes and prints;
/// what tcpdump refuses with `-r` (`-V`, `-f`) or only a capture can use is refused. Each beside `tcpdump -V` over the same files
/// (which do not overlap in time, so one run over them is the merge).
#[test]
fn query_counts_and_prints_while_writing_as_tcpdump() {
    let fx = Fixture::new("count", 6_000, 17);
    let reference = rotated(&fx.sub("td"));
    let list = fx.dir.path().join("list");
    let cap = fx.sub("cap");
    let cap = cap.to_str().unwrap();
    let theirs = fx.dir.path().join("theirs.pcap");
    let ours = fx.dir.path().join("ours.pcap");
    // Each flag set with `OUT` standing for the file written.
    let with = |flags: &[&'static str], out: &Path| -> Vec<String> {
        flags
            .iter()
            .map(|&f| match f {
                "OUT" => out.to_str().unwrap().to_string(),
                f => f.to_string(),
            })
            .collect()
    };
    for expr in [
        "tcp port 443 or vlan 20",
        "ip6 and not tcp",
        "host 203.0.113.77",
    ] {
        for flags in [
            &["--count"][..],
            &["-w", "OUT", "--count"],
            &["-w", "OUT", "--print", "-n"],
            &["-w", "OUT", "--print", "-v", "--count"],
        ] {
            let mut args = vec!["-Z".to_string(), "root".to_string()];
            args.extend(with(flags, &theirs));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, printed) = tcpdump_over(&reference, &args, expr, &list);
            assert_eq!(code, 0);
            let mut args = vec!["query".to_string()];
            args.extend(with(flags, &ours));
            args.extend([cap.to_string(), expr.to_string()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            assert_eq!(
                String::from_utf8_lossy(&ok(CAPTURE, &args)),
                String::from_utf8_lossy(&printed),
                "{flags:?} '{expr}'"
            );
            if flags.contains(&"-w") {
                assert!(fs::read(&ours).unwrap() == fs::read(&theirs).unwrap());
            }
        }
    }
    // -c 3: the first three of the first file that has three.
    let (_, printed, _) = run(
        "tcpdump",
        &[
            "-r",
            reference[0].to_str().unwrap(),
            "-c",
            "3",
            "--count",
            "udp",
        ],
    );
    assert_eq!(printed, b"3 packets\n");
    assert_eq!(
        ok(CAPTURE, &["query", "-c", "3", "--count", cap, "udp"]),
        printed
    );
    // What tcpdump refuses with -r or -V, or only a capture can use: one line, exit 1.
    let list = list.to_str().unwrap();
    for (flag, words) in [
        ("-V", &["-V", list][..]),
        ("-f", &["-f"]),
        ("-r", &["-r", list]),
        ("-i", &["-i", "lo"]),
        ("-d", &["-d"]),
        ("-Z", &["-Z", "nobody"]),
    ] {
        let mut args = vec!["query"];
        args.extend_from_slice(words);
        args.extend([cap, "udp"]);
        let (code, _, err) = run(CAPTURE, &args);
        assert_eq!(
            (code, err),
            (1, format!("capture: {flag} cannot be used with query\n"))
        );
    }
}
