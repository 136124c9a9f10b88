//! AFS's Rx RPC (UDP ports 7000 to 7009), as tcpdump's print-rx.c: the Rx header, acks, and
//! the calls and replies of the file, callback, protection, VLDB, kauth, volume, BOS and Ubik
//! services (replies decoded by the call they answer).
use super::ip::IpHdr;
use super::time::LocalClock;
use super::util::Tok;
use super::{Nd, Res, Trunc, be16, be32, be64, has, tail, u8at};

const FS_PORT: u16 = 7000;
const CB_PORT: u16 = 7001;
const PROT_PORT: u16 = 7002;
const VLDB_PORT: u16 = 7003;
const KAUTH_PORT: u16 = 7004;
const VOL_PORT: u16 = 7005;
const BOS_PORT: u16 = 7007;

/// The Rx header's size.
const HDR: usize = 28;

const TYPE_DATA: u8 = 1;
const TYPE_ACK: u8 = 2;
const TYPE_ABORT: u8 = 4;

const CLIENT_INITIATED: u8 = 1;

const AFSNAMEMAX: u32 = 256;
const PRNAMEMAX: usize = 64;
const VLNAMEMAX: usize = 65;
const KANAMEMAX: u32 = 64;
const BOSNAMEMAX: u32 = 256;

/// Rx flags: bit, the packet type it applies to (0: any), name.
const FLAGS: [(u8, u8, &str); 7] = [
    (1, 0, "client-init"),
    (2, 0, "req-ack"),
    (4, 0, "last-pckt"),
    (8, 0, "more-pckts"),
    (16, 0, "free-pckt"),
    (32, TYPE_ACK, "slow-start"),
    (32, TYPE_DATA, "jumbogram"),
];

const VOLTYPES: [&str; 3] = ["read-write", "read-only", "backup"];

const RX_TYPES: &Tok = &[
    (1, "data"),
    (2, "ack"),
    (3, "busy"),
    (4, "abort"),
    (5, "ackall"),
    (6, "challenge"),
    (7, "response"),
    (8, "debug"),
    (9, "params"),
    (13, "version"),
];

const FS_REQ: &Tok = &[
    (130, "fetch-data"),
    (131, "fetch-acl"),
    (132, "fetch-status"),
    (133, "store-data"),
    (134, "store-acl"),
    (135, "store-status"),
    (136, "remove-file"),
    (137, "create-file"),
    (138, "rename"),
    (139, "symlink"),
    (140, "link"),
    (141, "makedir"),
    (142, "rmdir"),
    (143, "oldsetlock"),
    (144, "oldextlock"),
    (145, "oldrellock"),
    (146, "get-stats"),
    (147, "give-cbs"),
    (148, "get-vlinfo"),
    (149, "get-vlstats"),
    (150, "set-vlstats"),
    (151, "get-rootvl"),
    (152, "check-token"),
    (153, "get-time"),
    (154, "nget-vlinfo"),
    (155, "bulk-stat"),
    (156, "setlock"),
    (157, "extlock"),
    (158, "rellock"),
    (159, "xstat-ver"),
    (160, "get-xstat"),
    (161, "dfs-lookup"),
    (162, "dfs-flushcps"),
    (163, "dfs-symlink"),
    (220, "residency"),
    (65536, "inline-bulk-status"),
    (65537, "fetch-data-64"),
    (65538, "store-data-64"),
    (65539, "give-up-all-cbs"),
    (65540, "get-caps"),
    (65541, "cb-rx-conn-addr"),
];

const CB_REQ: &Tok = &[
    (204, "callback"),
    (205, "initcb"),
    (206, "probe"),
    (207, "getlock"),
    (208, "getce"),
    (209, "xstatver"),
    (210, "getxstat"),
    (211, "initcb2"),
    (212, "whoareyou"),
    (213, "initcb3"),
    (214, "probeuuid"),
    (215, "getsrvprefs"),
    (216, "getcellservdb"),
    (217, "getlocalcell"),
    (218, "getcacheconf"),
    (65536, "getce64"),
    (65537, "getcellbynum"),
    (65538, "tellmeaboutyourself"),
];

const PT_REQ: &Tok = &[
    (500, "new-user"),
    (501, "where-is-it"),
    (502, "dump-entry"),
    (503, "add-to-group"),
    (504, "name-to-id"),
    (505, "id-to-name"),
    (506, "delete"),
    (507, "remove-from-group"),
    (508, "get-cps"),
    (509, "new-entry"),
    (510, "list-max"),
    (511, "set-max"),
    (512, "list-entry"),
    (513, "change-entry"),
    (514, "list-elements"),
    (515, "same-mbr-of"),
    (516, "set-fld-sentry"),
    (517, "list-owned"),
    (518, "get-cps2"),
    (519, "get-host-cps"),
    (520, "update-entry"),
    (521, "list-entries"),
    (530, "list-super-groups"),
];

const VLDB_REQ: &Tok = &[
    (501, "create-entry"),
    (502, "delete-entry"),
    (503, "get-entry-by-id"),
    (504, "get-entry-by-name"),
    (505, "get-new-volume-id"),
    (506, "replace-entry"),
    (507, "update-entry"),
    (508, "setlock"),
    (509, "releaselock"),
    (510, "list-entry"),
    (511, "list-attrib"),
    (512, "linked-list"),
    (513, "get-stats"),
    (514, "probe"),
    (515, "get-addrs"),
    (516, "change-addr"),
    (517, "create-entry-n"),
    (518, "get-entry-by-id-n"),
    (519, "get-entry-by-name-n"),
    (520, "replace-entry-n"),
    (521, "list-entry-n"),
    (522, "list-attrib-n"),
    (523, "linked-list-n"),
    (524, "update-entry-by-name"),
    (525, "create-entry-u"),
    (526, "get-entry-by-id-u"),
    (527, "get-entry-by-name-u"),
    (528, "replace-entry-u"),
    (529, "list-entry-u"),
    (530, "list-attrib-u"),
    (531, "linked-list-u"),
    (532, "regaddr"),
    (533, "get-addrs-u"),
    (534, "list-attrib-n2"),
];

const KAUTH_REQ: &Tok = &[
    (1, "auth-old"),
    (21, "authenticate"),
    (22, "authenticate-v2"),
    (2, "change-pw"),
    (3, "get-ticket-old"),
    (23, "get-ticket"),
    (4, "set-pw"),
    (5, "set-fields"),
    (6, "create-user"),
    (7, "delete-user"),
    (8, "get-entry"),
    (9, "list-entry"),
    (10, "get-stats"),
    (11, "debug"),
    (12, "get-pw"),
    (13, "get-random-key"),
    (14, "unlock"),
    (15, "lock-status"),
];

