//! The IPsec Encapsulating Security Payload (RFC 4303), as tcpdump's print-esp.c built with
//! libcrypto: the SPI, the sequence number and the length, then, with `-E` secrets, the
//! decrypted payload printed as the protocol its next-header field names. The secrets also
//! decrypt IKEv2's encrypted payloads (print-isakmp.c asks [`decrypt_ikev2`]).
use std::net::{Ipv4Addr, Ipv6Addr};

use aes::cipher::{BlockDecrypt, KeyInit, generic_array::GenericArray};

use super::ip::{self, IpHdr};
use super::{Nd, Res, Trunc, be16, be32};

/// tcpdump's exit status when a secrets file cannot be opened (`S_ERR_ND_OPEN_FILE`).
const EXIT_OPEN_FILE: u8 = 13;
/// tcpdump's exit status for a bad hex digit in a secret (`S_ERR_ND_ESP_SECRET`).
const EXIT_ESP_SECRET: u8 = 15;
/// The room tcpdump has for a secret (`sa_list.secret`): longer hex secrets are refused,
/// longer text ones cut.
const SECRET_MAX: usize = 256;
/// How deep `file` lines may name further files: tcpdump keeps each open while it reads the
/// next, so a file that names itself ends when the descriptors run out.
const FILE_DEPTH_MAX: usize = 64;
/// `EMFILE`: what opening one file too many fails with.
const EMFILE: i32 = 24;

/// A block cipher tcpdump finds by its OpenSSL name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alg {
    Aes128,
    Aes192,
    Aes256,
    Des,
    Des2,
    Des3,
    Blowfish,
    Cast5,
}

/// How the blocks are chained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Cbc,
    Ecb,
}

/// A cipher and its mode: what OpenSSL's `EVP_get_cipherbyname` gives tcpdump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cipher {
    alg: Alg,
    mode: Mode,
}

/// OpenSSL's names (any case) for the ciphers capture decrypts, and tcpdump's alias `3des`.
const CIPHERS: &[(&str, Alg, Mode)] = &[
    ("aes128", Alg::Aes128, Mode::Cbc),
    ("aes-128-cbc", Alg::Aes128, Mode::Cbc),
    ("aes-128-ecb", Alg::Aes128, Mode::Ecb),
    ("aes192", Alg::Aes192, Mode::Cbc),
    ("aes-192-cbc", Alg::Aes192, Mode::Cbc),
    ("aes-192-ecb", Alg::Aes192, Mode::Ecb),
    ("aes256", Alg::Aes256, Mode::Cbc),
    ("aes-256-cbc", Alg::Aes256, Mode::Cbc),
    ("aes-256-ecb", Alg::Aes256, Mode::Ecb),
    ("3des", Alg::Des3, Mode::Cbc),
    ("des3", Alg::Des3, Mode::Cbc),
    ("des-ede3-cbc", Alg::Des3, Mode::Cbc),
    ("des-ede3", Alg::Des3, Mode::Ecb),
    ("des-ede3-ecb", Alg::Des3, Mode::Ecb),
    ("des-ede-cbc", Alg::Des2, Mode::Cbc),
    ("des-ede", Alg::Des2, Mode::Ecb),
    ("des-ede-ecb", Alg::Des2, Mode::Ecb),
    ("des", Alg::Des, Mode::Cbc),
    ("des-cbc", Alg::Des, Mode::Cbc),
    ("des-ecb", Alg::Des, Mode::Ecb),
    ("bf", Alg::Blowfish, Mode::Cbc),
    ("blowfish", Alg::Blowfish, Mode::Cbc),
    ("bf-cbc", Alg::Blowfish, Mode::Cbc),
    ("bf-ecb", Alg::Blowfish, Mode::Ecb),
    ("cast", Alg::Cast5, Mode::Cbc),
    ("cast-cbc", Alg::Cast5, Mode::Cbc),
    ("cast5-cbc", Alg::Cast5, Mode::Cbc),
    ("cast5-ecb", Alg::Cast5, Mode::Ecb),
];

impl Cipher {
    fn by_name(name: &[u8]) -> Option<Cipher> {
        CIPHERS
            .iter()
            .find(|(n, _, _)| n.as_bytes().eq_ignore_ascii_case(name))
            .map(|&(_, alg, mode)| Cipher { alg, mode })
    }

