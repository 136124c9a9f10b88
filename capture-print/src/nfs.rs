//! NFS v2 and v3 over Sun RPC, as tcpdump's print-nfs.c: requests (file handles, names,
//! offsets, attributes to set) and, matched to their requests by transaction ID, replies.
use super::ip::IpHdr;
use super::parsenfsfh;
use super::util::Tok;
use super::{Nd, Res, Trunc};

/// The NFS port, UDP and TCP.
pub(crate) const PORT: u16 = 2049;

/// RPC message directions.
pub(crate) const CALL: u32 = 0;
/// A reply.
pub(crate) const REPLY: u32 = 1;

const PROC_NULL: u32 = 0;
const PROC_GETATTR: u32 = 1;
const PROC_SETATTR: u32 = 2;
const PROC_LOOKUP: u32 = 3;
const PROC_ACCESS: u32 = 4;
const PROC_READLINK: u32 = 5;
const PROC_READ: u32 = 6;
const PROC_WRITE: u32 = 7;
const PROC_CREATE: u32 = 8;
const PROC_MKDIR: u32 = 9;
const PROC_SYMLINK: u32 = 10;
const PROC_MKNOD: u32 = 11;
const PROC_REMOVE: u32 = 12;
const PROC_RMDIR: u32 = 13;
const PROC_RENAME: u32 = 14;
const PROC_LINK: u32 = 15;
const PROC_READDIR: u32 = 16;
const PROC_READDIRPLUS: u32 = 17;
const PROC_FSSTAT: u32 = 18;
const PROC_FSINFO: u32 = 19;
const PROC_PATHCONF: u32 = 20;
const PROC_COMMIT: u32 = 21;
const PROC_NOOP: u32 = 25;

/// NFS v2 procedure numbers mapped to the v3 ones tcpdump decodes by.
const V2_PROCS: [u32; 26] = [
    PROC_NULL,
    PROC_GETATTR,
    PROC_SETATTR,
    PROC_NOOP,
    PROC_LOOKUP,
    PROC_READLINK,
    PROC_READ,
    PROC_NOOP,
    PROC_WRITE,
    PROC_CREATE,
    PROC_REMOVE,
    PROC_RENAME,
    PROC_LINK,
    PROC_SYMLINK,
    PROC_MKDIR,
    PROC_RMDIR,
    PROC_READDIR,
    PROC_FSSTAT,
    PROC_NOOP,
    PROC_NOOP,
    PROC_NOOP,
    PROC_NOOP,
    PROC_NOOP,
    PROC_NOOP,
    PROC_NOOP,
    PROC_NOOP,
];

const PROC_NAMES: &Tok = &[
    (PROC_NOOP, "nop"),
    (PROC_NULL, "null"),
    (PROC_GETATTR, "getattr"),
    (PROC_SETATTR, "setattr"),
    (PROC_LOOKUP, "lookup"),
    (PROC_ACCESS, "access"),
    (PROC_READLINK, "readlink"),
    (PROC_READ, "read"),
    (PROC_WRITE, "write"),
    (PROC_CREATE, "create"),
    (PROC_MKDIR, "mkdir"),
    (PROC_SYMLINK, "symlink"),
    (PROC_MKNOD, "mknod"),
    (PROC_REMOVE, "remove"),
    (PROC_RMDIR, "rmdir"),
    (PROC_RENAME, "rename"),
    (PROC_LINK, "link"),
    (PROC_READDIR, "readdir"),
    (PROC_READDIRPLUS, "readdirplus"),
    (PROC_FSSTAT, "fsstat"),
    (PROC_FSINFO, "fsinfo"),
    (PROC_PATHCONF, "pathconf"),
    (PROC_COMMIT, "commit"),
];

const STATUS: &Tok = &[
    (1, "Operation not permitted"),
    (2, "No such file or directory"),
    (5, "Input/output error"),
    (6, "Device not configured"),
    (11, "Resource deadlock avoided"),
    (12, "Cannot allocate memory"),
    (13, "Permission denied"),
    (17, "File exists"),
    (18, "Cross-device link"),
    (19, "Operation not supported by device"),
    (20, "Not a directory"),
    (21, "Is a directory"),
    (22, "Invalid argument"),
    (26, "Text file busy"),
    (27, "File too large"),
    (28, "No space left on device"),
    (30, "Read-only file system"),
    (31, "Too many links"),
    (45, "Operation not supported"),
    (62, "Too many levels of symbolic links"),
    (63, "File name too long"),
    (66, "Directory not empty"),
    (69, "Disc quota exceeded"),
    (70, "Stale NFS file handle"),
    (71, "Too many levels of remote in path"),
    (99, "Write cache flushed to disk"),
    (10001, "Illegal NFS file handle"),
    (10002, "Update synchronization mismatch"),
    (10003, "READDIR/READDIRPLUS cookie is stale"),
    (10004, "Operation not supported"),
    (10005, "Buffer or request is too small"),
    (10006, "Unspecified error on server"),
    (10007, "Object of that type not supported"),
    (10008, "Request couldn't be completed in time"),
];

const WRITE_MODES: &Tok = &[(0, "unstable"), (1, "datasync"), (2, "filesync")];

const FILE_TYPES: &Tok = &[
    (0, "NON"),
    (1, "REG"),
    (2, "DIR"),
    (3, "BLK"),
    (4, "CHR"),
    (5, "LNK"),
    (7, "FIFO"),
];

const AUTH_STATUS: &Tok = &[
    (0, "OK"),
    (1, "Bogus Credentials (seal broken)"),
    (2, "Rejected Credentials (client should begin new session)"),
    (3, "Bogus Verifier (seal broken)"),
    (4, "Verifier expired or was replayed"),
    (5, "Credentials are too weak"),
    (6, "Bogus response verifier"),
    (7, "Unknown failure"),
];

const ACCEPT_STATUS: &Tok = &[
    (1, "PROG_UNAVAIL"),
    (2, "PROG_MISMATCH"),
    (3, "PROC_UNAVAIL"),
    (4, "GARBAGE_ARGS"),
    (5, "SYSTEM_ERR"),
];

/// File attribute sizes.
const V2_FATTR: u64 = 68;
const V3_FATTR: u64 = 84;

