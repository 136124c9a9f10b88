//! Time stamp types (`-j`, `-J`) as libpcap 1.10.3 has them on Linux: the names, what a device
//! offers (asked with ETHTOOL_GET_TS_INFO, read as libpcap reads it), and hardware stamping
//! (SIOCSHWTSTAMP on the device, PACKET_TIMESTAMP on each socket, so the ring's time stamps are
//! the adapter's).
use std::io;

use thiserror::Error;

/// A time stamp type, with libpcap's value (`PCAP_TSTAMP_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TstampType {
    /// Stamped by the host (the kernel), the default.
    Host = 0,
    /// Host, low precision.
    HostLowprec = 1,
    /// Host, high precision.
    HostHiprec = 2,
    /// Stamped by the adapter, synchronized with the system clock.
    Adapter = 3,
    /// Stamped by the adapter, on its own clock.
    AdapterUnsynced = 4,
    /// Host, high precision, not synchronized with system time.
    HostHiprecUnsynced = 5,
}

/// libpcap's names and descriptions, in its order.
const TYPES: [(TstampType, &str, &str); 6] = [
    (TstampType::Host, "host", "Host"),
    (
        TstampType::HostLowprec,
        "host_lowprec",
        "Host, low precision",
    ),
    (
        TstampType::HostHiprec,
        "host_hiprec",
        "Host, high precision",
    ),
    (TstampType::Adapter, "adapter", "Adapter"),
    (
        TstampType::AdapterUnsynced,
        "adapter_unsynced",
        "Adapter, not synced with system time",
    ),
    (
        TstampType::HostHiprecUnsynced,
        "host_hiprec_unsynced",
        "Host, high precision, not synced with system time",
    ),
];

impl TstampType {
    /// The type `name` names, in any case (`pcap_tstamp_type_name_to_val`).
    pub fn from_name(name: &str) -> Option<TstampType> {
        TYPES
            .iter()
            .find(|(_, n, _)| n.eq_ignore_ascii_case(name))
            .map(|(t, _, _)| *t)
    }

    /// libpcap's name (`adapter_unsynced`).
    pub fn name(self) -> &'static str {
        TYPES[self as usize].1
    }

    /// libpcap's description (`Adapter, not synced with system time`).
    pub fn description(self) -> &'static str {
        TYPES[self as usize].2
    }

    /// The SOF_TIMESTAMPING source libpcap asks the socket for, for the adapter types.
    fn hardware_source(self) -> Option<libc::c_int> {
        match self {
            TstampType::Adapter => Some(libc::SOF_TIMESTAMPING_SYS_HARDWARE as libc::c_int),
            TstampType::AdapterUnsynced => Some(libc::SOF_TIMESTAMPING_RAW_HARDWARE as libc::c_int),
            _ => None,
        }
    }
}

/// A failure to ask a device about, or set up, its time stamps.
#[derive(Debug, Error)]
pub enum TstampError {
    /// ETHTOOL_GET_TS_INFO failed for another reason than "not supported" or "no device".
    #[error("{device}: SIOCETHTOOL(ETHTOOL_GET_TS_INFO) ioctl failed: {}", crate::strerror(.error))]
    Query {
        /// The device asked.
        device: String,
        /// What the ioctl returned.
        error: io::Error,
    },
    /// SIOCSHWTSTAMP needs CAP_NET_ADMIN (libpcap's status text, device and detail).
    #[error(
        "{0}: You don't have permission to perform this capture on that device\n(Attempt to set \
         hardware timestamp failed - CAP_NET_ADMIN may be required)"
    )]
    Permission(String),
    /// SIOCSHWTSTAMP failed otherwise.
    #[error("SIOCSHWTSTAMP failed: {}", crate::strerror(.0))]
    Enable(io::Error),
}

/// `struct ethtool_ts_info`.
#[repr(C)]
#[derive(Default)]
struct TsInfo {
    cmd: u32,
    so_timestamping: u32,
    phc_index: i32,
    tx_types: u32,
    tx_reserved: [u32; 3],
    rx_filters: u32,
    rx_reserved: [u32; 3],
}

const ETHTOOL_GET_TS_INFO: u32 = 0x41;

/// The types `device` offers, as `pcap_list_tstamp_types` lists them: the SOF_TIMESTAMPING
/// sources the driver reports when it can stamp every received packet in hardware (all three
/// when the driver cannot be asked), else just `host`.
pub fn offered(device: &str) -> Result<Vec<TstampType>, TstampError> {
    if device == "any" {
        return Ok(vec![TstampType::Host]);
    }
    let mut info = TsInfo {
        cmd: ETHTOOL_GET_TS_INFO,
        ..TsInfo::default()
    };
    match crate::iface::ethtool(device, (&raw mut info).cast()) {
        Ok(()) => {}
        Err(e) => {
            return match e.raw_os_error() {
                Some(libc::EOPNOTSUPP | libc::EINVAL) => Ok(vec![
                    TstampType::Host,
                    TstampType::Adapter,
                    TstampType::AdapterUnsynced,
                ]),
                Some(libc::ENODEV) => Ok(vec![TstampType::Host]),
                _ => Err(TstampError::Query {
                    device: device.to_owned(),
                    error: e,
                }),
            };
        }
    }
    Ok(from_ts_info(info.so_timestamping, info.rx_filters))
}