    fn block_size(self) -> usize {
        match self.alg {
            Alg::Aes128 | Alg::Aes192 | Alg::Aes256 => 16,
            _ => 8,
        }
    }

    fn iv_len(self) -> usize {
        match self.mode {
            Mode::Cbc => self.block_size(),
            Mode::Ecb => 0,
        }
    }

    /// The key length OpenSSL uses (Blowfish and CAST5 take their default of 16 bytes).
    fn key_len(self) -> usize {
        match self.alg {
            Alg::Des => 8,
            Alg::Aes128 | Alg::Des2 | Alg::Blowfish | Alg::Cast5 => 16,
            Alg::Aes192 | Alg::Des3 => 24,
            Alg::Aes256 => 32,
        }
    }

    /// Decrypts `ct` (a whole number of blocks) with `key` (zero-padded or cut to the
    /// cipher's length, as tcpdump hands OpenSSL its zeroed secret buffer) and `iv`.
    fn decrypt(self, key: &[u8], iv: &[u8], ct: &[u8]) -> Vec<u8> {
        let mut k = key.to_vec();
        k.resize(self.key_len(), 0);
        let mut pt = ct.to_vec();
        match self.alg {
            Alg::Aes128 => run::<aes::Aes128>(&k, self.mode, iv, &mut pt),
            Alg::Aes192 => run::<aes::Aes192>(&k, self.mode, iv, &mut pt),
            Alg::Aes256 => run::<aes::Aes256>(&k, self.mode, iv, &mut pt),
            Alg::Des => run::<des::Des>(&k, self.mode, iv, &mut pt),
            Alg::Des2 => run::<des::TdesEde2>(&k, self.mode, iv, &mut pt),
            Alg::Des3 => run::<des::TdesEde3>(&k, self.mode, iv, &mut pt),
            Alg::Blowfish => run::<blowfish::Blowfish>(&k, self.mode, iv, &mut pt),
            Alg::Cast5 => run::<cast5::Cast5>(&k, self.mode, iv, &mut pt),
        }
        pt
    }
}

/// Decrypts `buf` in place, block by block; CBC XORs each block with the ciphertext before
/// it (the IV for the first).
fn run<C: BlockDecrypt + KeyInit>(key: &[u8], mode: Mode, iv: &[u8], buf: &mut [u8]) {
    // Every key length passed is one the cipher takes.
    let Ok(c) = C::new_from_slice(key) else {
        return;
    };
    let bs = C::block_size();
    let mut prev = iv.to_vec();
    for block in buf.chunks_exact_mut(bs) {
        let saved = block.to_vec();
        c.decrypt_block(GenericArray::from_mut_slice(block));
        if mode == Mode::Cbc {
            block.iter_mut().zip(&prev).for_each(|(b, p)| *b ^= p);
            prev = saved;
        }
    }
}

/// One security association from the secrets.
#[derive(Debug, Clone)]
struct Sa {
    /// The SPI (0 for the default SA and IKEv2's).
    spi: u32,
    /// The destination address (4 or 16 bytes); empty for the default SA and IKEv2's.
    daddr: Vec<u8>,
    /// IKEv2: whether the initiator sends with it, and the two SPIs. An ESP SA has false and
    /// zeros, so that tcpdump also tries one of SPI 0 on IKEv2 messages with zero SPIs.
    initiator: bool,
    spii: [u8; 8],
    spir: [u8; 8],
    cipher: Cipher,
    /// Bytes of authentication data after the ciphertext.
    authlen: usize,
    secret: Vec<u8>,
}

/// The security associations of `-E`, read once at the first ESP or ISAKMP packet.
#[derive(Default)]
pub(crate) struct Sas {
    read: bool,
    /// In the order read: a later one of the same SPI and address wins, as in tcpdump's list.
    list: Vec<Sa>,
    /// The last SA given without SPI and address: for packets no other SA matches.
    default: Option<usize>,
}

/// Reads the secrets of `-E` unless done already (tcpdump's `esp_decodesecret_print`).
pub(crate) fn read_secrets(nd: &mut Nd<'_>) -> Res {
    if nd.state.esp.read {
        return Ok(());
    }
    nd.state.esp.read = true;
    let Some(secret) = nd.opts.esp_secret.clone() else {
        return Ok(());
    };
    let mut rest = Some(&secret[..]);
    while let Some(r) = rest.filter(|r| !r.is_empty()) {
        rest = Some(r);
        let line = strsep(&mut rest, b"\n,").unwrap_or_default();
        one_secret(nd, line, "cmdline", 0, 0)?;
    }
    Ok(())
}