// ---- reads at 64-bit offsets (tcpdump's word pointers may jump past any buffer) ----

/// `n` bytes at a 64-bit offset, if captured.
fn at(b: &[u8], off: u64, n: usize) -> Option<&[u8]> {
    let i = usize::try_from(off).ok()?;
    b.get(i..i.checked_add(n)?)
}

/// A 32-bit big-endian number at a 64-bit offset (tcpdump's `GET_BE_U_4`).
fn u32_at(b: &[u8], off: u64) -> Res<u32> {
    at(b, off, 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or(Trunc)
}

/// A 64-bit big-endian number at a 64-bit offset.
fn u64_at(b: &[u8], off: u64) -> Res<u64> {
    Ok(u64::from(u32_at(b, off)?) << 32 | u64::from(u32_at(b, off + 4)?))
}

/// tcpdump's `ND_TTEST_LEN`.
fn ttest(b: &[u8], off: u64, n: u64) -> bool {
    off.checked_add(n).is_some_and(|e| e <= b.len() as u64)
}

/// tcpdump's `roundup2(len, 4)` in 32 bits.
fn round4(len: u32) -> u32 {
    len.wrapping_add(3) & !3
}

/// The recent calls, to decode replies by the procedure they answer (tcpdump's xid map: a
/// ring of 64 entries, searched from the last hit).
#[derive(Default)]
pub(crate) struct XidMap {
    entries: Vec<XidEntry>,
    next: usize,
    hint: usize,
}

#[derive(Clone, Copy, Default)]
struct XidEntry {
    xid: u32,
    ipver: u8,
    client: [u8; 16],
    server: [u8; 16],
    proc: u32,
    vers: u32,
}

const XIDMAPSIZE: usize = 64;

/// The addresses of the IP header, by version.
fn addrs(ip: &IpHdr<'_>) -> (u8, [u8; 16], [u8; 16]) {
    let (mut s, mut d) = ([0u8; 16], [0u8; 16]);
    if ip.v6 {
        s.copy_from_slice(&ip.raw[8..24]);
        d.copy_from_slice(&ip.raw[24..40]);
        (6, s, d)
    } else {
        s[..4].copy_from_slice(&ip.raw[12..16]);
        d[..4].copy_from_slice(&ip.raw[16..20]);
        (4, s, d)
    }
}

impl XidMap {
    /// Records a call; false when its procedure number was not captured.
    fn enter(&mut self, rp: &[u8], ip: &IpHdr<'_>) -> Res<bool> {
        if !ttest(rp, 20, 4) {
            return Ok(false);
        }
        if self.entries.is_empty() {
            self.entries = vec![XidEntry::default(); XIDMAPSIZE];
        }
        let (ipver, client, server) = addrs(ip);
        let e = XidEntry {
            xid: u32_at(rp, 0)?,
            ipver,
            client,
            server,
            proc: u32_at(rp, 20)?,
            vers: u32_at(rp, 16)?,
        };
        self.entries[self.next] = e;
        self.next = (self.next + 1) % XIDMAPSIZE;
        Ok(true)
    }

    /// The procedure and version of the call a reply answers.
    fn find(&mut self, rp: &[u8], ip: &IpHdr<'_>) -> Option<(u32, u32)> {
        if self.entries.is_empty() {
            return None;
        }
        let xid = u32_at(rp, 0).ok()?;
        let (ipver, src, dst) = addrs(ip);
        let mut i = self.hint;
        loop {
            let e = &self.entries[i];
            if e.ipver == ipver && e.xid == xid && e.server == src && e.client == dst {
                self.hint = i;
                return Some((e.proc, e.vers));
            }
            i = (i + 1) % XIDMAPSIZE;
            if i == self.hint {
                return None;
            }
        }
    }
}

/// Prints the addresses of an RPC reply with `-T rpc`: the NFS port and the transaction ID
/// stand for the ports.
fn addr_line(nd: &mut Nd<'_>, ip: &IpHdr<'_>, xid: u32) {
    ip.src(nd);
    if nd.opts.numeric > 0 {
        nd.f(format_args!(".{PORT} > "));
    } else {
        nd.s(".nfs > ");
    }
    ip.dst(nd);
    nd.f(format_args!(".{xid}: "));
}

/// tcpdump's `nfsreply_print`: an RPC reply with `-T rpc`, addresses included.
pub(crate) fn reply_print(nd: &mut Nd<'_>, rp: &[u8], length: usize, ip: &IpHdr<'_>) -> Res {
    nd.proto = "nfs";
    let xid = u32_at(rp, 0)?;
    addr_line(nd, ip, xid);
    reply_noaddr(nd, rp, length, ip)
}

/// tcpdump's `nfsreply_noaddr_print`.
pub(crate) fn reply_noaddr(nd: &mut Nd<'_>, rp: &[u8], length: usize, ip: &IpHdr<'_>) -> Res {
    nd.proto = "nfs";
    if !ttest(rp, 8, 4) {
        return nd.trunc_here();
    }
    match u32_at(rp, 8)? {
        0 => {
            nd.f(format_args!("reply ok {length}"));
            if let Some((proc, vers)) = nd.state.nfs.find(rp, ip) {
                interp_reply(nd, rp, proc, vers, length)?;
            }
        }
        1 => {
            nd.f(format_args!("reply ERR {length}: "));
            if !ttest(rp, 12, 4) {
                return nd.trunc_here();
            }
            match u32_at(rp, 12)? {
                0 => {
                    if !ttest(rp, 20, 4) {
                        return nd.trunc_here();
                    }
                    nd.f(format_args!(
                        "RPC Version mismatch ({}-{})",
                        u32_at(rp, 16)?,
                        u32_at(rp, 20)?
                    ));
                }
                1 => {
                    if !ttest(rp, 16, 4) {
                        return nd.trunc_here();
                    }
                    nd.s("Auth ");
                    nd.tok2str(AUTH_STATUS, "Invalid failure code %u", u32_at(rp, 16)?);
                }
                r => nd.f(format_args!("Unknown reason for rejecting rpc message {r}")),
            }
        }
        s => nd.f(format_args!("reply Unknown rpc response code={s} {length}")),
    }
    Ok(())
}

/// The start of a call's arguments, past the credentials and verifier (tcpdump's
/// `parsereq`); None when they were not all captured.
fn parsereq(rp: &[u8], length: usize) -> Res<Option<u64>> {
    let mut length = length as u64;
    let mut dp: u64 = 24;
    if length < 8 {
        return Ok(None);
    }
    let len = u32_at(rp, dp + 4)?;
    let rounded = u64::from(round4(len));
    if !ttest(rp, dp + 8, rounded) {
        return Ok(None);
    }
    if 8 + rounded > length {
        return Ok(None);
    }
    dp += (u64::from(len) + 11) / 4 * 4;
    length -= 8 + rounded;
    if length < 8 {
        return Ok(None);
    }
    let len = u32_at(rp, dp + 4)?;
    let rounded = u64::from(round4(len));
    if !ttest(rp, dp + 8, rounded) {
        return Ok(None);
    }
    if 8 + rounded < length {
        return Ok(Some(dp + (u64::from(len) + 11) / 4 * 4));
    }
    Ok(None)
}

/// Prints a file handle and returns the offset past it (tcpdump's `parsefh`).
fn parsefh(nd: &mut Nd<'_>, rp: &[u8], mut dp: u64, v3: bool) -> Res<Option<u64>> {
    let len = if v3 {
        let l = u32_at(rp, dp)? / 4;
        dp += 4;
        l
    } else {
        8
    };
    let bytes = u64::from(len) * 4;
    if !ttest(rp, dp, bytes) {
        return Ok(None);
    }
    let fh = at(rp, dp, bytes as usize).ok_or(Trunc)?;
    printfh(nd, fh, len);
    Ok(Some(dp + bytes))
}

/// tcpdump's `nfs_printfh`.
fn printfh(nd: &mut Nd<'_>, fh: &[u8], len: u32) {
    if nd.opts.nfs_handles {
        // `-u`: the handle's words in hex, big-endian, colon-separated.
        nd.s(" fh[");
        for (i, w) in fh.chunks_exact(4).enumerate() {
            if i > 0 {
                nd.s(":");
            }
            let word = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            nd.f(format_args!("{word:x}"));
        }
        nd.s("]");
        return;
    }
    let p = parsenfsfh::parse(fh, len);
    nd.s(" fh ");
    match p.fsname {
        Some(name) => {
            // At most one character per handle word (64 at most), up to a NUL, then up to
            // the first space.
            let n = (len as usize).min(64);
            let name = &name[..n.min(name.len())];
            let name = name.split(|&c| c == 0).next().unwrap_or(&[]);
            let name = name.split(|&c| c == b' ').next().unwrap_or(&[]);
            nd.o.extend_from_slice(name);
            nd.s("/");
        }
        None => nd.f(format_args!("{},{}/", p.major, p.minor)),
    }
    if p.minor == 257 {
        nd.o.extend_from_slice(&p.opaque[..p.opaque_len]);
    } else {
        nd.u(u64::from(p.ino));
    }
}

/// Prints a file name and returns the offset past its padding (tcpdump's `parsefn`).
fn parsefn(nd: &mut Nd<'_>, rp: &[u8], dp: u64) -> Res<Option<u64>> {
    let len = u32_at(rp, dp)?;
    let dp = dp + 4;
    if u32::MAX - len < 3 {
        nd.s("[cannot pad to 32-bit boundaries]");
        nd.invalid();
        return Ok(None);
    }
    let rounded = u64::from(round4(len));
    if !ttest(rp, dp, rounded) {
        return Ok(None);
    }
    nd.s("\"");
    let name = at(rp, dp, len as usize).ok_or(Trunc)?;
    nd.printn(name, len as usize);
    nd.s("\"");
    Ok(Some(dp + rounded))
}

/// A file handle, a space and a name (tcpdump's `parsefhn`).
fn parsefhn(nd: &mut Nd<'_>, rp: &[u8], dp: u64, v3: bool) -> Res<Option<u64>> {
    let Some(dp) = parsefh(nd, rp, dp, v3)? else {
        return Ok(None);
    };
    nd.s(" ");
    parsefn(nd, rp, dp)
}

/// The attributes an NFSv3 call sets (tcpdump's `nfsv3_sattr`).
#[derive(Default)]
struct Sattr3 {
    mode: Option<u32>,
    uid: Option<u32>,
    gid: Option<u32>,
    atime: Option<(u32, u32)>,
    mtime: Option<(u32, u32)>,
}

/// Reads an sattr3 (tcpdump's `parse_sattr3`).
fn parse_sattr3(rp: &[u8], mut dp: u64) -> Res<(u64, Sattr3)> {
    let mut sa = Sattr3::default();
    let opt = |dp: &mut u64| -> Res<Option<u32>> {
        let set = u32_at(rp, *dp)?;
        *dp += 4;
        if set != 0 {
            let v = u32_at(rp, *dp)?;
            *dp += 4;
            Ok(Some(v))
        } else {
            Ok(None)
        }
    };
    sa.mode = opt(&mut dp)?;
    sa.uid = opt(&mut dp)?;
    sa.gid = opt(&mut dp)?;
    opt(&mut dp)?;
    let time = |dp: &mut u64| -> Res<Option<(u32, u32)>> {
        let how = u32_at(rp, *dp)?;
        *dp += 4;
        if how == 2 {
            let t = (u32_at(rp, *dp)?, u32_at(rp, *dp + 4)?);
            *dp += 8;
            Ok(Some(t))
        } else {
            Ok(None)
        }
    };
    sa.atime = time(&mut dp)?;
    sa.mtime = time(&mut dp)?;
    Ok((dp, sa))
}

/// tcpdump's `print_sattr3`: the attributes an NFSv3 call sets.
fn print_sattr3(nd: &mut Nd<'_>, sa: &Sattr3, verbose: u8) {
    if let Some(m) = sa.mode {
        nd.f(format_args!(" mode {m:o}"));
    }
    if let Some(u) = sa.uid {
        nd.f(format_args!(" uid {u}"));
    }
    if let Some(g) = sa.gid {
        nd.f(format_args!(" gid {g}"));
    }
    if verbose > 1 {
        if let Some((s, ns)) = sa.atime {
            nd.f(format_args!(" atime {s}.{ns:06}"));
        }
        if let Some((s, ns)) = sa.mtime {
            nd.f(format_args!(" mtime {s}.{ns:06}"));
        }
    }
}

/// tcpdump's `nfsreq_noaddr_print`: an NFS call of `length` bytes.
pub(crate) fn req_noaddr(nd: &mut Nd<'_>, rp: &[u8], length: usize, ip: &IpHdr<'_>) -> Res {
    nd.proto = "nfs";
    nd.u(length as u64);
    if !nd.state.nfs.enter(rp, ip)? {
        return nd.trunc_here();
    }
    if req_body(nd, rp, length)?.is_none() {
        nd.trunc();
    }
    Ok(())
}

/// The procedure and its arguments; None where tcpdump jumps to its truncation mark.
fn req_body(nd: &mut Nd<'_>, rp: &[u8], length: usize) -> Res<Option<()>> {
    let v3 = u32_at(rp, 16)? == 3;
    let mut proc = u32_at(rp, 20)?;
    if !v3 && (proc as usize) < V2_PROCS.len() {
        proc = V2_PROCS[proc as usize];
    }
    nd.s(" ");
    nd.tok2str(PROC_NAMES, "proc-%u", proc);
    let verbose = nd.opts.verbose;
    macro_rules! need {
        ($e:expr) => {
            match $e {
                Some(v) => v,
                None => return Ok(None),
            }
        };
    }
    match proc {
        PROC_GETATTR | PROC_SETATTR | PROC_READLINK | PROC_FSSTAT | PROC_FSINFO | PROC_PATHCONF => {
            let dp = need!(parsereq(rp, length)?);
            need!(parsefh(nd, rp, dp, v3)?);
        }
        PROC_LOOKUP | PROC_CREATE | PROC_MKDIR | PROC_REMOVE | PROC_RMDIR => {
            let dp = need!(parsereq(rp, length)?);
            need!(parsefhn(nd, rp, dp, v3)?);
        }
        PROC_ACCESS => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefh(nd, rp, dp, v3)?);
            let flags = u32_at(rp, dp)?;
            if flags & !0x3f != 0 {
                nd.f(format_args!(" {flags:04x}"));
            } else if flags & 0x3f == 0x3f {
                nd.s(" NFS_ACCESS_FULL");
            } else {
                const NAMES: [&str; 6] =
                    ["READ", "LOOKUP", "MODIFY", "EXTEND", "DELETE", "EXECUTE"];
                let mut sep = ' ';
                for (i, name) in NAMES.iter().enumerate() {
                    if flags & (1 << i) != 0 {
                        nd.f(format_args!("{sep}NFS_ACCESS_{name}"));
                        sep = '|';
                    }
                }
            }
        }
        PROC_READ => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefh(nd, rp, dp, v3)?);
            if v3 {
                let (count, off) = (u32_at(rp, dp + 8)?, u64_at(rp, dp)?);
                nd.f(format_args!(" {count} bytes @ {off}"));
            } else {
                let (count, off) = (u32_at(rp, dp + 4)?, u32_at(rp, dp)?);
                nd.f(format_args!(" {count} bytes @ {off}"));
            }
        }
        PROC_WRITE => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefh(nd, rp, dp, v3)?);
            if v3 {
                let (len, count, off) =
                    (u32_at(rp, dp + 16)?, u32_at(rp, dp + 8)?, u64_at(rp, dp)?);
                nd.f(format_args!(" {len} ({count}) bytes @ {off}"));
                if verbose > 0 {
                    let mode = u32_at(rp, dp + 12)?;
                    nd.s(" <");
                    nd.tok2str(WRITE_MODES, "#%d", mode);
                    nd.s(">");
                }
            } else {
                let (a, b, c, d) = (
                    u32_at(rp, dp + 12)?,
                    u32_at(rp, dp + 8)?,
                    u32_at(rp, dp + 4)?,
                    u32_at(rp, dp)?,
                );
                nd.f(format_args!(" {a} ({b}) bytes @ {c} ({d})"));
            }
        }
        PROC_SYMLINK => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefhn(nd, rp, dp, v3)?);
            nd.s(" ->");
            let (dp, sa) = if v3 {
                parse_sattr3(rp, dp)?
            } else {
                (dp, Sattr3::default())
            };
            need!(parsefn(nd, rp, dp)?);
            if v3 && verbose > 0 {
                print_sattr3(nd, &sa, verbose);
            }
        }
        PROC_MKNOD => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefhn(nd, rp, dp, v3)?);
            let kind = u32_at(rp, dp)?;
            let (dp, sa) = parse_sattr3(rp, dp + 4)?;
            nd.s(" ");
            nd.tok2str(FILE_TYPES, "unk-ft %u", kind);
            if verbose > 0 && (kind == 4 || kind == 3) {
                let (major, minor) = (u32_at(rp, dp)?, u32_at(rp, dp + 4)?);
                nd.f(format_args!(" {major}/{minor}"));
            }
            if verbose > 0 {
                print_sattr3(nd, &sa, verbose);
            }
        }
        PROC_RENAME => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefhn(nd, rp, dp, v3)?);
            nd.s(" ->");
            need!(parsefhn(nd, rp, dp, v3)?);
        }
        PROC_LINK => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefh(nd, rp, dp, v3)?);
            nd.s(" ->");
            need!(parsefhn(nd, rp, dp, v3)?);
        }
        PROC_READDIR => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefh(nd, rp, dp, v3)?);
            if v3 {
                let (count, cookie) = (u32_at(rp, dp + 16)?, u64_at(rp, dp)? as i64);
                nd.f(format_args!(" {count} bytes @ {cookie}"));
                if verbose > 0 {
                    let (a, b) = (u32_at(rp, dp + 8)?, u32_at(rp, dp + 12)?);
                    nd.f(format_args!(" verf {a:08x}{b:08x}"));
                }
            } else {
                let (count, cookie) = (u32_at(rp, dp + 4)?, u32_at(rp, dp)?);
                nd.f(format_args!(" {count} bytes @ {cookie}"));
            }
        }
        PROC_READDIRPLUS => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefh(nd, rp, dp, v3)?);
            let (count, cookie) = (u32_at(rp, dp + 16)?, u64_at(rp, dp)? as i64);
            nd.f(format_args!(" {count} bytes @ {cookie}"));
            if verbose > 0 {
                let (max, a, b) = (
                    u32_at(rp, dp + 20)?,
                    u32_at(rp, dp + 8)?,
                    u32_at(rp, dp + 12)?,
                );
                nd.f(format_args!(" max {max} verf {a:08x}{b:08x}"));
            }
        }
        PROC_COMMIT => {
            let dp = need!(parsereq(rp, length)?);
            let dp = need!(parsefh(nd, rp, dp, v3)?);
            let (count, off) = (u32_at(rp, dp + 8)?, u64_at(rp, dp)?);
            nd.f(format_args!(" {count} bytes @ {off}"));
        }
        _ => {}
    }
    Ok(Some(()))
}

