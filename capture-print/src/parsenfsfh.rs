//! NFS file handle guessing, as tcpdump's parsenfsfh.c: which server OS made a handle, and
//! from that its file system ID and inode number.

/// What tcpdump prints of a file handle.
pub(crate) struct Fh<'a> {
    /// The device's major number.
    pub major: u32,
    /// The device's minor number (257 marks a handle of unknown layout).
    pub minor: u32,
    /// The inode (file) number.
    pub ino: u32,
    /// A file system name printed instead of the device numbers: the VMS device name (from
    /// the handle's second byte on) or `Unknown`.
    pub fsname: Option<&'a [u8]>,
    /// The handle's first bytes in upper-case hex, printed for an unknown layout.
    pub opaque: [u8; 64],
    /// How many bytes of `opaque` are set.
    pub opaque_len: usize,
}

/// The server OSes whose handle layouts tcpdump knows.
enum Layout {
    Unknown,
    Auspex,
    DecOsf,
    Irix4,
    SunOs4,
    SunOs5,
    Ultrix,
    VmsUcx,
    HpUx9,
    Bsd44,
}

/// Guesses the layout of `fh` (`len` 32-bit words, all captured) and decodes it.
pub(crate) fn parse(fh: &[u8], len: u32) -> Fh<'_> {
    let b = |i: usize| fh.get(i).copied().unwrap_or(0);
    let be16 = |i: usize| u32::from(b(i)) << 8 | u32::from(b(i + 1));
    let be24 = |i: usize| u32::from(b(i)) << 16 | be16(i + 1);
    let be32 = |i: usize| be16(i) << 16 | be16(i + 2);
    let le32 = |i: usize| u32::from_le_bytes([b(i), b(i + 1), b(i + 2), b(i + 3)]);
    let layout = if len < 4 {
        Layout::Unknown
    } else if b(0) == 0 && b(1) == 0 {
        if b(2) == 0 && b(3) == 0 {
            Layout::Auspex
        } else if b(4) != 0 && b(5) == 0 && b(8) == 12 && b(9) == 0 {
            Layout::DecOsf
        } else if b(4) == 0 && b(5) == 8 && b(6) == 0 && b(7) == 0 {
            Layout::Irix4
        } else {
            Layout::SunOs4
        }
    } else if b(2) == 0 && b(3) == 0 {
        if b(6) == 0 && b(7) == 0 {
            Layout::Bsd44
        } else if len >= 6 && b(21) == 0 && b(23) == 0 {
            Layout::Ultrix
        } else if b(9) == 10 {
            Layout::SunOs5
        } else {
            Layout::Unknown
        }
    } else if b(8) == 12 && b(9) == 0 {
        Layout::DecOsf
    } else if b(8) == 0 && b(9) == 10 {
        if b(7) == 0 && b(6) == 0 && b(5) == 0 && b(4) == 0 {
            Layout::HpUx9
        } else {
            Layout::SunOs5
        }
    } else if is_ucx(fh, len) {
        Layout::VmsUcx
    } else {
        Layout::Unknown
    };
    let mut out = Fh {
        major: 0,
        minor: 0,
        ino: 0,
        fsname: None,
        opaque: [0; 64],
        opaque_len: 0,
    };
    let (major, minor, ino) = match layout {
        Layout::Auspex => (u32::from(b(6)), u32::from(b(7)), be32(12)),
        Layout::Bsd44 => (u32::from(b(1)), u32::from(b(0)), le32(12)),
        Layout::DecOsf => {
            let t = le32(0);
            ((t >> 20) & 0xfff, t & 0xfffff, le32(12))
        }
        Layout::Irix4 => (u32::from(b(2)), u32::from(b(3)), be32(8)),
        Layout::SunOs4 => (u32::from(b(2)), u32::from(b(3)), be32(12)),
        Layout::SunOs5 => ((be16(0) >> 2) & 0x3fff, be24(1) & 0x3ffff, be32(12)),
        Layout::Ultrix => (u32::from(b(1)), u32::from(b(0)), le32(4)),
        Layout::VmsUcx => {
            // tcpdump copies the handle's first bytes over its (little-endian) device pair.
            out.fsname = Some(fh.get(1..).unwrap_or(&[]));
            let ino = u32::from(b(26)) << 24
                | u32::from(b(27)) << 16
                | u32::from(u16::from_le_bytes([b(22), b(23)]));
            (le32(4), le32(0), ino)
        }
        Layout::HpUx9 => (u32::from(b(0)), be24(1), be32(12)),
        Layout::Unknown => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let n = (len as usize).saturating_mul(4).min(32).min(fh.len());
            for (i, &c) in fh[..n].iter().enumerate() {
                out.opaque[2 * i] = HEX[usize::from(c >> 4)];
                out.opaque[2 * i + 1] = HEX[usize::from(c & 15)];
            }
            out.opaque_len = 2 * n;
            out.fsname = Some(b"Unknown");
            (257, 257, 1)
        }
    };
    out.major = major;
    out.minor = minor;
    out.ino = ino;
    out
}

/// Whether a handle looks like VMS UCX's: a printable device name, NUL-padded, from byte 1.
fn is_ucx(fh: &[u8], len: u32) -> bool {
    if len < 7 {
        return false;
    }
    let mut seen_null = false;
    for &c in fh.get(1..14).unwrap_or(&[]) {
        if (0x20..=0x7e).contains(&c) {
            if seen_null {
                return false;
            }
        } else if c == 0 {
            seen_null = true;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn layouts() {
        let mut fh = [0u8; 32];
        fh[..4].copy_from_slice(&[0x0a, 0x00, 0, 0]);
        fh[12..16].copy_from_slice(&7u32.to_le_bytes());
        let p = parse(&fh, 8);
        assert_eq!((p.major, p.minor, p.ino), (0, 10, 7));
        assert!(p.fsname.is_none());
        let p = parse(&[0xab; 8], 2);
        assert_eq!(p.fsname, Some(&b"Unknown"[..]));
        assert_eq!(&p.opaque[..p.opaque_len], b"ABABABABABABABAB");
        let ucx = *b"0000000000000000000000000000000\0";
        let p = parse(&ucx, 8);
        assert_eq!(p.ino, 808464432);
        assert_eq!(p.fsname.map(|s| s[0]), Some(b'0'));
    }
}