/// C's `strsep`: the text before the first of `delims`, leaving `rest` after it (None when
/// there is none).
fn strsep<'a>(rest: &mut Option<&'a [u8]>, delims: &[u8]) -> Option<&'a [u8]> {
    let s = rest.take()?;
    match s.iter().position(|c| delims.contains(c)) {
        Some(i) => {
            *rest = Some(&s[i + 1..]);
            Some(&s[..i])
        }
        None => Some(s),
    }
}

fn text(b: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(b)
}

/// One secret: `[SPI@ADDR ]ALGO:SECRET`, `ikev2 ...`, or `file NAME`.
fn one_secret(nd: &mut Nd<'_>, line: &[u8], file: &str, lineno: u32, depth: usize) -> Res {
    let mut rest = Some(line);
    let first = strsep(&mut rest, b" \t").unwrap_or_default();
    // A lone word is the default SA's algorithm and secret.
    let (spikey, decode) = match rest {
        None => (None, first),
        Some(r) => (Some(first), r),
    };
    if spikey.is_some_and(|k| k.eq_ignore_ascii_case(b"file")) {
        return secrets_file(nd, decode, depth);
    }
    if spikey.is_some_and(|k| k.eq_ignore_ascii_case(b"ikev2")) {
        ike_line(nd, decode, file, lineno)?;
        return Ok(());
    }
    let (mut spi, mut daddr) = (0, Vec::new());
    if let Some(key) = spikey {
        let mut at = Some(key);
        let spistr = strsep(&mut at, b"@").unwrap_or_default();
        let (n, end) = super::cnum::parse(spistr, 0).map_or((0, 0), |p| (p.unsigned(), p.end));
        let Some(addr) = at.filter(|_| end != 0) else {
            nd.warn(&format!(
                "print_esp: failed to decode spi# {}\n",
                text(&spistr[end..])
            ));
            return Ok(());
        };
        spi = n as u32;
        let s = text(addr);
        daddr = if let Ok(a) = s.parse::<Ipv6Addr>() {
            a.octets().to_vec()
        } else if let Ok(a) = s.parse::<Ipv4Addr>() {
            a.octets().to_vec()
        } else {
            nd.warn(&format!("print_esp: can not decode IP# {s}\n"));
            return Ok(());
        };
    }
    let decode = trim_blanks(decode);
    let Some((cipher, authlen, secret)) = enc_algo(nd, decode)? else {
        return Ok(());
    };
    let sas = &mut nd.state.esp;
    if spikey.is_none() {
        sas.default = Some(sas.list.len());
    }
    sas.list.push(Sa {
        spi,
        daddr,
        initiator: false,
        spii: [0; 8],
        spir: [0; 8],
        cipher,
        authlen,
        secret,
    });
    Ok(())
}

fn trim_blanks(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t' | b'\r' | b'\n', r @ ..] = s {
        s = r;
    }
    s
}

/// Reads a secrets file, a secret a line; `#` lines and empty ones are skipped.
fn secrets_file(nd: &mut Nd<'_>, name: &[u8], depth: usize) -> Res {
    let fname = text(name).into_owned();
    let path =
        std::path::Path::new(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name));
    let data = if depth >= FILE_DEPTH_MAX {
        Err(std::io::Error::from_raw_os_error(EMFILE))
    } else {
        std::fs::read(path)
    };
    let data = match data {
        Ok(d) => d,
        Err(e) => {
            let msg = format!(
                "esp_print_decode_onesecret: can't open {fname}: {}\n",
                super::strerror(&e)
            );
            return Err(nd.fatal(EXIT_OPEN_FILE, &msg));
        }
    };
    for (i, mut line) in fgets_lines(&data).into_iter().enumerate() {
        // C strings end at a NUL, the newline is dropped.
        if let Some(end) = line.iter().position(|&c| c == 0 || c == b'\n') {
            line = &line[..end];
        }
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        one_secret(nd, line, &fname, i as u32 + 1, depth + 1)?;
    }
    Ok(())
}