// ---- replies ----

/// Where a parse of a reply stopped: tcpdump's NULL returns, after which its truncation
/// mark is printed unless an NFS or RPC error was.
type Step = Res<Option<u64>>;

/// The start of the results, past the verifier and an accepted status (tcpdump's
/// `parserep`).
fn parserep(nd: &mut Nd<'_>, rp: &[u8], length: usize, nfserr: &mut bool) -> Step {
    let len = u32_at(rp, 16)?;
    if len as usize >= length {
        return Ok(None);
    }
    let dp = 12 + (u64::from(len) + 11) / 4 * 4;
    let astat = u32_at(rp, dp)?;
    if astat != 0 {
        nd.s(" ");
        nd.tok2str(ACCEPT_STATUS, "ar_stat %u", astat);
        *nfserr = true;
        return Ok(None);
    }
    Ok(Some(dp + 4))
}

/// An NFS status; returns the offset past it and the status.
fn parsestatus(nd: &mut Nd<'_>, rp: &[u8], dp: u64, nfserr: &mut bool) -> Res<(u64, u32)> {
    let er = u32_at(rp, dp)?;
    if er != 0 {
        if !nd.opts.quiet {
            nd.s(" ERROR: ");
            nd.tok2str(STATUS, "unk %u", er);
        }
        *nfserr = true;
    }
    Ok((dp + 4, er))
}