const VOL_REQ: &Tok = &[
    (100, "create-volume"),
    (101, "delete-volume"),
    (102, "restore"),
    (103, "forward"),
    (104, "end-trans"),
    (105, "clone"),
    (106, "set-flags"),
    (107, "get-flags"),
    (108, "trans-create"),
    (109, "dump"),
    (110, "get-nth-volume"),
    (111, "set-forwarding"),
    (112, "get-name"),
    (113, "get-status"),
    (114, "sig-restore"),
    (115, "list-partitions"),
    (116, "list-volumes"),
    (117, "set-id-types"),
    (118, "monitor"),
    (119, "partition-info"),
    (120, "reclone"),
    (121, "list-one-volume"),
    (122, "nuke"),
    (123, "set-date"),
    (124, "x-list-volumes"),
    (125, "x-list-one-volume"),
    (126, "set-info"),
    (127, "x-list-partitions"),
    (128, "forward-multiple"),
    (65536, "convert-ro"),
    (65537, "get-size"),
    (65538, "dump-v2"),
];

const BOS_REQ: &Tok = &[
    (80, "create-bnode"),
    (81, "delete-bnode"),
    (82, "set-status"),
    (83, "get-status"),
    (84, "enumerate-instance"),
    (85, "get-instance-info"),
    (86, "get-instance-parm"),
    (87, "add-superuser"),
    (88, "delete-superuser"),
    (89, "list-superusers"),
    (90, "list-keys"),
    (91, "add-key"),
    (92, "delete-key"),
    (93, "set-cell-name"),
    (94, "get-cell-name"),
    (95, "get-cell-host"),
    (96, "add-cell-host"),
    (97, "delete-cell-host"),
    (98, "set-t-status"),
    (99, "shutdown-all"),
    (100, "restart-all"),
    (101, "startup-all"),
    (102, "set-noauth-flag"),
    (103, "re-bozo"),
    (104, "restart"),
    (105, "start-bozo-install"),
    (106, "uninstall"),
    (107, "get-dates"),
    (108, "exec"),
    (109, "prune"),
    (110, "set-restart-time"),
    (111, "get-restart-time"),
    (112, "start-bozo-log"),
    (113, "wait-all"),
    (114, "get-instance-strings"),
    (115, "get-restricted"),
    (116, "set-restricted"),
];

const UBIK_REQ: &Tok = &[
    (10000, "vote-beacon"),
    (10001, "vote-debug-old"),
    (10002, "vote-sdebug-old"),
    (10003, "vote-getsyncsite"),
    (10004, "vote-debug"),
    (10005, "vote-sdebug"),
    (10006, "vote-xdebug"),
    (10007, "vote-xsdebug"),
    (20000, "disk-begin"),
    (20001, "disk-commit"),
    (20002, "disk-lock"),
    (20003, "disk-write"),
    (20004, "disk-getversion"),
    (20005, "disk-getfile"),
    (20006, "disk-sendfile"),
    (20007, "disk-abort"),
    (20008, "disk-releaselocks"),
    (20009, "disk-truncate"),
    (20010, "disk-probe"),
    (20011, "disk-writev"),
    (20012, "disk-interfaceaddr"),
    (20013, "disk-setversion"),
];

const AFS_FS_ERRORS: &Tok = &[
    (101, "salvage volume"),
    (102, "no such vnode"),
    (103, "no such volume"),
    (104, "volume exist"),
    (105, "no service"),
    (106, "volume offline"),
    (107, "voline online"),
    (108, "diskfull"),
    (109, "diskquota exceeded"),
    (110, "volume busy"),
    (111, "volume moved"),
    (112, "AFS IO error"),
    (0xffffff9c, "restarting fileserver"),
];

const ACK_REASONS: &Tok = &[
    (1, "ack requested"),
    (2, "duplicate packet"),
    (3, "out of sequence"),
    (4, "exceeds window"),
    (5, "no buffer space"),
    (6, "ping"),
    (7, "ping response"),
    (8, "delay"),
    (9, "idle"),
];

/// Recent calls, to decode the replies that answer them (tcpdump's rx cache: a ring of 64
/// entries, searched from the last hit).
#[derive(Default)]
pub(crate) struct Cache {
    entries: Vec<CacheEntry>,
    next: usize,
    hint: usize,
}

#[derive(Clone, Copy, Default)]
struct CacheEntry {
    callnum: u32,
    client: [u8; 4],
    server: [u8; 4],
    dport: u16,
    service_id: u16,
    opcode: u32,
}

const CACHE_SIZE: usize = 64;

/// The four bytes where an IPv4 header keeps an address (tcpdump reads them there whatever
/// the IP version).
fn ip4(ip: &IpHdr<'_>, at: usize) -> [u8; 4] {
    let mut a = [0u8; 4];
    a.copy_from_slice(&ip.raw[at..at + 4]);
    a
}

impl Cache {
    /// Records a call the way tcpdump's `rx_cache_insert` does.
    fn insert(&mut self, bp: &[u8], ip: &IpHdr<'_>, dport: u16) -> Res {
        if !has(bp, HDR, 4) {
            return Ok(());
        }
        if self.entries.is_empty() {
            self.entries = vec![CacheEntry::default(); CACHE_SIZE];
        }
        self.entries[self.next] = CacheEntry {
            callnum: be32(bp, 8)?,
            client: ip4(ip, 12),
            server: ip4(ip, 16),
            dport,
            service_id: be16(bp, 26)?,
            opcode: be32(bp, HDR)?,
        };
        self.next = (self.next + 1) % CACHE_SIZE;
        Ok(())
    }

    /// The opcode of the call a reply from port `sport` answers.
    fn find(&mut self, bp: &[u8], ip: &IpHdr<'_>, sport: u16) -> Res<Option<u32>> {
        if self.entries.is_empty() {
            return Ok(None);
        }
        let (client, server) = (ip4(ip, 16), ip4(ip, 12));
        let (callnum, service_id) = (be32(bp, 8)?, be16(bp, 26)?);
        let mut i = self.hint;
        loop {
            let e = &self.entries[i];
            if e.callnum == callnum
                && e.client == client
                && e.server == server
                && e.service_id == service_id
                && e.dport == sport
            {
                self.hint = i;
                return Ok(Some(e.opcode));
            }
            i = (i + 1) % CACHE_SIZE;
            if i == self.hint {
                return Ok(None);
            }
        }
    }
}

