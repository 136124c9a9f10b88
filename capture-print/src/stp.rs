//! Spanning tree BPDUs, as tcpdump's print-stp.c: 802.1D, 802.1w (RSTP), 802.1s (MSTP) with
//! its MSTIs, and 802.1aq (SPB).
use super::util::Tok;
use super::{Nd, Res, be16, be32, u8at};

const PROTO_REGULAR: u8 = 0x00;
const PROTO_RAPID: u8 = 0x02;
const PROTO_MSTP: u8 = 0x03;
const PROTO_SPB: u8 = 0x04;

const PROTO_VALUES: &Tok = &[
    (0x00, "802.1d"),
    (0x02, "802.1w"),
    (0x03, "802.1s"),
    (0x04, "802.1aq"),
];

const BPDU_TYPE_CONFIG: u8 = 0x00;
const BPDU_TYPE_RSTP: u8 = 0x02;

const BPDU_FLAG_VALUES: &Tok = &[
    (0x01, "Topology change"),
    (0x02, "Proposal"),
    (0x10, "Learn"),
    (0x20, "Forward"),
    (0x40, "Agreement"),
    (0x80, "Topology change ACK"),
];

const BPDU_TYPE_VALUES: &Tok = &[
    (0x00, "Config"),
    (0x02, "Rapid STP"),
    (0x80, "Topology Change"),
];

const PORT_ROLE_VALUES: &Tok = &[
    (0x00, "Unknown"),
    (0x01, "Alternate"),
    (0x02, "Root"),
    (0x03, "Designated"),
];

/// The length of a configuration BPDU with the version-1 length byte (RSTP's).
const BPDU_LEN: usize = 36;
const MSTP_MIN_LEN: usize = 102;
const SPB_MIN_LEN: usize = 87;

// Field offsets in the BPDU.
const FLAGS: usize = 4;
const ROOT_ID: usize = 5;
const ROOT_PATH_COST: usize = 13;
const BRIDGE_ID: usize = 17;
const PORT_ID: usize = 25;
const MESSAGE_AGE: usize = 27;
const V1_LENGTH: usize = 35;
const VER3_LEN: usize = 36;
const CONFIG_NAME: usize = 39;
const CONFIG_DIGEST: usize = 73;
const CIST_INT_PATH_COST: usize = 89;
const CIST_BRIDGE_ID: usize = 93;
const CIST_REMAIN_HOPS: usize = 101;
const MSTI_OFFSET: usize = 102;
const MSTI_LENGTH: usize = 16;
const CONFIG_INFO_LENGTH: u16 = 64;

/// The port role bits of the flags.
fn port_role(flags: u8) -> u32 {
    u32::from((flags & 0x0c) >> 2)
}

/// A bridge id, printed `pppp.aa:bb:cc:dd:ee:ff`.
struct BridgeId([u8; 8]);

impl std::fmt::Display for BridgeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = &self.0;
        write!(
            f,
            "{:02x}{:02x}.{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]
        )
    }
}

/// The bridge id at `at` (read before anything of its line prints, as tcpdump's arguments).
fn bid(p: &[u8], at: usize) -> Res<BridgeId> {
    super::arr(p, at).map(BridgeId)
}

/// The four timers, in 1/256 s.
fn timers(nd: &mut Nd<'_>, p: &[u8]) -> Res {
    let t = |i: usize| -> Res<f32> { Ok(f32::from(be16(p, MESSAGE_AGE + 2 * i)?) / 256.0) };
    let (age, max, hello, fwd) = (t(0)?, t(1)?, t(2)?, t(3)?);
    nd.f(format_args!(
        "\n\tmessage-age {age:.2}s, max-age {max:.2}s, hello-time {hello:.2}s, forwarding-delay {fwd:.2}s"
    ));
    Ok(())
}