/// File attributes (tcpdump's `parsefattr`).
fn parsefattr(nd: &mut Nd<'_>, rp: &[u8], dp: u64, verbose: u8, v3: bool) -> Step {
    if !ttest(rp, dp + 16, 4) {
        return Ok(None);
    }
    if verbose > 0 {
        let (kind, mode) = (u32_at(rp, dp)?, u32_at(rp, dp + 4)?);
        let (uid, gid) = (u32_at(rp, dp + 12)? as i32, u32_at(rp, dp + 16)? as i32);
        nd.s(" ");
        nd.tok2str(FILE_TYPES, "unk-ft %u ", kind);
        nd.f(format_args!(" {mode:o} ids {uid}/{gid}"));
        if v3 {
            nd.f(format_args!(" sz {}", u64_at(rp, dp + 20)?));
        } else {
            nd.f(format_args!(" sz {}", u32_at(rp, dp + 20)?));
        }
    }
    if verbose > 1 {
        let w = |i: u64| u32_at(rp, dp + i);
        if v3 {
            if !ttest(rp, dp + 76, 8) {
                return Ok(None);
            }
            nd.f(format_args!(
                " nlink {} rdev {}/{} fsid {:x} fileid {:x} a/m/ctime {}.{:06} {}.{:06} {}.{:06}",
                w(8)?,
                w(36)?,
                w(40)?,
                u64_at(rp, dp + 44)?,
                u64_at(rp, dp + 52)?,
                w(60)?,
                w(64)?,
                w(68)?,
                w(72)?,
                w(76)?,
                w(80)?
            ));
        } else {
            if !ttest(rp, dp + 60, 8) {
                return Ok(None);
            }
            nd.f(format_args!(
                " nlink {} rdev 0x{:x} fsid 0x{:x} nodeid 0x{:x} a/m/ctime {}.{:06} {}.{:06} {}.{:06}",
                w(8)?,
                w(28)?,
                w(36)?,
                w(40)?,
                w(44)?,
                w(48)?,
                w(52)?,
                w(56)?,
                w(60)?,
                w(64)?
            ));
        }
    }
    Ok(Some(dp + if v3 { V3_FATTR } else { V2_FATTR }))
}

