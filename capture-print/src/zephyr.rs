//! Zephyr (Project Athena's notification service), as tcpdump's print-zephyr.c: the notice kind,
//! sender and what the class, instance and opcode say it does.
use super::util::Tok;
use super::{Nd, Res, u8at};

const SERVACK: i32 = 5;

const KINDS: &Tok = &[
    (0, "unsafe"),
    (1, "unacked"),
    (2, "acked"),
    (3, "hm-ack"),
    (4, "hm-ctl"),
    (5, "serv-ack"),
    (6, "serv-nak"),
    (7, "client-ack"),
    (8, "stat"),
];

/// The NUL-terminated fields of a notice, read one after the other.
struct Fields<'a> {
    bp: &'a [u8],
    at: usize,
    /// What is left of the UDP payload.
    left: usize,
}

impl<'a> Fields<'a> {
    /// The next field (without its NUL), `Ok(None)` when the payload ends first; reading past
    /// the captured bytes is a truncation.
    fn next(&mut self) -> Res<Option<&'a [u8]>> {
        let start = self.at;
        loop {
            if self.left == 0 {
                return Ok(None);
            }
            if u8at(self.bp, self.at)? == 0 {
                break;
            }
            self.at += 1;
            self.left -= 1;
        }
        let field = &self.bp[start..self.at];
        self.at += 1;
        self.left -= 1;
        Ok(Some(field))
    }
}

/// C's `strtol(s, 0, 16)` stored in an `int`.
fn hex_int(s: &[u8]) -> i32 {
    super::cnum::parse(s, 16).map_or(0, |p| p.signed() as i32)
}

/// tcpdump's 256-byte scratch buffer: at most 255 bytes of a string.
fn clip(mut s: Vec<u8>) -> Vec<u8> {
    s.truncate(255);
    s
}

/// The string in lower case, as tcpdump's `str_to_lower`.
fn lower(s: &[u8]) -> Vec<u8> {
    clip(s.to_ascii_lowercase())
}

/// `<class,inst,recipient>`, `*` for an empty recipient.
fn triple(class: &[u8], inst: &[u8], recipient: &[u8]) -> Vec<u8> {
    let recipient: &[u8] = if recipient.is_empty() {
        b"*"
    } else {
        recipient
    };
    let mut t = Vec::with_capacity(class.len() + inst.len() + recipient.len() + 4);
    t.push(b'<');
    t.extend_from_slice(class);
    t.push(b',');
    t.extend_from_slice(inst);
    t.push(b',');
    t.extend_from_slice(recipient);
    t.push(b'>');
    clip(t)
}

/// `prefix`, then `s` with unprintable characters escaped.
fn text(nd: &mut Nd<'_>, prefix: &str, s: &[u8]) {
    nd.s(prefix);
    for &c in s {
        nd.print_char(c);
    }
}

/// Prints a Zephyr notice; `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    nd.proto = "zephyr";
    let mut f = Fields {
        bp,
        at: 0,
        left: length,
    };
    let Some(version) = f.next()? else {
        nd.invalid();
        return Ok(());
    };
    if !version.starts_with(b"ZEPH") {
        return Ok(());
    }
    // The header's fields; a missing one makes the notice invalid.
    let mut h: [Option<&[u8]>; 15] = [None; 15];
    for slot in h.iter_mut() {
        *slot = f.next()?;
    }
    let [
        Some(_numfields),
        Some(kind),
        Some(_uid),
        Some(_port),
        Some(_auth),
        Some(_authlen),
        Some(_authdata),
        Some(class),
        Some(inst),
        Some(opcode),
        Some(sender),
        Some(recipient),
        Some(_format),
        Some(_cksum),
        Some(_multi),
    ] = h
    else {
        nd.invalid();
        return Ok(());
    };
    if f.next()?.is_none() {
        nd.invalid();
        return Ok(());
    }
    let kind = hex_int(kind);
    nd.s(" zephyr");
    if !version[4..].starts_with(b"0.2") {
        text(nd, " v", &version[4..]);
        return Ok(());
    }
    nd.s(" ");
    nd.tok2str(KINDS, "type %d", kind as u32);
    if kind == SERVACK
        && let Some(ack) = f.next()?
        && ack != b"SENT"
    {
        text(nd, "/", &lower(ack));
    }
    if !sender.is_empty() {
        text(nd, " ", sender);
    }
    match class {
        b"USER_LOCATE" => {
            match opcode {
                b"USER_HIDE" => nd.s(" hide"),
                b"USER_UNHIDE" => nd.s(" unhide"),
                _ => text(nd, " locate ", inst),
            }
            return Ok(());
        }
        b"ZEPHYR_ADMIN" => {
            text(nd, " zephyr-admin ", &lower(opcode));
            return Ok(());
        }
        b"ZEPHYR_CTL" => match inst {
            b"CLIENT" => {
                match opcode {
                    b"SUBSCRIBE" | b"SUBSCRIBE_NODEFS" | b"UNSUBSCRIBE" => {
                        let un = if opcode == b"SUBSCRIBE" { "" } else { "un" };
                        let nodefs = if opcode == b"SUBSCRIBE_NODEFS" {
                            "-nodefs"
                        } else {
                            ""
                        };
                        nd.f(format_args!(" {un}sub{nodefs}"));
                        if kind != SERVACK {
                            let (c, i, r) = (f.next()?, f.next()?, f.next()?);
                            if let (Some(c), Some(i), Some(r)) = (c, i, r) {
                                text(nd, " ", &triple(c, i, r));
                            }
                        }
                    }
                    b"GIMME" => nd.s(" ret"),
                    b"GIMMEDEFS" => nd.s(" gimme-defs"),
                    b"CLEARSUB" => nd.s(" clear-subs"),
                    _ => text(nd, " ", &lower(opcode)),
                }
                return Ok(());
            }
            b"HM" => {
                text(nd, " ", &lower(opcode));
                return Ok(());
            }
            b"REALM" => {
                match opcode {
                    b"ADD_SUBSCRIBE" => nd.s(" realm add-subs"),
                    b"REQ_SUBSCRIBE" => nd.s(" realm req-subs"),
                    b"RLM_SUBSCRIBE" => nd.s(" realm rlm-sub"),
                    b"RLM_UNSUBSCRIBE" => nd.s(" realm rlm-unsub"),
                    _ => {}
                }
                return Ok(());
            }
            _ => {}
        },
        b"HM_CTL" => {
            text(nd, " hm_ctl ", &lower(inst));
            text(nd, " ", &lower(opcode));
            return Ok(());
        }
        b"HM_STAT" if inst == b"HMST_CLIENT" && opcode == b"GIMMESTATS" => {
            nd.s(" get-client-stats");
            return Ok(());
        }
        b"WG_CTL" => {
            text(nd, " wg_ctl ", &lower(inst));
            text(nd, " ", &lower(opcode));
            return Ok(());
        }
        b"LOGIN" => match opcode {
            b"USER_FLUSH" => {
                nd.s(" flush_locs");
                return Ok(());
            }
            b"NONE" | b"OPSTAFF" | b"REALM-VISIBLE" | b"REALM-ANNOUNCED" | b"NET-VISIBLE"
            | b"NET-ANNOUNCED" => {
                text(nd, " set-exposure ", &lower(opcode));
                return Ok(());
            }
            _ => {}
        },
        _ => {}
    }
    text(nd, " to ", &triple(class, inst, recipient));
    if !opcode.is_empty() {
        text(nd, " op ", opcode);
    }
    Ok(())
}
