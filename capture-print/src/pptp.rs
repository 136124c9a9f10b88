//! PPTP control messages (RFC 2637, TCP port 1723), as tcpdump's print-pptp.c.
use super::util::Tok;
use super::{Nd, Res, be16, be32, tail, u8at};

const MAGIC_COOKIE: u32 = 0x1a2b_3c4d;

/// Control message names, indexed by type.
const MSG_TYPES: [&str; 16] = [
    "NOT_DEFINED",
    "SCCRQ",
    "SCCRP",
    "StopCCRQ",
    "StopCCRP",
    "ECHORQ",
    "ECHORP",
    "OCRQ",
    "OCRP",
    "ICRQ",
    "ICRP",
    "ICCN",
    "CCRQ",
    "CDN",
    "WEN",
    "SLI",
];

const SCCRP: u16 = 2;
const STOPCCRP: u16 = 4;
const ECHORP: u16 = 6;
const OCRP: u16 = 8;
const ICRP: u16 = 10;
const CDN: u16 = 13;

const BEARER_TYPES: &Tok = &[(1, "A"), (2, "D"), (3, "Any")];
const FRAMING_TYPES: &Tok = &[(1, "A"), (2, "S"), (3, "E")];

const ERR_CODES: &Tok = &[
    (0, "None"),
    (1, "Not-Connected"),
    (2, "Bad-Format"),
    (3, "Bad-Value"),
    (4, "No-Resource"),
    (5, "Bad-Call-ID"),
    (6, "PAC-Error"),
];

const SCCRP_RESULTS: &Tok = &[
    (1, "Successful channel establishment"),
    (2, "General error"),
    (3, "Command channel already exists"),
    (
        4,
        "Requester is not authorized to establish a command channel",
    ),
    (5, "The protocol version of the requester is not supported"),
];

const ECHORP_RESULTS: &Tok = &[(1, "OK"), (2, "General Error")];

const OCRP_RESULTS: &Tok = &[
    (1, "Connected"),
    (2, "General Error"),
    (3, "No Carrier"),
    (4, "Busy"),
    (5, "No Dial Tone"),
    (6, "Time-out"),
    (7, "Do Not Accept"),
];

const ICRP_RESULTS: &Tok = &[(1, "Connect"), (2, "General Error"), (3, "Do Not Accept")];

const CDN_RESULTS: &Tok = &[
    (1, "Lost Carrier"),
    (2, "General Error"),
    (3, "Admin Shutdown"),
    (4, "Request"),
];

/// The fields of a message body, printed in order; a read past the captured data is a
/// truncation.
struct Msg<'a, 'n, 'o> {
    nd: &'n mut Nd<'o>,
    p: &'a [u8],
}