fn config_bpdu(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    let flags = u8at(p, FLAGS)?;
    nd.s(", Flags [");
    nd.bittok2str(BPDU_FLAG_VALUES, "none", flags.into());
    nd.s("]");
    nd.f(format_args!(
        ", bridge-id {}.{:04x}, length {length}",
        bid(p, BRIDGE_ID)?,
        be16(p, PORT_ID)?
    ));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    timers(nd, p)?;
    nd.f(format_args!(
        "\n\troot-id {}, root-pathcost {}",
        bid(p, ROOT_ID)?,
        be32(p, ROOT_PATH_COST)?
    ));
    if u8at(p, 2)? == PROTO_RAPID {
        nd.s(", port-role ");
        nd.tok2str(PORT_ROLE_VALUES, "Unknown", port_role(flags));
    }
    Ok(())
}

fn mstp_bpdu(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    let flags = u8at(p, FLAGS)?;
    nd.s(", CIST Flags [");
    nd.bittok2str(BPDU_FLAG_VALUES, "none", flags.into());
    nd.f(format_args!("], length {length}"));
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    nd.s("\n\tport-role ");
    nd.tok2str(PORT_ROLE_VALUES, "Unknown", port_role(flags));
    nd.s(", ");
    nd.f(format_args!(
        "CIST root-id {}, CIST ext-pathcost {}",
        bid(p, ROOT_ID)?,
        be32(p, ROOT_PATH_COST)?
    ));
    nd.f(format_args!(
        "\n\tCIST regional-root-id {}, ",
        bid(p, BRIDGE_ID)?
    ));
    nd.f(format_args!("CIST port-id {:04x},", be16(p, PORT_ID)?));
    timers(nd, p)?;
    nd.f(format_args!("\n\tv3len {}, MCID Name ", be16(p, VER3_LEN)?));
    nd.printjnp(super::tail(p, CONFIG_NAME), 32)?;
    nd.f(format_args!(
        ", rev {},\n\t\tdigest {:08x}{:08x}{:08x}{:08x}, ",
        be16(p, CONFIG_NAME + 32)?,
        be32(p, CONFIG_DIGEST)?,
        be32(p, CONFIG_DIGEST + 4)?,
        be32(p, CONFIG_DIGEST + 8)?,
        be32(p, CONFIG_DIGEST + 12)?
    ));
    nd.f(format_args!(
        "CIST int-root-pathcost {},",
        be32(p, CIST_INT_PATH_COST)?
    ));
    nd.f(format_args!(
        "\n\tCIST bridge-id {}, ",
        bid(p, CIST_BRIDGE_ID)?
    ));
    nd.f(format_args!(
        "CIST remaining-hops {}",
        u8at(p, CIST_REMAIN_HOPS)?
    ));

    let v3len = be16(p, VER3_LEN)?;
    if v3len > CONFIG_INFO_LENGTH {
        let count = usize::from(v3len - CONFIG_INFO_LENGTH) / MSTI_LENGTH;
        for i in 0..count {
            let off = MSTI_OFFSET + i * MSTI_LENGTH;
            let msti = be16(p, off + 1)? & 0x0fff;
            let mflags = u8at(p, off)?;
            nd.f(format_args!("\n\tMSTI {msti}, Flags ["));
            nd.bittok2str(BPDU_FLAG_VALUES, "none", mflags.into());
            nd.s("], port-role ");
            nd.tok2str(PORT_ROLE_VALUES, "Unknown", port_role(mflags));
            nd.f(format_args!(
                "\n\t\tMSTI regional-root-id {}, pathcost {}",
                bid(p, off + 1)?,
                be32(p, off + 9)?
            ));
            nd.f(format_args!(
                "\n\t\tMSTI bridge-prio {}, port-prio {}, hops {}",
                u8at(p, off + 13)? >> 4,
                u8at(p, off + 14)? >> 4,
                u8at(p, off + 15)?
            ));
        }
    }
    Ok(())
}

