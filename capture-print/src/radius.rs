//! RADIUS, as tcpdump's print-radius.c: the code, id and length, and with `-v` the authenticator
//! and every attribute (named values, addresses, prefixes, vendor attributes, location
//! objects, ...; `-vv`: with a hex dump of each).
use super::util::Tok;
use super::{Nd, Res, be16, be24, be32, be64, has, sl, tail, u8at};

/// The shortest message: code, id, length and authenticator.
const MIN_LEN: usize = 20;

const CODES: &Tok = &[
    (1, "Access-Request"),
    (2, "Access-Accept"),
    (3, "Access-Reject"),
    (4, "Accounting-Request"),
    (5, "Accounting-Response"),
    (11, "Access-Challenge"),
    (12, "Status-Server"),
    (13, "Status-Client"),
    (40, "Disconnect-Request"),
    (41, "Disconnect-ACK"),
    (42, "Disconnect-NAK"),
    (43, "CoA-Request"),
    (44, "CoA-ACK"),
    (45, "CoA-NAK"),
    (255, "Reserved"),
];

/// How an attribute's value prints.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fmt {
    /// Not decoded (the `-vv` dump shows it).
    None,
    Str,
    Num,
    Vendor,
    Addr,
    Addr6,
    Netmask6,
    Mip6Prefix,
    OperatorName,
    LocationInfo,
    LocationData,
    Blpr,
    Time,
    Vector64,
    Strange,
}

/// An attribute type: its name, the names of its standard values (indexed by value, valid from
/// `first` on) and how its value prints.
struct Attr {
    name: &'static str,
    values: &'static [&'static str],
    first: u32,
    fmt: Fmt,
}