/// A status, then attributes when it is zero (tcpdump's `parseattrstat`).
fn parseattrstat(
    nd: &mut Nd<'_>,
    rp: &[u8],
    dp: u64,
    verbose: u8,
    v3: bool,
    nfserr: &mut bool,
) -> Step {
    let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
    if er != 0 {
        return Ok(Some(dp));
    }
    parsefattr(nd, rp, dp, verbose, v3)
}

/// tcpdump's `parsediropres`.
fn parsediropres(nd: &mut Nd<'_>, rp: &[u8], dp: u64, nfserr: &mut bool) -> Step {
    let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
    if er != 0 {
        return Ok(Some(dp));
    }
    let Some(dp) = parsefh(nd, rp, dp, false)? else {
        return Ok(None);
    };
    let verbose = nd.opts.verbose;
    parsefattr(nd, rp, dp, verbose, false)
}

/// tcpdump's `parselinkres`.
fn parselinkres(nd: &mut Nd<'_>, rp: &[u8], dp: u64, v3: bool, nfserr: &mut bool) -> Step {
    let (mut dp, er) = parsestatus(nd, rp, dp, nfserr)?;
    if er != 0 {
        return Ok(Some(dp));
    }
    if v3 {
        let verbose = nd.opts.verbose;
        match parse_post_op_attr(nd, rp, dp, verbose)? {
            Some(d) => dp = d,
            None => return Ok(None),
        }
    }
    nd.s(" ");
    parsefn(nd, rp, dp)
}

