//! The classic pcap file format: the 24-byte file header and the 16-byte record header.
//!
//! Fields are written in the host's byte order, as libpcap's `pcap_dump` does, so a file written
//! here is byte-identical to the one tcpdump writes on the same machine.

/// Magic number of a pcap file with microsecond timestamps.
pub const MAGIC_MICRO: u32 = 0xa1b2_c3d4;
/// Magic number of a pcap file with nanosecond timestamps.
pub const MAGIC_NANO: u32 = 0xa1b2_3c4d;
/// Length of the file header.
pub const FILE_HEADER_LEN: usize = 24;
/// Length of the header in front of every record.
pub const RECORD_HEADER_LEN: usize = 16;

/// Encodes the file header: magic, version 2.4, zone 0, sigfigs 0, snaplen, link type.
pub fn file_header(linktype: u32, snaplen: u32, nano: bool) -> [u8; FILE_HEADER_LEN] {
    let magic = if nano { MAGIC_NANO } else { MAGIC_MICRO };
    let mut h = [0u8; FILE_HEADER_LEN];
    h[0..4].copy_from_slice(&magic.to_ne_bytes());
    h[4..6].copy_from_slice(&2u16.to_ne_bytes());
    h[6..8].copy_from_slice(&4u16.to_ne_bytes());
    // thiszone (8..12) and sigfigs (12..16) stay 0, as every writer since libpcap 0.x does.
    h[16..20].copy_from_slice(&snaplen.to_ne_bytes());
    h[20..24].copy_from_slice(&linktype.to_ne_bytes());
    h
}

/// Encodes a record header. `ts_nsec` is nanoseconds within the second (a second or more only
/// when copying a damaged file's fraction); with `nano` false it is truncated to microseconds,
/// as libpcap does when it scales a nanosecond capture down. The on-disk field keeps its low 32
/// bits, as libpcap's `(bpf_int32)` cast.
pub fn record_header(
    ts_sec: i64,
    ts_nsec: u64,
    caplen: u32,
    wirelen: u32,
    nano: bool,
) -> [u8; RECORD_HEADER_LEN] {
    let frac = if nano { ts_nsec } else { ts_nsec / 1000 } as u32;
    let mut h = [0u8; RECORD_HEADER_LEN];
    // The on-disk field is 32 bits; libpcap stores the low 32 bits of time_t, and so do we.
    h[0..4].copy_from_slice(&(ts_sec as u32).to_ne_bytes());
    h[4..8].copy_from_slice(&frac.to_ne_bytes());
    h[8..12].copy_from_slice(&caplen.to_ne_bytes());
    h[12..16].copy_from_slice(&wirelen.to_ne_bytes());
    h
}

// The expected bytes are little-endian, the byte order of every host this project targets.
#[cfg(all(test, target_endian = "little"))]
mod tests {
    use super::*;

    #[test]
    fn file_header_fields() {
        let h = file_header(1, 65535, false);
        assert_eq!(
            h,
            [
                0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0,
                0, 0
            ]
        );
        let n = file_header(276, 262144, true);
        assert_eq!(&n[0..4], &[0x4d, 0x3c, 0xb2, 0xa1]);
        assert_eq!(&n[16..24], &[0, 0, 4, 0, 0x14, 1, 0, 0]);
    }

    #[test]
    fn record_header_micro_truncates_and_nano_keeps() {
        let m = record_header(1_000, 123_456_789, 60, 74, false);
        assert_eq!(
            m,
            [0xe8, 3, 0, 0, 0x40, 0xe2, 1, 0, 60, 0, 0, 0, 74, 0, 0, 0]
        );
        let n = record_header(1_000, 123_456_789, 60, 74, true);
        assert_eq!(&n[4..8], &123_456_789u32.to_le_bytes());
    }
}
