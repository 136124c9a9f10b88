//! ATM LAN Emulation: LE control frames, and 802.3 frames behind an LE header, as tcpdump's
//! print-lane.c.
use super::{Nd, Res, be16, ether, u8at};

const LEC_OPCODES: &[(u32, &str)] = &[
    (0x0001, "configure request"),
    (0x0101, "configure response"),
    (0x0002, "join request"),
    (0x0102, "join response"),
    (0x0003, "ready query"),
    (0x0103, "ready indication"),
    (0x0004, "register request"),
    (0x0104, "register response"),
    (0x0005, "unregister request"),
    (0x0105, "unregister response"),
    (0x0006, "ARP request"),
    (0x0106, "ARP response"),
    (0x0007, "flush request"),
    (0x0107, "flush response"),
    (0x0008, "NARP request"),
    (0x0009, "topology request"),
];

/// A LANE frame: an LE control frame, or the LEC ID then an Ethernet frame.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "lane";
    let header = be16(p, 0)?;
    if header == 0xff00 {
        let proto = u8at(p, 2)?;
        let vers = u8at(p, 3)?;
        let opcode = be16(p, 4)?;
        nd.f(format_args!("lec: proto {proto:x} vers {vers:x} "));
        nd.tok2str(LEC_OPCODES, "opcode-#%u", u32::from(opcode));
        return Ok(());
    }
    let frame = &p[2..];
    let length = length.wrapping_sub(2);
    // The Ethernet printer prints the LEC ID first, once it has a whole Ethernet header.
    if frame.len() >= 14 && length >= frame.len() {
        nd.f(format_args!("lecid:{header:x} "));
    }
    ether::print(nd, frame, length as u32);
    Ok(())
}
