//! Novell IPX, as tcpdump's print-ipx.c: the addresses and sockets, SAP and RIP messages.
use super::util::Tok;
use super::{Nd, Res, be16, be32};

const IPX_SIZE: usize = 30;

const SKT_NCP: u16 = 0x0451;
const SKT_SAP: u16 = 0x0452;
const SKT_RIP: u16 = 0x0453;
const SKT_NETBIOS: u16 = 0x0455;
const SKT_DIAGNOSTICS: u16 = 0x0456;
const SKT_NWLINK_DGM: u16 = 0x0553;
const SKT_EIGRP: u16 = 0x85be;

/// Prints an IPX datagram (the length on the wire is the header's own).
pub(crate) fn print(nd: &mut Nd<'_>, p: &[u8], _length: usize) -> Res {
    nd.proto = "ipx";
    if !nd.opts.link_header {
        nd.s("IPX ");
    }
    let src_skt = be16(p, 28)?;
    address(nd, p, 18)?;
    nd.f(format_args!(".{src_skt:04x} > "));
    let dst_skt = be16(p, 16)?;
    address(nd, p, 6)?;
    nd.f(format_args!(".{dst_skt:04x}: "));
    let length = usize::from(be16(p, 2)?);
    if length < IPX_SIZE {
        nd.f(format_args!("[length {length} < {IPX_SIZE}]"));
        nd.invalid();
        return Ok(());
    }
    decode(
        nd,
        be16(p, 16)?,
        super::tail(p, IPX_SIZE),
        length - IPX_SIZE,
    )
}

/// A network and node: `nnnnnnnn.xx:xx:xx:xx:xx:xx`.
fn address(nd: &mut Nd<'_>, p: &[u8], at: usize) -> Res {
    let net = be32(p, at)?;
    let n: [u8; 6] = super::arr(p, at + 4)?;
    nd.f(format_args!(
        "{net:08x}.{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        n[0], n[1], n[2], n[3], n[4], n[5]
    ));
    Ok(())
}

fn decode(nd: &mut Nd<'_>, dst_skt: u16, p: &[u8], length: usize) -> Res {
    match dst_skt {
        SKT_NCP => nd.f(format_args!("ipx-ncp {length}")),
        SKT_SAP => sap(nd, p, length)?,
        SKT_RIP => rip(nd, p, length)?,
        SKT_NETBIOS => nd.f(format_args!("ipx-netbios {length}")),
        SKT_DIAGNOSTICS => nd.f(format_args!("ipx-diags {length}")),
        SKT_NWLINK_DGM => nd.f(format_args!("ipx-nwlink-dgm {length}")),
        SKT_EIGRP => super::eigrp::print(nd, p, length)?,
        _ => nd.f(format_args!("ipx-#{dst_skt:x} {length}")),
    }
    Ok(())
}

/// A SAP server type: its name (without `-n`) or four hex digits.
fn sap_type(nd: &mut Nd<'_>, t: u16) {
    match super::tok(IPXSAP_NAMES, t.into()).filter(|_| nd.opts.numeric == 0) {
        Some(name) => nd.s(name),
        None => nd.f(format_args!("{t:04x}")),
    }
}

fn sap(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    let command = be16(p, 0)?;
    if length < 2 {
        nd.f(format_args!(" [length {length} < 2]"));
        nd.invalid();
        return Ok(());
    }
    let mut length = length - 2;
    let mut i = 2;
    match command {
        1 | 3 => {
            nd.s(if command == 1 {
                "ipx-sap-req"
            } else {
                "ipx-sap-nearest-req"
            });
            let t = be16(p, i)?;
            nd.s(" ");
            sap_type(nd, t);
        }
        2 | 4 => {
            nd.s(if command == 2 {
                "ipx-sap-resp"
            } else {
                "ipx-sap-nearest-resp"
            });
            for _ in 0..8 {
                if length == 0 {
                    break;
                }
                let t = be16(p, i)?;
                if length < 2 {
                    nd.invalid();
                    return Ok(());
                }
                nd.s(" ");
                sap_type(nd, t);
                nd.s(" '");
                i += 2;
                length -= 2;
                if length < 48 {
                    nd.s("'");
                    nd.invalid();
                    return Ok(());
                }
                nd.printjnp(super::tail(p, i), 48)?;
                nd.s("'");
                i += 48;
                length -= 48;
                super::sl(p, i, 10)?;
                if length < 10 {
                    nd.invalid();
                    return Ok(());
                }
                nd.s(" addr ");
                address(nd, p, i)?;
                i += 10;
                length -= 10;
                super::sl(p, i, 4)?;
                if length < 4 {
                    nd.invalid();
                    return Ok(());
                }
                i += 4;
                length -= 4;
            }
        }
        _ => nd.f(format_args!("ipx-sap-?{command:x}")),
    }
    Ok(())
}