/// The pieces tcpdump's `fgets` into its 1024-byte buffer (less one) reads: up to and
/// including a newline, at most 1022 bytes each.
fn fgets_lines(data: &[u8]) -> Vec<&[u8]> {
    const MAX: usize = 1022;
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let n = rest
            .iter()
            .take(MAX)
            .position(|&c| c == b'\n')
            .map_or(MAX.min(rest.len()), |i| i + 1);
        out.push(&rest[..n]);
        rest = &rest[n..];
    }
    out
}

/// `ALGO[-cbc][-hmac96]:SECRET` (SECRET in hex after `0x`, else as text): the cipher, the
/// authentication data length and the key; None after a warning.
fn enc_algo(nd: &mut Nd<'_>, decode: &[u8]) -> Res<Option<(Cipher, usize, Vec<u8>)>> {
    let Some(colon) = decode.iter().position(|&c| c == b':') else {
        nd.warn(&format!("failed to decode espsecret: {}\n", text(decode)));
        return Ok(None);
    };
    let mut name = &decode[..colon];
    let mut authlen = 0;
    // tcpdump cuts each suffix where its first occurrence starts.
    if name.len() > 7 && name.ends_with(b"-hmac96") {
        name = &name[..find(name, b"-hmac96").unwrap_or(name.len())];
        authlen = 12;
    }
    if name.len() > 4 && name.ends_with(b"-cbc") {
        name = &name[..find(name, b"-cbc").unwrap_or(name.len())];
    }
    let Some(cipher) = Cipher::by_name(name) else {
        nd.warn(&format!("failed to find cipher algo {}\n", text(name)));
        return Ok(None);
    };
    let value = &decode[colon + 1..];
    let secret = match value.strip_prefix(b"0x") {
        Some(hex) => {
            let key = decode_hex(nd, hex, SECRET_MAX)?;
            if key.is_empty() {
                return Ok(None);
            }
            key
        }
        None => value[..value.len().min(SECRET_MAX)].to_vec(),
    };
    Ok(Some((cipher, authlen, secret)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Hex pairs to bytes (an odd last digit is ignored); empty after the warning when the
/// secret is longer than `max`; a bad digit ends the run.
fn decode_hex(nd: &mut Nd<'_>, hex: &[u8], max: usize) -> Res<Vec<u8>> {
    let len = hex.len() / 2;
    if len > max {
        nd.warn(&format!("secret is too big: {len}\n"));
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(len);
    for pair in hex.chunks_exact(2) {
        let mut byte = 0u8;
        for &c in pair {
            let Some(d) = (c as char).to_digit(16) else {
                let msg = format!("invalid hex digit {} in espsecret\n", c as char);
                return Err(nd.fatal(EXIT_ESP_SECRET, &msg));
            };
            byte = (byte << 4) | d as u8;
        }
        out.push(byte);
    }
    Ok(out)
}

/// `ikev2 I|R 0xSPII 0xSPIR AUTHALGO:AUTHKEY ENCALGO:ENCKEY`.
fn ike_line(nd: &mut Nd<'_>, line: &[u8], file: &str, lineno: u32) -> Res {
    let mut rest = Some(line);
    let fields: Vec<Option<&[u8]>> = (0..5).map(|_| strsep(&mut rest, b" \t")).collect();
    let [
        Some(init),
        Some(icookie),
        Some(rcookie),
        Some(authkey),
        Some(enckey),
    ] = fields[..]
    else {
        nd.warn(&format!(
            "print_esp: failed to find all fields for ikev2 at {file}:{lineno}"
        ));
        return Ok(());
    };
    let cookie_ok = |c: &[u8]| c.starts_with(b"0x") && c.len() == 18;
    if !matches!(init.first(), Some(b'I' | b'R')) || !cookie_ok(icookie) || !cookie_ok(rcookie) {
        nd.warn(&format!(
            "print_esp: line {file}:{lineno} improperly formatted."
        ));
        nd.warn(&format!(
            "init={} icookie={}({}) rcookie={}({})",
            text(init),
            text(icookie),
            icookie.len(),
            text(rcookie),
            rcookie.len()
        ));
        return Ok(());
    }
    let (Ok(spii), Ok(spir)) = (
        <[u8; 8]>::try_from(&decode_hex(nd, &icookie[2..], 8)?[..]),
        <[u8; 8]>::try_from(&decode_hex(nd, &rcookie[2..], 8)?[..]),
    ) else {
        return Ok(());
    };
    let Some((cipher, mut authlen, secret)) = enc_algo(nd, enckey)? else {
        return Ok(());
    };
    // Only the authentication algorithm's name is read: SHA-1 and MD5 truncate to 96 bits.
    let Some(colon) = authkey.iter().position(|&c| c == b':') else {
        nd.warn(&format!("failed to decode espsecret: {}\n", text(authkey)));
        return Ok(());
    };
    let auth = &authkey[..colon];
    if auth.eq_ignore_ascii_case(b"sha1") || auth.eq_ignore_ascii_case(b"md5") {
        authlen = 12;
    }
    nd.state.esp.list.push(Sa {
        spi: 0,
        daddr: Vec::new(),
        initiator: init[0] == b'I',
        spii,
        spir,
        cipher,
        authlen,
        secret,
    });
    Ok(())
}

/// tcpdump's `do_decrypt`: the plaintext, or None after a warning naming `caller` when the
/// ciphertext is not a whole number of blocks.
fn decrypt(nd: &mut Nd<'_>, caller: &str, sa: &Sa, iv: &[u8], ct: &[u8]) -> Option<Vec<u8>> {
    let bs = sa.cipher.block_size();
    if !ct.len().is_multiple_of(bs) {
        nd.warn(&format!(
            "{caller}: ciphertext size {} is not a multiple of the cipher block size {bs}",
            ct.len()
        ));
        return None;
    }
    Some(sa.cipher.decrypt(&sa.secret, iv, ct))
}

/// Decrypts an IKEv2 encrypted payload's data (IV, ciphertext, integrity checksum) with the
/// SA for the message's SPIs and sender; None when there is none or it does not decrypt.
pub(crate) fn decrypt_ikev2(
    nd: &mut Nd<'_>,
    initiator: bool,
    spii: &[u8],
    spir: &[u8],
    data: &[u8],
) -> Option<Vec<u8>> {
    let sa = nd
        .state
        .esp
        .list
        .iter()
        .rev()
        .find(|sa| sa.spi == 0 && sa.initiator == initiator && sa.spii == spii && sa.spir == spir)?
        .clone();
    let end = data.len().checked_sub(sa.authlen)?;
    let ct_start = sa.cipher.iv_len();
    if end <= ct_start {
        return None;
    }
    decrypt(
        nd,
        "esp_decrypt_buffer_by_ikev2_print",
        &sa,
        &data[..ct_start],
        &data[ct_start..end],
    )
}

/// Prints an ESP packet; `length` is its length, `hdr` the IP header it came in, and
/// `fragmented` whether that is a fragment (then, in IPv4, it is not decrypted).
pub(crate) fn print(
    nd: &mut Nd<'_>,
    bp: &[u8],
    length: usize,
    hdr: &IpHdr<'_>,
    fragmented: bool,
) -> Res {
    nd.proto = "esp";
    // tcpdump asks for more than the 8-byte header before printing any of it.
    if bp.len() <= 8 {
        nd.trunc();
        return Ok(());
    }
    let spi = be32(bp, 0)?;
    nd.f(format_args!(
        "ESP(spi=0x{spi:08x},seq=0x{:x}), length {length}",
        be32(bp, 4)?
    ));
    read_secrets(nd)?;
    if nd.state.esp.list.is_empty() {
        return Ok(());
    }
    let daddr = if hdr.v6 {
        // Jumbograms are not decrypted.
        if be16(hdr.raw, 4)? == 0 {
            return Ok(());
        }
        hdr.raw.get(24..40).ok_or(Trunc)?
    } else {
        // The next header and padding are in the last fragment.
        if fragmented {
            return Ok(());
        }
        hdr.raw.get(16..20).ok_or(Trunc)?
    };
    let sas = &nd.state.esp;
    let found = sas
        .list
        .iter()
        .rposition(|sa| sa.spi == spi && sa.daddr == daddr)
        .or(sas.default);
    let Some(sa) = found.map(|i| sas.list[i].clone()) else {
        return Ok(());
    };
    let ct_start = 8 + sa.cipher.iv_len();
    // The authentication data must fit after the IV in what was captured.
    if bp.len() < ct_start + sa.authlen {
        nd.trunc();
        return Ok(());
    }
    let end = bp.len() - sa.authlen;
    let Some(pt) = decrypt(nd, "esp_print", &sa, &bp[8..ct_start], &bp[ct_start..end]) else {
        return Ok(());
    };
    let n = pt.len();
    // The pad length and next header close the plaintext; too short a one is a read past it.
    let (Some(&padlen), Some(&nh)) = (n.checked_sub(2).map(|i| &pt[i]), pt.last()) else {
        return Err(Trunc);
    };
    let padlen = usize::from(padlen);
    // A pad length larger than the plaintext: a corrupt packet or the wrong key.
    if padlen + 2 > n {
        nd.trunc();
        return Ok(());
    }
    nd.s(": ");
    let inner = &pt[..n - padlen - 2];
    ip::demux(nd, inner, inner.len(), nh, *hdr, fragmented)
}

#[cfg(test)]
mod tests {
    use proptest::collection::vec;
    use proptest::num::u8::ANY;
    use proptest::prelude::*;

    use crate::test_pkt::{hex, ipv4, opts, print_ip, udp4};

    fn with_secret(secret: &str) -> crate::Options {
        crate::Options {
            esp_secret: Some(secret.as_bytes().to_vec()),
            ..opts(0)
        }
    }

    /// Ciphers the reference tcpdump's OpenSSL 3 cannot run without its legacy provider (it
    /// crashes on them): known answers from `openssl enc -provider legacy`, each the block
    /// 01 02 03 04 05 06, pad length 0, next header 253 under IV 0001020304050607.
    #[test]
    fn legacy_ciphers_decrypt_known_answers() {
        for (algo, key, ct) in [
            ("des", "0123456789abcdef", "ac400e0afba54400"),
            (
                "bf-cbc",
                "00112233445566778899aabbccddeeff",
                "0f9aa18c226a1930",
            ),
            (
                "cast",
                "00112233445566778899aabbccddeeff",
                "21f3b5b9db7c78e0",
            ),
        ] {
            let esp = hex(&format!("00000001000000010001020304050607{ct}"));
            let out = print_ip(with_secret(&format!("{algo}:0x{key}")), &ipv4(50, &esp));
            assert_eq!(
                out,
                "IP 10.0.0.1 > 10.0.0.2: ESP(spi=0x00000001,seq=0x1), length 24:  \
                 ip-proto-253 6\n",
                "{algo}"
            );
        }
        // des-ede3 is ECB in OpenSSL: no IV, and each block alone.
        let esp = hex("0000000100000001965e360fb2f44e27965e360fb2f44e27");
        let secret = "des-ede3:0x0123456789abcdef00112233445566778899aabbccddeeff";
        assert_eq!(
            print_ip(with_secret(secret), &ipv4(50, &esp)),
            "IP 10.0.0.1 > 10.0.0.2: ESP(spi=0x00000001,seq=0x1), length 24:  \
             ip-proto-253 14\n"
        );
    }

    /// Short payloads and ones with no room for the authentication data: tcpdump's marks.
    #[test]
    fn short_payloads() {
        let secret = with_secret("aes128-hmac96:0x00");
        let head = "IP 10.0.0.1 > 10.0.0.2: ESP(spi=0x00000001,seq=0x1)";
        // The IV and authentication data do not fit.
        let esp = hex("000000010000000100");
        assert_eq!(
            print_ip(secret.clone(), &ipv4(50, &esp)),
            format!("{head}, length 9 [|esp]\n")
        );
        // An empty ciphertext: the pad length is a read past it.
        let esp = [hex("0000000100000001"), vec![0; 28]].concat();
        assert_eq!(
            print_ip(secret, &ipv4(50, &esp)),
            format!("{head}, length 36 [|esp]\n")
        );
    }

    proptest! {
        /// Hostile ESP payloads, in IP and in UDP 4500, with each cipher: never a panic.
        #[test]
        fn hostile_payloads_never_panic(
            body in vec(ANY, 0..120),
            cut in 0usize..140,
            algo in proptest::sample::select(vec![
                "aes128-hmac96", "3des", "des-ede3", "bf", "aes256-cbc-hmac96", "cast",
            ]),
        ) {
            let esp = [hex("0000000100000001"), body].concat();
            let secret = with_secret(&format!("{algo}:0x0011"));
            for pkt in [ipv4(50, &esp), udp4(4500, 4500, &esp)] {
                let n = cut.min(pkt.len());
                print_ip(secret.clone(), &pkt[..n]);
            }
        }
    }
}
