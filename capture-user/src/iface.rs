//! Interfaces: the `-D` list in tcpdump's format, and `-i` resolution (name or `-D` number).
use std::fmt::Write as _;

use pcap::{ConnectionStatus, Device};
use thiserror::Error;

use crate::cooked::{Cooked, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2};

/// Failures to find the capture interface.
#[derive(Debug, Error)]
pub enum IfaceError {
    /// libpcap could not list the interfaces.
    #[error("cannot list interfaces: {0}")]
    List(#[from] pcap::Error),
    /// `-i N` with N beyond the `-D` list (tcpdump's words, without the number).
    #[error("Invalid adapter index")]
    BadIndex(usize),
    /// No interface is up.
    #[error("no suitable device found")]
    NoDefault,
    /// `-y` names a link type capture cannot capture with.
    #[error("{0} is not one of the DLTs supported by this device")]
    LinkType(String),
    /// The device is down (libpcap's words, as `pcap_activate` refuses it).
    #[error("{0}: That device is not up")]
    NotUp(String),
    /// A device libpcap records in a link type of its own (802.11, CAN, FDDI, ...), whose
    /// framing capture does not produce (its `ARPHRD_*` type).
    #[error(
        "{0}: link type ARPHRD {1} is not supported yet (only Ethernet, raw IP and Linux cooked)"
    )]
    Hardware(String, u16),
    /// `-I` on a device without monitor mode (libpcap's words).
    #[error("{0}: That device doesn't support monitor mode")]
    NoMonitorMode(String),
    /// `-I` on an 802.11 device: libpcap would create a monitor interface; capture does not.
    #[error(
        "{0}: monitor mode is not supported by capture; create a monitor interface (iw dev {0} \
         interface add mon0 type monitor) and capture on it"
    )]
    MonitorUnsupported(String),
    /// The name resolves to no interface (libpcap's status text, then its detail).
    #[error("{0}: No such device exists\n(No such device exists)")]
    Unknown(String),
}

/// An interface to capture on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// Kernel name (`eth0`, `any`).
    pub name: String,
    /// Kernel index; 0 for the `any` pseudo-device.
    pub index: u32,
}

