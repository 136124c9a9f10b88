//! Tests of the application-protocol printers (BOOTP/DHCP, NTP, TFTP, RADIUS, text protocols, ...):
//! packets from tcpdump's test captures as literal bytes with the lines tcpdump 4.99.3 prints
//! for them, and never-panic properties over random payloads behind their ports.
use super::decoder_tests::check;

mod bootp {
    use super::check;

    #[test]
    fn dhcp_rfc3004() {
        check(
            1,
            "-n -v",
            342,
            "ffffffffffff000c291f7406080045100148000000008011399600000000ffffffff004400430134818d0101060006e328640000000000000000000000000000000000000000000c291f740600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000638253633501013204c0a801043707011c02030f060c4d25077375626f707431117375626f7074322d3132333435363738390a7375626f7074332d3132ff0000",
            "IP (tos 0x10, ttl 128, id 0, offset 0, flags [none], proto UDP (17), length 328)\n    0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 00:0c:29:1f:74:06, length 300, xid 0x6e32864, Flags [none]\n\t  Client-Ethernet-Address 00:0c:29:1f:74:06\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363\n\t    DHCP-Message (53), length 1: Discover\n\t    Requested-IP (50), length 4: 192.168.1.4\n\t    Parameter-Request (55), length 7: \n\t      Subnet-Mask (1), BR (28), Time-Zone (2), Default-Gateway (3)\n\t      Domain-Name (15), Domain-Name-Server (6), Hostname (12)\n\t    User-Class (77), length 37: \n\t      instance#1: \"subopt1\", length 7\n\t      instance#2: \"subopt2-123456789\", length 17\n\t      instance#3: \"subopt3-12\", length 10",
        );
    }

    #[test]
    fn dhcp_mud_vv() {
        check(
            1,
            "-n -vv",
            436,
            "002354c257020023eb102c290800450001a624f30000ff11be4f3e0cad793e0cad72004300430192008901010601068c4847000000003e0cad7b00000000000000003e0cad79b827ebb853c800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000638253633501033d0701b827ebb853c8390205c0a13668747470733a2f2f6d756463746c2e6578616d706c652e636f6d2f2e77656c6c2d6b6e6f776e2f6d75642f76312f72617362703130313c2d6468637063642d362e31312e353a4c696e75782d342e312e31382d76372b3a61726d76376c3a42434d323730390c0b7261737062657272797069910101371001792103060c0f1c2a33363a3b646577ff",
            "IP (tos 0x0, ttl 255, id 9459, offset 0, flags [none], proto UDP (17), length 422)\n    62.12.173.121.67 > 62.12.173.114.67: [udp sum ok] BOOTP/DHCP, Request from b8:27:eb:b8:53:c8, length 394, hops 1, xid 0x68c4847, Flags [none] (0x0000)\n\t  Client-IP 62.12.173.123\n\t  Gateway-IP 62.12.173.121\n\t  Client-Ethernet-Address b8:27:eb:b8:53:c8\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363\n\t    DHCP-Message (53), length 1: Request\n\t    Client-ID (61), length 7: ether b8:27:eb:b8:53:c8\n\t    MSZ (57), length 2: 1472\n\t    MUD-URL (161), length 54: \"https://mudctl.example.com/.well-known/mud/v1/rasbp101\"\n\t    Vendor-Class (60), length 45: \"dhcpcd-6.11.5:Linux-4.1.18-v7+:armv7l:BCM2709\"\n\t    Hostname (12), length 11: \"raspberrypi\"\n\t    Unknown (145), length 1: 1\n\t    Parameter-Request (55), length 16: \n\t      Subnet-Mask (1), Classless-Static-Route (121), Static-Route (33), Default-Gateway (3)\n\t      Domain-Name-Server (6), Hostname (12), Domain-Name (15), BR (28)\n\t      NTP (42), Lease-Time (51), Server-ID (54), RN (58)\n\t      RB (59), POSIX-TZ (100), TZ-Name (101), Unknown (119)",
        );
    }

    #[test]
    fn bootp_asan() {
        check(
            1,
            "-n -v",
            65570,
            "000cfb49967ec0ffff80009d08004500ee179d0fe000fc1100ff1200000f6b5f532042000044e80005140000000d140000000d00ff",
            "IP (tos 0x0, ttl 252, id 40207, offset 0, flags [+, DF, rsvd], proto UDP (17), length 60951, bad cksum ff (->8336)!)\n    18.0.0.15.16896 > 107.95.83.32.68: BOOTP/DHCP, unknown (0x00), length 59384, htype 0, hlen 0, hops 13, xid 0x14000000, secs 3328 [|bootp]",
        );
    }

    #[test]
    fn dhcp_rfc5859_short() {
        check(
            1,
            "-n",
            342,
            "ffffffffffff000c291f7406080045100148000000008011399600000000ffffffff00440043013436c501010600de5492770000000000000000000000000000000000000000000c291f740600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000638253633501013708011c02030f060c96ff00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "IP 0.0.0.0.68 > 255.255.255.255.67: BOOTP/DHCP, Request from 00:0c:29:1f:74:06, length 300",
        );
    }
}

mod ntp {
    use super::check;