/// Prints an Rx packet of `length` bytes.
pub(crate) fn print(
    nd: &mut Nd<'_>,
    bp: &[u8],
    length: usize,
    sport: u16,
    dport: u16,
    ip: &IpHdr<'_>,
) -> Res {
    nd.proto = "rx";
    if !has(bp, 0, HDR) {
        nd.f(format_args!(" [|rx] ({length})"));
        return Ok(());
    }
    let kind = u8at(bp, 20)?;
    nd.s(" rx ");
    nd.tok2str(RX_TYPES, "type %u", u32::from(kind));
    let flags = u8at(bp, 21)?;
    let verbose = nd.opts.verbose;
    if verbose > 0 {
        if verbose > 1 {
            nd.f(format_args!(
                " cid {:08x} call# {}",
                be32(bp, 4)?,
                be32(bp, 8)?
            ));
        }
        nd.f(format_args!(" seq {} ser {}", be32(bp, 12)?, be32(bp, 16)?));
        if verbose > 2 {
            nd.f(format_args!(
                " secindex {} serviceid {}",
                u8at(bp, 23)?,
                be16(bp, 26)?
            ));
        }
        if verbose > 1 {
            let mut first = true;
            for (bit, only, name) in FLAGS {
                if flags & bit != 0 && (only == 0 || kind == only) {
                    nd.s(if first { " " } else { "," });
                    first = false;
                    nd.f(format_args!("<{name}>"));
                }
            }
        }
    }
    let seq = be32(bp, 12)?;
    if kind == TYPE_DATA && seq == 1 && flags & CLIENT_INITIATED != 0 {
        nd.state.rx.insert(bp, ip, dport)?;
        let call: Option<Call> = match dport {
            FS_PORT => Some(fs_call),
            CB_PORT => Some(cb_call),
            PROT_PORT => Some(prot_call),
            VLDB_PORT => Some(vldb_call),
            KAUTH_PORT => Some(kauth_call),
            VOL_PORT => Some(vol_call),
            BOS_PORT => Some(bos_call),
            _ => None,
        };
        if let Some(f) = call
            && length > HDR
        {
            let r = f(nd, bp);
            finish(nd, r)?;
        }
    } else if ((kind == TYPE_DATA && seq == 1) || kind == TYPE_ABORT)
        && flags & CLIENT_INITIATED == 0
    {
        if let Some(opcode) = nd.state.rx.find(bp, ip, sport)? {
            reply(nd, bp, length, sport, opcode)?;
        }
    } else if kind == TYPE_ACK {
        ack(nd, bp, length)?;
    }
    nd.f(format_args!(" ({length})"));
    Ok(())
}

/// A reply, by the service that sent it.
fn reply(nd: &mut Nd<'_>, bp: &[u8], length: usize, sport: u16, opcode: u32) -> Res {
    // Most services skip a reply no longer than the header; the protection and VLDB
    // services only one shorter than it.
    let (f, min): (Reply, usize) = match sport {
        FS_PORT => (fs_reply, HDR + 1),
        CB_PORT => (cb_reply, HDR + 1),
        PROT_PORT => (prot_reply, HDR),
        VLDB_PORT => (vldb_reply, HDR),
        KAUTH_PORT => (kauth_reply, HDR + 1),
        VOL_PORT => (vol_reply, HDR + 1),
        BOS_PORT => (bos_reply, HDR + 1),
        _ => return Ok(()),
    };
    if length < min {
        return Ok(());
    }
    let r = f(nd, bp, opcode);
    finish(nd, r)
}