fn spb_bpdu(nd: &mut Nd<'_>, p: &[u8], off: usize) -> Res {
    if nd.opts.verbose == 0 {
        return Ok(());
    }
    nd.f(format_args!("\n\tv4len {}, AUXMCID Name ", be16(p, off)?));
    nd.printjnp(super::tail(p, off + 3), 32)?;
    let digest = off + 37;
    nd.f(format_args!(
        ", Rev {},\n\t\tdigest {:08x}{:08x}{:08x}{:08x}",
        be16(p, off + 35)?,
        be32(p, digest)?,
        be32(p, digest + 4)?,
        be32(p, digest + 8)?,
        be32(p, digest + 12)?
    ));
    let agreement = u8at(p, off + 53)?;
    let format = u8at(p, off + 55)?;
    let convention = u8at(p, off + 56)?;
    let edge = be16(p, off + 57)?;
    let adigest = off + 67;
    nd.f(format_args!(
        "\n\tAgreement num {}, Discarded Agreement num {}, Agreement valid-flag {},\
         \n\tRestricted role-flag: {}, Format id {} cap {}, Convention id {} cap {},\
         \n\tEdge count {edge}, Agreement digest {:08x}{:08x}{:08x}{:08x}{:08x}",
        agreement >> 6,
        (agreement >> 4) & 3,
        (agreement >> 3) & 1,
        (agreement >> 2) & 1,
        format >> 4,
        format,
        convention >> 4,
        convention,
        be32(p, adigest)?,
        be32(p, adigest + 4)?,
        be32(p, adigest + 8)?,
        be32(p, adigest + 12)?,
        be32(p, adigest + 16)?
    ));
    Ok(())
}

/// Prints an 802.1D/w/s/aq BPDU of `length` bytes.
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    nd.proto = "stp";
    if length < 4 {
        nd.invalid();
        return Ok(());
    }
    if be16(p, 0)? != 0 {
        nd.f(format_args!("unknown STP version, length {length}"));
        return Ok(());
    }
    let version = u8at(p, 2)?;
    nd.s("STP ");
    nd.tok2str(
        PROTO_VALUES,
        "Unknown STP protocol (0x%02x)",
        version.into(),
    );
    if !matches!(
        version,
        PROTO_REGULAR | PROTO_RAPID | PROTO_MSTP | PROTO_SPB
    ) {
        return Ok(());
    }
    let bpdu_type = u8at(p, 3)?;
    nd.s(", ");
    nd.tok2str(
        BPDU_TYPE_VALUES,
        "Unknown BPDU Type (0x%02x)",
        bpdu_type.into(),
    );
    let valid = match bpdu_type {
        BPDU_TYPE_CONFIG => {
            if length < BPDU_LEN - 1 {
                false
            } else {
                config_bpdu(nd, p, length)?;
                true
            }
        }
        BPDU_TYPE_RSTP if version == PROTO_RAPID => {
            if length < BPDU_LEN {
                false
            } else {
                config_bpdu(nd, p, length)?;
                true
            }
        }
        BPDU_TYPE_RSTP if version == PROTO_MSTP || version == PROTO_SPB => {
            mstp(nd, p, length, version)?
        }
        _ => true,
    };
    if !valid {
        nd.invalid();
    }
    Ok(())
}

/// An MSTP (or SPB) BPDU after its checks; false when a length is invalid.
fn mstp(nd: &mut Nd<'_>, p: &[u8], length: usize, version: u8) -> Res<bool> {
    if length < MSTP_MIN_LEN || u8at(p, V1_LENGTH)? != 0 {
        return Ok(false);
    }
    let mstp_len = usize::from(be16(p, VER3_LEN)?) + 2;
    if length < BPDU_LEN + mstp_len {
        return Ok(false);
    }
    mstp_bpdu(nd, p, length)?;
    if version == PROTO_SPB {
        let spb_len = usize::from(be16(p, VER3_LEN + mstp_len)?) + 2;
        if length < BPDU_LEN + mstp_len + spb_len || spb_len < SPB_MIN_LEN {
            return Ok(false);
        }
        spb_bpdu(nd, p, BPDU_LEN + mstp_len)?;
    }
    Ok(true)
}