impl Msg<'_, '_, '_> {
    fn u16(&mut self, name: &str, at: usize) -> Res {
        let v = be16(self.p, at)?;
        self.nd.f(format_args!(" {name}({v})"));
        Ok(())
    }

    fn u32(&mut self, name: &str, at: usize) -> Res {
        let v = be32(self.p, at)?;
        self.nd.f(format_args!(" {name}({v})"));
        Ok(())
    }

    fn reserved8(&mut self, at: usize) -> Res {
        let v = u8at(self.p, at)?;
        if v != 0 {
            self.nd
                .f(format_args!(" [ERROR: reserved={v} must be zero]"));
        }
        Ok(())
    }

    fn reserved16(&mut self, at: usize) -> Res {
        let v = be16(self.p, at)?;
        if v != 0 {
            self.nd
                .f(format_args!(" [ERROR: reserved={v} must be zero]"));
        }
        Ok(())
    }

    fn proto_ver(&mut self, at: usize) -> Res {
        let v = be16(self.p, at)?;
        self.nd
            .f(format_args!(" PROTO_VER({}.{})", v >> 8, v & 0xff));
        Ok(())
    }

    fn framing_cap(&mut self, at: usize) -> Res {
        self.nd.s(" FRAME_CAP(");
        let v = be32(self.p, at)?;
        if v & 1 != 0 {
            self.nd.s("A");
        }
        if v & 2 != 0 {
            self.nd.s("S");
        }
        self.nd.s(")");
        Ok(())
    }

    fn bearer_cap(&mut self, at: usize) -> Res {
        let v = be32(self.p, at)?;
        self.nd.f(format_args!(
            " BEARER_CAP({}{})",
            if v & 2 != 0 { "D" } else { "" },
            if v & 1 != 0 { "A" } else { "" }
        ));
        Ok(())
    }

    fn typed(&mut self, name: &str, table: &Tok, at: usize) -> Res {
        let v = be32(self.p, at)?;
        self.nd.f(format_args!(" {name}("));
        self.nd.tok2str(table, "?", v);
        self.nd.s(")");
        Ok(())
    }

    fn result_code(&mut self, at: usize, msg: u16) -> Res {
        let v = u8at(self.p, at)?;
        self.nd.f(format_args!(" RESULT_CODE({v}"));
        if self.nd.opts.verbose > 0 {
            let table = match msg {
                SCCRP => Some(SCCRP_RESULTS),
                STOPCCRP | ECHORP => Some(ECHORP_RESULTS),
                OCRP => Some(OCRP_RESULTS),
                ICRP => Some(ICRP_RESULTS),
                CDN => Some(CDN_RESULTS),
                _ => None,
            };
            if let Some(table) = table {
                self.nd.s(":");
                self.nd.tok2str(table, "?", u32::from(v));
            }
        }
        self.nd.s(")");
        Ok(())
    }

    fn err_code(&mut self, at: usize) -> Res {
        let v = u8at(self.p, at)?;
        self.nd.f(format_args!(" ERR_CODE({v}"));
        if self.nd.opts.verbose > 0 {
            self.nd.s(":");
            self.nd.tok2str(ERR_CODES, "?", u32::from(v));
        }
        self.nd.s(")");
        Ok(())
    }

    /// A NUL-padded text field of at most `n` bytes.
    fn text(&mut self, name: &str, at: usize, n: usize) -> Res {
        self.nd.f(format_args!(" {name}("));
        self.nd.printjnp(tail(self.p, at), n)?;
        self.nd.s(")");
        Ok(())
    }

    /// A text field whose length is given by the 16-bit field at `len_at` (at most 64).
    fn counted_text(&mut self, name: &str, at: usize, len_at: usize) -> Res {
        let n = usize::from(be16(self.p, len_at)?).min(64);
        self.text(name, at, n)
    }

    fn hostname_vendor(&mut self, at: usize) -> Res {
        self.text("HOSTNAME", at, 64)?;
        self.text("VENDOR", at + 64, 64)
    }
}