/// Where a service printer stopped early: at a truncation it reports itself (tcpdump's
/// `goto trunc`: ` [|name]` with the service's name, then the packet goes on), or at a read
/// past the capture (tcpdump's longjmp).
enum Stop {
    Local(&'static str),
    Jump,
}

impl From<Trunc> for Stop {
    fn from(_: Trunc) -> Stop {
        Stop::Jump
    }
}

type R<T = ()> = Result<T, Stop>;
type Call = fn(&mut Nd<'_>, &[u8]) -> R;
type Reply = fn(&mut Nd<'_>, &[u8], u32) -> R;

/// Prints a service printer's own truncation mark.
fn finish(nd: &mut Nd<'_>, r: R) -> Res {
    match r {
        Ok(()) => Ok(()),
        Err(Stop::Local(name)) => {
            nd.f(format_args!(" [|{name}]"));
            Ok(())
        }
        Err(Stop::Jump) => Err(Trunc),
    }
}

/// A read position in an Rx packet, and the service whose truncation mark a short capture
/// prints.
struct Cur<'a> {
    b: &'a [u8],
    p: usize,
    name: &'static str,
}

impl Cur<'_> {
    /// After the header and the opcode.
    fn args<'a>(b: &'a [u8], name: &'static str) -> Cur<'a> {
        Cur {
            b,
            p: HDR + 4,
            name,
        }
    }

    /// After the header.
    fn results<'a>(b: &'a [u8], name: &'static str) -> Cur<'a> {
        Cur { b, p: HDR, name }
    }

    /// A 32-bit number, read and passed.
    fn u32(&mut self) -> Res<u32> {
        let v = be32(self.b, self.p)?;
        self.p += 4;
        Ok(v)
    }

    /// A 64-bit number, read and passed.
    fn u64(&mut self) -> Res<u64> {
        let v = be64(self.b, self.p)?;
        self.p += 8;
        Ok(v)
    }

    /// Moves on `n` bytes unread.
    fn skip(&mut self, n: usize) {
        self.p = self.p.saturating_add(n);
    }

    /// tcpdump's `ND_TCHECK_LEN` with a `goto trunc`.
    fn check(&self, n: usize) -> R {
        if has(self.b, self.p, n) {
            Ok(())
        } else {
            Err(Stop::Local(self.name))
        }
    }

    /// This service's own truncation.
    fn local<T>(&self) -> R<T> {
        Err(Stop::Local(self.name))
    }
}

/// tcpdump's `FIDOUT`.
fn fid(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    c.check(12)?;
    let (a, b, d) = (c.u32()?, c.u32()?, c.u32()?);
    nd.f(format_args!(" fid {a}/{b}/{d}"));
    Ok(())
}

/// tcpdump's `STROUT`: a counted string of at most `max` characters.
fn string(nd: &mut Nd<'_>, c: &mut Cur<'_>, max: u32) -> R {
    let n = c.u32()?;
    if n > max {
        return c.local();
    }
    nd.s(" \"");
    if nd.printn(tail(c.b, c.p), n as usize) {
        return c.local();
    }
    nd.s("\"");
    c.skip((n as usize).div_ceil(4) * 4);
    Ok(())
}

/// tcpdump's `INTOUT`.
fn int(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    let v = c.u32()? as i32;
    nd.f(format_args!(" {v}"));
    Ok(())
}

/// tcpdump's `UINTOUT`.
fn uint(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    let v = c.u32()?;
    nd.f(format_args!(" {v}"));
    Ok(())
}

/// tcpdump's `UINT64OUT`.
fn uint64(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    let v = c.u64()?;
    nd.f(format_args!(" {v}"));
    Ok(())
}

/// tcpdump's `DATEOUT`: a 32-bit time in local time.
fn date(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    let t = c.u32()? as i32;
    let (y, mo, d, h, mi, s) = LocalClock::default().ymdhms(i64::from(t));
    nd.f(format_args!(" {y}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"));
    Ok(())
}

/// tcpdump's `STOREATTROUT`.
fn store_attr(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    c.check(24)?;
    let mask = c.u32()?;
    if mask != 0 {
        nd.s(" StoreStatus");
    }
    if mask & 1 != 0 {
        nd.s(" date");
        date(nd, c)?;
    } else {
        c.skip(4);
    }
    let v = c.u32()?;
    if mask & 2 != 0 {
        nd.f(format_args!(" owner {v}"));
    }
    let v = c.u32()?;
    if mask & 4 != 0 {
        nd.f(format_args!(" group {v}"));
    }
    let v = c.u32()?;
    if mask & 8 != 0 {
        nd.f(format_args!(" mode {:o}", v & 0o7777));
    }
    let v = c.u32()?;
    if mask & 16 != 0 {
        nd.f(format_args!(" segsize {v}"));
    }
    if mask & 1024 != 0 {
        nd.s(" fsync");
    }
    Ok(())
}

/// tcpdump's `UBIK_VERSIONOUT`.
fn ubik_version(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    c.check(8)?;
    let (epoch, counter) = (c.u32()?, c.u32()?);
    nd.f(format_args!(" {epoch}.{counter}"));
    Ok(())
}

/// tcpdump's `AFSUUIDOUT`.
fn afsuuid(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    c.check(44)?;
    let a = c.u32()?;
    nd.f(format_args!(" {a:08x}"));
    let b = c.u32()?;
    nd.f(format_args!("{b:04x}"));
    let d = c.u32()?;
    nd.f(format_args!("{d:04x}"));
    for _ in 0..8 {
        let v = c.u32()?;
        nd.f(format_args!("{:02x}", v as u8));
    }
    Ok(())
}

/// tcpdump's `VECOUT`: a string of `max` characters, one per 32-bit word.
fn vec_string(nd: &mut Nd<'_>, c: &mut Cur<'_>, max: usize) -> R {
    c.check(max * 4)?;
    nd.s(" \"");
    let mut end = false;
    for _ in 0..max {
        let ch = c.u32()? as u8;
        end |= ch == 0;
        if !end {
            nd.print_char(ch);
        }
    }
    nd.s("\"");
    Ok(())
}

/// tcpdump's `DESTSERVEROUT`.
fn dest_server(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    c.check(12)?;
    let (a, b, d) = (c.u32()?, c.u32()?, c.u32()?);
    nd.f(format_args!(" server {a}:{b}:{d}"));
    Ok(())
}

/// A count, then that many items separated by commas (or ` <none!>`).
fn list(
    nd: &mut Nd<'_>,
    c: &mut Cur<'_>,
    comma: bool,
    mut item: impl FnMut(&mut Nd<'_>, &mut Cur<'_>) -> R,
) -> R {
    let n = c.u32()?;
    for i in 0..n {
        item(nd, c)?;
        if comma && i != n - 1 {
            nd.s(",");
        }
    }
    if n == 0 {
        nd.s(" <none!>");
    }
    Ok(())
}

/// Whether an opcode is one of Ubik's (voting or disk), which every database service serves.
fn is_ubik(op: u32) -> bool {
    (10000..=10007).contains(&op) || (20000..=20013).contains(&op)
}

/// Calls to the file service.
fn fs_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" fs call ");
    nd.tok2str(FS_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "fs");
    match op {
        130 => {
            fid(nd, c)?;
            nd.s(" offset");
            uint(nd, c)?;
            nd.s(" length");
            uint(nd, c)?;
        }
        131 | 132 | 143 | 144 | 145 | 156 | 157 | 158 => fid(nd, c)?,
        135 => {
            fid(nd, c)?;
            store_attr(nd, c)?;
        }
        133 => {
            fid(nd, c)?;
            store_attr(nd, c)?;
            for what in [" offset", " length", " flen"] {
                nd.s(what);
                uint(nd, c)?;
            }
        }
        134 => {
            fid(nd, c)?;
            acl_field(nd, c)?;
        }
        137 | 141 => {
            fid(nd, c)?;
            string(nd, c, AFSNAMEMAX)?;
            store_attr(nd, c)?;
        }
        136 | 142 => {
            fid(nd, c)?;
            string(nd, c, AFSNAMEMAX)?;
        }
        138 => {
            nd.s(" old");
            fid(nd, c)?;
            string(nd, c, AFSNAMEMAX)?;
            nd.s(" new");
            fid(nd, c)?;
            string(nd, c, AFSNAMEMAX)?;
        }
        139 => {
            fid(nd, c)?;
            string(nd, c, AFSNAMEMAX)?;
            nd.s(" link to");
            string(nd, c, AFSNAMEMAX)?;
        }
        140 => {
            fid(nd, c)?;
            string(nd, c, AFSNAMEMAX)?;
            nd.s(" link to");
            fid(nd, c)?;
        }
        148 => string(nd, c, AFSNAMEMAX)?,
        149 | 150 => {
            nd.s(" volid");
            uint(nd, c)?;
        }
        154 => {
            nd.s(" volname");
            string(nd, c, AFSNAMEMAX)?;
        }
        155 | 65536 => list(nd, c, true, fid)?,
        65537 => {
            fid(nd, c)?;
            nd.s(" offset");
            uint64(nd, c)?;
            nd.s(" length");
            uint64(nd, c)?;
        }
        65538 => {
            fid(nd, c)?;
            store_attr(nd, c)?;
            for what in [" offset", " length", " flen"] {
                nd.s(what);
                uint64(nd, c)?;
            }
        }
        65541 => {
            nd.s(" addr");
            uint(nd, c)?;
        }
        _ => {}
    }
    Ok(())
}

/// An ACL as a counted string (store-acl calls, fetch-acl replies).
fn acl_field(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    let n = c.u32()? as usize;
    c.check(n)?;
    let raw = &tail(c.b, c.p)[..n.min(1024)];
    // tcpdump copies it as a C string: up to the first NUL.
    let text = raw.split(|&b| b == 0).next().unwrap_or(&[]);
    acl(nd, text);
    Ok(())
}

