//! Linux vsock monitoring: the af_vsockmon header and the virtio transport header, as
//! tcpdump's print-vsock.c.
use super::{Nd, Res, le16, le32, le64};

const AF_VSOCK_TRANSPORT_VIRTIO: u16 = 2;
const AF_VSOCK_OP_PAYLOAD: u16 = 4;
/// The af_vsockmon header.
const VSOCKMON_HDRLEN: usize = 32;
/// The virtio transport header.
const VIRTIO_HDRLEN: usize = 44;

const TRANSPORTS: &[(u32, &str)] = &[(0, "UNKNOWN"), (1, "NO_INFO"), (2, "VIRTIO")];

const OPS: &[(u32, &str)] = &[
    (0, "UNKNOWN"),
    (1, "CONNECT"),
    (2, "DISCONNECT"),
    (3, "CONTROL"),
    (4, "PAYLOAD"),
];

const VIRTIO_TYPES: &[(u32, &str)] = &[(1, "STREAM")];

const VIRTIO_OPS: &[(u32, &str)] = &[
    (0, "INVALID"),
    (1, "REQUEST"),
    (2, "RESPONSE"),
    (3, "RST"),
    (4, "SHUTDOWN"),
    (5, "RW"),
    (6, "CREDIT UPDATE"),
    (7, "CREDIT REQUEST"),
];

fn transport_hdr_size(transport: u16) -> usize {
    if transport == AF_VSOCK_TRANSPORT_VIRTIO {
        VIRTIO_HDRLEN
    } else {
        0
    }
}

/// The virtio header's fields.
fn virtio_hdr_print(nd: &mut Nd<'_>, h: &[u8]) -> Res {
    let len = le32(h, 24)?;
    nd.f(format_args!("len {len}, type "));
    nd.tok2str(VIRTIO_TYPES, "Invalid type (%hu)", u32::from(le16(h, 28)?));
    nd.s(", op ");
    nd.tok2str(VIRTIO_OPS, "Invalid op (%hu)", u32::from(le16(h, 30)?));
    let flags = le32(h, 32)?;
    let buf_alloc = le32(h, 36)?;
    let fwd_cnt = le32(h, 40)?;
    nd.f(format_args!(
        ", flags {flags:x}, buf_alloc {buf_alloc}, fwd_cnt {fwd_cnt}"
    ));
    Ok(())
}

/// DLT_VSOCK.
pub(crate) fn if_print(nd: &mut Nd<'_>, p: &[u8], _length: usize) -> Res<usize> {
    nd.proto = "vsock";
    let caplen = p.len();
    if caplen < VSOCKMON_HDRLEN {
        nd.trunc();
        return Ok(caplen);
    }
    let transport = le16(p, 26)?;
    nd.tok2str(TRANSPORTS, "Invalid transport (%u)", u32::from(transport));
    let total_hdr_size = VSOCKMON_HDRLEN + transport_hdr_size(transport);
    // Whether the transport header was captured.
    let mut complete = true;
    if nd.opts.verbose > 0 {
        complete = caplen >= total_hdr_size;
        if complete {
            if transport == AF_VSOCK_TRANSPORT_VIRTIO {
                nd.s(" (");
                virtio_hdr_print(nd, &p[VSOCKMON_HDRLEN..])?;
                nd.s(")");
            }
            nd.s("\n\t");
        }
    } else {
        nd.s(" ");
    }
    let src_cid = le64(p, 0)?;
    let dst_cid = le64(p, 8)?;
    let src_port = le32(p, 16)?;
    let dst_port = le32(p, 20)?;
    let op = le16(p, 24)?;
    nd.f(format_args!("{src_cid}.{src_port} > {dst_cid}.{dst_port} "));
    nd.tok2str(OPS, " invalid op (%u)", u32::from(op));
    nd.f(format_args!(", length {caplen}"));
    if !complete {
        nd.trunc();
        return Ok(VSOCKMON_HDRLEN);
    }
    if nd.opts.verbose > 1 && op == AF_VSOCK_OP_PAYLOAD {
        if caplen > total_hdr_size {
            nd.s("\n");
            let payload = &p[total_hdr_size..];
            nd.print_unknown_data(payload, "\t", payload.len());
        } else {
            nd.trunc();
        }
    }
    Ok(VSOCKMON_HDRLEN)
}

#[cfg(test)]
mod tests {
    use crate::decoder_tests::check_n;

    #[test]
    fn virtio_payload() {
        check_n(
            271,
            "-vv",
            "0300000000000000020000000000000000040000d2040000040002002c0000000300000000000000020000000000000000040000d2040000060000000100050000000000000004000000000048656c6c6f0a",
            "VIRTIO (len 6, type STREAM, op RW, flags 0, buf_alloc 262144, fwd_cnt 0)\n\t3.1024 > 2.1234 PAYLOAD, length 82\n\t0x0000:  4865 6c6c 6f0a",
        );
    }
}