    #[test]
    fn time_vvv() {
        check(
            1,
            "-n -vvv",
            90,
            "00241dd70b17bceafaa47900080045b8004c228240003e11735684c7040184c79881007bc1250038ded8240208e8000000150000095284c707c9dd47fb3a567637c0dd47fff4edb0ccbcdd47fff4ee0f4743dd47fff4ee1119cf",
            "IP (tos 0xb8, ttl 62, id 8834, offset 0, flags [DF], proto UDP (17), length 76)\n    132.199.4.1.123 > 132.199.152.129.49445: [udp sum ok] NTPv4, Server, length 48\n\tLeap indicator:  (0), Stratum 2 (secondary reference), poll 8 (256s), precision -24\n\tRoot Delay: 0.000320, Root dispersion: 0.036407, Reference-ID: 0x84c707c9\n\t  Reference Timestamp:  3712482106.337741360 (2017-08-23T13:01:46Z)\n\t  Originator Timestamp: 3712483316.928478999 (2017-08-23T13:21:56Z)\n\t  Receive Timestamp:    3712483316.929920629 (2017-08-23T13:21:56Z)\n\t  Transmit Timestamp:   3712483316.929948437 (2017-08-23T13:21:56Z)\n\t    Originator - Receive Timestamp:  +0.001441629\n\t    Originator - Transmit Timestamp: +0.001469437",
        );
    }

    #[test]
    fn control_v() {
        check(
            1,
            "-n -v",
            470,
            "00000000000000000000000086dd6b8834cf01a011400000000000000000000000000000000100000000000000000000000000000001007b968301a001b316820044061800000000018a76657273696f6e3d226e74706420342e322e3870313040312e333732382d6f20467269204d61792032362031343a30373a323920555443203230313720283129222c0d0a70726f636573736f723d227838365f3634222c2073797374656d3d224c696e75782f342e342e37392d31382e32362d64656661756c74222c206c6561703d302c0d0a7374726174756d3d332c20707265636973696f6e3d2d32312c20726f6f7464656c61793d302e3730382c20726f6f74646973703d36392e3833392c0d0a72656669643d3133322e3139392e342e312c2072656674696d653d307864643437663034392e30333439386139662c0d0a636c6f636b3d307864643437663331342e39636335613434352c20706565723d34383832392c2074633d382c206d696e74633d332c206f66667365743d2d302e3438363633332c0d0a6672657175656e63793d2d37362e3339372c207379735f6a69747465723d302e3030303030302c20636c6b5f6a69747465723d302e3331342c0d0a636c6b5f77616e6465723d302e3036330d0a0000",
            "IP6 (class 0xb8, flowlabel 0x834cf, hlim 64, next-header UDP (17) payload length: 416) ::1.123 > ::1.38531: [bad udp cksum 0x01b3 -> 0x412f!] NTPv2, Control Message, length 408\n\tLeap indicator:  (0), Response, OK, Last, OpCode=2\n\tSequence=68, Status=0x618, Assoc.=0, Offset=0, Count=394\n\tTO-BE-DONE: data not interpreted",
        );
    }

    #[test]
    fn mode7_v() {
        check(
            1,
            "-n -v",
            234,
            "0000000000000000000000000800450000dc0f58400040112cb77f0000017f000001801b007b00c8fedb1700031c0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            "IP (tos 0x0, ttl 64, id 3928, offset 0, flags [DF], proto UDP (17), length 220)\n    127.0.0.1.32795 > 127.0.0.1.123: NTPv2, Reserved, length 192\n\tLeap indicator:  (0)",
        );
    }

    #[test]
    fn plain() {
        check(
            1,
            "-n",
            114,
            "001213141516001213141517080045000064e2b5400040110e7fc0a86402c0a86401e2c6007b005049b623000020000000000000000000000000000000000000000000000000000000000000000000000000a4b39cd101fb24bf0000000857ea530f6d74350cc5286bfec1ab8ca747c73584",
            "IP 192.168.100.2.58054 > 192.168.100.1.123: NTPv4, Client, length 72",
        );
    }
}

mod syslog_tftp {
    use super::check;

    #[test]
    fn syslog_v() {
        check(
            1,
            "-n -v",
            93,
            "14cf929138f0b09928c8d64608004500004f78d140004011ad710a0000140a000048b9cd0202003b14a83c353e5365702031322031393a31363a3132207468726f756768206c6f676765723a2074657374206d65737361676520323100",
            "IP (tos 0x0, ttl 64, id 30929, offset 0, flags [DF], proto UDP (17), length 79)\n    10.0.0.20.47565 > 10.0.0.72.514: SYSLOG, length: 51\n\tFacility kernel (0), Severity notice (5)\n\tMsg: Sep 12 19:16:12 through logger: test message 21^@",
        );
    }

    #[test]
    fn syslog_vv() {
        check(
            1,
            "-n -vv",
            93,
            "14cf929138f0b09928c8d64608004500004f92114000401194310a0000140a000048845c0202003b14a83c393e5365702031322031393a31363a3138207468726f756768206c6f676765723a2074657374206d65737361676520323200",
            "IP (tos 0x0, ttl 64, id 37393, offset 0, flags [DF], proto UDP (17), length 79)\n    10.0.0.20.33884 > 10.0.0.72.514: [bad udp cksum 0x14a8 -> 0xc2c0!] SYSLOG, length: 51\n\tFacility user (1), Severity alert (1)\n\tMsg: Sep 12 19:16:18 through logger: test message 22^@\n\t0x0000:  3c39 3e53 6570 2031 3220 3139 3a31 363a\n\t0x0010:  3138 2074 6872 6f75 6768 206c 6f67 6765\n\t0x0020:  723a 2074 6573 7420 6d65 7373 6167 6520\n\t0x0030:  3232 00",
        );
    }