/// tcpdump's `acl_print`: "<positive> <negative>\n" then "<user> <rights>\n" entries.
fn acl(nd: &mut Nd<'_>, s: &[u8]) {
    let mut sc = Scan { s, p: 0 };
    let Some(pos) = sc.int() else { return };
    let Some(neg) = sc.int() else { return };
    sc.space();
    for (count, sign) in [(pos, '+'), (neg, '-')] {
        for _ in 0..count.max(0) {
            let Some(user) = sc.word(1024) else { return };
            let Some(rights) = sc.int() else { return };
            sc.space();
            nd.f(format_args!(" {sign}{{"));
            for &ch in user {
                nd.print_char(ch);
            }
            nd.s(" ");
            for (bit, ch) in [
                (1, "r"),
                (8, "l"),
                (4, "i"),
                (16, "d"),
                (2, "w"),
                (32, "k"),
                (64, "a"),
            ] {
                if rights & bit != 0 {
                    nd.s(ch);
                }
            }
            nd.s("}");
        }
    }
}

/// Just enough of `sscanf` for ACL strings: `%d`, `%Ns` and whitespace directives.
struct Scan<'a> {
    s: &'a [u8],
    p: usize,
}

impl<'a> Scan<'a> {
    /// A whitespace directive: skips any whitespace.
    fn space(&mut self) {
        while self
            .s
            .get(self.p)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == 0x0b)
        {
            self.p += 1;
        }
    }

    /// `%d`: as glibc, a value past a `long` saturates, and is then cut to an `int`.
    fn int(&mut self) -> Option<i32> {
        let n = super::cnum::parse(self.s.get(self.p..)?, 10)?;
        self.p += n.end;
        Some(n.signed() as i32)
    }

    /// `%<max>s`: a run of non-space characters.
    fn word(&mut self, max: usize) -> Option<&'a [u8]> {
        self.space();
        let start = self.p;
        while self.p - start < max
            && self
                .s
                .get(self.p)
                .is_some_and(|c| !(c.is_ascii_whitespace() || *c == 0x0b))
        {
            self.p += 1;
        }
        (self.p > start).then(|| &self.s[start..self.p])
    }
}

/// Replies from the file service.
fn fs_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" fs reply ");
    nd.tok2str(FS_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    let c = &mut Cur::results(bp, "fs");
    if kind == TYPE_DATA {
        match opcode {
            131 => acl_field(nd, c)?,
            137 | 141 => {
                nd.s(" new");
                fid(nd, c)?;
            }
            151 => {
                nd.s(" root volume");
                string(nd, c, AFSNAMEMAX)?;
            }
            153 => date(nd, c)?,
            _ => {}
        }
    } else if kind == TYPE_ABORT {
        let code = c.u32()?;
        nd.s(" error ");
        nd.tok2str(AFS_FS_ERRORS, "#%d", code);
    } else {
        nd.f(format_args!(" strange fs reply of type {kind}"));
    }
    Ok(())
}

/// Calls to the callback service.
fn cb_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" cb call ");
    nd.tok2str(CB_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "cb");
    match op {
        204 => {
            list(nd, c, true, fid)?;
            let n = c.u32()?;
            if n != 0 {
                nd.s(";");
            }
            for _ in 0..n {
                nd.s(" ver");
                int(nd, c)?;
                nd.s(" expires");
                date(nd, c)?;
                // tcpdump looks the callback type up but prints nothing of it.
                c.u32()?;
            }
        }
        214 => {
            nd.s(" afsuuid");
            afsuuid(nd, c)?;
        }
        _ => {}
    }
    Ok(())
}

/// The error code of a reply that is not data.
fn errcode(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    nd.s(" errcode");
    int(nd, c)
}

/// Replies from the callback service.
fn cb_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" cb reply ");
    nd.tok2str(CB_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    let c = &mut Cur::results(bp, "cb");
    if kind == TYPE_DATA {
        if opcode == 213 {
            afsuuid(nd, c)?;
        }
    } else {
        errcode(nd, c)?;
    }
    Ok(())
}

/// Calls to the protection service.
fn prot_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" pt");
    if is_ubik(op) {
        return ubik_call(nd, bp);
    }
    nd.s(" call ");
    nd.tok2str(PT_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "pt");
    let fields = |nd: &mut Nd<'_>, c: &mut Cur<'_>, names: &[&str]| -> R {
        for n in names {
            nd.s(n);
            int(nd, c)?;
        }
        Ok(())
    };
    match op {
        500 => {
            string(nd, c, PRNAMEMAX as u32)?;
            fields(nd, c, &[" id", " oldid"])?;
        }
        501 | 506 | 508 | 512 | 514 | 517 | 518 | 519 | 530 => fields(nd, c, &[" id"])?,
        502 => fields(nd, c, &[" pos"])?,
        503 | 507 | 515 => fields(nd, c, &[" uid", " gid"])?,
        504 => list(nd, c, false, |nd, c| vec_string(nd, c, PRNAMEMAX))?,
        505 => {
            nd.s(" ids:");
            list(nd, c, false, int)?;
        }
        509 => {
            string(nd, c, PRNAMEMAX as u32)?;
            fields(nd, c, &[" flag", " oid"])?;
        }
        511 => fields(nd, c, &[" id", " gflag"])?,
        513 => {
            fields(nd, c, &[" id"])?;
            string(nd, c, PRNAMEMAX as u32)?;
            fields(nd, c, &[" oldid", " newid"])?;
        }
        520 => {
            fields(nd, c, &[" id"])?;
            string(nd, c, PRNAMEMAX as u32)?;
        }
        _ => {}
    }
    Ok(())
}

/// Replies from the protection service.
fn prot_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" pt");
    if is_ubik(opcode) {
        return ubik_reply(nd, bp, opcode);
    }
    nd.s(" reply ");
    nd.tok2str(PT_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    let c = &mut Cur::results(bp, "pt");
    if kind != TYPE_DATA {
        return errcode(nd, c);
    }
    match opcode {
        504 => {
            nd.s(" ids:");
            list(nd, c, false, int)?;
        }
        505 => list(nd, c, false, |nd, c| vec_string(nd, c, PRNAMEMAX))?,
        508 | 514 | 517 | 518 | 519 => list(nd, c, false, int)?,
        510 => {
            nd.s(" maxuid");
            int(nd, c)?;
            nd.s(" maxgid");
            int(nd, c)?;
        }
        _ => {}
    }
    Ok(())
}

/// A volume ID and, for the known types, the volume type.
fn volid_type(nd: &mut Nd<'_>, c: &mut Cur<'_>) -> R {
    nd.s(" volid");
    int(nd, c)?;
    let t = c.u32()?;
    if let Some(name) = VOLTYPES.get(t as usize) {
        nd.f(format_args!(" type {name}"));
    }
    Ok(())
}