/// tcpdump's `parsestatfs`.
fn parsestatfs(nd: &mut Nd<'_>, rp: &[u8], dp: u64, v3: bool, nfserr: &mut bool) -> Step {
    let (mut dp, er) = parsestatus(nd, rp, dp, nfserr)?;
    if !v3 && er != 0 {
        return Ok(Some(dp));
    }
    if nd.opts.quiet {
        return Ok(Some(dp));
    }
    let verbose = nd.opts.verbose;
    if v3 {
        if verbose > 0 {
            nd.s(" POST:");
        }
        match parse_post_op_attr(nd, rp, dp, verbose)? {
            Some(d) => dp = d,
            None => return Ok(None),
        }
    }
    if !ttest(rp, dp, if v3 { 52 } else { 20 }) {
        return Ok(None);
    }
    if v3 {
        nd.f(format_args!(
            " tbytes {} fbytes {} abytes {}",
            u64_at(rp, dp)?,
            u64_at(rp, dp + 8)?,
            u64_at(rp, dp + 16)?
        ));
        if verbose > 0 {
            nd.f(format_args!(
                " tfiles {} ffiles {} afiles {} invar {}",
                u64_at(rp, dp + 24)?,
                u64_at(rp, dp + 32)?,
                u64_at(rp, dp + 40)?,
                u32_at(rp, dp + 48)?
            ));
        }
    } else {
        nd.f(format_args!(
            " tsize {} bsize {} blocks {} bfree {} bavail {}",
            u32_at(rp, dp)?,
            u32_at(rp, dp + 4)?,
            u32_at(rp, dp + 8)?,
            u32_at(rp, dp + 12)?,
            u32_at(rp, dp + 16)?
        ));
    }
    Ok(Some(dp))
}

/// tcpdump's `parserddires` (NFSv2).
fn parserddires(nd: &mut Nd<'_>, rp: &[u8], dp: u64, nfserr: &mut bool) -> Step {
    let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
    if er != 0 || nd.opts.quiet {
        return Ok(Some(dp));
    }
    let (off, size) = (u32_at(rp, dp)?, u32_at(rp, dp + 4)?);
    nd.f(format_args!(" offset 0x{off:x} size {size} "));
    if u32_at(rp, dp + 8)? != 0 {
        nd.s(" eof");
    }
    Ok(Some(dp))
}

/// Attributes before an operation, printed with `-vv` (tcpdump's `parse_pre_op_attr`).
fn parse_pre_op_attr(nd: &mut Nd<'_>, rp: &[u8], dp: u64, verbose: u8) -> Step {
    if u32_at(rp, dp)? == 0 {
        return Ok(Some(dp + 4));
    }
    let dp = dp + 4;
    if !ttest(rp, dp, 24) {
        return Ok(None);
    }
    if verbose > 1 {
        let size = u64_at(rp, dp)?;
        let w = |i: u64| u32_at(rp, dp + i);
        nd.f(format_args!(
            " sz {size} mtime {}.{:06} ctime {}.{:06}",
            w(8)?,
            w(12)?,
            w(16)?,
            w(20)?
        ));
    }
    Ok(Some(dp + 24))
}

/// Attributes after an operation, printed with `-v` (tcpdump's `parse_post_op_attr`).
fn parse_post_op_attr(nd: &mut Nd<'_>, rp: &[u8], dp: u64, verbose: u8) -> Step {
    if u32_at(rp, dp)? == 0 {
        return Ok(Some(dp + 4));
    }
    let dp = dp + 4;
    if verbose > 0 {
        parsefattr(nd, rp, dp, verbose, true)
    } else {
        Ok(Some(dp + V3_FATTR))
    }
}

/// tcpdump's `parse_wcc_data`.
fn parse_wcc_data(nd: &mut Nd<'_>, rp: &[u8], dp: u64, verbose: u8) -> Step {
    if verbose > 1 {
        nd.s(" PRE:");
    }
    let Some(dp) = parse_pre_op_attr(nd, rp, dp, verbose)? else {
        return Ok(None);
    };
    if verbose > 0 {
        nd.s(" POST:");
    }
    parse_post_op_attr(nd, rp, dp, verbose)
}

/// tcpdump's `parsecreateopres`.
fn parsecreateopres(nd: &mut Nd<'_>, rp: &[u8], dp: u64, verbose: u8, nfserr: &mut bool) -> Step {
    let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
    if er != 0 {
        return parse_wcc_data(nd, rp, dp, verbose);
    }
    if u32_at(rp, dp)? == 0 {
        return Ok(Some(dp + 4));
    }
    let Some(mut dp) = parsefh(nd, rp, dp + 4, true)? else {
        return Ok(None);
    };
    if verbose > 0 {
        match parse_post_op_attr(nd, rp, dp, verbose)? {
            Some(d) => dp = d,
            None => return Ok(None),
        }
        if nd.opts.verbose > 1 {
            nd.s(" dir attr:");
            return parse_wcc_data(nd, rp, dp, verbose);
        }
    }
    Ok(Some(dp))
}

/// tcpdump's `parsewccres`.
fn parsewccres(nd: &mut Nd<'_>, rp: &[u8], dp: u64, verbose: u8, nfserr: &mut bool) -> Step {
    let (dp, _) = parsestatus(nd, rp, dp, nfserr)?;
    parse_wcc_data(nd, rp, dp, verbose)
}

/// The status and post-operation attributes a v3 reply starts with: the offset after them and
/// whether the status is an error (then nothing else follows); None when they are cut short.
fn status_and_post(
    nd: &mut Nd<'_>,
    rp: &[u8],
    dp: u64,
    verbose: u8,
    nfserr: &mut bool,
) -> Res<Option<(u64, bool)>> {
    let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
    if verbose > 0 {
        nd.s(" POST:");
    }
    Ok(parse_post_op_attr(nd, rp, dp, verbose)?.map(|dp| (dp, er != 0)))
}

/// tcpdump's `parsev3rddirres`.
fn parsev3rddirres(nd: &mut Nd<'_>, rp: &[u8], dp: u64, verbose: u8, nfserr: &mut bool) -> Step {
    let Some((dp, failed)) = status_and_post(nd, rp, dp, verbose, nfserr)? else {
        return Ok(None);
    };
    if failed {
        return Ok(Some(dp));
    }
    if nd.opts.verbose > 0 {
        let (a, b) = (u32_at(rp, dp)?, u32_at(rp, dp + 4)?);
        nd.f(format_args!(" verf {a:08x}{b:08x}"));
        return Ok(Some(dp + 8));
    }
    Ok(Some(dp))
}

