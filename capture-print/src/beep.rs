//! BEEP (the Blocks Extensible Exchange Protocol), as tcpdump's print-beep.c: the frame keyword.
use super::Nd;

/// The keywords tcpdump looks for, with the bytes it compares (`MSG` and `END` take the NUL
/// after them: tcpdump compares four bytes of the three-letter strings).
const KEYWORDS: [(&[u8; 4], &str); 7] = [
    (b"MSG\0", " BEEP MSG"),
    (b"RPY ", " BEEP RPY"),
    (b"ERR ", " BEEP ERR"),
    (b"ANS ", " BEEP ANS"),
    (b"NUL ", " BEEP NUL"),
    (b"SEQ ", " BEEP SEQ"),
    (b"END\0", " BEEP END"),
];

/// Prints what kind of BEEP frame a segment starts; `length` is the TCP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) {
    nd.proto = "beep";
    let start = bp.get(..4).filter(|_| length >= 4);
    let kind = KEYWORDS
        .iter()
        .find(|(k, _)| start == Some(&k[..]))
        .map_or(" BEEP (payload or undecoded)", |&(_, name)| name);
    nd.s(kind);
}