/// Calls to the volume location database.
fn vldb_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" vldb");
    if is_ubik(op) {
        return ubik_call(nd, bp);
    }
    nd.s(" call ");
    nd.tok2str(VLDB_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "vldb");
    match op {
        501 | 517 => vec_string(nd, c, VLNAMEMAX)?,
        502 | 503 | 507 | 508 | 509 | 518 => volid_type(nd, c)?,
        504 | 519 | 524 | 527 => string(nd, c, VLNAMEMAX as u32)?,
        505 => {
            nd.s(" bump");
            int(nd, c)?;
        }
        506 | 520 => {
            volid_type(nd, c)?;
            vec_string(nd, c, VLNAMEMAX)?;
        }
        510 | 521 => {
            nd.s(" index");
            int(nd, c)?;
        }
        _ => {}
    }
    Ok(())
}

/// The partition letters of a VLDB entry.
fn partitions(nd: &mut Nd<'_>, c: &mut Cur<'_>, n: u32, nservers: u32) -> R {
    nd.s(" partitions");
    for i in 0..n {
        let j = c.u32()?;
        if i < nservers && j <= 26 {
            nd.f(format_args!(" {}", char::from(b'a' + j as u8)));
        } else if i < nservers {
            nd.f(format_args!(" {j}"));
        }
    }
    Ok(())
}

/// The end of a VLDB entry: `n` words skipped, then the three volume IDs.
fn vldb_tail(nd: &mut Nd<'_>, c: &mut Cur<'_>, n: usize) -> R {
    c.check(n * 4)?;
    c.skip(n * 4);
    for what in [" rwvol", " rovol", " backup"] {
        nd.s(what);
        uint(nd, c)?;
    }
    Ok(())
}

/// A VLDB entry with `n` IPv4 servers.
fn vldb_entry(nd: &mut Nd<'_>, c: &mut Cur<'_>, n: u32, skip_word: bool) -> R {
    vec_string(nd, c, VLNAMEMAX)?;
    if skip_word {
        c.check(4)?;
        c.skip(4);
    }
    nd.s(" numservers");
    let nservers = c.u32()?;
    nd.f(format_args!(" {nservers}"));
    nd.s(" servers");
    for i in 0..n {
        c.check(4)?;
        if i < nservers {
            let a = [c.b[c.p], c.b[c.p + 1], c.b[c.p + 2], c.b[c.p + 3]];
            nd.s(" ");
            nd.ipv4(&a);
        }
        c.skip(4);
    }
    partitions(nd, c, n, nservers)?;
    vldb_tail(nd, c, n as usize)
}

/// Replies from the volume location database.
fn vldb_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" vldb");
    if is_ubik(opcode) {
        return ubik_reply(nd, bp, opcode);
    }
    nd.s(" reply ");
    nd.tok2str(VLDB_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    let c = &mut Cur::results(bp, "vldb");
    if kind != TYPE_DATA {
        return errcode(nd, c);
    }
    let counts = |nd: &mut Nd<'_>, c: &mut Cur<'_>| -> R {
        nd.s(" count");
        int(nd, c)?;
        nd.s(" nextindex");
        int(nd, c)
    };
    match opcode {
        510 => {
            counts(nd, c)?;
            vldb_entry(nd, c, 8, true)?;
        }
        503 | 504 => vldb_entry(nd, c, 8, true)?,
        505 => {
            nd.s(" newvol");
            uint(nd, c)?;
        }
        521 | 529 => {
            counts(nd, c)?;
            vldb_entry(nd, c, 13, false)?;
        }
        518 | 519 => vldb_entry(nd, c, 13, false)?,
        526 | 527 => {
            vec_string(nd, c, VLNAMEMAX)?;
            nd.s(" numservers");
            let nservers = c.u32()?;
            nd.f(format_args!(" {nservers}"));
            nd.s(" servers");
            for i in 0..13 {
                if i < nservers {
                    nd.s(" afsuuid");
                    afsuuid(nd, c)?;
                } else {
                    c.check(44)?;
                    c.skip(44);
                }
            }
            c.check(4 * 13)?;
            c.skip(4 * 13);
            partitions(nd, c, 13, nservers)?;
            vldb_tail(nd, c, 13)?;
        }
        _ => {}
    }
    Ok(())
}

/// Calls to the Kerberos authentication service.
fn kauth_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" kauth");
    if is_ubik(op) {
        return ubik_call(nd, bp);
    }
    nd.s(" call ");
    nd.tok2str(KAUTH_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "kauth");
    match op {
        1 | 21 | 22 | 2 | 5 | 6 | 7 | 8 | 14 | 15 => {
            nd.s(" principal");
            string(nd, c, KANAMEMAX)?;
            string(nd, c, KANAMEMAX)?;
        }
        3 | 23 => {
            nd.s(" kvno");
            int(nd, c)?;
            nd.s(" domain");
            string(nd, c, KANAMEMAX)?;
            let n = c.u32()? as usize;
            c.check(n)?;
            c.skip(n);
            nd.s(" principal");
            string(nd, c, KANAMEMAX)?;
            string(nd, c, KANAMEMAX)?;
        }
        4 => {
            nd.s(" principal");
            string(nd, c, KANAMEMAX)?;
            string(nd, c, KANAMEMAX)?;
            nd.s(" kvno");
            int(nd, c)?;
        }
        12 => {
            nd.s(" name");
            string(nd, c, KANAMEMAX)?;
        }
        _ => {}
    }
    Ok(())
}

/// Replies from the Kerberos authentication service.
fn kauth_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" kauth");
    if is_ubik(opcode) {
        return ubik_reply(nd, bp, opcode);
    }
    nd.s(" reply ");
    nd.tok2str(KAUTH_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    if kind != TYPE_DATA {
        errcode(nd, &mut Cur::results(bp, "kauth"))?;
    }
    Ok(())
}