    #[test]
    fn syslog() {
        check(
            1,
            "-n",
            121,
            "ec888fdc998ab09928c8d64608004500006b00004000401126280a0000140a000047cdd50202005714c33c31333e323031332d30392d31325431393a31363a33342e3435373834392b30343a3030206c6f63616c686f7374207468726f75676820727379736c6f673a2074657374206d657373616765203233",
            "IP 10.0.0.20.52693 > 10.0.0.71.514: SYSLOG user.notice, length: 79",
        );
    }

    #[test]
    fn tftp_rrq() {
        check(
            1,
            "-n",
            60,
            "000c29782553000c29f38f1808004500002addb140004011d9bdc0a80102c0a80101af87004500167108000166696c6531006f637465740000000000",
            "IP 192.168.1.2.44935 > 192.168.1.1.69: TFTP, length 14, RRQ \"file1\" octet",
        );
    }

    #[test]
    fn tftp_oack() {
        check(
            1,
            "-n",
            558,
            "000c29f38f18000c29782553080045000220538a4000401161efc0a80101c0a80102e8a5af87020cd3e1000300012321202f62696e2f73680a23232320424547494e20494e495420494e464f0a232050726f76696465733a20202020202020202020756d6f756e74726f6f740a232052657175697265642d53746172743a0a232052657175697265642d53746f703a0a232053686f756c642d53746f703a2020202020202068616c74207265626f6f74206b657865630a232044656661756c742d53746172743a0a232044656661756c742d53746f703a2020202020203020360a232053686f72742d4465736372697074696f6e3a204d6f756e742074686520726f6f742066696c6573797374656d20726561642d6f6e6c792e0a23232320454e4420494e495420494e464f0a0a504154483d2f7362696e3a2f62696e0a2e202f6c69622f696e69742f766172732e73680a0a2e202f6c69622f6c73622f696e69742d66756e6374696f6e730a0a646f5f73746f70202829207b0a095b202224564552424f534522203d206e6f205d207c7c206c6f675f616374696f6e5f626567696e5f6d736720224d6f756e74696e6720726f6f742066696c6573797374656d20726561642d6f6e6c79220a094d4f554e545f464f5243455f4f50543d0a095b20222428756e616d65202d732922203d2022474e552f6b4672656542534422205d202626204d4f554e545f464f5243455f4f50543d2d660a092320546869733a0a092320202020206d6f756e74",
            "IP 192.168.1.1.59557 > 192.168.1.2.44935: UDP, length 516",
        );
    }

    #[test]
    fn tftp_data() {
        check(
            1,
            "-n",
            558,
            "000c29f38f18000c29782553080045000220538b4000401161eec0a80101c0a80102e8a5af87020cfec700030002202d6e202d6f2072656d6f756e742c726f202f0a09232077696c6c20616374206f6e20612062696e64206d6f756e74206f66202f206966207468657265206973206f6e652e0a092320536565202333333930323320616e642074686520636f6d6d656e7420696e20636865636b726f6f742e73680a096d6f756e7420202020244d4f554e545f464f5243455f4f5054202d6e202d6f2072656d6f756e742c726f202d742064756d6d79747970652064756d6d79646576202f20323e2f6465762f6e756c6c205c0a097c7c206d6f756e7420244d4f554e545f464f5243455f4f5054202d6e202d6f2072656d6f756e742c726f202020202020202020202020202064756d6d79646576202f20323e2f6465762f6e756c6c205c0a097c7c206d6f756e7420244d4f554e545f464f5243455f4f5054202d6e202d6f2072656d6f756e742c726f20202020202020202020202020202020202020202020202f0a0945533d243f0a095b202224564552424f534522203d206e6f205d207c7c206c6f675f616374696f6e5f656e645f6d7367202445530a7d0a0a63617365202224312220696e0a202073746172747c737461747573290a0923204e6f2d6f700a093b3b0a2020726573746172747c72656c6f61647c666f7263652d72656c6f6164290a096563686f20224572726f723a20617267756d656e742027243127206e6f742073",
            "IP 192.168.1.1.59557 > 192.168.1.2.44935: UDP, length 516",
        );
    }
}

mod text {
    use super::check;

    #[test]
    fn ftp_reply() {
        check(
            228,
            "-n",
            60,
            "4500003c00010000400666b90a0000010a00000200159c400000000100000001501803e8a1670000323230202876734654506420332e302e33290d0a",
            "IP 10.0.0.1.21 > 10.0.0.2.40000: Flags [P.], seq 1:21, ack 1, win 1000, length 20: FTP: 220 (vsFTPd 3.0.3)",
        );
    }

