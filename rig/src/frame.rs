//! Test frames: Ethernet + IPv4 + UDP whose payload starts with a run nonce and a sequence
//! number, so every captured frame can be audited for loss, duplicates and order.

/// Bytes of Ethernet (14), IPv4 (20) and UDP (8) headers.
pub const HEADERS: usize = 42;
/// Smallest frame length the builder makes: headers plus nonce and sequence number.
pub const MIN_LEN: usize = HEADERS + 16;

/// What a test frame carries, and where it goes.
#[derive(Clone, Copy, Debug)]
pub struct FrameSpec {
    /// Destination MAC.
    pub dst_mac: [u8; 6],
    /// Source MAC.
    pub src_mac: [u8; 6],
    /// Source IPv4 address.
    pub src_ip: [u8; 4],
    /// Destination IPv4 address.
    pub dst_ip: [u8; 4],
    /// Destination UDP port.
    pub dst_port: u16,
    /// Frame length without FCS (at least [`MIN_LEN`]).
    pub len: usize,
    /// Number of flows: frame `seq` uses source port `10000 + seq % flows`.
    pub flows: u16,
    /// Run identifier written in every payload.
    pub nonce: u64,
    /// An 802.1Q tag (TCI) to put after the MAC addresses; `len` then grows by 4.
    pub vlan: Option<u16>,
}

impl FrameSpec {
    /// Writes frame number `seq` into `buf` (resized to the frame length).
    pub fn build(&self, seq: u64, buf: &mut Vec<u8>) {
        let len = self.len.max(MIN_LEN);
        buf.clear();
        buf.resize(len, 0);
        buf[0..6].copy_from_slice(&self.dst_mac);
        buf[6..12].copy_from_slice(&self.src_mac);
        buf[12..14].copy_from_slice(&0x0800u16.to_be_bytes());
        let ip = &mut buf[14..34];
        ip[0] = 0x45;
        ip[2..4].copy_from_slice(&((len - 14) as u16).to_be_bytes());
        ip[4..6].copy_from_slice(&(seq as u16).to_be_bytes());
        ip[6] = 0x40; // DF
        ip[8] = 64;
        ip[9] = 17;
        ip[12..16].copy_from_slice(&self.src_ip);
        ip[16..20].copy_from_slice(&self.dst_ip);
        let sum = checksum(ip);
        ip[10..12].copy_from_slice(&sum.to_be_bytes());
        let sport = 10000 + (seq % u64::from(self.flows.max(1))) as u16;
        let udp = &mut buf[34..42];
        udp[0..2].copy_from_slice(&sport.to_be_bytes());
        udp[2..4].copy_from_slice(&self.dst_port.to_be_bytes());
        udp[4..6].copy_from_slice(&((len - 34) as u16).to_be_bytes());
        // UDP checksum 0: "not computed", valid for IPv4.
        buf[42..50].copy_from_slice(&self.nonce.to_be_bytes());
        buf[50..58].copy_from_slice(&seq.to_be_bytes());
        if let Some(tci) = self.vlan {
            let tag = [0x81, 0x00, (tci >> 8) as u8, tci as u8];
            buf.splice(12..12, tag);
        }
    }
}

/// Nonce and sequence number of a frame built by [`FrameSpec::build`], if it is one.
pub fn audit_fields(frame: &[u8]) -> Option<(u64, u64)> {
    if frame.len() >= MIN_LEN + 4 && frame[12..14] == [0x81, 0x00] {
        let mut untagged = frame[..12].to_vec();
        untagged.extend_from_slice(&frame[16..MIN_LEN + 4]);
        return audit_fields(&untagged);
    }
    if frame.len() < MIN_LEN || frame[12..14] != [0x08, 0x00] || frame[23] != 17 {
        return None;
    }
    let nonce = u64::from_be_bytes(frame[42..50].try_into().ok()?);
    let seq = u64::from_be_bytes(frame[50..58].try_into().ok()?);
    Some((nonce, seq))
}

/// The Internet checksum (RFC 1071) of `data`.
pub fn checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = data
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_fields_round_trip() {
        let spec = FrameSpec {
            dst_mac: [2, 0, 0, 0, 0, 2],
            src_mac: [2, 0, 0, 0, 0, 1],
            src_ip: [10, 250, 1, 1],
            dst_ip: [10, 250, 1, 2],
            dst_port: 9,
            len: 64,
            flows: 4,
            nonce: 0xdead_beef,
            vlan: None,
        };
        let mut buf = Vec::new();
        spec.build(7, &mut buf);
        assert_eq!(buf.len(), 64);
        assert_eq!(audit_fields(&buf), Some((0xdead_beef, 7)));
        assert_eq!(checksum(&buf[14..34]), 0, "IPv4 header checksum verifies");
        assert_eq!(u16::from_be_bytes([buf[34], buf[35]]), 10003);
        let tagged = FrameSpec {
            vlan: Some(0x2064),
            ..spec
        };
        tagged.build(7, &mut buf);
        assert_eq!(buf.len(), 68);
        assert_eq!(buf[12..16], [0x81, 0x00, 0x20, 0x64]);
        assert_eq!(audit_fields(&buf), Some((0xdead_beef, 7)));
    }
}