const fn attr(name: &'static str, values: &'static [&'static str], first: u32, fmt: Fmt) -> Attr {
    Attr {
        name,
        values,
        first,
        fmt,
    }
}

const SERV_TYPE: &[&str] = &[
    "",
    "Login",
    "Framed",
    "Callback Login",
    "Callback Framed",
    "Outbound",
    "Administrative",
    "NAS Prompt",
    "Authenticate Only",
    "Callback NAS Prompt",
    "Call Check",
    "Callback Administrative",
    "Voice",
    "Fax",
    "Modem Relay",
    "IAPP-Register",
    "IAPP-AP-Check",
    "Authorize Only",
    "Framed-Management",
    "Additional-Authorization",
];
const FRM_PROTO: &[&str] = &[
    "",
    "PPP",
    "SLIP",
    "ARAP",
    "Gandalf proprietary",
    "Xylogics IPX/SLIP",
    "X.75 Synchronous",
    "GPRS PDP Context",
];
const FRM_ROUTING: &[&str] = &["None", "Send", "Listen", "Send&Listen"];
const FRM_COMP: &[&str] = &["None", "VJ TCP/IP", "IPX", "Stac-LZS"];
const LOGIN_SERV: &[&str] = &[
    "Telnet",
    "Rlogin",
    "TCP Clear",
    "PortMaster(proprietary)",
    "LAT",
    "X.25-PAD",
    "X.25-T3POS",
    "Unassigned",
    "TCP Clear Quiet",
];
const TERM_ACTION: &[&str] = &["Default", "RADIUS-Request"];
const INGRESS_FILTERS: &[&str] = &["", "Enabled", "Disabled"];
const NAS_PORT_TYPE: &[&str] = &[
    "Async",
    "Sync",
    "ISDN Sync",
    "ISDN Async V.120",
    "ISDN Async V.110",
    "Virtual",
    "PIAFS",
    "HDLC Clear Channel",
    "X.25",
    "X.75",
    "G.3 Fax",
    "SDSL",
    "ADSL-CAP",
    "ADSL-DMT",
    "ISDN-DSL",
    "Ethernet",
    "xDSL",
    "Cable",
    "Wireless - Other",
    "Wireless - IEEE 802.11",
    "Token-Ring",
    "FDDI",
    "Wireless - CDMA200",
    "Wireless - UMTS",
    "Wireless - 1X-EV",
    "IAPP",
    "FTTP",
    "Wireless - IEEE 802.16",
    "Wireless - IEEE 802.20",
    "Wireless - IEEE 802.22",
    "PPPoA",
    "PPPoEoA",
    "PPPoEoE",
    "PPPoEoVLAN",
    "PPPoEoQinQ",
    "xPON",
    "Wireless - XGP",
    "WiMAX Pre-Release 8 IWK Function",
    "WIMAX-WIFI-IWK",
    "WIMAX-SFF",
    "WIMAX-HA-LMA",
    "WIMAX-DHCP",
    "WIMAX-LBS",
    "WIMAX-WVS",
];
const ACCT_STATUS: &[&str] = &[
    "",
    "Start",
    "Stop",
    "Interim-Update",
    "Unassigned",
    "Unassigned",
    "Unassigned",
    "Accounting-On",
    "Accounting-Off",
    "Tunnel-Start",
    "Tunnel-Stop",
    "Tunnel-Reject",
    "Tunnel-Link-Start",
    "Tunnel-Link-Stop",
    "Tunnel-Link-Reject",
    "Failed",
];
const ACCT_AUTH: &[&str] = &["", "RADIUS", "Local", "Remote", "Diameter"];
const ACCT_TERM: &[&str] = &[
    "",
    "User Request",
    "Lost Carrier",
    "Lost Service",
    "Idle Timeout",
    "Session Timeout",
    "Admin Reset",
    "Admin Reboot",
    "Port Error",
    "NAS Error",
    "NAS Request",
    "NAS Reboot",
    "Port Unneeded",
    "Port Preempted",
    "Port Suspended",
    "Service Unavailable",
    "Callback",
    "User Error",
    "Host Request",
    "Supplicant Restart",
    "Reauthentication Failure",
    "Port Reinitialized",
    "Port Administratively Disabled",
    "Lost Power",
];
const TUNNEL_TYPE: &[&str] = &[
    "",
    "PPTP",
    "L2F",
    "L2TP",
    "ATMP",
    "VTP",
    "AH",
    "IP-IP",
    "MIN-IP-IP",
    "ESP",
    "GRE",
    "DVS",
    "IP-in-IP Tunneling",
    "VLAN",
];
const TUNNEL_MEDIUM: &[&str] = &[
    "",
    "IPv4",
    "IPv6",
    "NSAP",
    "HDLC",
    "BBN 1822",
    "802",
    "E.163",
    "E.164",
    "F.69",
    "X.121",
    "IPX",
    "Appletalk",
    "Decnet IV",
    "Banyan Vines",
    "E.164 with NSAP subaddress",
];
const ARAP_ZONE: &[&str] = &[
    "",
    "Only access to dfl zone",
    "Use zone filter inc.",
    "Not used",
    "Use zone filter exc.",
];
const PROMPT: &[&str] = &["No Echo", "Echo"];
const ATTRS: &[Attr] = &[
    attr("", &[], 0, Fmt::None),
    attr("User-Name", &[], 0, Fmt::Str),
    attr("User-Password", &[], 0, Fmt::None),
    attr("CHAP-Password", &[], 0, Fmt::None),
    attr("NAS-IP-Address", &[], 0, Fmt::Addr),
    attr("NAS-Port", &[], 0, Fmt::Num),
    attr("Service-Type", SERV_TYPE, 1, Fmt::Num),
    attr("Framed-Protocol", FRM_PROTO, 1, Fmt::Num),
    attr("Framed-IP-Address", &[], 0, Fmt::Addr),
    attr("Framed-IP-Netmask", &[], 0, Fmt::Addr),
    attr("Framed-Routing", FRM_ROUTING, 0, Fmt::Num),
    attr("Filter-Id", &[], 0, Fmt::Str),
    attr("Framed-MTU", &[], 0, Fmt::Num),
    attr("Framed-Compression", FRM_COMP, 0, Fmt::Num),
    attr("Login-IP-Host", &[], 0, Fmt::Addr),
    attr("Login-Service", LOGIN_SERV, 0, Fmt::Num),
    attr("Login-TCP-Port", &[], 0, Fmt::Num),
    attr("Unassigned", &[], 0, Fmt::None),
    attr("Reply-Message", &[], 0, Fmt::Str),
    attr("Callback-Number", &[], 0, Fmt::Str),
    attr("Callback-Id", &[], 0, Fmt::Str),
    attr("Unassigned", &[], 0, Fmt::None),
    attr("Framed-Route", &[], 0, Fmt::Str),
    attr("Framed-IPX-Network", &[], 0, Fmt::Num),
    attr("State", &[], 0, Fmt::Str),
    attr("Class", &[], 0, Fmt::Str),
    attr("Vendor-Specific", &[], 0, Fmt::Vendor),
    attr("Session-Timeout", &[], 0, Fmt::Num),
    attr("Idle-Timeout", &[], 0, Fmt::Num),
    attr("Termination-Action", TERM_ACTION, 0, Fmt::Num),
    attr("Called-Station-Id", &[], 0, Fmt::Str),
    attr("Calling-Station-Id", &[], 0, Fmt::Str),
    attr("NAS-Identifier", &[], 0, Fmt::Str),
    attr("Proxy-State", &[], 0, Fmt::Str),
    attr("Login-LAT-Service", &[], 0, Fmt::Str),
    attr("Login-LAT-Node", &[], 0, Fmt::Str),
    attr("Login-LAT-Group", &[], 0, Fmt::Str),
    attr("Framed-AppleTalk-Link", &[], 0, Fmt::Num),
    attr("Framed-AppleTalk-Network", &[], 0, Fmt::Num),
    attr("Framed-AppleTalk-Zone", &[], 0, Fmt::Str),
    attr("Acct-Status-Type", ACCT_STATUS, 1, Fmt::Num),
    attr("Acct-Delay-Time", &[], 0, Fmt::Num),
    attr("Acct-Input-Octets", &[], 0, Fmt::Num),
    attr("Acct-Output-Octets", &[], 0, Fmt::Num),
    attr("Acct-Session-Id", &[], 0, Fmt::Str),
    attr("Acct-Authentic", ACCT_AUTH, 1, Fmt::Num),
    attr("Acct-Session-Time", &[], 0, Fmt::Num),
    attr("Acct-Input-Packets", &[], 0, Fmt::Num),
    attr("Acct-Output-Packets", &[], 0, Fmt::Num),
    attr("Acct-Terminate-Cause", ACCT_TERM, 1, Fmt::Num),
    attr("Acct-Multi-Session-Id", &[], 0, Fmt::Str),
    attr("Acct-Link-Count", &[], 0, Fmt::Num),
    attr("Acct-Input-Gigawords", &[], 0, Fmt::Num),
    attr("Acct-Output-Gigawords", &[], 0, Fmt::Num),
    attr("Unassigned", &[], 0, Fmt::None),
    attr("Event-Timestamp", &[], 0, Fmt::Time),
    attr("Egress-VLANID", &[], 0, Fmt::Num),
    attr("Ingress-Filters", INGRESS_FILTERS, 1, Fmt::Num),
    attr("Egress-VLAN-Name", &[], 0, Fmt::Str),
    attr("User-Priority-Table", &[], 0, Fmt::None),
    attr("CHAP-Challenge", &[], 0, Fmt::Str),
    attr("NAS-Port-Type", NAS_PORT_TYPE, 0, Fmt::Num),
    attr("Port-Limit", &[], 0, Fmt::Num),
    attr("Login-LAT-Port", &[], 0, Fmt::Str),
    attr("Tunnel-Type", TUNNEL_TYPE, 1, Fmt::Num),
    attr("Tunnel-Medium-Type", TUNNEL_MEDIUM, 1, Fmt::Num),
    attr("Tunnel-Client-Endpoint", &[], 0, Fmt::Str),
    attr("Tunnel-Server-Endpoint", &[], 0, Fmt::Str),
    attr("Acct-Tunnel-Connection", &[], 0, Fmt::Str),
    attr("Tunnel-Password", &[], 0, Fmt::Str),
    attr("ARAP-Password", &[], 0, Fmt::Strange),
    attr("ARAP-Features", &[], 0, Fmt::Strange),
    attr("ARAP-Zone-Access", ARAP_ZONE, 1, Fmt::Num),
    attr("ARAP-Security", &[], 0, Fmt::Str),
    attr("ARAP-Security-Data", &[], 0, Fmt::Str),
    attr("Password-Retry", &[], 0, Fmt::Num),
    attr("Prompt", PROMPT, 0, Fmt::Num),
    attr("Connect-Info", &[], 0, Fmt::Str),
    attr("Configuration-Token", &[], 0, Fmt::Str),
    attr("EAP-Message", &[], 0, Fmt::Str),
    attr("Message-Authenticator", &[], 0, Fmt::Str),
    attr("Tunnel-Private-Group-ID", &[], 0, Fmt::Str),
    attr("Tunnel-Assignment-ID", &[], 0, Fmt::Str),
    attr("Tunnel-Preference", &[], 0, Fmt::Num),
    attr("ARAP-Challenge-Response", &[], 0, Fmt::Strange),
    attr("Acct-Interim-Interval", &[], 0, Fmt::Num),
    attr("Acct-Tunnel-Packets-Lost", &[], 0, Fmt::Num),
    attr("NAS-Port-Id", &[], 0, Fmt::Str),
    attr("Framed-Pool", &[], 0, Fmt::Str),
    attr("CUI", &[], 0, Fmt::Str),
    attr("Tunnel-Client-Auth-ID", &[], 0, Fmt::Str),
    attr("Tunnel-Server-Auth-ID", &[], 0, Fmt::Str),
    attr("NAS-Filter-Rule", &[], 0, Fmt::Str),
    attr("Unassigned", &[], 0, Fmt::None),
    attr("Originating-Line-Info", &[], 0, Fmt::None),
    attr("NAS-IPv6-Address", &[], 0, Fmt::Addr6),
    attr("Framed-Interface-ID", &[], 0, Fmt::None),
    attr("Framed-IPv6-Prefix", &[], 0, Fmt::Netmask6),
    attr("Login-IPv6-Host", &[], 0, Fmt::Addr6),
    attr("Framed-IPv6-Route", &[], 0, Fmt::Str),
    attr("Framed-IPv6-Pool", &[], 0, Fmt::Str),
    attr("Error-Cause", &[], 0, Fmt::Strange),
    attr("EAP-Key-Name", &[], 0, Fmt::None),
    attr("Digest-Response", &[], 0, Fmt::Str),
    attr("Digest-Realm", &[], 0, Fmt::Str),
    attr("Digest-Nonce", &[], 0, Fmt::Str),
    attr("Digest-Response-Auth", &[], 0, Fmt::Str),
    attr("Digest-Nextnonce", &[], 0, Fmt::Str),
    attr("Digest-Method", &[], 0, Fmt::Str),
    attr("Digest-URI", &[], 0, Fmt::Str),
    attr("Digest-Qop", &[], 0, Fmt::Str),
    attr("Digest-Algorithm", &[], 0, Fmt::Str),
    attr("Digest-Entity-Body-Hash", &[], 0, Fmt::Str),
    attr("Digest-CNonce", &[], 0, Fmt::Str),
    attr("Digest-Nonce-Count", &[], 0, Fmt::Str),
    attr("Digest-Username", &[], 0, Fmt::Str),
    attr("Digest-Opaque", &[], 0, Fmt::Str),
    attr("Digest-Auth-Param", &[], 0, Fmt::Str),
    attr("Digest-AKA-Auts", &[], 0, Fmt::Str),
    attr("Digest-Domain", &[], 0, Fmt::Str),
    attr("Digest-Stale", &[], 0, Fmt::Str),
    attr("Digest-HA1", &[], 0, Fmt::Str),
    attr("SIP-AOR", &[], 0, Fmt::Str),
    attr("Delegated-IPv6-Prefix", &[], 0, Fmt::Netmask6),
    attr("MIP6-Feature-Vector", &[], 0, Fmt::Vector64),
    attr("MIP6-Home-Link-Prefix", &[], 0, Fmt::Mip6Prefix),
    attr("Operator-Name", &[], 0, Fmt::OperatorName),
    attr("Location-Information", &[], 0, Fmt::LocationInfo),
    attr("Location-Data", &[], 0, Fmt::LocationData),
    attr("Basic-Location-Policy-Rules", &[], 0, Fmt::Blpr),
];

const FRM_IPADDR: u8 = 8;
const LOG_IPHOST: u8 = 14;
const FRM_IPX: u8 = 23;
const SESSION_TIMEOUT: u8 = 27;
const IDLE_TIMEOUT: u8 = 28;
const FRM_ATALK_LINK: u8 = 37;
const FRM_ATALK_NETWORK: u8 = 38;
const ACCT_DELAY: u8 = 41;
const ACCT_SESSION_TIME: u8 = 46;
const EGRESS_VLAN_ID: u8 = 56;
const EGRESS_VLAN_NAME: u8 = 58;
const TUNNEL_TYPE_ATTR: u8 = 64;
const TUNNEL_MEDIUM_ATTR: u8 = 65;
const TUNNEL_CLIENT_END: u8 = 66;
const TUNNEL_SERVER_END: u8 = 67;
const TUNNEL_PASS: u8 = 69;
const ARAP_PASS: u8 = 70;
const ARAP_FEATURES: u8 = 71;
const EAP_MESSAGE: u8 = 79;
const TUNNEL_PRIV_GROUP: u8 = 81;
const TUNNEL_ASSIGN_ID: u8 = 82;
const TUNNEL_PREFERENCE: u8 = 83;
const ARAP_CHALLENGE_RESP: u8 = 84;
const ACCT_INT_INTERVAL: u8 = 85;
const TUNNEL_CLIENT_AUTH: u8 = 90;
const TUNNEL_SERVER_AUTH: u8 = 91;
const ERROR_CAUSE: u8 = 101;

/// RFC 4675's VLAN tag indication.
const TAGGED: &Tok = &[(0x31, "Tagged"), (0x32, "Untagged")];

const ERROR_CAUSES: &Tok = &[
    (201, "Residual Session Context Removed"),
    (202, "Invalid EAP Packet (Ignored)"),
    (401, "Unsupported Attribute"),
    (402, "Missing Attribute"),
    (403, "NAS Identification Mismatch"),
    (404, "Invalid Request"),
    (405, "Unsupported Service"),
    (406, "Unsupported Extension"),
    (407, "Invalid Attribute Value"),
    (501, "Administratively Prohibited"),
    (502, "Request Not Routable (Proxy)"),
    (503, "Session Context Not Found"),
    (504, "Session Context Not Removable"),
    (505, "Other Proxy Processing Error"),
    (506, "Resources Unavailable"),
    (507, "Request Initiated"),
    (508, "Multiple Session Selection Unsupported"),
    (509, "Location Info Required"),
];

/// MIP6-Feature-Vector's bits.
const MIP6_FEATURES: &[(u64, &str)] = &[
    (0x0000_0000_0000_0001, "MIP6_INTEGRATED"),
    (0x0000_0000_0000_0002, "LOCAL_HOME_AGENT_ASSIGNMENT"),
    (0x0000_0100_0000_0000, "PMIP6_SUPPORTED"),
    (0x0000_0200_0000_0000, "IP4_HOA_SUPPORTED"),
    (0x0000_0400_0000_0000, "LOCAL_MAG_ROUTING_SUPPORTED"),
    (0x0000_0800_0000_0000, "ASSIGN_LOCAL_IP"),
    (0x0000_1000_0000_0000, "MIP4_SUPPORTED"),
    (0x0000_2000_0000_0000, "OPTIMIZED_IDLE_MODE_MOBILITY"),
    (0x0000_4000_0000_0000, "GTPv2_SUPPORTED"),
    (0x0000_8000_0000_0000, "IP4_TRANSPORT_SUPPORTED"),
    (0x0001_0000_0000_0000, "IP4_HOA_ONLY_SUPPORTED"),
    (0x0002_0000_0000_0000, "INTER_MAG_ROUTING_SUPPORTED"),
];

const OPERATOR_NAMESPACES: &Tok = &[
    (0x30, "TADIG"),
    (0x31, "REALM"),
    (0x32, "E212"),
    (0x33, "ICC"),
];

const LOCATION_CODES: &Tok = &[(0, "Civic"), (1, "Geospatial")];

const LOCATION_ENTITIES: &Tok = &[(0, "User"), (1, "RADIUS")];

/// Basic-Location-Policy-Rules flags.
const BLPR_FLAGS: &Tok = &[
    (0x0001, "MBZ-15"),
    (0x0002, "MBZ-14"),
    (0x0004, "MBZ-13"),
    (0x0008, "MBZ-12"),
    (0x0010, "MBZ-11"),
    (0x0020, "MBZ-10"),
    (0x0040, "MBZ-9"),
    (0x0080, "MBZ-8"),
    (0x0100, "MBZ-7"),
    (0x0200, "MBZ-6"),
    (0x0400, "MBZ-5"),
    (0x0800, "MBZ-4"),
    (0x1000, "MBZ-3"),
    (0x2000, "MBZ-2"),
    (0x4000, "MBZ-1"),
    (0x8000, "Retransmission Allowed"),
];

/// tcpdump's `smi_values`: SMI network management private enterprise codes (vendors).
pub(crate) const SMI_VALUES: &Tok = &[
    (0, "IETF (reserved)"),
    (5, "ACC"),
    (9, "Cisco"),
    (11, "Hewlett Packard"),
    (42, "Sun Microsystems"),
    (61, "Merit"),
    (74, "AT&T"),
    (161, "Motorola"),
    (166, "Shiva"),
    (193, "Ericsson AB"),
    (255, "Cisco VPN 5000"),
    (307, "Livingston"),
    (311, "Microsoft"),
    (429, "3Com"),
    (529, "Ascend"),
    (1584, "Bay Networks"),
    (1991, "Foundry"),
    (2180, "Versanet"),
    (2352, "Redback"),
    (2636, "Juniper Networks"),
    (2637, "Aptis"),
    (2937, "Deutsche Telekom AG"),
    (3054, "Ixia Communications"),
    (3076, "Cisco VPN 3000"),
    (3085, "CoSine Communications"),
    (3224, "Netscreen"),
    (3199, "Shasta"),
    (3309, "Nomadix"),
    (3414, "T-Mobile"),
    (3561, "The Broadband Forum"),
    (3902, "ZTE"),
    (4329, "Siemens"),
    (4491, "CableLabs"),
    (4874, "Unisphere Networks"),
    (5263, "Cisco BBSM"),
    (5535, "3rd Generation Partnership Project 2 (3GPP2)"),
    (5806, "SK Telecom"),
    (5925, "ipUnplugged"),
    (5948, "Issanni Communications"),
    (5951, "Netscaler"),
    (6490, "T-Mobile"),
    (6618, "Quintum"),
    (6728, "Interlink"),
    (7951, "CNCTC"),
    (8164, "Starent Networks"),
    (8744, "Colubris"),
    (10415, "3GPP"),
    (10529, "Gemtek-Systems"),
    (10704, "Barracuda Networks"),
    (10923, "Ericsson AB - Packet Core Networks"),
    (11665, "dacom"),
    (11862, "Columbia University"),
    (12356, "Fortinet"),
    (12951, "Verizon Wireless"),
    (13745, "Plixer"),
    (14122, "Wi-Fi Alliance"),
    (16787, "T-Systems Nova"),
    (20942, "China Telecom - Guangzhou Research Institute"),
    (26866, "Gigamon Systems"),
    (32622, "CACE Technologies"),
    (35632, "ntop"),
    (46098, "Ericsson Canada"),
];

/// Prints a RADIUS message; `length` is the UDP payload length.
pub(crate) fn print(nd: &mut Nd<'_>, dat: &[u8], length: usize) -> Res {
    nd.proto = "radius";
    if dat.len() < MIN_LEN {
        return nd.trunc_here();
    }
    let mut len = be16(dat, 2)? as usize;
    if len < MIN_LEN {
        return nd.trunc_here();
    }
    len = len.min(length);
    let code = u32::from(dat[0]);
    if nd.opts.verbose == 0 {
        nd.s("RADIUS, ");
        nd.tok2str(CODES, "Unknown Command", code);
        nd.f(format_args!(
            " ({code}), id: 0x{:02x} length: {len}",
            dat[1]
        ));
        return Ok(());
    }
    nd.f(format_args!("RADIUS, length: {len}\n\t"));
    nd.tok2str(CODES, "Unknown Command", code);
    nd.f(format_args!(
        " ({code}), id: 0x{:02x}, Authenticator: ",
        dat[1]
    ));
    for b in &dat[4..20] {
        nd.f(format_args!("{b:02x}"));
    }
    if len > MIN_LEN {
        attributes(nd, &dat[MIN_LEN..], len - MIN_LEN)?;
    }
    Ok(())
}

fn attributes(nd: &mut Nd<'_>, mut bp: &[u8], mut length: usize) -> Res {
    while length > 0 {
        if length < 2 || bp.len() < 2 {
            return nd.trunc_here();
        }
        let (ty, len) = (bp[0], bp[1] as usize);
        let attr = ATTRS.get(usize::from(ty)).filter(|_| ty != 0);
        nd.f(format_args!(
            "\n\t  {} Attribute ({ty}), length: {len}",
            attr.map_or("Unknown", |a| a.name)
        ));
        if len < 2 {
            nd.s(" (bogus, must be >= 2)");
            return Ok(());
        }
        if len > length {
            nd.s(" (bogus, goes past end of packet)");
            return Ok(());
        }
        nd.s(", Value: ");
        let value = tail(bp, 2);
        if let Some(attr) = ATTRS.get(usize::from(ty))
            && len > 2
        {
            value_print(nd, attr, ty, value, len - 2)?;
        }
        if nd.opts.verbose > 1 {
            nd.print_unknown_data(value, "\n\t    ", len - 2);
        }
        length -= len;
        bp = tail(bp, len);
    }
    Ok(())
}

/// An attribute's value (`data` from the value on, `length` its length), by its format.
fn value_print(nd: &mut Nd<'_>, attr: &Attr, ty: u8, data: &[u8], length: usize) -> Res {
    match attr.fmt {
        Fmt::None => Ok(()),
        Fmt::Str => string(nd, ty, data, length),
        Fmt::Num => number(nd, attr, ty, data, length),
        Fmt::Vendor => vendor(nd, data, length),
        Fmt::Addr => address(nd, ty, data, length),
        Fmt::Addr6 => {
            if length != 16 {
                nd.f(format_args!("ERROR: length {length} != 16"));
            } else {
                nd.host6(sl(data, 0, 16)?);
            }
            Ok(())
        }
        Fmt::Netmask6 => netmask6(nd, data, length),
        Fmt::Mip6Prefix => mip6_prefix(nd, data, length),
        Fmt::OperatorName => operator_name(nd, data, length),
        Fmt::LocationInfo => location_information(nd, data, length),
        Fmt::LocationData => location_data(nd, data, length),
        Fmt::Blpr => location_policy(nd, data, length),
        Fmt::Time => time(nd, data, length),
        Fmt::Vector64 => vector64(nd, data, length),
        Fmt::Strange => strange(nd, ty, data, length),
    }
}

/// `Tag[n] ` for tunnel attributes' tag byte (0: unused).
fn tag(nd: &mut Nd<'_>, t: u8) {
    if t != 0 {
        nd.f(format_args!("Tag[{t}] "));
    } else {
        nd.s("Tag[Unused] ");
    }
}

/// Printable characters, `.` for the others, up to a NUL.
fn dotted_text(nd: &mut Nd<'_>, data: &[u8]) {
    for &c in data.iter().take_while(|&&c| c != 0) {
        nd.o.push(if c.is_ascii_graphic() || c == b' ' {
            c
        } else {
            b'.'
        });
    }
}

fn string(nd: &mut Nd<'_>, ty: u8, data: &[u8], mut length: usize) -> Res {
    // EAP reads its header even past a short attribute.
    if ty == EAP_MESSAGE && has(data, 0, length) {
        return super::eap::eap_print(nd, data, length);
    }
    let Ok(mut data) = sl(data, 0, length) else {
        return nd.trunc_here();
    };
    match ty {
        TUNNEL_PASS => {
            if length < 3 {
                return nd.trunc_here();
            }
            if data[0] != 0 && data[0] <= 0x1f {
                nd.f(format_args!("Tag[{}] ", data[0]));
            } else {
                nd.s("Tag[Unused] ");
            }
            nd.f(format_args!("Salt {} ", be16(data, 1)?));
            data = &data[3..];
            length -= 3;
        }
        TUNNEL_CLIENT_END | TUNNEL_SERVER_END | TUNNEL_PRIV_GROUP | TUNNEL_ASSIGN_ID
        | TUNNEL_CLIENT_AUTH | TUNNEL_SERVER_AUTH
            if data[0] <= 0x1f =>
        {
            tag(nd, data[0]);
            data = &data[1..];
            length -= 1;
        }
        EGRESS_VLAN_NAME => {
            nd.tok2str(TAGGED, "Unknown tag", data[0].into());
            nd.f(format_args!(" (0x{:02x}) ", data[0]));
            data = &data[1..];
            length -= 1;
        }
        _ => {}
    }
    dotted_text(nd, &data[..length]);
    Ok(())
}

fn vendor(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    if length < 4 {
        return nd.trunc_here();
    }
    let id = be32(data, 0)?;
    nd.s("Vendor: ");
    nd.tok2str(SMI_VALUES, "Unknown", id);
    nd.f(format_args!(" ({id})"));
    let mut data = tail(data, 4);
    let mut length = length - 4;
    while length >= 2 {
        let ty = u8at(data, 0)?;
        let len = u8at(data, 1)? as usize;
        if len < 2 {
            nd.f(format_args!(
                "\n\t    Vendor Attribute: {ty}, Length: {len} (bogus, must be >= 2)"
            ));
            return Ok(());
        }
        if len > length {
            nd.f(format_args!(
                "\n\t    Vendor Attribute: {ty}, Length: {len} (bogus, goes past end of vendor-specific attribute)"
            ));
            return Ok(());
        }
        let Ok(value) = sl(data, 2, len - 2) else {
            return nd.trunc_here();
        };
        nd.f(format_args!(
            "\n\t    Vendor Attribute: {ty}, Length: {}, Value: ",
            len - 2
        ));
        for &c in value {
            nd.o.push(if c.is_ascii_graphic() || c == b' ' {
                c
            } else {
                b'.'
            });
        }
        data = tail(data, len);
        length -= len;
    }
    Ok(())
}

fn number(nd: &mut Nd<'_>, attr: &Attr, ty: u8, data: &[u8], length: usize) -> Res {
    if length != 4 {
        nd.f(format_args!("ERROR: length {length} != 4"));
        return Ok(());
    }
    if !attr.values.is_empty() {
        let v = if ty == TUNNEL_TYPE_ATTR || ty == TUNNEL_MEDIUM_ATTR {
            tag(nd, u8at(data, 0)?);
            be24(data, 1)?
        } else {
            be32(data, 0)?
        };
        match attr.values.get(v as usize).filter(|_| v >= attr.first) {
            Some(name) => nd.s(name),
            None => nd.f(format_args!("#{v}")),
        }
        return Ok(());
    }
    match ty {
        FRM_IPX => match be32(data, 0)? {
            0xffff_fffe => nd.s("NAS Select"),
            v => nd.u(v.into()),
        },
        SESSION_TIMEOUT | IDLE_TIMEOUT | ACCT_DELAY | ACCT_SESSION_TIME | ACCT_INT_INTERVAL => {
            let t = be32(data, 0)?;
            if t < 60 {
                nd.f(format_args!("{t:02} secs"));
            } else if t < 3600 {
                nd.f(format_args!("{:02}:{:02} min", t / 60, t % 60));
            } else {
                nd.f(format_args!(
                    "{:02}:{:02}:{:02} hours",
                    t / 3600,
                    (t % 3600) / 60,
                    t % 60
                ));
            }
        }
        FRM_ATALK_LINK | FRM_ATALK_NETWORK => match be32(data, 0)? {
            0 if ty == FRM_ATALK_LINK => nd.s("Unnumbered"),
            0 => nd.s("NAS assigned"),
            v => nd.u(v.into()),
        },
        TUNNEL_PREFERENCE => {
            tag(nd, u8at(data, 0)?);
            nd.u(be24(data, 1)?.into());
        }
        EGRESS_VLAN_ID => {
            let t = u8at(data, 0)?;
            nd.tok2str(TAGGED, "Unknown tag", t.into());
            nd.f(format_args!(" (0x{t:02x}) "));
            nd.u(be24(data, 1)?.into());
        }
        _ => nd.u(be32(data, 0)?.into()),
    }
    Ok(())
}

fn address(nd: &mut Nd<'_>, ty: u8, data: &[u8], length: usize) -> Res {
    if length != 4 {
        nd.f(format_args!("ERROR: length {length} != 4"));
        return Ok(());
    }
    let a = sl(data, 0, 4)?;
    match (ty, be32(a, 0)?) {
        (FRM_IPADDR | LOG_IPHOST, 0xffff_ffff) => nd.s("User Selected"),
        (FRM_IPADDR | LOG_IPHOST, 0xffff_fffe) => nd.s("NAS Select"),
        _ => nd.host4(a),
    }
    Ok(())
}

fn netmask6(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    if !(2..=18).contains(&length) {
        nd.f(format_args!("ERROR: length {length} not in range (2..18)"));
        return Ok(());
    }
    let Ok(data) = sl(data, 0, length) else {
        return nd.trunc_here();
    };
    let plen = data[1];
    if plen > 128 {
        nd.f(format_args!("ERROR: netmask {plen} not in range (0..128)"));
        return Ok(());
    }
    let mut prefix = [0u8; 16];
    prefix[..length - 2].copy_from_slice(&data[2..]);
    nd.host6(&prefix);
    nd.f(format_args!("/{plen}"));
    if usize::from(plen) > 8 * (length - 2) {
        nd.s(" (inconsistent prefix length)");
    }
    Ok(())
}

fn mip6_prefix(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    if length != 17 {
        nd.f(format_args!("ERROR: length {length} != 17"));
        return Ok(());
    }
    let Ok(data) = sl(data, 0, length) else {
        return nd.trunc_here();
    };
    if data[0] > 128 {
        nd.f(format_args!(
            "ERROR: netmask {} not in range (0..128)",
            data[0]
        ));
        return Ok(());
    }
    nd.host6(&data[1..]);
    nd.f(format_args!("/{}", data[0]));
    Ok(())
}

fn operator_name(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    let Ok(data) = sl(data, 0, length) else {
        return nd.trunc_here();
    };
    if length < 2 {
        nd.f(format_args!("ERROR: length {length} < 2"));
        return Ok(());
    }
    nd.s("[");
    nd.tok2str(OPERATOR_NAMESPACES, "unknown namespace %u", data[0].into());
    nd.s("] ");
    nd.printn(&data[1..], length - 1);
    Ok(())
}

fn location_information(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    let Ok(data) = sl(data, 0, length) else {
        return nd.trunc_here();
    };
    if length < 21 {
        nd.f(format_args!("ERROR: length {length} < 21"));
        return Ok(());
    }
    nd.f(format_args!("index {}, code ", be16(data, 0)?));
    nd.tok2str(LOCATION_CODES, "Unknown (%u)", data[2].into());
    nd.s(", entity ");
    nd.tok2str(LOCATION_ENTITIES, "Unknown (%u)", data[3].into());
    nd.s(", sighting time ");
    super::ntp::p_ntp_time(nd, &data[4..12])?;
    nd.s(", time to live ");
    super::ntp::p_ntp_time(nd, &data[12..20])?;
    nd.s(", method \"");
    nd.printn(&data[20..], length - 20);
    nd.s("\"");
    Ok(())
}

fn location_data(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    let Ok(data) = sl(data, 0, length) else {
        return nd.trunc_here();
    };
    if length < 3 {
        nd.f(format_args!("ERROR: length {length} < 3"));
        return Ok(());
    }
    nd.f(format_args!("index {}, location", be16(data, 0)?));
    super::ascii::hex_and_ascii(nd.o, "\n\t    ", &data[2..]);
    Ok(())
}

fn location_policy(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    let Ok(data) = sl(data, 0, length) else {
        return nd.trunc_here();
    };
    if length < 10 {
        nd.f(format_args!("ERROR: length {length} < 10"));
        return Ok(());
    }
    nd.s("flags [");
    nd.bittok2str(BLPR_FLAGS, "none", be16(data, 0)?.into());
    nd.s("], retention expires ");
    super::ntp::p_ntp_time(nd, &data[2..10])?;
    if length > 10 {
        nd.s(", note well \"");
        nd.printn(&data[10..], length - 10);
        nd.s("\"");
    }
    Ok(())
}

/// Event-Timestamp: seconds since 1970, as C's `ctime` in the local time zone.
fn time(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    use chrono::TimeZone;
    if length != 4 {
        nd.f(format_args!("ERROR: length {length} != 4"));
        return Ok(());
    }
    let secs = be32(data, 0)?;
    if let chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) =
        chrono::Local.timestamp_opt(secs.into(), 0)
    {
        nd.f(format_args!("{}", t.format("%a %b %e %H:%M:%S %Y")));
    }
    Ok(())
}