/// tcpdump's `parsefsinfo`.
fn parsefsinfo(nd: &mut Nd<'_>, rp: &[u8], dp: u64, nfserr: &mut bool) -> Step {
    let verbose = nd.opts.verbose;
    let Some((dp, failed)) = status_and_post(nd, rp, dp, verbose, nfserr)? else {
        return Ok(None);
    };
    if failed {
        return Ok(Some(dp));
    }
    if !ttest(rp, dp, 48) {
        return Ok(None);
    }
    let w = |i: u64| u32_at(rp, dp + i);
    nd.f(format_args!(
        " rtmax {} rtpref {} wtmax {} wtpref {} dtpref {}",
        w(0)?,
        w(4)?,
        w(12)?,
        w(16)?,
        w(24)?
    ));
    if verbose > 0 {
        nd.f(format_args!(
            " rtmult {} wtmult {} maxfsz {} delta {}.{:06} ",
            w(8)?,
            w(20)?,
            u64_at(rp, dp + 28)?,
            w(36)?,
            w(40)?
        ));
    }
    Ok(Some(dp))
}

/// tcpdump's `parsepathconf`.
fn parsepathconf(nd: &mut Nd<'_>, rp: &[u8], dp: u64, nfserr: &mut bool) -> Step {
    let verbose = nd.opts.verbose;
    let Some((dp, failed)) = status_and_post(nd, rp, dp, verbose, nfserr)? else {
        return Ok(None);
    };
    if failed {
        return Ok(Some(dp));
    }
    if !ttest(rp, dp, 24) {
        return Ok(None);
    }
    let w = |i: u64| u32_at(rp, dp + i);
    let flag = |v: u32, s: &'static str| if v != 0 { s } else { "" };
    nd.f(format_args!(
        " linkmax {} namemax {} {} {} {} {}",
        w(0)?,
        w(4)?,
        flag(w(8)?, "notrunc"),
        flag(w(12)?, "chownres"),
        flag(w(16)?, "igncase"),
        flag(w(20)?, "keepcase")
    ));
    Ok(Some(dp))
}

/// A reply's results, by the procedure of the call it answers (tcpdump's `interp_reply`).
fn interp_reply(nd: &mut Nd<'_>, rp: &[u8], proc: u32, vers: u32, length: usize) -> Res {
    let mut nfserr = false;
    let done = interp_body(nd, rp, proc, vers, length, &mut nfserr)?;
    if done.is_none() && !nfserr {
        nd.trunc();
    }
    Ok(())
}