fn rip(nd: &mut Nd<'_>, p: &[u8], length: usize) -> Res {
    let command = be16(p, 0)?;
    if length < 2 {
        nd.f(format_args!(" [length {length} < 2]"));
        nd.invalid();
        return Ok(());
    }
    let mut length = length - 2;
    let mut i = 2;
    match command {
        1 => {
            nd.s("ipx-rip-req");
            if length != 0 {
                if length < 8 {
                    nd.invalid();
                    return Ok(());
                }
                route(nd, p, i)?;
            }
        }
        2 => {
            nd.s("ipx-rip-resp");
            for _ in 0..50 {
                if length == 0 {
                    break;
                }
                if length < 8 {
                    nd.invalid();
                    return Ok(());
                }
                route(nd, p, i)?;
                i += 8;
                length -= 8;
            }
        }
        _ => nd.f(format_args!("ipx-rip-?{command:x}")),
    }
    Ok(())
}

/// A RIP entry: ` network/hops.ticks`.
fn route(nd: &mut Nd<'_>, p: &[u8], i: usize) -> Res {
    nd.f(format_args!(
        " {:08x}/{}.{}",
        be32(p, i)?,
        be16(p, i + 4)?,
        be16(p, i + 6)?
    ));
    Ok(())
}

/// tcpdump's `ipxsap_db`: the SAP server types it names (without `-n`).
const IPXSAP_NAMES: &Tok = &[
    (0x0000, "Unknown"),
    (0x0001, "User"),
    (0x0002, "User Group"),
    (0x0003, "PrintQueue"),
    (0x0004, "FileServer"),
    (0x0005, "JobServer"),
    (0x0006, "Gateway"),
    (0x0007, "PrintServer"),
    (0x0008, "ArchiveQueue"),
    (0x0009, "ArchiveServer"),
    (0x000a, "JobQueue"),
    (0x000b, "Administration"),
    (0x000f, "Novell TI-RPC"),
    (0x0017, "Diagnostics"),
    (0x0020, "NetBIOS"),
    (0x0021, "NAS SNA Gateway"),
    (0x0023, "NACS AsyncGateway"),
    (0x0024, "RemoteBridge/RoutingService"),
    (0x0026, "BridgeServer"),
    (0x0027, "TCP/IP Gateway"),
    (0x0028, "Point-to-point X.25 BridgeServer"),
    (0x0029, "3270 Gateway"),
    (0x002a, "CHI Corp"),
    (0x002c, "PC Chalkboard"),
    (0x002d, "TimeSynchServer"),
    (0x002e, "ARCserve5.0/PalindromeBackup"),
    (0x0045, "DI3270 Gateway"),
    (0x0047, "AdvertisingPrintServer"),
    (0x004a, "NetBlazerModems"),
    (0x004b, "BtrieveVAP"),
    (0x004c, "NetwareSQL"),
    (0x004d, "XtreeNetwork"),
    (0x0050, "BtrieveVAP4.11"),
    (0x0052, "QuickLink"),
    (0x0053, "PrintQueueUser"),
    (0x0058, "Multipoint X.25 Router"),
    (0x0060, "STLB/NLM"),
    (0x0064, "ARCserve"),
    (0x0066, "ARCserve3.0"),
    (0x0072, "WAN CopyUtility"),
    (0x007a, "TES-NetwareVMS"),
    (0x0092, "WATCOM Debugger/EmeraldTapeBackupServer"),
    (0x0095, "DDA OBGYN"),
    (0x0098, "NetwareAccessServer"),
    (0x009a, "Netware for VMS II/NamedPipeServer"),
    (0x009b, "NetwareAccessServer"),
    (0x009e, "PortableNetwareServer/SunLinkNVT"),
    (0x00a1, "PowerchuteAPC UPS"),
    (0x00aa, "LAWserve"),
    (0x00ac, "CompaqIDA StatusMonitor"),
    (0x0100, "PIPE STAIL"),
    (0x0102, "LAN ProtectBindery"),
    (0x0103, "OracleDataBaseServer"),
    (0x0107, "Netware386/RSPX RemoteConsole"),
    (0x010f, "NovellSNA Gateway"),
    (0x0111, "TestServer"),
    (0x0112, "HP PrintServer"),
    (0x0114, "CSA MUX"),
    (0x0115, "CSA LCA"),
    (0x0116, "CSA CM"),
    (0x0117, "CSA SMA"),
    (0x0118, "CSA DBA"),
    (0x0119, "CSA NMA"),
    (0x011a, "CSA SSA"),
    (0x011b, "CSA STATUS"),
    (0x011e, "CSA APPC"),
    (0x0126, "SNA TEST SSA Profile"),
    (0x012a, "CSA TRACE"),
    (0x012b, "NetwareSAA"),
    (0x012e, "IKARUS VirusScan"),
    (0x0130, "CommunicationsExecutive"),
    (0x0133, "NNS DomainServer/NetwareNamingServicesDomain"),
    (0x0135, "NetwareNamingServicesProfile"),
    (0x0137, "Netware386 PrintQueue/NNS PrintQueue"),
    (0x0141, "LAN SpoolServer"),
    (0x0152, "IRMALAN Gateway"),
    (0x0154, "NamedPipeServer"),
    (0x0166, "NetWareManagement"),
    (0x0168, "Intel PICKIT CommServer/Intel CAS TalkServer"),
    (0x0173, "Compaq"),
    (0x0174, "Compaq SNMP Agent"),
    (0x0175, "Compaq"),
    (0x0180, "XTreeServer/XTreeTools"),
    (0x018a, "NASI ServicesBroadcastServer"),
    (0x01b0, "GARP Gateway"),
    (0x01b1, "Binfview"),
    (0x01bf, "IntelLanDeskManager"),
    (0x01ca, "AXTEC"),
    (0x01cb, "ShivaNetModem/E"),
    (0x01cc, "ShivaLanRover/E"),
    (0x01cd, "ShivaLanRover/T"),
    (0x01ce, "ShivaUniversal"),
    (0x01d8, "CastelleFAXPressServer"),
    (0x01da, "CastelleLANPressPrintServer"),
    (0x01dc, "CastelleFAX/Xerox7033 FaxServer/ExcelLanFax"),
    (0x01f0, "LEGATO"),
    (0x01f5, "LEGATO"),
    (0x0233, "NMS Agent/NetwareManagementAgent"),
    (0x0237, "NMS IPX Discovery/LANternReadWriteChannel"),
    (0x0238, "NMS IP Discovery/LANternTrapAlarmChannel"),
    (0x023a, "LANtern"),
    (0x023c, "MAVERICK"),
    (0x023f, "NovellSMDR"),
    (0x024e, "NetwareConnect"),
    (0x024f, "NASI ServerBroadcast Cisco"),
    (0x026a, "NMS ServiceConsole"),
    (0x026b, "TimeSynchronizationServer Netware 4.x"),
    (0x0278, "DirectoryServer Netware 4.x"),
    (0x027b, "NetwareManagementAgent"),
    (0x0280, "Novell File and Printer Sharing Service for PC"),
    (0x0304, "NovellSAA Gateway"),
    (0x0308, "COM/VERMED"),
    (0x030a, "GalacticommWorldgroupServer"),
    (0x030c, "IntelNetport2/HP JetDirect/HP Quicksilver"),
    (0x0320, "AttachmateGateway"),
    (0x0327, "MicrosoftDiagnostiocs"),
    (0x0328, "WATCOM SQL Server"),
    (0x0335, "MultiTechSystems MultisynchCommServer"),
    (0x0343, "Xylogics RemoteAccessServer/LANModem"),
    (0x0355, "ArcadaBackupExec"),
    (0x0358, "MSLCD1"),
    (0x0361, "NETINELO"),
    (0x037e, "Powerchute UPS Monitoring"),
    (0x037f, "ViruSafeNotify"),
    (0x0386, "HP Bridge"),
    (0x0387, "HP Hub"),
    (0x0394, "NetWare SAA Gateway"),
    (0x039b, "LotusNotes"),
    (0x03b7, "CertusAntiVirus"),
    (0x03c4, "ARCserve4.0"),
    (0x03c7, "LANspool3.5"),
    (0x03d7, "LexmarkPrinterServer"),
    (0x03d8, "LexmarkXLE PrinterServer"),
    (0x03dd, "BanyanENS NetwareClient"),
    (0x03de, "GuptaSequelBaseServer/NetWareSQL"),
    (0x03e1, "UnivelUnixware"),
    (0x03e4, "UnivelUnixware"),
    (0x03fc, "IntelNetport"),
    (0x03fd, "PrintServerQueue"),
    (0x040a, "ipnServer"),
    (0x040d, "LVERRMAN"),
    (0x040e, "LVLIC"),
    (0x0414, "NET Silicon (DPI)/Kyocera"),
    (0x0429, "SiteLockVirus"),
    (0x0432, "UFHELPR???"),
    (0x0433, "Synoptics281xAdvancedSNMPAgent"),
    (0x0444, "MicrosoftNT SNA Server"),
    (0x0448, "Oracle"),
    (0x044c, "ARCserve5.01"),
    (0x0457, "CanonGP55"),
    (0x045a, "QMS Printers"),
    (0x045b, "DellSCSI Array"),
    (0x0491, "NetBlazerModems"),
    (0x04ac, "OnTimeScheduler"),
    (0x04b0, "CD-Net"),
    (0x0513, "EmulexNQA"),
    (0x0520, "SiteLockChecks"),
    (0x0529, "SiteLockChecks"),
    (0x052d, "CitrixOS2 AppServer"),
    (0x0535, "Tektronix"),
    (0x0536, "Milan"),
    (0x055d, "Attachmate SNA gateway"),
    (0x056b, "IBM8235 ModemServer"),
    (0x056c, "ShivaLanRover/E PLUS"),
    (0x056d, "ShivaLanRover/T PLUS"),
    (0x0580, "McAfeeNetShield"),
    (
        0x05b8,
        "NLM to workstation communication (Revelation Software)",
    ),
    (0x05ba, "CompatibleSystemsRouters"),
    (0x05be, "CheyenneHierarchicalStorageManager"),
    (0x0606, "JCWatermarkImaging"),
    (0x060c, "AXISNetworkPrinter"),
    (0x0610, "AdaptecSCSIManagement"),
    (0x0621, "IBM AntiVirus"),
    (0x0640, "Windows95 RemoteRegistryService"),
    (0x064e, "MicrosoftIIS"),
    (
        0x067b,
        "Microsoft Win95/98 File and Print Sharing for NetWare",
    ),
    (
        0x067c,
        "Microsoft Win95/98 File and Print Sharing for NetWare",
    ),
    (0x076c, "Xerox"),
    (0x079b, "ShivaLanRover/E 115"),
    (0x079c, "ShivaLanRover/T 115"),
    (0x07b4, "CubixWorldDesk"),
    (0x07c2, "Quarterdeck IWare Connect V2.x NLM"),
    (0x07c1, "Quarterdeck IWare Connect V3.x NLM"),
    (0x0810, "ELAN License Server Demo"),
    (0x0824, "ShivaLanRoverAccessSwitch/E"),
    (0x086a, "ISSC Collector"),
    (0x087f, "ISSC DAS AgentAIX"),
    (0x0880, "Intel Netport PRO"),
    (0x0881, "Intel Netport PRO"),
    (0x0b29, "SiteLock"),
    (0x0c29, "SiteLockApplications"),
    (0x0c2c, "LicensingServer"),
    (0x2101, "PerformanceTechnologyInstantInternet"),
    (0x2380, "LAI SiteLock"),
    (0x238c, "MeetingMaker"),
    (0x4808, "SiteLockServer/SiteLockMetering"),
    (0x5555, "SiteLockUser"),
    (0x6312, "Tapeware"),
    (0x6f00, "RabbitGateway"),
    (0x7703, "MODEM"),
    (0x8002, "NetPortPrinters"),
    (0x8008, "WordPerfectNetworkVersion"),
    (0x85be, "Cisco EIGRP"),
    (0x8888, "WordPerfectNetworkVersion/QuickNetworkManagement"),
    (0x9000, "McAfeeNetShield"),
    (0x9604, "CSA-NT_MON"),
    (0xb6a8, "OceanIsleReachoutRemoteControl"),
    (0xf11f, "SiteLockMetering"),
    (0xf1ff, "SiteLock"),
    (0xf503, "Microsoft SQL Server"),
    (0xf905, "IBM TimeAndPlace"),
    (0xfbfb, "TopCallIII FaxServer"),
    (0xffff, "AnyService/Wildcard"),
];