/// One `-D` line, as tcpdump prints it: `N.name (description) [flags]`.
pub fn describe(number: usize, dev: &Device) -> String {
    let mut line = format!("{number}.{}", dev.name);
    if let Some(desc) = &dev.desc {
        let _ = write!(line, " ({desc})");
    }
    let f = &dev.flags;
    let raw_empty = f.if_flags.is_empty() && f.connection_status == ConnectionStatus::Unknown;
    if !raw_empty {
        let names: Vec<&str> = [
            (f.is_up(), "Up"),
            (f.is_running(), "Running"),
            (f.is_loopback(), "Loopback"),
            (f.is_wireless(), "Wireless"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect();
        line.push_str(" [");
        if names.is_empty() {
            line.push_str("none");
        } else {
            line.push_str(&names.join(", "));
        }
        let status = match (f.is_wireless(), &f.connection_status) {
            (_, ConnectionStatus::NotApplicable) => "",
            (true, ConnectionStatus::Unknown) => ", Association status unknown",
            (true, ConnectionStatus::Connected) => ", Associated",
            (true, ConnectionStatus::Disconnected) => ", Not associated",
            (false, ConnectionStatus::Unknown) => ", Connection status unknown",
            (false, ConnectionStatus::Connected) => ", Connected",
            (false, ConnectionStatus::Disconnected) => ", Disconnected",
        };
        line.push_str(status);
        line.push(']');
    }
    line
}

/// The `-D` list, one line per interface.
pub fn list() -> Result<String, IfaceError> {
    Ok(Device::list()?
        .iter()
        .enumerate()
        .map(|(i, dev)| describe(i + 1, dev) + "\n")
        .collect())
}

/// The device `-i` names: a name, or a number from the `-D` list (unless a device has that
/// number for its name).
fn device_name(arg: &str) -> Result<String, IfaceError> {
    match arg.parse::<usize>() {
        Ok(n) if !name_exists(arg) => {
            let devs = Device::list()?;
            if n == 0 || n > devs.len() {
                return Err(IfaceError::BadIndex(n));
            }
            Ok(devs[n - 1].name.clone())
        }
        _ => Ok(arg.to_owned()),
    }
}

/// Resolves `-i` (see [`device_name`]) or, without it, the first interface that is up and not
/// a loopback, as tcpdump does.
pub fn resolve(arg: Option<&str>) -> Result<Interface, IfaceError> {
    let name = match arg {
        Some(arg) => device_name(arg)?,
        None => Device::lookup()?.ok_or(IfaceError::NoDefault)?.name,
    };
    let index = if name == "any" {
        0
    } else {
        nametoindex(&name).ok_or_else(|| IfaceError::Unknown(name.clone()))?
    };
    Ok(Interface { name, index })
}

fn name_exists(name: &str) -> bool {
    nametoindex(name).is_some()
}

/// The kernel index of interface `name` in this network namespace.
pub fn nametoindex(name: &str) -> Option<u32> {
    let c_name = std::ffi::CString::new(name).ok()?;
    // SAFETY: c_name is a valid NUL-terminated string that outlives the call.
    let index = unsafe { libc::if_nametoindex(c_name.as_ptr()) };
    (index != 0).then_some(index)
}

/// The kernel driver behind interface `name` ("veth", "virtio_net", ...), from the
/// ETHTOOL_GDRVINFO ioctl; `None` if the interface does not say.
pub fn driver(name: &str) -> Option<String> {
    const ETHTOOL_GDRVINFO: u32 = 3;
    /// `struct ethtool_drvinfo`: the command, the driver's name, then fields not read here.
    #[repr(C)]
    struct DrvInfo {
        cmd: u32,
        driver: [u8; 32],
        rest: [u8; 160],
    }
    let mut info = DrvInfo {
        cmd: ETHTOOL_GDRVINFO,
        driver: [0; 32],
        rest: [0; 160],
    };
    ethtool(name, (&raw mut info).cast()).ok()?;
    let end = info.driver.iter().position(|&b| b == 0).unwrap_or(32);
    Some(String::from_utf8_lossy(&info.driver[..end]).into_owned())
}

/// An ETHTOOL command on interface `name`; `data` is the command's structure, its first word
/// the command number.
pub(crate) fn ethtool(name: &str, data: *mut libc::c_void) -> std::io::Result<()> {
    const SIOCETHTOOL: libc::c_ulong = 0x8946;
    device_ioctl(name, SIOCETHTOOL, data)
}

/// A device ioctl (`struct ifreq` naming `name`, its data pointer set to `data`) on a socket
/// made for it. `data` must point at the structure the kernel reads and writes for `request`.
pub(crate) fn device_ioctl(
    name: &str,
    request: libc::c_ulong,
    data: *mut libc::c_void,
) -> std::io::Result<()> {
    ifreq_ioctl(name, request, |ifr| ifr.ifr_ifru.ifru_data = data.cast()).map(drop)
}

/// A device ioctl on a socket made for it: a `struct ifreq` naming `name`, the rest as `fill`
/// sets it, returned as the kernel left it.
fn ifreq_ioctl(
    name: &str,
    request: libc::c_ulong,
    fill: impl FnOnce(&mut libc::ifreq),
) -> std::io::Result<libc::ifreq> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    if name.len() >= libc::IFNAMSIZ {
        return Err(std::io::Error::from_raw_os_error(libc::ENODEV));
    }
    // SAFETY: ifreq is plain data; all-zero is a valid start value.
    let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
    for (d, s) in ifr.ifr_name.iter_mut().zip(name.bytes()) {
        *d = s as libc::c_char;
    }
    fill(&mut ifr);
    // SAFETY: plain socket(2) call; the result is checked before use.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fd is a fresh descriptor owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: ifr names the interface and carries what the caller set for `request` (for a
    // data pointer, the structure the kernel expects); both outlive the call.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), request, &mut ifr) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(ifr)
}

/// A link type capture records: its number in capture files (`LINKTYPE_*`), its number in
/// libpcap (`DLT_*`, which the filter compiler and the printer take), and the name and
/// description tcpdump prints for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkType {
    /// The number written in file headers.
    pub linktype: u32,
    /// libpcap's number.
    pub dlt: i32,
    /// `EN10MB`.
    pub name: &'static str,
    /// `Ethernet`.
    pub desc: &'static str,
    /// Whether tcpdump has a printer for it (`-L` says "printing not supported" otherwise).
    pub printable: bool,
}

