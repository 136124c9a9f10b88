//! Microsoft Network Load Balancing heartbeats, as tcpdump's print-msnlb.c.
use super::{Nd, Res, le32, sl};

/// Prints a heartbeat: the host priority and the cluster and host addresses.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    nd.proto = "msnlb";
    nd.s("MS NLB heartbeat");
    nd.f(format_args!(", host priority: {}", le32(p, 8)?));
    let cluster = sl(p, 12, 4)?;
    nd.s(", cluster IP: ");
    nd.ipv4(cluster);
    let host = sl(p, 16, 4)?;
    nd.s(", host IP: ");
    nd.ipv4(host);
    Ok(())
}