    #[test]
    fn http_get_v() {
        check(
            228,
            "-n -v",
            100,
            "4500006400010000400666910a0000010a0000029c4000500000000100000001501803e832a80000474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a206578616d706c652e636f6d0d0a4163636570743a202a2f2a0d0a0d0a",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 100)\n    10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], cksum 0x32a8 (correct), seq 1:61, ack 1, win 1000, length 60: HTTP, length: 60\n\tGET /index.html HTTP/1.1\n\tHost: example.com\n\tAccept: */*\n\t",
        );
    }

    #[test]
    fn http_get() {
        check(
            228,
            "-n",
            100,
            "4500006400010000400666910a0000010a0000029c4000500000000100000001501803e832a80000474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a206578616d706c652e636f6d0d0a4163636570743a202a2f2a0d0a0d0a",
            "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:61, ack 1, win 1000, length 60: HTTP: GET /index.html HTTP/1.1",
        );
    }

    #[test]
    fn telnet_options() {
        check(
            228,
            "-n",
            58,
            "4500003a00010000400666bb0a0000010a00000200179c400000000100000001501803e8ac460000fffd18fffd20fffd23fffd27fffa1801fff0",
            "IP 10.0.0.1.23 > 10.0.0.2.40000: Flags [P.], seq 1:19, ack 1, win 1000, length 18 [telnet DO TERMINAL TYPE, DO TSPEED, DO XDISPLOC, DO NEW-ENVIRON, SB TERMINAL TYPE SEND SE]",
        );
    }

    #[test]
    fn sip_status_v() {
        check(
            228,
            "-n -v",
            71,
            "4500004700010000401166a30a0000010a00000213c413c4003321795349502f322e3020323030204f4b0d0a5669613a205349502f322e302f5544502031302e302e302e310d0a",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), length 71)\n    10.0.0.1.5060 > 10.0.0.2.5060: SIP, length: 43\n\tSIP/2.0 200 OK\n\tVia: SIP/2.0/UDP 10.0.0.1",
        );
    }
}

mod radius {
    use super::check;

    #[test]
    fn eap_v() {
        check(
            1,
            "-n -v",
            181,
            "001d60b30184001906eab8c00800450000a700460000ff11a69b0a0000010a000064066d071400933dca0105008becfe3d2fe4473ec6299095ee46aedf7704060a00000105060000c35c3d060000000f010e4a6f686e2e4d63477569726b1e1330302d31392d30362d45412d42382d38431f1330302d31342d32322d45392d35342d35450606000000020c06000005dc4f1302000011014a6f686e2e4d63477569726b501228c5beb8842486da70db51316f9d7889",
            "IP (tos 0x0, ttl 255, id 70, offset 0, flags [none], proto UDP (17), length 167)\n    10.0.0.1.1645 > 10.0.0.100.1812: RADIUS, length: 139\n\tAccess-Request (1), id: 0x05, Authenticator: ecfe3d2fe4473ec6299095ee46aedf77\n\t  NAS-IP-Address Attribute (4), length: 6, Value: 10.0.0.1\n\t  NAS-Port Attribute (5), length: 6, Value: 50012\n\t  NAS-Port-Type Attribute (61), length: 6, Value: Ethernet\n\t  User-Name Attribute (1), length: 14, Value: John.McGuirk\n\t  Called-Station-Id Attribute (30), length: 19, Value: 00-19-06-EA-B8-8C\n\t  Calling-Station-Id Attribute (31), length: 19, Value: 00-14-22-E9-54-5E\n\t  Service-Type Attribute (6), length: 6, Value: Framed\n\t  Framed-MTU Attribute (12), length: 6, Value: 1500\n\t  EAP-Message Attribute (79), length: 19, Value: Response (2), id 0, len 17\n\t\t Type Identity (1), Identity: John.McGuirk\n\t  Message-Authenticator Attribute (80), length: 18, Value: (....$..p.Q1o.x.",
        );
    }

    #[test]
    fn accept_vv() {
        check(
            1,
            "-n -vv",
            216,
            "001d60b30184001906eab8c00800450000ca00470000ff11a6770a0000010a000064066d071400b63f1e010600ae6a6f38e6dae830304d2333e5d536464304060a00000105060000c35c3d060000000f010e4a6f686e2e4d63477569726b1e1330302d31392d30362d45412d42382d38431f1330302d31342d32322d45392d35342d35450606000000020c06000005dc1812c6d195032fdc30240f7313b231ef1d774f24020100220410c9f9769597e320843f5f2af7b8f1c9bd4a6f686e2e4d63477569726b50122726e2713194ebf2bc894f6a6202af38",
            "IP (tos 0x0, ttl 255, id 71, offset 0, flags [none], proto UDP (17), length 202)\n    10.0.0.1.1645 > 10.0.0.100.1812: [udp sum ok] RADIUS, length: 174\n\tAccess-Request (1), id: 0x06, Authenticator: 6a6f38e6dae830304d2333e5d5364643\n\t  NAS-IP-Address Attribute (4), length: 6, Value: 10.0.0.1\n\t    0x0000:  0a00 0001\n\t  NAS-Port Attribute (5), length: 6, Value: 50012\n\t    0x0000:  0000 c35c\n\t  NAS-Port-Type Attribute (61), length: 6, Value: Ethernet\n\t    0x0000:  0000 000f\n\t  User-Name Attribute (1), length: 14, Value: John.McGuirk\n\t    0x0000:  4a6f 686e 2e4d 6347 7569 726b\n\t  Called-Station-Id Attribute (30), length: 19, Value: 00-19-06-EA-B8-8C\n\t    0x0000:  3030 2d31 392d 3036 2d45 412d 4238 2d38\n\t    0x0010:  43\n\t  Calling-Station-Id Attribute (31), length: 19, Value: 00-14-22-E9-54-5E\n\t    0x0000:  3030 2d31 342d 3232 2d45 392d 3534 2d35\n\t    0x0010:  45\n\t  Service-Type Attribute (6), length: 6, Value: Framed\n\t    0x0000:  0000 0002\n\t  Framed-MTU Attribute (12), length: 6, Value: 1500\n\t    0x0000:  0000 05dc\n\t  State Attribute (24), length: 18, Value: ..../.0$.s..1..w\n\t    0x0000:  c6d1 9503 2fdc 3024 0f73 13b2 31ef 1d77\n\t  EAP-Message Attribute (79), length: 36, Value: Response (2), id 1, len 34\n\t\t Type MD5-challenge (4)\n\t    0x0000:  0201 0022 0410 c9f9 7695 97e3 2084 3f5f\n\t    0x0010:  2af7 b8f1 c9bd 4a6f 686e 2e4d 6347 7569\n\t    0x0020:  726b\n\t  Message-Authenticator Attribute (80), length: 18, Value: '&.q1.....Ojb..8\n\t    0x0000:  2726 e271 3194 ebf2 bc89 4f6a 6202 af38",
        );
    }

    #[test]
    fn rfc5580_v() {
        check(
            113,
            "-n -v",
            227,
            "00000304000600000000000000000800450000d3990800004011e30f7f0000017f0000019517071400bffed2010200b7c670215681da366d666794ca6abdb54b7e12306e616d6573706163652054414449477e12316e616d657370616365205245414c4d7e11326e616d65737061636520453231327e10336e616d657370616365204943437e14346e616d65737061636520494e56414c49447f1900010000e2b3696789abcdefe2b4122789abcdef475053800f00016d79206c6f636174696f6e81110000e2b60c6789abcdef746573743181118000e2b60c6789abcdef7465737432",
            "IP (tos 0x0, ttl 64, id 39176, offset 0, flags [none], proto UDP (17), length 211)\n    127.0.0.1.38167 > 127.0.0.1.1812: RADIUS, length: 183\n\tAccess-Request (1), id: 0x02, Authenticator: c670215681da366d666794ca6abdb54b\n\t  Operator-Name Attribute (126), length: 18, Value: [TADIG] namespace TADIG\n\t  Operator-Name Attribute (126), length: 18, Value: [REALM] namespace REALM\n\t  Operator-Name Attribute (126), length: 17, Value: [E212] namespace E212\n\t  Operator-Name Attribute (126), length: 16, Value: [ICC] namespace ICC\n\t  Operator-Name Attribute (126), length: 20, Value: [unknown namespace 52] namespace INVALID\n\t  Location-Information Attribute (127), length: 25, Value: index 1, code Civic, entity User, sighting time 3803408743.537777777 (2020-07-10T22:25:43Z), time to live 3803451943.537777777 (2020-07-11T10:25:43Z), method \"GPS\"\n\t  Location-Data Attribute (128), length: 15, Value: index 1, location\n\t    0x0000:  6d79 206c 6f63 6174 696f 6e              my.location\n\t  Basic-Location-Policy-Rules Attribute (129), length: 17, Value: flags [none], retention expires 3803581543.537777777 (2020-07-12T22:25:43Z), note well \"test1\"\n\t  Basic-Location-Policy-Rules Attribute (129), length: 17, Value: flags [Retransmission Allowed], retention expires 3803581543.537777777 (2020-07-12T22:25:43Z), note well \"test2\"",
        );
    }

    #[test]
    fn rfc3162_v() {
        check(
            113,
            "-n -v",
            185,
            "00000304000600000000000000000800450000a9ec5c400040114fe57f0000017f0000019ade07140095422301f0008d2afdb090418ac6365298fbbb15e0fd2e0105626f62021245e8d5daead87e4015e0fcc0ec0f08a15f1220010db80a0b12f000000000000000016114004020010db80a0b12f00000000000000000610c004020010db80a0b12f0610400006103006115004020010db80a0b12f00000000000000000006114008120010db80a0b12f00000000000000001",
            "IP (tos 0x0, ttl 64, id 60508, offset 0, flags [DF], proto UDP (17), length 169)\n    127.0.0.1.39646 > 127.0.0.1.1812: RADIUS, length: 141\n\tAccess-Request (1), id: 0xf0, Authenticator: 2afdb090418ac6365298fbbb15e0fd2e\n\t  User-Name Attribute (1), length: 5, Value: bob\n\t  User-Password Attribute (2), length: 18, Value: \n\t  NAS-IPv6-Address Attribute (95), length: 18, Value: 2001:db8:a0b:12f0::1\n\t  Framed-IPv6-Prefix Attribute (97), length: 20, Value: 2001:db8:a0b:12f0::/64\n\t  Framed-IPv6-Prefix Attribute (97), length: 12, Value: 2001:db8:a0b:12f0::/64\n\t  Framed-IPv6-Prefix Attribute (97), length: 4, Value: ::/0\n\t  Framed-IPv6-Prefix Attribute (97), length: 3, Value: ERROR: length 1 not in range (2..18)\n\t  Framed-IPv6-Prefix Attribute (97), length: 21, Value: ERROR: length 19 not in range (2..18)\n\t  Framed-IPv6-Prefix Attribute (97), length: 20, Value: ERROR: netmask 129 not in range (0..128)",
        );
    }

    #[test]
    fn short() {
        check(
            1,
            "-n",
            181,
            "001d60b30184001906eab8c00800450000a700460000ff11a69b0a0000010a000064066d071400933dca0105008becfe3d2fe4473ec6299095ee46aedf7704060a00000105060000c35c3d060000000f010e4a6f686e2e4d63477569726b1e1330302d31392d30362d45412d42382d38431f1330302d31342d32322d45392d35342d35450606000000020c06000005dc4f1302000011014a6f686e2e4d63477569726b501228c5beb8842486da70db51316f9d7889",
            "IP 10.0.0.1.1645 > 10.0.0.100.1812: RADIUS, Access-Request (1), id: 0x05 length: 139",
        );
    }
}

mod dhcp6 {
    use super::check;

    #[test]
    fn ia_na_v() {
        check(
            1,
            "-n -v",
            110,
            "33330001000200010203040586dd6c00000000381140fe80000000000000020102fffe030405ff02000000000000000000000001000202220223003811230190b45c0001000a0003000100010203040500060004001700180008000200000003000c0203040500000e1000001518",
            "IP6 (class 0xc0, hlim 64, next-header UDP (17) payload length: 56) fe80::201:2ff:fe03:405.546 > ff02::1:2.547: [udp sum ok] dhcp6 solicit (xid=90b45c (client-ID hwaddr type 1 000102030405) (option-request DNS-server DNS-search-list) (elapsed-time 0) (IA_NA IAID:33752069 T1:3600 T2:5400))",
        );
    }

    #[test]
    fn ia_pd_v() {
        check(
            1,
            "-n -v",
            143,
            "00010203040500112233445586dd6000000000591140fe80000000000000021122fffe334455fe80000000000000020102fffe030405022302220059778b02e1e093001900290203040500000e1000001518001a00190000119400001c20382a0000010001010000000000000000000001000a000300010001020304050002000e0001000118464999001122334455",
            "IP6 (hlim 64, next-header UDP (17) payload length: 89) fe80::211:22ff:fe33:4455.547 > fe80::201:2ff:fe03:405.546: [udp sum ok] dhcp6 advertise (xid=e1e093 (IA_PD IAID:33752069 T1:3600 T2:5400 (IA_PD-prefix 2a00:1:1:100::/56 pltime:4500 vltime:7200)) (client-ID hwaddr type 1 000102030405) (server-ID hwaddr/time type 1 time 407259545 001122334455))",
        );
    }

    #[test]
    fn domain_list_v() {
        check(
            1,
            "-n -v",
            155,
            "000c2938f368000c299ba15d86dd6000000000651140fe80000000000000020c29fffe9ba15dfe80000000000000020c29fffe38f368022302220065312707aa56ce0001000e0001000118f00b3f000c2938f3680002000e0001000118ef951b000c299ba15300180031076578616d706c6503636f6d000573616c6573076578616d706c6503636f6d0003656e67076578616d706c6503636f6d00",
            "IP6 (hlim 64, next-header UDP (17) payload length: 101) fe80::20c:29ff:fe9b:a15d.547 > fe80::20c:29ff:fe38:f368.546: [udp sum ok] dhcp6 reply (xid=aa56ce (client-ID hwaddr/time type 1 time 418384703 000c2938f368) (server-ID hwaddr/time type 1 time 418354459 000c299ba153) (DNS-search-list example.com. sales.example.com. eng.example.com.))",
        );
    }

    #[test]
    fn ntp_server_v() {
        check(
            1,
            "-n -v",
            167,
            "000c2938f368000c299ba15d86dd6000000000711140fe80000000000000020c29fffe9ba15dfe80000000000000020c29fffe38f36802230222007147c107f69b570001000e0001000118f00b3f000c2938f3680002000e0001000118ef951b000c299ba1530038003d000100102a01000000000000000000000000000100020010ff05000000000000000000000000010100030011036e7470076578616d706c6503636f6d00",
            "IP6 (hlim 64, next-header UDP (17) payload length: 113) fe80::20c:29ff:fe9b:a15d.547 > fe80::20c:29ff:fe38:f368.546: [udp sum ok] dhcp6 reply (xid=f69b57 (client-ID hwaddr/time type 1 time 418384703 000c2938f368) (server-ID hwaddr/time type 1 time 418354459 000c299ba153) (NTP-server subopt:1 2a01::1 subopt:2 ff05::101 subopt:3 ntp.example.com.))",
        );
    }

    #[test]
    fn short() {
        check(
            1,
            "-n",
            110,
            "33330001000200010203040586dd6c00000000381140fe80000000000000020102fffe030405ff02000000000000000000000001000202220223003811230190b45c0001000a0003000100010203040500060004001700180008000200000003000c0203040500000e1000001518",
            "IP6 fe80::201:2ff:fe03:405.546 > ff02::1:2.547: dhcp6 solicit",
        );
    }
}

mod someip_resp {
    use super::check;

    #[test]
    fn someip_notification() {
        check(
            1,
            "-n",
            114,
            "ffffffffffff001fc6db87370800450000640001000040114927c0a85808c0a85808771a7b020050d0fdffff81000000004000000000010102008000000000000020000000004711ffffff000e10ffffffff010000101234000101000003000000320000000c00090400c0a800010011d903",
            "IP 192.168.88.8.30490 > 192.168.88.8.31490: SOMEIP, service 65535, event 256, len 64, client 0, session 0, pver 1, iver 1, msgtype NOTIFICATION, retcode E_OK\n",
        );
    }

    #[test]
    fn resp_ping() {
        check(
            113,
            "-n",
            74,
            "000003040006000000000000000008004500003a3dfb40004006fec07f0000017f0000018c3d18eb4522f3b04e12725c80180156fe2e00000101080a7778ce567778ce5650494e470d0a",
            "IP 127.0.0.1.35901 > 127.0.0.1.6379: Flags [P.], seq 1159918512:1159918518, ack 1309831772, win 342, options [nop,nop,TS val 2004405846 ecr 2004405846], length 6: RESP \"PING\"",
        );
    }

    #[test]
    fn resp_inline() {
        check(
            113,
            "-n",
            80,
            "0000030400060000000000000000080045100040542e40004006e8777f0000017f0000018c5e18eb1020bfe6d21adb1880180156fe3400000101080a7778ecf37778ebc9736574207465737420310d0a",
            "IP 127.0.0.1.35934 > 127.0.0.1.6379: Flags [P.], seq 270581734:270581746, ack 3524975384, win 342, options [nop,nop,TS val 2004413683 ecr 2004413385], length 12: RESP \"set test 1\"",
        );
    }
}

mod lwres {
    use super::check;

    #[test]
    fn with_extra() {
        check(
            1,
            "-n",
            490,
            "333300010006b09928c8d64686dd6c00000001b41111fe80000000000000b203030303030303030303030303030303030303030303030303039928fffec8d646ff020000000000000000000000001006280a165c0192016800040200003f5106040a000e01040800000183000000000b204cee6b284cee6b284cee6b284cee6b284cee6b284cee6b2e4cee6b284cee6b2806044cee6b2809044c0d6b28030400000000200b3000019201680504000011803c0a8080800a000c00ffffff003f8080800a000d0020ffff003f8080800a000e20ffffff003f808080ac100b00ffffff003f808080c0a80001ffffffff0000340c684000402174448b85d1418b85d1b0138999fc0800fc630700000074d86e9b00000008f4ae8680002603012b040001348c0001925445540007e9bd5d1f080045000094ff234000402181288b0800fc630700000074d86e9b00000008f4ae8680000b03012b04000128030400000000200b300001920168232425262728292a2b2c2d2e2f303132333435363738",
            "IP6 fe80::b203:303:303:303.771 > 303:303:303:303:303:303:303:303.921:  lwres noop? [len: 3594977026 != 428][extra]",
        );
    }
}

mod krb_zephyr {
    use super::check;

    #[test]
    fn zephyr_message() {
        check(
            228,
            "-n",
            101,
            "4500006500010000401166850a0000010a0000029c4008380051d9df5a455048302e32003200310075696400310030003000004d45535341474500706572736f6e616c0050494e47006a6f6540415448454e4100626f6200666d7400300030006d75696400",
            "IP 10.0.0.1.40000 > 10.0.0.2.2104:  zephyr unacked joe@ATHENA to <MESSAGE,personal,bob> op PING",
        );
    }

    #[test]
    fn krb4_kdc_request() {
        check(
            228,
            "-n",
            61,
            "4500003d00010000401166ad0a0000010a0000029c400058002968a704026a6f650000415448454e410000000000056b726274677400415448454e4100",
            "IP 10.0.0.1.40000 > 10.0.0.2.88:  v4 be KDC_REQUEST: joe.@ATHENA 25min krbtgt.ATHENA",
        );
    }
}

mod hncp {
    use super::check;

    #[test]
    fn summary_v() {
        check(
            1,
            "-n -v",
            86,
            "3333000000110018f3a9914e86dd6000000000201101fe800000000000000218f3fffea9914eff0200000000000000000000000000112027202700200ab30003000831da78d203000000000400082ae5f77255200bcc",
            "IP6 (hlim 1, next-header UDP (17) payload length: 32) fe80::218:f3ff:fea9:914e.8231 > ff02::11.8231: [udp sum ok] hncp (24)\n\tNode endpoint (12) NID: 31:da:78:d2 EPID: 03000000\n\tNetwork state (12) hash: 2ae5f77255200bcc",
        );
    }

    #[test]
    fn tree_vvv() {
        check(
            1,
            "-n -vvv",
            134,
            "001e64234d340018f3a9914e86dd6000000000501140fe800000000000000218f3fffea9914efe80000000000000021e64fffe234d34202720270050b5570003000831da78d203000000000400082ae5f77255200bcc0005001431da78d20000001300027158800088c8e0714638000500146169ed630000000c000ecbd1011fffa1da966148",
            "IP6 (hlim 64, next-header UDP (17) payload length: 80) fe80::218:f3ff:fea9:914e.8231 > fe80::21e:64ff:fe23:4d34.8231: [udp sum ok] hncp (72)\n\tNode endpoint (12) NID: 31:da:78:d2 EPID: 03000000\n\tNetwork state (12) hash: 2ae5f77255200bcc\n\tNode state (24) NID: 31:da:78:d2 seqno: 19 160.088s hash: 800088c8e0714638\n\tNode state (24) NID: 61:69:ed:63 seqno: 12 969.681s hash: 011fffa1da966148",
        );
    }

    #[test]
    fn dhcpv4_data() {
        check(
            1,
            "-n -v",
            79,
            "0100f8187b000020c0a0ab9d080045120128534be00030118e0f0102070080fd006007142027130300000025000206600714205a455048591efdffc200009d00f6f7fe009e720000071420ffffffff",
            "IP truncated-ip - 231 bytes missing! (tos 0x12,ECT(0), ttl 48, id 21323, offset 0, flags [+, DF, rsvd], proto UDP (17), length 296, bad cksum 8e0f (->cd08)!)\n    1.2.7.0.1812 > 128.253.0.96.8231: hncp (268)\n\tDHCPv4-Data (6)\n\t\tDNS-server (98) (invalid)",
        );
    }
}

mod ahcp {
    use super::check;

    #[test]
    fn discover_vv() {
        check(
            1,
            "-n -vv",
            114,
            "3333e182535968a3c4f4841e86dd6c000000003c1101fe800000000000006aa3c4fffef4841eff02000000000000cca6c0f9e182535914ef14ef003c37dc2b0101017ce311356aa3c4fffef4841effffffffffffffff000000180204527f3cee0304000001a209040000000006000c000d00",
            "IP6 (class 0xc0, hlim 1, next-header UDP (17) payload length: 60) fe80::6aa3:c4ff:fef4:841e.5359 > ff02::cca6:c0f9:e182:5359.5359: [udp sum ok] AHCP Version 1\n\tHopcount 1, Original Hopcount 1, Nonce 0x7ce31135, Source Id 6a:a3:c4:ff:fe:f4:84:1e, Destination Id ff:ff:ff:ff:ff:ff:ff:ff\n\tDiscover, Length 24\n\t Origin Time: 2013-11-10 07:59:42 UTC\n\t Expires: 418s\n\t IPv4 Address: 0.0.0.0\n\t IPv6 Prefix\n\t Name Server\n\t NTP Server",
        );
    }

    #[test]
    fn short() {
        check(
            1,
            "-n",
            114,
            "3333e182535968a3c4f4841e86dd6c000000003c1101fe800000000000006aa3c4fffef4841eff02000000000000cca6c0f9e182535914ef14ef003c37dc2b0101017ce311356aa3c4fffef4841effffffffffffffff000000180204527f3cee0304000001a209040000000006000c000d00",
            "IP6 fe80::6aa3:c4ff:fef4:841e.5359 > ff02::cca6:c0f9:e182:5359.5359: AHCP Version 1",
        );
    }
}

mod beep_msdp {
    use super::check;

    #[test]
    fn beep_oobr() {
        check(
            229,
            "-n",
            262144,
            "6c3030303030063030303030303030303030303030303030303030303030303030303030303030302830303030303030303030307f3030303030303000303030",
            "IP6 3030:3030:3030:3030:3030:3030:3030:3030.10288 > 3030:3030:3030:3030:3030:3030:3030:3030.12336: Flags [.U], seq 808464432:808476740, ack 808464432, win 12336, urg 12336, options [eol], length 12308 [remaining caplen(24) < header length(28)] [|tcp]",
        );
    }
}

/// `-T cnfp`: NetFlow on any port.
mod cnfp {
    use crate::{Options, PacketType, tests::print_one};

    #[test]
    fn v6_records() {
        let hex = "4500009c000100004011664e0a0000010a0000029c400807008825d300060001000071e0fd77b07670eb940bd5335f973daad861c911f57cced458bbbf2ce03753c9bdfa0ff0169dc9575674066676cfb0b4eb8902c44269da1c01ba66d3f8b6d4b100a9ea0e755a5c2e8210242a08e7078f7f89385eb09423555182568b96e8a4fef23a0c9fc5afd7608437816bc80a7309cb4a1252e4da70e6720f";
        let data: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let opts = Options {
            timestamp: 1,
            numeric: 1,
            packet_type: Some(PacketType::Cnfp),
            ..Default::default()
        };
        assert_eq!(
            print_one(opts, 228, &data),
            "IP 10.0.0.1.40000 > 10.0.0.2.2055: NetFlow v6, 29.152 uptime, 4252479606.1894487051, #3576913815, 65536 recs\n  started 107378.383, last 2964646.793\n    201.17.245.124/212:26323:708 > 206.212.88.187/177:63670:17001 >> 191.44.224.55\n    1 tos 186, 267392669 (3377944180 octets) (0<>169 encaps)\n  started 2768171.578, last 211797.423\n    92.46.130.16/18:29449:55136 > 36.42.8.231/82:52042:33847 >> 7.143.127.137\n    200 tos 10, 592793986 (1451988712 octets) (228<>218 encaps) [|cnfp]\n"
        );
    }
}

/// Random payloads behind each application port, over UDP and TCP, at every `-v` level.
mod never_panic {
    use crate::{Options, PacketType, tests::print_one};

    /// The ports (UDP and TCP) whose printers this group added.
    const PORTS: &[u16] = &[
        21, 23, 25, 43, 67, 68, 69, 80, 123, 514, 546, 547, 554, 750, 921, 5060, 8080, 8554,
    ];

    /// An IPv4 packet (raw IP) carrying `payload` over UDP (17) or TCP (6) to `port`.
    fn packet(proto: u8, port: u16, payload: &[u8]) -> Vec<u8> {
        let mut p = vec![
            0x45, 0, 0, 0, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        p.extend_from_slice(&40000u16.to_be_bytes());
        p.extend_from_slice(&port.to_be_bytes());
        if proto == 17 {
            p.extend_from_slice(&((payload.len() + 8) as u16).to_be_bytes());
            p.extend_from_slice(&[0, 0]);
        } else {
            p.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
        }
        p.extend_from_slice(payload);
        let total = p.len() as u16;
        p[2..4].copy_from_slice(&total.to_be_bytes());
        p
    }

    proptest::proptest! {
        #[test]
        fn random_payloads(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                           port in proptest::sample::select(PORTS), tcp: bool, v in 0u8..4) {
            let opts = Options { verbose: v, numeric: 1, ..Default::default() };
            let _ = print_one(opts, 228, &packet(if tcp { 6 } else { 17 }, port, &payload));
        }

        #[test]
        fn random_payloads_by_type(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                                   pt in proptest::sample::select(vec![PacketType::Domain, PacketType::Tftp, PacketType::Radius, PacketType::Someip, PacketType::Resp, PacketType::Cnfp]),
                                   tcp: bool, v in 0u8..4) {
            let opts = Options { verbose: v, numeric: 1, packet_type: Some(pt), ..Default::default() };
            let _ = print_one(opts, 228, &packet(if tcp { 6 } else { 17 }, 9, &payload));
        }
    }
}