/// tcpdump's `pptp_print`: a control message's header and fields.
pub(crate) fn print(nd: &mut Nd<'_>, dat: &[u8]) -> Res {
    nd.proto = "pptp";
    nd.s(": pptp");
    if nd.opts.verbose > 0 {
        nd.f(format_args!(" Length={}", be16(dat, 0)?));
        match be16(dat, 2)? {
            1 => nd.s(" CTRL-MSG"),
            2 => nd.s(" MGMT-MSG"),
            _ => nd.s(" UNKNOWN-MSG-TYPE"),
        }
    }
    let mc = be32(dat, 4)?;
    if mc != MAGIC_COOKIE {
        nd.f(format_args!(" UNEXPECTED Magic-Cookie!!({mc:08x})"));
    }
    if nd.opts.verbose > 0 || mc != MAGIC_COOKIE {
        nd.f(format_args!(" Magic-Cookie={mc:08x}"));
    }
    let msg_type = be16(dat, 8)?;
    match MSG_TYPES.get(usize::from(msg_type)) {
        Some(name) => nd.f(format_args!(" CTRL_MSGTYPE={name}")),
        None => nd.f(format_args!(" UNKNOWN_CTRL_MSGTYPE({msg_type})")),
    }
    let mut m = Msg { nd, p: dat };
    m.reserved16(10)?;
    let mut m = Msg {
        nd: m.nd,
        p: tail(dat, 12),
    };
    match msg_type {
        1 => {
            m.proto_ver(0)?;
            m.reserved16(2)?;
            m.framing_cap(4)?;
            m.bearer_cap(8)?;
            m.u16("MAX_CHAN", 12)?;
            m.u16("FIRM_REV", 14)?;
            m.hostname_vendor(16)?;
        }
        SCCRP => {
            m.proto_ver(0)?;
            m.result_code(2, SCCRP)?;
            m.err_code(3)?;
            m.framing_cap(4)?;
            m.bearer_cap(8)?;
            m.u16("MAX_CHAN", 12)?;
            m.u16("FIRM_REV", 14)?;
            m.hostname_vendor(16)?;
        }
        3 => {
            let reason = u8at(m.p, 0)?;
            m.nd.f(format_args!(" REASON({reason}"));
            if m.nd.opts.verbose > 0 {
                m.nd.s(match reason {
                    1 => ":None",
                    2 => ":Stop-Protocol",
                    3 => ":Stop-Local-Shutdown",
                    _ => ":?",
                });
            }
            m.nd.s(")");
            m.reserved8(1)?;
            m.reserved16(2)?;
        }
        STOPCCRP => {
            m.result_code(0, STOPCCRP)?;
            m.err_code(1)?;
            m.reserved16(2)?;
        }
        5 => m.u32("ID", 0)?,
        ECHORP => {
            m.u32("ID", 0)?;
            m.result_code(4, ECHORP)?;
            m.err_code(5)?;
            m.reserved16(6)?;
        }
        7 => {
            m.u16("CALL_ID", 0)?;
            m.u16("CALL_SER_NUM", 2)?;
            m.u32("MIN_BPS", 4)?;
            m.u32("MAX_BPS", 8)?;
            m.typed("BEARER_TYPE", BEARER_TYPES, 12)?;
            m.typed("FRAME_TYPE", FRAMING_TYPES, 16)?;
            m.u16("RECV_WIN", 20)?;
            m.u16("PROC_DELAY", 22)?;
            m.u16("PHONE_NO_LEN", 24)?;
            m.reserved16(26)?;
            m.counted_text("PHONE_NO", 28, 24)?;
            m.text("SUB_ADDR", 92, 64)?;
        }
        OCRP => {
            m.u16("CALL_ID", 0)?;
            m.u16("PEER_CALL_ID", 2)?;
            m.result_code(4, OCRP)?;
            m.err_code(5)?;
            m.u16("CAUSE_CODE", 6)?;
            m.u32("CONN_SPEED", 8)?;
            m.u16("RECV_WIN", 12)?;
            m.u16("PROC_DELAY", 14)?;
            m.u32("PHY_CHAN_ID", 16)?;
        }
        9 => {
            m.u16("CALL_ID", 0)?;
            m.u16("CALL_SER_NUM", 2)?;
            m.typed("BEARER_TYPE", BEARER_TYPES, 4)?;
            m.u32("PHY_CHAN_ID", 8)?;
            m.u16("DIALED_NO_LEN", 12)?;
            m.u16("DIALING_NO_LEN", 14)?;
            m.counted_text("DIALED_NO", 16, 12)?;
            m.counted_text("DIALING_NO", 80, 14)?;
            m.text("SUB_ADDR", 144, 64)?;
        }
        ICRP => {
            m.u16("CALL_ID", 0)?;
            m.u16("PEER_CALL_ID", 2)?;
            m.result_code(4, ICRP)?;
            m.err_code(5)?;
            m.u16("RECV_WIN", 6)?;
            m.u16("PROC_DELAY", 8)?;
            m.reserved16(10)?;
        }
        11 => {
            m.u16("PEER_CALL_ID", 0)?;
            m.reserved16(2)?;
            m.u32("CONN_SPEED", 4)?;
            m.u16("RECV_WIN", 8)?;
            m.u16("PROC_DELAY", 10)?;
            m.typed("FRAME_TYPE", FRAMING_TYPES, 12)?;
        }
        12 => {
            m.u16("CALL_ID", 0)?;
            m.reserved16(2)?;
        }
        CDN => {
            m.u16("CALL_ID", 0)?;
            m.result_code(2, CDN)?;
            m.err_code(3)?;
            m.u16("CAUSE_CODE", 4)?;
            m.reserved16(6)?;
            m.text("CALL_STATS", 8, 128)?;
        }
        14 => {
            m.u16("PEER_CALL_ID", 0)?;
            m.reserved16(2)?;
            for (i, name) in [
                "CRC_ERR",
                "FRAMING_ERR",
                "HARDWARE_OVERRUN",
                "BUFFER_OVERRUN",
                "TIMEOUT_ERR",
                "ALIGN_ERR",
            ]
            .into_iter()
            .enumerate()
            {
                m.u32(name, 4 + 4 * i)?;
            }
        }
        15 => {
            m.u16("PEER_CALL_ID", 0)?;
            m.reserved16(2)?;
            let send = be32(m.p, 4)?;
            m.nd.f(format_args!(" SEND_ACCM(0x{send:08x})"));
            let recv = be32(m.p, 8)?;
            m.nd.f(format_args!(" RECV_ACCM(0x{recv:08x})"));
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Options, tests::print_one};

    proptest::proptest! {
        #[test]
        fn random_pptp_never_panics(body in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
                                    msg in 0u16..17, v in 0u8..3) {
            let mut data = vec![0x45, 0, 0, 200, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
            data.extend_from_slice(&[0x0b, 0xd1, 0x06, 0xbb, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
            data.extend_from_slice(&[0, 156, 0, 1, 0x1a, 0x2b, 0x3c, 0x4d]);
            data.extend_from_slice(&msg.to_be_bytes());
            data.extend_from_slice(&[0, 0]);
            data.extend_from_slice(&body);
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 101, &data);
        }
    }
}
