//! `-E` (ESP and IKEv2 decryption) and `-M` (TCP-MD5 signatures) against tcpdump 4.99.3 run
//! side by side on the same files: standard output byte for byte, standard error with the
//! program's name aside, and the exit status. The crypto.tests cases of tcpdump's suite are
//! also held to their expected output; the `-M` captures are made here.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use md5::Digest;

/// tcpdump's test directory, as vendored (the `@TESTDIR@` of crypto.tests).
fn testdir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/conformance/tcpdump-4.99.3-suite/tests")
}

/// What one program printed and how it ended.
#[derive(Debug, PartialEq, Eq)]
struct Ran {
    stdout: String,
    stderr: String,
    status: Option<i32>,
}

fn run(program: &str, args: &[String]) -> Ran {
    let out = Command::new(program)
        .current_dir(testdir())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    Ran {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code(),
    }
}

/// Runs tcpdump and capture as tcpdump's harness does (`-# -n -r INPUT ARGS`), asserts they
/// agree, and returns what tcpdump did.
fn both(input: &Path, args: &[&str]) -> Ran {
    let mut argv: Vec<String> = vec!["-#".into(), "-n".into(), "-r".into()];
    argv.push(input.to_string_lossy().into_owned());
    argv.extend(args.iter().map(|a| a.to_string()));
    let reference = run("tcpdump", &argv);
    let mut ours = run(env!("CARGO_BIN_EXE_capture"), &argv);
    // The program's name starts each of its lines on stderr.
    ours.stderr = ours
        .stderr
        .lines()
        .map(|l| match l.strip_prefix("capture:") {
            Some(rest) => format!("tcpdump:{rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    assert_eq!(ours, reference, "tcpdump -# -n -r {input:?} {args:?}");
    reference
}

/// A crypto.tests case: capture and tcpdump agree, and tcpdump's output is the expected one.
fn case(input: &str, expected: &str, args: &[&str]) {
    let dir = testdir();
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("@TESTDIR@", &dir.to_string_lossy()))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let ran = both(&dir.join(input), &args);
    let want = std::fs::read_to_string(dir.join(expected)).expect("the expected output");
    assert_eq!(ran.stdout, want, "{input} {args:?}");
    assert_eq!(ran.status, Some(0));
}

const ESP1_KEY: &str = "3des-cbc-hmac96:0x4043434545464649494a4a4c4c4f4f515152525454575758";

#[test]
fn esp1() {
    let secret = format!("0x12345678@192.1.2.45 {ESP1_KEY}");
    case("02-sunrise-sunset-esp.pcap", "esp1.out", &["-E", &secret]);
}

#[test]
fn esp2() {
    case(
        "08-sunrise-sunset-esp2.pcap",
        "esp2.out",
        &[
            "-E",
            "0x12345678@192.1.2.45 3des-cbc-hmac96:0x43434545464649494a4a4c4c4f4f51515252545457575840,\
             0xabcdabcd@192.0.1.1 3des-cbc-hmac96:0x434545464649494a4a4c4c4f4f5151525254545757584043",
        ],
    );
}

#[test]
fn esp3_default_sa() {
    case("02-sunrise-sunset-esp.pcap", "esp1.out", &["-E", ESP1_KEY]);
}

#[test]
fn esp4_secrets_file() {
    case(
        "08-sunrise-sunset-esp2.pcap",
        "esp2.out",
        &["-E", "file @TESTDIR@/esp-secrets.txt"],
    );
}

#[test]
fn esp5_aes() {
    case(
        "08-sunrise-sunset-aes.pcap",
        "esp5.out",
        &["-E", "file @TESTDIR@/esp-secrets.txt"],
    );
}

#[test]
fn espudp1() {
    case(
        "espudp1.pcap",
        "espudp1.out",
        &["-nnnn", "-E", "file @TESTDIR@/esp-secrets.txt"],
    );
}

#[test]
fn ikev2pi2() {
    case(
        "ikev2pI2.pcap",
        "ikev2pI2.out",
        &[
            "-v",
            "-v",
            "-v",
            "-v",
            "-E",
            "file @TESTDIR@/ikev2pI2-secrets.txt",
        ],
    );
}

#[test]
fn isakmp4() {
    case(
        "isakmp4500.pcap",
        "isakmp4.out",
        &["-E", "file @TESTDIR@/esp-secrets.txt"],
    );
}

/// Runs both on the first ESP capture with `-E secret`; returns tcpdump's run.
fn esp_with(secret: &str) -> Ran {
    both(
        &testdir().join("02-sunrise-sunset-esp.pcap"),
        &["-E", secret],
    )
}

#[test]
fn secrets_that_do_not_parse_are_warned_about() {
    for (secret, warning) in [
        ("bogus", "WARNING: failed to decode espsecret: bogus\n"),
        (
            "foo-cbc:0x1234",
            "WARNING: failed to find cipher algo foo\n",
        ),
        (
            "aes-128-cbc:0x00",
            "WARNING: failed to find cipher algo aes-128\n",
        ),
        (
            "zz@192.1.2.45 3des:0x01",
            "WARNING: print_esp: failed to decode spi# zz\n",
        ),
        (
            "0x1@nowhere 3des:0x01",
            "WARNING: print_esp: can not decode IP# nowhere\n",
        ),
        (
            "ikev2 I 0x00 0x01 sha1:0x01 aes128:0x01",
            "WARNING: print_esp: line cmdline:0 improperly formatted.\n",
        ),
        (
            "ikev2 I 0x00",
            "WARNING: print_esp: failed to find all fields",
        ),
    ] {
        let ran = esp_with(secret);
        assert!(ran.stderr.contains(warning), "{secret}: {}", ran.stderr);
        assert_eq!(ran.status, Some(0), "{secret}");
        // Nothing is decrypted: each packet is its ESP header alone.
        assert!(
            ran.stdout.lines().all(|l| l.ends_with("length 116")),
            "{secret}"
        );
    }
}

#[test]
fn a_missing_secrets_file_or_a_bad_hex_digit_ends_the_run() {
    let ran = esp_with("file /nonexistent/secrets");
    assert_eq!(ran.status, Some(13));
    assert!(ran.stderr.contains(
        "tcpdump: esp_print_decode_onesecret: can't open /nonexistent/secrets: \
         No such file or directory\n"
    ));
    // The first packet's line so far is printed, without its end.
    assert!(ran.stdout.ends_with("length 116"), "{:?}", ran.stdout);
    let ran = esp_with("3des:0x12zz");
    assert_eq!(ran.status, Some(15));
    assert!(
        ran.stderr
            .contains("tcpdump: invalid hex digit z in espsecret\n")
    );
    // The first digit of a pair is read first.
    let ran = esp_with("3des:0xgz");
    assert!(
        ran.stderr
            .contains("tcpdump: invalid hex digit g in espsecret\n")
    );
    // The secrets are read at the first ESP or ISAKMP packet: without one, never.
    let ran = both(
        &testdir().join("print-flags.pcap"),
        &["-E", "file /nonexistent/secrets"],
    );
    assert_eq!(ran.status, Some(0));
    let ran = both(
        &testdir().join("isakmp4500.pcap"),
        &["-E", "file /nonexistent/secrets"],
    );
    assert_eq!(ran.status, Some(13));
}

/// With `-w FILE --print`, the run that ends at the first ESP packet keeps what it wrote: the
/// file holds what tcpdump's holds (its exit flushes the dump file), that packet included.
#[test]
fn a_run_ended_by_the_secrets_keeps_its_file() {
    let dir = std::env::temp_dir().join(format!("capture-crypto-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = testdir().join("08-sunrise-sunset-esp2.pcap");
    let mut files = Vec::new();
    for (program, name) in [
        ("tcpdump", "t.pcap"),
        (env!("CARGO_BIN_EXE_capture"), "c.pcap"),
    ] {
        let out = dir.join(name);
        let mut argv: Vec<String> = vec!["-n".into(), "-r".into()];
        argv.push(input.to_string_lossy().into_owned());
        // -Z root: Debian's tcpdump would otherwise give up root before creating the file.
        for a in [
            "-Z",
            "root",
            "--print",
            "-E",
            "file /nonexistent/secrets",
            "-w",
        ] {
            argv.push(a.into());
        }
        argv.push(out.to_string_lossy().into_owned());
        let ran = run(program, &argv);
        assert_eq!(ran.status, Some(13), "{program}: {ran:?}");
        files.push(std::fs::read(&out).unwrap());
    }
    std::fs::remove_dir_all(&dir).unwrap();
    // The file header and the first packet.
    assert!(files[0].len() > 24, "{}", files[0].len());
    assert!(
        files[1] == files[0],
        "{} bytes against tcpdump's {}",
        files[1].len(),
        files[0].len()
    );
}

#[test]
fn a_wrong_key_or_cipher_decrypts_to_garbage_or_warns() {
    // Garbage: bad pad lengths and next headers, printed as tcpdump prints them.
    let ran = esp_with("3des-cbc-hmac96:0x000000000000000000000000000000000000000000000000");
    assert!(ran.stdout.contains("[|esp]"), "{}", ran.stdout);
    // Ciphertexts that are not whole blocks of the cipher given.
    let ran = esp_with("aes128:0x4043434545464649494a4a4c4c4f4f51");
    assert!(ran.stderr.contains(
        "WARNING: esp_print: ciphertext size 92 is not a multiple of the cipher block size 16\n"
    ));
    // OpenSSL's own names and modes: ECB for des-ede3 (the "-cbc" suffix is cut first).
    esp_with("des-ede3-cbc:0x4043434545464649494a4a4c4c4f4f515152525454575758");
    esp_with("DES-EDE3-CBC:0x4043434545464649494a4a4c4c4f4f515152525454575758");
    esp_with("des-ede-cbc-hmac96:0x4043434545464649494a4a4c4c4f4f51");
    esp_with("aes256:0xaaaabbbbccccdddd4043434545464649494a4a4c4c4f4f515152525454575758");
    // A text secret, and a hex secret too big for tcpdump's buffer.
    esp_with("3des-cbc-hmac96:a text secret");
    let ran = esp_with(&format!("3des:0x{}", "ab".repeat(257)));
    assert!(ran.stderr.contains("WARNING: secret is too big: 257\n"));
}

#[test]
fn ikev2_with_a_wrong_key() {
    let dir = common::TempDir::new("crypto-ikev2");
    let file = dir.path().join("secrets");
    std::fs::write(
        &file,
        "# wrong keys\n\
         ikev2 I 0x0001020304050607 0xc02e7a3031a03188 sha1:0x00 aes128:0x3f44bf47cafd8150591deb088199fcb0\n\
         ikev2 R 0x0001020304050607 0xc02e7a3031a03188 md5:0x00 3des:0x00\n\
         ikev2 X 0x0001020304050607 0xc02e7a3031a03188 sha1:0x00 aes128:0x00\n",
    )
    .unwrap();
    let secret = format!("file {}", file.display());
    both(&testdir().join("ikev2pI2.pcap"), &["-vvvv", "-E", &secret]);
}

/// A TCP segment with an MD5 signature option over IPv4 or IPv6, in an Ethernet frame; the
/// signature is the one `secret` gives, with its first byte flipped unless `valid`.
fn md5_segment(v6: bool, secret: &[u8], valid: bool) -> Vec<u8> {
    let payload = b"BGP would be here";
    let mut tcp = vec![0u8; 40];
    tcp[0..2].copy_from_slice(&179u16.to_be_bytes());
    tcp[2..4].copy_from_slice(&40000u16.to_be_bytes());
    tcp[4..8].copy_from_slice(&1000u32.to_be_bytes());
    tcp[8..12].copy_from_slice(&2000u32.to_be_bytes());
    tcp[12] = 10 << 4; // 40-byte header
    tcp[13] = 0x18; // PSH ACK
    tcp[14..16].copy_from_slice(&512u16.to_be_bytes());
    tcp[16..18].copy_from_slice(&[0xab, 0xcd]); // a checksum the signature leaves out
    tcp[20] = 19;
    tcp[21] = 18;
    tcp[38] = 1;
    tcp[39] = 1;
    let tcp_len = (tcp.len() + payload.len()) as u16;
    let (src4, dst4) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let (src6, dst6) = (
        [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
    );
    let mut h = md5::Md5::new();
    if v6 {
        h.update(src6);
        h.update(dst6);
        h.update(u32::from(tcp_len).to_be_bytes());
        h.update([0, 0, 0, 6]);
    } else {
        h.update(src4);
        h.update(dst4);
        h.update([0, 6]);
        h.update(tcp_len.to_be_bytes());
    }
    let mut plain = tcp[..20].to_vec();
    plain[16..18].fill(0);
    h.update(&plain);
    h.update(payload);
    h.update(secret);
    let mut sig: [u8; 16] = h.finalize().into();
    if !valid {
        sig[0] ^= 1;
    }
    tcp[22..38].copy_from_slice(&sig);
    let mut frame = vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    if v6 {
        frame.extend([0x86, 0xdd, 0x60, 0, 0, 0]);
        frame.extend(tcp_len.to_be_bytes());
        frame.extend([6, 64]);
        frame.extend(src6);
        frame.extend(dst6);
    } else {
        frame.extend([0x08, 0x00, 0x45, 0]);
        frame.extend((20 + tcp_len).to_be_bytes());
        frame.extend([0, 1, 0, 0, 64, 6, 0, 0]);
        frame.extend(src4);
        frame.extend(dst4);
    }
    frame.extend(tcp);
    frame.extend(payload);
    frame
}

/// A pcap file of Ethernet frames; each record keeps `caplen` bytes of its frame at most.
fn pcap(frames: &[(Vec<u8>, usize)]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend(0xa1b2_c3d4u32.to_le_bytes());
    f.extend(2u16.to_le_bytes());
    f.extend(4u16.to_le_bytes());
    f.extend([0; 8]);
    f.extend(65535u32.to_le_bytes());
    f.extend(1u32.to_le_bytes());
    for (i, (frame, caplen)) in frames.iter().enumerate() {
        let cap = frame.len().min(*caplen);
        f.extend((1_700_000_000 + i as u32).to_le_bytes());
        f.extend(0u32.to_le_bytes());
        f.extend((cap as u32).to_le_bytes());
        f.extend((frame.len() as u32).to_le_bytes());
        f.extend(&frame[..cap]);
    }
    f
}

#[test]
fn tcp_md5_signatures_are_checked_with_the_secret() {
    let secret = b"s3cret";
    let frames = [
        (md5_segment(false, secret, true), usize::MAX),
        (md5_segment(false, secret, false), usize::MAX),
        (md5_segment(true, secret, true), usize::MAX),
        (md5_segment(true, secret, false), usize::MAX),
        // Cut short: the signature cannot be checked.
        (md5_segment(false, secret, true), 80),
    ];
    let dir = common::TempDir::new("crypto-md5");
    let file = dir.path().join("md5.pcap");
    std::fs::write(&file, pcap(&frames)).unwrap();
    let ran = both(&file, &["-M", "s3cret"]);
    let verdicts: Vec<&str> = ran
        .stdout
        .lines()
        .map(|l| {
            if l.contains("md5 valid") {
                "valid"
            } else if l.contains("md5  (invalid)") {
                "invalid"
            } else if l.contains("snaplen too short") {
                "short"
            } else {
                l
            }
        })
        .collect();
    assert_eq!(
        verdicts,
        ["valid", "invalid", "valid", "invalid", "short"],
        "{}",
        ran.stdout
    );
    // Another secret makes every signature wrong; none leaves them unchecked.
    let ran = both(&file, &["-M", "other"]);
    assert_eq!(ran.stdout.matches("(invalid)").count(), 4, "{}", ran.stdout);
    let ran = both(&file, &[]);
    assert_eq!(
        ran.stdout
            .matches("shared secret not supplied with -M")
            .count(),
        4,
        "{}",
        ran.stdout
    );
    both(&file, &["-v", "-M", "s3cret"]);
}

/// A raw-IP pcap file of `(captured bytes, length on the wire)` records.
fn raw_pcap(records: &[(Vec<u8>, usize)]) -> Vec<u8> {
    let mut f = Vec::new();
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 101] {
        f.extend(v.to_le_bytes());
    }
    for (i, (data, wire)) in records.iter().enumerate() {
        for v in [i as u32, 0, data.len() as u32, *wire as u32] {
            f.extend(v.to_le_bytes());
        }
        f.extend(data);
    }
    f
}

/// Hostile ESP: random payloads of every awkward length (short, not whole blocks, bad pad
/// lengths), cut anywhere, in IPv4, IPv6, UDP 4500 and IPv4 fragments, decrypted with each
/// kind of secret at several `-v` levels: what tcpdump prints, warnings included.
#[test]
fn hostile_esp_packets_print_as_tcpdump_prints_them() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let lengths = [
        0, 1, 2, 7, 8, 9, 15, 16, 23, 24, 31, 32, 33, 40, 47, 48, 64, 100,
    ];
    let mut records = Vec::new();
    for i in 0..400u32 {
        let n = match next() % 4 {
            0 => (next() % 200) as usize,
            _ => lengths[(next() % lengths.len() as u64) as usize],
        };
        let spi: u32 = [1, 0x1234_5678, 2][(next() % 3) as usize];
        let mut esp = [spi.to_be_bytes(), i.to_be_bytes()].concat();
        esp.extend((0..n).map(|_| next() as u8));
        let ip4 = |proto: u8, payload: &[u8], frag: u16| {
            let mut h = vec![
                0x45, 0, 0, 0, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
            ];
            h[2..4].copy_from_slice(&(20 + payload.len() as u16).to_be_bytes());
            h[6..8].copy_from_slice(&frag.to_be_bytes());
            [h, payload.to_vec()].concat()
        };
        let pkt = match next() % 4 {
            0 => ip4(50, &esp, 0),
            1 => {
                let mut h = vec![0x60, 0, 0, 0];
                h.extend((esp.len() as u16).to_be_bytes());
                h.extend([50, 64]);
                h.extend([0; 15].iter().chain(&[1]).chain(&[0; 15]).chain(&[2]));
                [h, esp].concat()
            }
            2 => {
                let mut u = [4500u16, 4500, 8 + esp.len() as u16, 0]
                    .iter()
                    .flat_map(|v| v.to_be_bytes())
                    .collect::<Vec<u8>>();
                u.extend(&esp);
                ip4(17, &u, 0)
            }
            _ => ip4(50, &esp, 0x2000),
        };
        let cap = if next() % 10 < 7 {
            pkt.len()
        } else {
            (next() % (pkt.len() as u64 + 1)) as usize
        };
        records.push((pkt[..cap].to_vec(), pkt.len()));
    }
    let dir = common::TempDir::new("crypto-hostile");
    let file = dir.path().join("esp.pcap");
    std::fs::write(&file, raw_pcap(&records)).unwrap();
    let mut decrypted = 0;
    for secret in [
        "aes128-hmac96:0x00112233",
        "3des:0x01",
        "des-ede3:0x01",
        "0x1@10.0.0.2 aes256:0x01,0x12345678@::2 3des-hmac96:0x55",
        "aes192-cbc-hmac96:secrettext",
    ] {
        for v in [&[][..], &["-v"], &["-vvv", "-x"]] {
            let args: Vec<&str> = v.iter().copied().chain(["-E", secret]).collect();
            let ran = both(&file, &args);
            // A decrypted payload follows the ESP length after a colon.
            decrypted += ran
                .stdout
                .lines()
                .filter(|l| {
                    l.split_once("), length ")
                        .is_some_and(|(_, rest)| rest.contains(": "))
                })
                .count();
        }
    }
    // Some packets decrypted to something printable: the inner printers were reached too.
    assert!(decrypted > 0);
}