/// The procedure name and results of a reply; None where tcpdump jumps to its truncation.
fn interp_body(
    nd: &mut Nd<'_>,
    rp: &[u8],
    mut proc: u32,
    vers: u32,
    length: usize,
    nfserr: &mut bool,
) -> Step {
    let v3 = vers == 3;
    if !v3 && (proc as usize) < V2_PROCS.len() {
        proc = V2_PROCS[proc as usize];
    }
    nd.s(" ");
    nd.tok2str(PROC_NAMES, "proc-%u", proc);
    let verbose = nd.opts.verbose;
    let quiet = nd.opts.quiet;
    macro_rules! need {
        ($e:expr) => {
            match $e {
                Some(v) => v,
                None => return Ok(None),
            }
        };
    }
    let known = matches!(
        proc,
        PROC_GETATTR
            | PROC_SETATTR
            | PROC_LOOKUP
            | PROC_ACCESS
            | PROC_READLINK
            | PROC_READ
            | PROC_WRITE
            | PROC_CREATE
            | PROC_MKDIR
            | PROC_SYMLINK
            | PROC_MKNOD
            | PROC_REMOVE
            | PROC_RMDIR
            | PROC_RENAME
            | PROC_LINK
            | PROC_READDIR
            | PROC_READDIRPLUS
            | PROC_FSSTAT
            | PROC_FSINFO
            | PROC_PATHCONF
            | PROC_COMMIT
    );
    if !known {
        return Ok(Some(0));
    }
    let dp = need!(parserep(nd, rp, length, nfserr)?);
    match proc {
        PROC_GETATTR => parseattrstat(nd, rp, dp, u8::from(!quiet), v3, nfserr),
        PROC_SETATTR if v3 => parsewccres(nd, rp, dp, verbose, nfserr),
        PROC_SETATTR => parseattrstat(nd, rp, dp, u8::from(!quiet), false, nfserr),
        PROC_LOOKUP if v3 => {
            let (mut dp, er) = parsestatus(nd, rp, dp, nfserr)?;
            if er == 0 {
                dp = need!(parsefh(nd, rp, dp, v3)?);
                dp = need!(parse_post_op_attr(nd, rp, dp, verbose)?);
            }
            if verbose > 1 {
                nd.s(" post dattr:");
                dp = need!(parse_post_op_attr(nd, rp, dp, verbose)?);
            }
            Ok(Some(dp))
        }
        PROC_LOOKUP => parsediropres(nd, rp, dp, nfserr),
        PROC_ACCESS => {
            let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
            if verbose > 0 {
                nd.s(" attr:");
            }
            let dp = need!(parse_post_op_attr(nd, rp, dp, verbose)?);
            if er == 0 {
                nd.f(format_args!(" c {:04x}", u32_at(rp, dp)?));
            }
            Ok(Some(dp))
        }
        PROC_READLINK => parselinkres(nd, rp, dp, v3, nfserr),
        PROC_READ if v3 => {
            let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
            let dp = need!(parse_post_op_attr(nd, rp, dp, verbose)?);
            if er == 0 && verbose > 0 {
                nd.f(format_args!(" {} bytes", u32_at(rp, dp)?));
                if u32_at(rp, dp + 4)? != 0 {
                    nd.s(" EOF");
                }
            }
            Ok(Some(dp))
        }
        PROC_READ => parseattrstat(nd, rp, dp, verbose, false, nfserr),
        PROC_WRITE if v3 => {
            let (dp, er) = parsestatus(nd, rp, dp, nfserr)?;
            let dp = need!(parse_wcc_data(nd, rp, dp, verbose)?);
            if er == 0 && verbose > 0 {
                nd.f(format_args!(" {} bytes", u32_at(rp, dp)?));
                if verbose > 1 {
                    let mode = u32_at(rp, dp + 4)?;
                    nd.s(" <");
                    nd.tok2str(WRITE_MODES, "#%d", mode);
                    nd.s(">");
                    nd.f(format_args!(" verf {:x}", u64_at(rp, dp + 8)?));
                }
            }
            // tcpdump returns here, never printing a truncation.
            Ok(Some(dp))
        }
        PROC_WRITE => parseattrstat(nd, rp, dp, verbose, false, nfserr),
        PROC_CREATE | PROC_MKDIR if v3 => parsecreateopres(nd, rp, dp, verbose, nfserr),
        PROC_CREATE | PROC_MKDIR => parsediropres(nd, rp, dp, nfserr),
        PROC_SYMLINK if v3 => parsecreateopres(nd, rp, dp, verbose, nfserr),
        PROC_SYMLINK => Ok(Some(parsestatus(nd, rp, dp, nfserr)?.0)),
        PROC_MKNOD => parsecreateopres(nd, rp, dp, verbose, nfserr),
        PROC_REMOVE | PROC_RMDIR if v3 => parsewccres(nd, rp, dp, verbose, nfserr),
        PROC_REMOVE | PROC_RMDIR => Ok(Some(parsestatus(nd, rp, dp, nfserr)?.0)),
        PROC_RENAME if v3 => {
            let (mut dp, _) = parsestatus(nd, rp, dp, nfserr)?;
            if verbose > 0 {
                nd.s(" from:");
                dp = need!(parse_wcc_data(nd, rp, dp, verbose)?);
                nd.s(" to:");
                dp = need!(parse_wcc_data(nd, rp, dp, verbose)?);
            }
            Ok(Some(dp))
        }
        PROC_LINK if v3 => {
            let (mut dp, _) = parsestatus(nd, rp, dp, nfserr)?;
            if verbose > 0 {
                nd.s(" file POST:");
                dp = need!(parse_post_op_attr(nd, rp, dp, verbose)?);
                nd.s(" dir:");
                dp = need!(parse_wcc_data(nd, rp, dp, verbose)?);
            }
            Ok(Some(dp))
        }
        PROC_RENAME | PROC_LINK => Ok(Some(parsestatus(nd, rp, dp, nfserr)?.0)),
        PROC_READDIR if v3 => parsev3rddirres(nd, rp, dp, verbose, nfserr),
        PROC_READDIR => parserddires(nd, rp, dp, nfserr),
        PROC_READDIRPLUS => parsev3rddirres(nd, rp, dp, verbose, nfserr),
        PROC_FSSTAT => parsestatfs(nd, rp, dp, v3, nfserr),
        PROC_FSINFO => parsefsinfo(nd, rp, dp, nfserr),
        PROC_PATHCONF => parsepathconf(nd, rp, dp, nfserr),
        PROC_COMMIT => {
            let dp = need!(parsewccres(nd, rp, dp, verbose, nfserr)?);
            if verbose > 1 {
                nd.f(format_args!(" verf {:x}", u64_at(rp, dp)?));
            }
            Ok(Some(dp))
        }
        _ => Ok(Some(dp)),
    }
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{hex, opts, print_ip, print_ips, udp4, udp4_back};

    /// An NFSv3 LOOKUP of "foo" and its reply (a 2-word handle, no attributes).
    const CALL: &str = "000012340000000000000002000186a3000000030000000300000001000000000000000000000000000000080a0000000000000000000003666f6f00";
    const REPLY: &str = "00001234000000010000000000000000000000000000000000000000000000080a000000000000000000000000000000";

    #[test]
    fn lookup_call_and_reply() {
        let pkts = [
            udp4(800, 2049, &hex(CALL)),
            udp4_back(2049, 800, &hex(REPLY)),
        ];
        let out = print_ips(opts(0), &pkts);
        assert_eq!(
            out[0],
            "IP 10.0.0.1.800 > 10.0.0.2.2049: NFS request xid 4660 60 lookup fh Un/0A00000000000000 \"foo\"\n"
        );
        assert_eq!(
            out[1],
            "IP 10.0.0.2.2049 > 10.0.0.1.800: NFS reply xid 4660 reply ok 48 lookup fh Un/0A00000000000000\n"
        );
        let out = print_ips(opts(2), &pkts);
        assert!(
            out[1].ends_with("lookup fh Un/0A00000000000000 post dattr:\n"),
            "{}",
            out[1]
        );
        // Without the call, the reply cannot be decoded.
        assert_eq!(
            print_ip(opts(0), &pkts[1]),
            "IP 10.0.0.2.2049 > 10.0.0.1.800: NFS reply xid 4660 reply ok 48\n"
        );
    }

    #[test]
    fn truncated_name() {
        let mut call = hex(CALL);
        call.truncate(call.len() - 2);
        let s = print_ip(opts(0), &udp4(800, 2049, &call));
        assert!(
            s.ends_with("lookup fh Un/0A00000000000000  [|nfs]\n"),
            "{s}"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(words in proptest::collection::vec(0u32..40, 0..60),
                        proc in 0u32..24, vers in 2u32..4, cut in 0usize..300, v in 0u8..4) {
            // Small words make plausible lengths, counts and flags.
            let mut body: Vec<u8> = [0x1234, 0, 2, 100003, vers, proc]
                .iter()
                .chain(words.iter())
                .flat_map(|w: &u32| w.to_be_bytes())
                .collect();
            body.truncate(cut);
            let mut reply: Vec<u8> = [0x1234u32, 1, 0]
                .iter()
                .chain(words.iter())
                .flat_map(|w: &u32| w.to_be_bytes())
                .collect();
            reply.truncate(cut);
            let _ = print_ips(opts(v), &[udp4(800, 2049, &body), udp4_back(2049, 800, &reply)]);
        }
    }
}