fn vector64(nd: &mut Nd<'_>, data: &[u8], length: usize) -> Res {
    if length != 8 {
        nd.f(format_args!("ERROR: length {length} != 8"));
        return Ok(());
    }
    nd.s("[");
    let v = be64(data, 0)?;
    let mut sep = "";
    for &(bit, name) in MIP6_FEATURES {
        if v & bit != 0 {
            nd.s(sep);
            nd.s(name);
            sep = ", ";
        }
    }
    nd.s("]");
    Ok(())
}

/// `n` bytes in upper-case hex, as far as they were captured.
fn upper_hex(nd: &mut Nd<'_>, data: &[u8], at: usize, n: usize) -> Res {
    for i in at..at + n {
        nd.f(format_args!("{:02X}", u8at(data, i)?));
    }
    Ok(())
}

fn strange(nd: &mut Nd<'_>, ty: u8, data: &[u8], length: usize) -> Res {
    match ty {
        ARAP_PASS => {
            if length != 16 {
                nd.f(format_args!("ERROR: length {length} != 16"));
                return Ok(());
            }
            nd.s("User_challenge (");
            upper_hex(nd, data, 0, 8)?;
            nd.s(") User_resp(");
            upper_hex(nd, data, 8, 8)?;
            nd.s(")");
        }
        ARAP_FEATURES => {
            if length != 14 {
                nd.f(format_args!("ERROR: length {length} != 14"));
                return Ok(());
            }
            if u8at(data, 0)? != 0 {
                nd.s("User can change password");
            } else {
                nd.s("User cannot change password");
            }
            nd.f(format_args!(", Min password length: {}", u8at(data, 1)?));
            nd.s(", created at: ");
            upper_hex(nd, data, 2, 4)?;
            nd.s(", expires in: ");
            upper_hex(nd, data, 6, 4)?;
            nd.s(", Current Time: ");
            upper_hex(nd, data, 10, 4)?;
        }
        ARAP_CHALLENGE_RESP => {
            if length < 8 {
                nd.f(format_args!("ERROR: length {length} != 8"));
                return Ok(());
            }
            upper_hex(nd, data, 0, 8)?;
        }
        ERROR_CAUSE => {
            if length != 4 {
                nd.f(format_args!("Error: length {length} != 4"));
                return Ok(());
            }
            let v = be32(data, 0)?;
            nd.f(format_args!("Error cause {v}: "));
            nd.tok2str(ERROR_CAUSES, "Error-Cause %u not known", v);
        }
        _ => {}
    }
    Ok(())
}