/// Calls to the volume service.
fn vol_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" vol call ");
    nd.tok2str(VOL_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "vol");
    let uints = |nd: &mut Nd<'_>, c: &mut Cur<'_>, names: &[&str]| -> R {
        for n in names {
            nd.s(n);
            uint(nd, c)?;
        }
        Ok(())
    };
    let from = |nd: &mut Nd<'_>, c: &mut Cur<'_>| -> R {
        nd.s(" fromtrans");
        uint(nd, c)?;
        nd.s(" fromdate");
        date(nd, c)
    };
    match op {
        100 => {
            uints(nd, c, &[" partition"])?;
            nd.s(" name");
            string(nd, c, AFSNAMEMAX)?;
            uints(nd, c, &[" type", " parent"])?;
        }
        101 | 107 | 104 => uints(nd, c, &[" trans"])?,
        102 => uints(nd, c, &[" totrans", " flags"])?,
        103 => {
            from(nd, c)?;
            dest_server(nd, c)?;
            nd.s(" desttrans");
            int(nd, c)?;
        }
        105 => {
            uints(nd, c, &[" trans", " purgevol", " newtype"])?;
            nd.s(" newname");
            string(nd, c, AFSNAMEMAX)?;
        }
        106 => uints(nd, c, &[" trans", " flags"])?,
        108 => uints(nd, c, &[" vol", " partition", " flags"])?,
        // tcpdump's table has 655537 where get-size (65537) was meant.
        109 | 655_537 => from(nd, c)?,
        110 => uints(nd, c, &[" index"])?,
        111 => uints(nd, c, &[" tid", " newsite"])?,
        112 | 113 => nd.s(" tid"),
        114 => {
            nd.s(" name");
            string(nd, c, AFSNAMEMAX)?;
            uints(nd, c, &[" type", " pid", " cloneid"])?;
        }
        116 => uints(nd, c, &[" partition", " flags"])?,
        117 => {
            uints(nd, c, &[" tid"])?;
            nd.s(" name");
            string(nd, c, AFSNAMEMAX)?;
            uints(nd, c, &[" type", " pid", " clone", " backup"])?;
        }
        119 => {
            nd.s(" name");
            string(nd, c, AFSNAMEMAX)?;
        }
        120 | 126 => uints(nd, c, &[" tid"])?,
        121 | 122 | 124 | 125 | 65536 => uints(nd, c, &[" partid", " volid"])?,
        123 => {
            uints(nd, c, &[" tid"])?;
            nd.s(" date");
            date(nd, c)?;
        }
        128 => {
            from(nd, c)?;
            list(nd, c, true, dest_server)?;
        }
        65538 => {
            from(nd, c)?;
            uints(nd, c, &[" flags"])?;
        }
        _ => {}
    }
    Ok(())
}

/// Replies from the volume service.
fn vol_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" vol reply ");
    nd.tok2str(VOL_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    let c = &mut Cur::results(bp, "vol");
    if kind != TYPE_DATA {
        return errcode(nd, c);
    }
    let uints = |nd: &mut Nd<'_>, c: &mut Cur<'_>, names: &[&str]| -> R {
        for n in names {
            nd.s(n);
            uint(nd, c)?;
        }
        Ok(())
    };
    match opcode {
        100 => uints(nd, c, &[" volid", " trans"])?,
        104 | 107 => uints(nd, c, &[""])?,
        105 => uints(nd, c, &[" newvol"])?,
        108 => uints(nd, c, &[" trans"])?,
        110 => uints(nd, c, &[" volume", " partition"])?,
        112 => string(nd, c, AFSNAMEMAX)?,
        113 => {
            uints(
                nd,
                c,
                &[
                    " volid",
                    " nextuniq",
                    " type",
                    " parentid",
                    " clone",
                    " backup",
                    " restore",
                    " maxquota",
                    " minquota",
                    " owner",
                ],
            )?;
            for what in [
                " create", " access", " update", " expire", " backup", " copy",
            ] {
                nd.s(what);
                date(nd, c)?;
            }
        }
        116 | 121 => {
            let n = c.u32()?;
            for i in 0..n {
                nd.s(" name");
                vec_string(nd, c, 32)?;
                uints(nd, c, &[" volid"])?;
                nd.s(" type");
                c.skip(4 * 21);
                if i != n - 1 {
                    nd.s(",");
                }
            }
            if n == 0 {
                nd.s(" <none!>");
            }
        }
        _ => {}
    }
    Ok(())
}

