//! Sun RPC calls with `-T rpc`, as tcpdump's print-sunrpc.c: the transaction ID for a port,
//! the procedure, and for port mapper calls the program asked about.
use super::ip::IpHdr;
use super::util::Tok;
use super::{Nd, Res, be32, has};

const PMAP_PROCS: &Tok = &[
    (0, "null"),
    (1, "set"),
    (2, "unset"),
    (3, "getport"),
    (4, "dump"),
    (5, "call"),
];

/// The port mapper's port, printed as the destination with `-n`.
const PMAP_PORT: u16 = 111;

/// Prints an RPC call of `length` bytes with its addresses.
pub(crate) fn print(nd: &mut Nd<'_>, rp: &[u8], length: usize, ip: &IpHdr<'_>) -> Res {
    nd.proto = "sunrpc";
    // The fixed part of a call: ID, direction, RPC version, program, version, procedure and
    // the credentials' flavor and length.
    if !has(rp, 0, 32) {
        return Err(super::Trunc);
    }
    let xid = be32(rp, 0)?;
    ip.src(nd);
    nd.f(format_args!(".0x{xid:x} > "));
    ip.dst(nd);
    if nd.opts.numeric > 0 {
        nd.f(format_args!(".0x{PMAP_PORT:x}: {length}"));
    } else {
        nd.f(format_args!(".sunrpc: {length}"));
    }
    let proc = be32(rp, 20)?;
    nd.s(" ");
    nd.tok2str(PMAP_PROCS, " proc #%u", proc);
    let rpcvers = be32(rp, 8)?;
    if rpcvers != 2 {
        nd.f(format_args!(" [rpcver {rpcvers}]"));
    }
    if matches!(proc, 1 | 2 | 3 | 5) {
        let prog = be32(rp, 12)?;
        if nd.opts.numeric > 0 {
            nd.f(format_args!(" {prog}"));
        } else {
            nd.f(format_args!(" #{prog}"));
        }
        nd.f(format_args!(".{}", be32(rp, 16)?));
    }
    Ok(())
}