impl LinkType {
    /// Ethernet framing: Ethernet devices, veth, loopback.
    pub const EN10MB: LinkType = LinkType::new(1, 1, "EN10MB", "Ethernet");
    /// The same Ethernet frames, labelled as a DOCSIS CMTS's mirror sends them; tcpdump has
    /// no printer for them.
    pub const DOCSIS: LinkType = LinkType {
        printable: false,
        ..LinkType::new(143, 143, "DOCSIS", "DOCSIS")
    };
    /// IP packets with no link header: tun (WireGuard, OpenVPN), IP-in-IP tunnels, SLIP.
    pub const RAW: LinkType = LinkType::new(101, 12, "RAW", "Raw IP");
    /// Linux cooked v1, for `any` with `-y LINUX_SLL`.
    pub const LINUX_SLL: LinkType = LinkType::new(
        LINKTYPE_LINUX_SLL,
        LINKTYPE_LINUX_SLL as i32,
        "LINUX_SLL",
        "Linux cooked v1",
    );
    /// Linux cooked v2, for `any`, as tcpdump 4.99 records it.
    pub const LINUX_SLL2: LinkType = LinkType::new(
        LINKTYPE_LINUX_SLL2,
        LINKTYPE_LINUX_SLL2 as i32,
        "LINUX_SLL2",
        "Linux cooked v2",
    );

    const fn new(linktype: u32, dlt: i32, name: &'static str, desc: &'static str) -> Self {
        LinkType {
            linktype,
            dlt,
            name,
            desc,
            printable: true,
        }
    }

    /// The pseudo header packets of this link type are recorded with, if it is a cooked one.
    pub fn cooked(&self) -> Option<Cooked> {
        match self.linktype {
            LINKTYPE_LINUX_SLL => Some(Cooked::V1),
            LINKTYPE_LINUX_SLL2 => Some(Cooked::V2),
            _ => None,
        }
    }
}

impl std::fmt::Display for LinkType {
    /// As the banner names it: `EN10MB (Ethernet)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.desc)
    }
}

/// `ARPHRD_*` device types whose packets start at the IP header, which libpcap records as
/// raw IP (pcap-linux.c, `map_arphrd_to_dlt`): NONE (tun), TUNNEL (ipip), SIT, the SLIP
/// family, ADAPT, RAWHDLC and DLCI.
const ARPHRD_RAW_IP: [u16; 10] = [0xfffe, 768, 776, 256, 257, 258, 259, 264, 518, 15];
/// `ARPHRD_*` device types libpcap records in a link type of their own (`map_arphrd_to_dlt`):
/// EETHER, AX25, PRONET, CHAOS, IEEE802, ARCNET, IP over FC (18), CAN, CISCO, FRAD, LOCALTLK,
/// FDDI, IRDA, the FC family, IEEE802_TR, the 802.11 family, IEEE802154, NETLINK, VSOCKMON and
/// LAPD. Every other type it does not map (PPP and ATM by choice) it captures cooked.
const ARPHRD_OWN_LINK_TYPE: [u16; 25] = [
    2, 3, 4, 5, 6, 7, 18, 280, 513, 770, 773, 774, 783, 784, 785, 786, 787, 800, 801, 802, 803,
    804, 824, 826, 8445,
];
/// `ARPHRD_ETHER`.
const ARPHRD_ETHER: u16 = 1;
/// `ARPHRD_METRICOM`, which libpcap takes for Ethernet.
const ARPHRD_METRICOM: u16 = 23;
/// `ARPHRD_LOOPBACK`.
const ARPHRD_LOOPBACK: u16 = 772;

/// The link types capture can record on a device, and the one it records without `-y`.
pub struct LinkTypes {
    /// libpcap's list for the device (what `-L` prints), for the devices whose packets
    /// capture can frame as libpcap does.
    offered: Vec<LinkType>,
    default: LinkType,
}

