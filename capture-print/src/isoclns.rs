//! OSI network layer, as tcpdump's print-isoclns.c: the NLPID dispatch, CLNP, ES-IS and IS-IS
//! with its TLVs and sub-TLVs, and the NSAP and system-id spellings of addrtoname.c.
use std::io::Write as _;

/// An NSAP as tcpdump's `isonsap_string`: hex with a dot after the first byte and every two
/// after it.
pub(crate) fn write_nsap(o: &mut Vec<u8>, nsap: &[u8]) {
    if nsap.is_empty() || nsap.len() > 20 {
        o.extend_from_slice(b"isonsap_string: illegal length");
        return;
    }
    for (i, b) in nsap.iter().enumerate() {
        let _ = write!(o, "{b:02x}");
        if i & 1 == 0 && i + 1 < nsap.len() {
            o.push(b'.');
        }
    }
}