/// The types libpcap lists for a driver's ETHTOOL_GET_TS_INFO answer: none but `host` unless
/// it stamps every received packet in hardware (HWTSTAMP_FILTER_ALL), else the types whose
/// SOF_TIMESTAMPING source it has, in libpcap's order.
fn from_ts_info(so_timestamping: u32, rx_filters: u32) -> Vec<TstampType> {
    if rx_filters & (1 << libc::HWTSTAMP_FILTER_ALL) == 0 {
        return vec![TstampType::Host];
    }
    let list: Vec<TstampType> = [
        (libc::SOF_TIMESTAMPING_SOFTWARE, TstampType::Host),
        (libc::SOF_TIMESTAMPING_SYS_HARDWARE, TstampType::Adapter),
        (
            libc::SOF_TIMESTAMPING_RAW_HARDWARE,
            TstampType::AdapterUnsynced,
        ),
    ]
    .into_iter()
    .filter(|(flag, _)| so_timestamping & flag != 0)
    .map(|(_, t)| t)
    .collect();
    if list.is_empty() {
        vec![TstampType::Host]
    } else {
        list
    }
}

/// `-J`: tcpdump's listing (it goes to stderr).
pub fn listing(device: &str) -> Result<String, TstampError> {
    let mut text = format!("Time stamp types for {device} (use option -j to set):\n");
    for t in offered(device)? {
        text.push_str(&format!("  {} ({})\n", t.name(), t.description()));
    }
    Ok(text)
}

/// What `-j` comes to on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stamping {
    /// The kernel's own time stamps.
    #[default]
    Host,
    /// The adapter's: each socket asks for this SOF_TIMESTAMPING source (PACKET_TIMESTAMP).
    Hardware(libc::c_int),
}

/// libpcap's words for a type the device does not do.
const UNSUPPORTED: &str = "That type of time stamp is not supported by that device";

/// `-j`: whether `device` offers `wanted` (`pcap_set_tstamp_type`). When it does not, tcpdump's
/// warning, and the capture goes on with host stamps.
pub fn choose(
    device: &str,
    wanted: TstampType,
) -> Result<(Option<TstampType>, Option<String>), TstampError> {
    if offered(device)?.contains(&wanted) {
        return Ok((Some(wanted), None));
    }
    let warning = format!(
        "When trying to set timestamp type '{}' on {device}: {UNSUPPORTED}",
        wanted.name()
    );
    Ok((None, Some(warning)))
}

/// Sets `device` up for `chosen` as libpcap's activation does: the adapter types turn on
/// hardware stamping of every packet (SIOCSHWTSTAMP), and each socket will then ask for the
/// adapter's stamps; the host types need nothing. A device that stamps only some packets in
/// hardware gets libpcap's warning, and host stamps.
pub fn enable(device: &str, chosen: TstampType) -> Result<(Stamping, Option<String>), TstampError> {
    let Some(source) = chosen.hardware_source() else {
        return Ok((Stamping::Host, None));
    };
    let mut config = libc::hwtstamp_config {
        flags: 0,
        tx_type: libc::HWTSTAMP_TX_ON as libc::c_int,
        rx_filter: libc::HWTSTAMP_FILTER_ALL as libc::c_int,
    };
    match crate::iface::device_ioctl(device, libc::SIOCSHWTSTAMP, (&raw mut config).cast()) {
        Ok(()) => Ok((Stamping::Hardware(source), None)),
        Err(e) => match e.raw_os_error() {
            Some(libc::EPERM) => Err(TstampError::Permission(device.to_owned())),
            Some(libc::EOPNOTSUPP | libc::ERANGE) => {
                Ok((Stamping::Host, Some(format!("{device}: {UNSUPPORTED}"))))
            }
            _ => Err(TstampError::Enable(e)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_libpcap_has_them() {
        assert_eq!(
            TstampType::from_name("ADAPTER_unsynced"),
            Some(TstampType::AdapterUnsynced)
        );
        assert_eq!(TstampType::from_name("adapter "), None);
        for (t, name, desc) in TYPES {
            assert_eq!((t.name(), t.description()), (name, desc));
        }
    }

    /// What libpcap's iface_get_ts_types makes of drivers' answers.
    #[test]
    fn driver_answers_as_libpcap_reads_them() {
        use TstampType::*;
        let all = 1 << libc::HWTSTAMP_FILTER_ALL;
        // veth, lo: software stamps only, no hardware receive filter.
        assert_eq!(from_ts_info(0x1a, 0), [Host]);
        // A NIC stamping every packet (igb, mlx5): software and raw hardware stamps.
        let nic = libc::SOF_TIMESTAMPING_SOFTWARE
            | libc::SOF_TIMESTAMPING_RX_HARDWARE
            | libc::SOF_TIMESTAMPING_RAW_HARDWARE;
        assert_eq!(from_ts_info(nic, all | 0x10), [Host, AdapterUnsynced]);
        // Hardware stamps of PTP packets only: host.
        assert_eq!(from_ts_info(nic, 1 << 12), [Host]);
        // Every packet, but no source libpcap maps: host.
        assert_eq!(
            from_ts_info(libc::SOF_TIMESTAMPING_RX_HARDWARE, all),
            [Host]
        );
    }

    #[test]
    fn any_and_missing_devices_offer_host_only() {
        assert_eq!(offered("any").unwrap(), [TstampType::Host]);
        assert_eq!(offered("nosuchdev0").unwrap(), [TstampType::Host]);
        assert_eq!(
            listing("any").unwrap(),
            "Time stamp types for any (use option -j to set):\n  host (Host)\n"
        );
    }
}