impl LinkTypes {
    /// What `iface` offers, and libpcap's default among them: Linux cooked v1 and v2 on `any`
    /// (v1 by default: tcpdump asks for v2 itself, see [`LinkTypes::tcpdump_default`]);
    /// Ethernet, and DOCSIS as libpcap also offers it, on an Ethernet device that is not
    /// 802.11; Ethernet on loopback; raw IP where the packets start at the IP header; Linux
    /// cooked v1 alone on PPP, ATM and the device types libpcap has no link type for (GRE,
    /// IPoIB, ...), where it falls back on a cooked socket; and libpcap's exceptions by name
    /// for Ethernet devices (`cdma_rmnet*` raw IP, `isdn*` cooked).
    pub fn of(iface: &Interface) -> Result<Self, IfaceError> {
        let (offered, default) = if iface.index == 0 {
            (
                vec![LinkType::LINUX_SLL, LinkType::LINUX_SLL2],
                LinkType::LINUX_SLL,
            )
        } else {
            let name = iface.name.as_str();
            let offered = match hardware_type(name) {
                // Names libpcap knows for Ethernet devices that are not Ethernet-framed.
                Some(ARPHRD_ETHER) if name.starts_with("cdma_rmnet") => vec![LinkType::RAW],
                Some(ARPHRD_ETHER) if name.starts_with("isdn") || name.starts_with("isdY") => {
                    if is_wireless(name) {
                        vec![LinkType::LINUX_SLL]
                    } else {
                        vec![LinkType::LINUX_SLL, LinkType::LINUX_SLL2]
                    }
                }
                Some(ARPHRD_ETHER) if !is_wireless(name) => {
                    vec![LinkType::EN10MB, LinkType::DOCSIS]
                }
                // A device that does not say (it went away meanwhile) is taken for Ethernet,
                // which opening its socket then settles.
                Some(ARPHRD_ETHER | ARPHRD_LOOPBACK | ARPHRD_METRICOM) | None => {
                    vec![LinkType::EN10MB]
                }
                Some(t) if ARPHRD_RAW_IP.contains(&t) => vec![LinkType::RAW],
                Some(t) if ARPHRD_OWN_LINK_TYPE.contains(&t) => {
                    return Err(IfaceError::Hardware(name.to_owned(), t));
                }
                Some(_) => vec![LinkType::LINUX_SLL],
            };
            let default = offered[0];
            (offered, default)
        };
        Ok(LinkTypes { offered, default })
    }

    /// `-L`: the list in tcpdump's format.
    pub fn describe(&self, iface: &Interface) -> String {
        let mut text = format!(
            "Data link types for {} (use option -y to set):\n",
            iface.name
        );
        for l in &self.offered {
            let note = if l.printable {
                ""
            } else {
                " (printing not supported)"
            };
            let _ = writeln!(text, "  {l}{note}");
        }
        text
    }

    /// The link type tcpdump 4.99 asks for without `-y`: LINUX_SLL2 when the `-i` argument
    /// as typed begins with "any" (its test is on the argument, before a number from the `-D`
    /// list is turned into a name, so `-i 2` naming `any` gets libpcap's default, cooked v1).
    pub fn tcpdump_default(device_arg: Option<&str>) -> Option<&'static str> {
        device_arg
            .is_some_and(|arg| arg.starts_with("any"))
            .then_some(LinkType::LINUX_SLL2.name)
    }

    /// The link type `-y NAME` names (a name libpcap knows, checked as the command line is
    /// read), or without it the device's default.
    pub fn choose(&self, name: Option<&str>) -> Result<LinkType, IfaceError> {
        let Some(name) = name else {
            return Ok(self.default);
        };
        let wanted = pcap::Linktype::from_name(name).map(|l| l.0);
        self.offered
            .iter()
            .find(|l| wanted.as_ref().is_ok_and(|&w| w == l.dlt))
            .copied()
            .ok_or_else(|| IfaceError::LinkType(name.to_owned()))
    }
}

/// Refuses a device that is down, as libpcap's activation does (`any` is never down). A
/// device that does not answer is left to the socket to refuse.
pub fn check_up(iface: &Interface) -> Result<(), IfaceError> {
    if iface.index != 0 && matches!(flags_up(&iface.name), Ok(false)) {
        return Err(IfaceError::NotUp(iface.name.clone()));
    }
    Ok(())
}

/// Whether the interface of index `ifindex` is up; None once it no longer exists.
pub fn is_up(ifindex: u32) -> Option<bool> {
    let mut name = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: `name` has the IF_NAMESIZE bytes if_indextoname writes at most.
    if unsafe { libc::if_indextoname(ifindex, name.as_mut_ptr()) }.is_null() {
        return None;
    }
    // SAFETY: if_indextoname succeeded, so `name` holds a NUL-terminated name.
    let name = unsafe { std::ffi::CStr::from_ptr(name.as_ptr()) }.to_string_lossy();
    match flags_up(&name) {
        Ok(up) => Some(up),
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENODEV | libc::ENXIO)) => None,
        // Flags that cannot be read: taken as still down, to be looked at again.
        Err(_) => Some(false),
    }
}