/// Calls to the basic overseer.
fn bos_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" bos call ");
    nd.tok2str(BOS_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "bos");
    match op {
        80 => {
            nd.s(" type");
            string(nd, c, BOSNAMEMAX)?;
            nd.s(" instance");
            string(nd, c, BOSNAMEMAX)?;
        }
        81 | 83 | 85 | 87 | 88 | 93 | 96 | 97 | 104 | 106 | 108 | 112 | 114 => {
            string(nd, c, BOSNAMEMAX)?;
        }
        82 | 98 => {
            string(nd, c, BOSNAMEMAX)?;
            nd.s(" status");
            int(nd, c)?;
        }
        86 => {
            string(nd, c, BOSNAMEMAX)?;
            nd.s(" num");
            int(nd, c)?;
        }
        84 | 89 | 90 | 91 | 92 | 95 => int(nd, c)?,
        105 => {
            string(nd, c, BOSNAMEMAX)?;
            for what in [" size", " flags", " date"] {
                nd.s(what);
                int(nd, c)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Replies from the basic overseer.
fn bos_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" bos reply ");
    nd.tok2str(BOS_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    if kind != TYPE_DATA {
        errcode(nd, &mut Cur::results(bp, "bos"))?;
    }
    Ok(())
}

/// Ubik calls to any of the replicated database services.
fn ubik_call(nd: &mut Nd<'_>, bp: &[u8]) -> R {
    let op = be32(bp, HDR)?;
    nd.s(" ubik call ");
    nd.tok2str(UBIK_REQ, "op#%u", op);
    let c = &mut Cur::args(bp, "ubik");
    let ints = |nd: &mut Nd<'_>, c: &mut Cur<'_>, names: &[&str]| -> R {
        for n in names {
            nd.s(n);
            int(nd, c)?;
        }
        Ok(())
    };
    let tid = |nd: &mut Nd<'_>, c: &mut Cur<'_>| -> R {
        nd.s(" tid");
        ubik_version(nd, c)
    };
    match op {
        10000 => {
            let site = c.u32()?;
            nd.f(format_args!(
                " syncsite {}",
                if site != 0 { "yes" } else { "no" }
            ));
            nd.s(" votestart");
            date(nd, c)?;
            nd.s(" dbversion");
            ubik_version(nd, c)?;
            tid(nd, c)?;
        }
        10003 => {
            nd.s(" site");
            uint(nd, c)?;
        }
        20000 | 20001 | 20007 | 20008 | 20010 => tid(nd, c)?,
        20002 => {
            tid(nd, c)?;
            ints(nd, c, &[" file", " pos", " length"])?;
            // tcpdump looks the lock type up but prints nothing of it.
            c.u32()?;
        }
        20003 => {
            tid(nd, c)?;
            ints(nd, c, &[" file", " pos"])?;
        }
        20005 => ints(nd, c, &[" file"])?,
        20006 => {
            ints(nd, c, &[" file", " length"])?;
            nd.s(" dbversion");
            ubik_version(nd, c)?;
        }
        20009 => {
            tid(nd, c)?;
            ints(nd, c, &[" file", " length"])?;
        }
        20012 => {
            tid(nd, c)?;
            nd.s(" oldversion");
            ubik_version(nd, c)?;
            nd.s(" newversion");
            ubik_version(nd, c)?;
        }
        _ => {}
    }
    Ok(())
}

/// Ubik replies.
fn ubik_reply(nd: &mut Nd<'_>, bp: &[u8], opcode: u32) -> R {
    nd.s(" ubik reply ");
    nd.tok2str(UBIK_REQ, "op#%u", opcode);
    let kind = u8at(bp, 20)?;
    let c = &mut Cur::results(bp, "ubik");
    if kind == TYPE_DATA {
        match opcode {
            10000 => nd.s(" vote no"),
            20004 => {
                nd.s(" dbversion");
                ubik_version(nd, c)?;
            }
            _ => {}
        }
    } else if opcode == 10000 {
        nd.s(" vote yes until");
        date(nd, c)?;
    } else {
        errcode(nd, c)?;
    }
    Ok(())
}

/// An ack packet: the acked and nacked ranges, and with `-vv` the optional trailer.
fn ack(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> Res {
    let r = ack_body(nd, bp, length);
    finish(nd, r)
}

/// tcpdump's `rx_ack_print`, stopping at its own truncation mark.
fn ack_body(nd: &mut Nd<'_>, bp: &[u8], length: usize) -> R {
    if length < HDR {
        return Ok(());
    }
    let c = &mut Cur {
        b: bp,
        p: HDR,
        name: "ack",
    };
    c.check(18)?;
    let a = c.p;
    c.skip(18);
    if nd.opts.verbose > 2 {
        nd.f(format_args!(
            " bufspace {} maxskew {}",
            be16(bp, a)?,
            be16(bp, a + 2)?
        ));
    }
    let first = be32(bp, a + 4)?;
    nd.f(format_args!(
        " first {first} serial {} reason ",
        be32(bp, a + 12)?
    ));
    nd.tok2str(ACK_REASONS, "#%u", u32::from(u8at(bp, a + 16)?));
    let n_acks = usize::from(u8at(bp, a + 17)?);
    if n_acks != 0 {
        c.check(n_acks)?;
        let acks = &bp[c.p..c.p + n_acks];
        for (want, label) in [(1u8, " acked "), (0u8, " nacked ")] {
            ranges(nd, acks, want, label, first);
        }
        c.skip(n_acks);
    }
    c.skip(3);
    if nd.opts.verbose > 1 {
        for what in [" ifmtu", " maxmtu", " rwind", " maxpackets"] {
            // tcpdump stops quietly where fewer than four bytes are left.
            if !has(bp, c.p, 4) {
                return Ok(());
            }
            nd.s(what);
            uint(nd, c)?;
        }
    }
    Ok(())
}

/// The runs of packets whose ack byte is `want`, as `label` n-m,p,...
fn ranges(nd: &mut Nd<'_>, acks: &[u8], want: u8, label: &str, first: u32) {
    let (mut start, mut last): (i64, i64) = (-2, -2);
    let n = acks.len() as i64;
    for (i, &a) in acks.iter().enumerate() {
        let i = i as i64;
        let seq = first.wrapping_add(i as u32);
        if a == want {
            if last == -2 {
                nd.f(format_args!("{label}{seq}"));
                start = i;
            } else if last != i - 1 {
                nd.f(format_args!(",{seq}"));
                start = i;
            }
            last = i;
        } else if last == i - 1 && start != last {
            nd.f(format_args!("-{}", seq.wrapping_sub(1)));
        }
    }
    if last == n - 1 && start != last {
        nd.f(format_args!(
            "-{}",
            first.wrapping_add(n as u32).wrapping_sub(1)
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::test_pkt::{opts, print_ip, print_ips, udp4, udp4_back};

    /// An Rx header: call number, sequence, type, flags.
    fn header(call: u32, seq: u32, kind: u8, flags: u8) -> Vec<u8> {
        let mut h = Vec::new();
        for w in [1u32, 0x1234, call, seq, 5] {
            h.extend_from_slice(&w.to_be_bytes());
        }
        h.extend_from_slice(&[kind, flags, 0, 0, 0, 0, 0, 1]);
        h
    }

    #[test]
    fn fetch_status_and_reply() {
        let mut call = header(9, 1, 1, 1);
        for w in [132u32, 536871098, 846, 1049757] {
            call.extend_from_slice(&w.to_be_bytes());
        }
        let mut abort = header(9, 1, 4, 0);
        abort.extend_from_slice(&106u32.to_be_bytes());
        let out = print_ips(
            opts(0),
            &[udp4(7001, 7000, &call), udp4_back(7000, 7001, &abort)],
        );
        assert_eq!(
            out[0],
            "IP 10.0.0.1.7001 > 10.0.0.2.7000:  rx data fs call fetch-status fid 536871098/846/1049757 (44)\n"
        );
        assert_eq!(
            out[1],
            "IP 10.0.0.2.7000 > 10.0.0.1.7001:  rx abort fs reply fetch-status error volume offline (32)\n"
        );
        call.truncate(40);
        let s = print_ip(opts(0), &udp4(7001, 7000, &call));
        assert!(s.ends_with("fs call fetch-status [|fs] (40)\n"), "{s}");
    }

    #[test]
    fn ack_ranges() {
        let mut ack = header(9, 0, 2, 0);
        ack.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 7, 1, 6]);
        ack.extend_from_slice(&[1, 1, 0, 1, 1, 1, 0, 0, 0]);
        let s = print_ip(opts(1), &udp4(7001, 7000, &ack));
        assert!(
            s.ends_with(" rx ack seq 0 ser 5 first 10 serial 7 reason ack requested acked 10-11,13-15 nacked 12 (55)\n"),
            "{s}"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(words in proptest::collection::vec(0u32..80, 0..40),
                        kind in 1u8..6, flags in 0u8..4, op_index in 0usize..8,
                        port in 7000u16..7008, cut in 0usize..200, v in 0u8..4) {
            const OPS: [u32; 8] = [134, 204, 504, 526, 23, 113, 20002, 10000];
            let mut call = header(3, 1, kind, flags);
            call.extend_from_slice(&OPS[op_index].to_be_bytes());
            for w in &words {
                call.extend_from_slice(&w.to_be_bytes());
            }
            call.truncate(cut);
            let mut reply = header(3, 1, kind, 0);
            for w in &words {
                reply.extend_from_slice(&w.to_be_bytes());
            }
            let _ = print_ips(opts(v), &[udp4(7001, port, &call), udp4_back(port, 7001, &reply)]);
        }
    }
}