/// IFF_UP in interface `name`'s flags (SIOCGIFFLAGS).
fn flags_up(name: &str) -> std::io::Result<bool> {
    let ifr = ifreq_ioctl(name, libc::SIOCGIFFLAGS, |_| {})?;
    // SAFETY: SIOCGIFFLAGS succeeded, so the kernel filled the union's flags.
    let flags = unsafe { ifr.ifr_ifru.ifru_flags };
    Ok(flags & libc::IFF_UP as libc::c_short != 0)
}

/// The device's hardware type (`ARPHRD_*`), from SIOCGIFHWADDR in this process's network
/// namespace.
fn hardware_type(name: &str) -> Option<u16> {
    let ifr = ifreq_ioctl(name, libc::SIOCGIFHWADDR, |_| {}).ok()?;
    // SAFETY: SIOCGIFHWADDR succeeded, so the kernel filled the union's hardware address.
    Some(unsafe { ifr.ifr_ifru.ifru_hwaddr.sa_family })
}

/// An 802.11 device, as libpcap tells one (`is_wifi`).
fn is_wireless(name: &str) -> bool {
    ["phy80211", "wireless"]
        .iter()
        .any(|d| std::path::Path::new(&format!("/sys/class/net/{name}/{d}")).exists())
}

/// `-I`: libpcap enters monitor mode only on 802.11 devices (those with a `phy80211`); on any
/// other it fails with tcpdump's message. capture does not create the monitor interface that
/// libpcap creates with nl80211 on 802.11 devices, and says so.
pub fn check_monitor_mode(device: &str) -> Result<(), IfaceError> {
    if std::path::Path::new(&format!("/sys/class/net/{device}/phy80211")).exists() {
        Err(IfaceError::MonitorUnsupported(device.to_owned()))
    } else {
        Err(IfaceError::NoMonitorMode(device.to_owned()))
    }
}

/// What libpcap counts as packets the interface itself dropped (`ps_ifdrop`): its
/// rx_missed_errors plus rx_fifo_errors; 0 where they cannot be read (`any`).
pub fn drops(name: &str) -> u64 {
    ["rx_missed_errors", "rx_fifo_errors"]
        .iter()
        .filter_map(|f| stat(name, f))
        .sum()
}

/// One of interface `name`'s statistics (`rx_missed_errors`, ...), from sysfs, as libpcap
/// reads them.
fn stat(name: &str, field: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/sys/class/net/{name}/statistics/{field}"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Interface `name`'s received packets and bytes, from `/proc/self/net/dev`: the network
/// namespace this process is in, also where /sys is still another's (`nsenter --net` into a
/// container's namespace does not remount it, and its `eth0` is then the host's).
pub fn received(name: &str) -> Option<(u64, u64)> {
    received_in(&std::fs::read_to_string("/proc/self/net/dev").ok()?, name)
}

/// [`received`] from the text of a `/proc/net/dev` table.
fn received_in(table: &str, name: &str) -> Option<(u64, u64)> {
    table.lines().skip(2).find_map(|line| {
        let (dev, counts) = line.split_once(':')?;
        if dev.trim() != name {
            return None;
        }
        let mut n = counts.split_whitespace().map(str::parse::<u64>);
        let bytes = n.next()?.ok()?;
        let packets = n.next()?.ok()?;
        Some((packets, bytes))
    })
}

/// Whether GRO is on for interface `name` (ETHTOOL_GGRO); `None` if it does not say.
pub fn gro(name: &str) -> Option<bool> {
    const ETHTOOL_GGRO: u32 = 0x2b;
    /// `struct ethtool_value`.
    #[repr(C)]
    struct Value {
        cmd: u32,
        data: u32,
    }
    let mut v = Value {
        cmd: ETHTOOL_GGRO,
        data: 0,
    };
    ethtool(name, (&raw mut v).cast()).ok()?;
    Some(v.data != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The receive columns of the named interface only: not of one whose name it begins,
    /// and also when a large count leaves no space after the colon.
    #[test]
    fn received_reads_its_own_row() {
        let table = "\
Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  631447    2086    0    0    0     0          0         0   631447    2086    0    0    0     0       0          0
 veth10:     900       9    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  veth1:12345678901  123456    0    0    0     0          0         0        7       1    0    0    0     0       0          0
";
        assert_eq!(received_in(table, "veth1"), Some((123_456, 12_345_678_901)));
        assert_eq!(received_in(table, "veth10"), Some((9, 900)));
        assert_eq!(received_in(table, "veth"), None);
    }
}
