//! Decoder tests of the LAN and link-layer printers (LLC/SNAP, STP, CDP, VTP, DTP, UDLD, LLDP,
//! slow protocols, CFM, PTP, EAPOL, MACsec, AoE, AppleTalk, IPX, DECnet, TIPC, loopback, VQP,
//! MPCP, Realtek, ARCNET, DSA, Token Ring, FDDI): random packets of each protocol as literal
//! bytes, each with the output tcpdump 4.99.3 printed for it with the same flags (`-t`).
//! Generated once; kept as data.

mod llc {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -vv",
            43,
            "0180c2000000001122334455001daa66bf812c80c42dfa66d76ebfc66c4dec5bad2a2cf0a1ce158903d968",
            "00:11:22:33:44:55 Unknown SSAP 0x66 > 01:80:c2:00:00:00 SNAP Unnumbered, xid, Flags [Poll], length 29: 2c 80",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            23,
            "0180c2000000001122334455000904650352e25a5a1238",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 9: LLC, dsap SNA (0x04) Individual, ssap Unknown (0x64) Response, ctrl 0x03: Unnumbered, ui, Flags [Response], length 9\n\t0x0000:  0465 0352 e25a 5a12 38                   .e.R.ZZ.8",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            17,
            "0180c2000000001122334455000342d9af",
            "00:11:22:33:44:55 Unknown SSAP 0xd8 > 01:80:c2:00:00:00 STP Unnumbered, xid, Flags [Response], length 3",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            31,
            "0180c20000000011223344550347e01c4381ce40f31c434dd13f313c499759",
            "00:11:22:33:44:55 Unknown SSAP 0x1c > 01:80:c2:00:00:00 IPX Unnumbered, disc, Flags [Command], length 17\n\t0x0000:  e01c 4381 ce40 f31c 434d d13f 313c 4997  ..C..@..CM.?1<I.\n\t0x0010:  59                                       Y",
        );
    }
}

mod snap {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            71,
            "0180c200000000112233445504e3aaaa030800072004ff77833cb95f25930518ac6ec1ccacccc5d4bd2f5c13becce3759f739f36a06f7fc497e029e0d7832396a4f44183dc94d1",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00 SNAP, oui Appletalk (0x080007), pid Unknown (0x2004), length 49: \n\t0x0000:  aaaa 0308 0007 2004 ff77 833c b95f 2593  .........w.<._%.\n\t0x0010:  0518 ac6e c1cc accc c5d4 bd2f 5c13 becc  ...n......./\\...\n\t0x0020:  e375 9f73 9f36 a06f 7fc4 97e0 29e0 d783  .u.s.6.o....)...\n\t0x0030:  2396 a4f4 4183 dc94 d1                   #...A....",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            65,
            "0180c20000000011223344550033aaaa030080c20007e163c2ac65b002b597625785d576d1b0cc013967009e55e36987d5ef93660a359d26101dd599bd976333ca",
            "97:62:57:85:d5:76 > c2:ac:65:b0:02:b5, ethertype Unknown (0xd1b0), length 41: \n\t0x0000:  cc01 3967 009e 55e3 6987 d5ef 9366 0a35  ..9g..U.i....f.5\n\t0x0010:  9d26 101d d599 bd97 6333 ca              .&......c3.",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vv",
            30,
            "0180c20000000011223344550010aaaa030080c2200442e4c7d65bb8806a",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00 SNAP, oui Ethernet bridged (0x0080c2), pid Unknown (0x2004), length 8: \n\t0x0000:  aaaa 0300 80c2 2004 42e4 c7d6 5bb8 806a  ........B...[..j",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -e",
            80,
            "0180c20000000011223344550042aaaa0300000c000ef5f356267aeb073aa8fc24ab028c06a3d385544518cb1218af759551e01dd575603bf8578b8dba246558b5293a40464c2c10c255b57652ae1baf",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 66: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: oui Cisco (0x00000c), pid Unknown (0x000e), length 58: \n\t0x0000:  aaaa 0300 000c 000e f5f3 5626 7aeb 073a  ..........V&z..:\n\t0x0010:  a8fc 24ab 028c 06a3 d385 5445 18cb 1218  ..$.......TE....\n\t0x0020:  af75 9551 e01d d575 603b f857 8b8d ba24  .u.Q...u`;.W...$\n\t0x0030:  6558 b529 3a40 464c 2c10 c255 b576 52ae  eX.):@FL,..U.vR.\n\t0x0040:  1baf                                     ..",
        );
    }
}

mod vtp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -vv",
            63,
            "0180c20000000011223344550031aaaa0300000c200302025b01646f6d0000000000000000000000000000000000000000000000000000000000fe0676c0e3",
            "VTPv2, Message Subset advertisement (0x02), length 41\n\tDomain name: d, Seq number: 91, Config Rev fe0676c0 [|vtp]",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            95,
            "0180c200000000112233445501b2aaaa0300000c200301015505646f6d000000000000000000000000000000000000000000000000000000000081a017cb0a0000010a995143059297943ffcda2514b553a2aba711c08a744d0993ccd674d0",
            "VTPv1, Message Summary advertisement (0x01), length 73\n\tDomain name: dom, Followers: 85\n\t  Config Rev 81a017cb, Updater 10.0.0.1, Timestamp 0x0a995143 0x05929794 0x3ffcda25, MD5 digest: 14b553a2aba711c08a744d0993ccd674",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -e",
            64,
            "0180c20000000011223344550032aaaa0300000c200301033000646f6d00000000000000000000000000000000000000000000000000000000000e67435c1f82",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 50: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: oui Cisco (0x00000c), pid VTP (0x2003), length 42: VTPv1, Message Advertisement request (0x03), length 42",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -e",
            145,
            "0180c20000000011223344550083aaaa0300000c200301021220646f6d0000000000000000000000000000000000000000000000000000000000255477ae16020002df675844f37f58837678787809025177f86a200000080f13df1fa1611995767878787878787806027b74d7ca060280a5abfd1c00020ac7489c8565e71c0d7678787878787878787878780601ba3a28",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 131: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: oui Cisco (0x00000c), pid VTP (0x2003), length 123: VTPv1, Message Subset advertisement (0x02), length 123",
        );
    }
}

mod cfm {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -vv",
            100,
            "0180c2000000001122334455abcde001c046250b0e5a6c71010408000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000af832400de3adf29bdfed8c086a7b03b09000e20050004348a9d7c00",
            "CFMv0 Continuity Check Message, MD Level 7, length 86\n\tFirst TLV offset 70, Flags [CCM Interval 0, RDI]\n\t  Sequence Number 0x250b0e5a, MA-End-Point-ID 0x6c71\n\t  MD Name Format No MD Name present (1)\n\t  MA Name-Format RFC2685 VPN-ID (4), MA name length 8\n\t  MA Name: \n\t    0x0000:  0000 0000 0000 0000\n\tUnknown TLV (0x09), length 14\n\t\t packet is too short",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            92,
            "0180c2000000001122334455abcde0012746783692cb6a2203067e22445f7a58031e00000000000000000000000000000000000000000000000000000000000000000000000000008fe8faad2b0a182a42d162d8090a3ea404000000",
            "CFMv0 Continuity Check Message, MD Level 7, length 78",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vv",
            40,
            "0180c20000000011223344558902e0025a04d4359e5e1f000009000480518c3f020004f2c8419400",
            "CFMv0 Loopback Reply, MD Level 7, length 26\n\tFirst TLV offset 4\n\t  0x0000:  d435 9e5e 1f00 0009 0004 8051 8c3f 0200\n\t  0x0010:  04f2\n\tOrganization Specific TLV (0x1f), length 0 (too short, must be >= 4)",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            27,
            "0180c20000000011223344558902e00381045eeb914c0600017500",
            "CFMv0 Loopback Message, MD Level 7, length 13\n\tFirst TLV offset 4\n\t  0x0000:  5eeb 914c 06\n\tReply Egress TLV (0x06), length 1\n\t  0x0000:  75\n\tEnd TLV (0x00)",
        );
    }
}

mod slow {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            32,
            "0180c200000000112233445588090101071000accc2a05d82dd9ea362a02632d",
            "LACPv1, length 18\n\tUnknown TLV (0x07), length 16\n\t  0x0000:  00ac cc2a 05d8 2dd9 ea36 2a02 632d",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            48,
            "0180c20000000011223344558809020205109e58612d39a50c6f98cfab15e2800110b24216a6766ad9f353b15a9d0a08",
            "MARKER version 2 packet not supported",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n",
            25,
            "0180c20000000011223344558809041722a395b958a8339710",
            "unknown (4), length 11\n\t0x0000:  0417 22a3 95b9 58a8 3397 10",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -vv",
            25,
            "0180c2000000001122334455880904655014592ff3c8dbc2be",
            "unknown (4), length 11\n\t0x0000:  0465 5014 592f f3c8 dbc2 be",
        );
    }
}

mod eap {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -vv",
            28,
            "0180c2000000001122334455888e0203000a0368000a024420863202",
            "EAPOL key (3) v2, len 10",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            29,
            "0180c2000000001122334455888e0200000b098d000b0d424542930d86",
            "EAP packet (0) v2, len 11, unknown (9), id 141, len 11",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            24,
            "0180c2000000001122334455888e0202000603c4000615b0",
            "EAPOL logoff (2) v2, len 6",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n",
            25,
            "0180c2000000001122334455888e0103001d0313001104e823",
            "EAPOL key (3) v1, len 29",
        );
    }
}

mod atalk {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            31,
            "0180c2000000001122334455809b9bf500580f8076580951719906a4c9b7cd",
            "AT 30296.81.153 > 3968.9.113:  at-#6 4",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            43,
            "0180c2000000001122334455001daaaa03080007809b54034feded8ef6a35aa7481801cc4eef6c3ccba9d8",
            "et1 AT 63139.167.24 > 60814.90.72:  at-rtmp 8",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vv",
            42,
            "0180c2000000001122334455001caaaa03080007809b6e86e0ad035ddbdea38d564904bf45f7e3ed5de8",
            "et1 AT 56286.141.73 > 861.163.86:  at-echo 7",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            41,
            "0180c20000000011223344550000aaaa03080007809be4ed32f711e8623eb0fa05c301a01e64403edb",
            " [|llc]",
        );
    }
}

mod aarp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            42,
            "0180c200000000112233445580f3000108000404000270810ab11e1666136270696d035eec87f3b4bbb1",
            "aarp len 28 op 2 htype 1 ptype 0x800 halen 4 palen 4",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            42,
            "0180c200000000112233445580f30001809b060200043555156dcc90bcae5ff1ab9af5fd07f00e822ea9",
            "aarp len 28 op 4 htype 1 ptype 0x809b halen 6 palen 2",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -e",
            42,
            "0180c200000000112233445580f30001809b0404000159beb7bbad8aa387c755769e282cf624296739b0",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype Appletalk ARP (0x80f3), length 42: aarp len 28 op 1 htype 1 ptype 0x809b halen 4 palen 4",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            42,
            "0180c200000000112233445580f30001809b0604000280cb5503aea061c189fe5b560b1f4f109cb5f04a",
            "aarp reply 49545.254 is-at 80:cb:55:03:ae:a0",
        );
    }
}

mod ipx {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            62,
            "0180c20000000011223344558137ffff0030776ddbe88fd564e47490136f0453aeef6933135910658bdf078f0002847ea17a1f7f81dc392a5a0062a2fac4",
            "(NOV-ETHII) IPX aeef6933.13:59:10:65:8b:df.078f > dbe88fd5.64:e4:74:90:13:6f.0453: ipx-rip-resp 847ea17a/8063.33244 392a5a00/25250.64196",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            54,
            "0180c20000000011223344550028ffff002859e3c518db5cf064eda427b50453599f9d156e6616a178ef38af00012c3f2623280989be",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 40: IPX 802.3: 599f9d15.6e:66:16:a1:78:ef.38af > c518db5c.f0:64:ed:a4:27:b5.0453: ipx-rip-req 2c3f2623/10249.35262",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vv",
            44,
            "0180c20000000011223344558137ffff001e53f63d5d674257da2787297b04556a09e1e88a81e142edb0f4da",
            "(NOV-ETHII) IPX 6a09e1e8.8a:81:e1:42:ed:b0.f4da > 3d5d6742.57:da:27:87:29:7b.0455: ipx-netbios 0",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            46,
            "0180c20000000011223344550020ffff002023577840d6950890c55fb81a0452246581b8434ff6b2ed56afce0002",
            "IPX 246581b8.43:4f:f6:b2:ed:56.afce > 7840d695.08:90:c5:5f:b8:1a.0452: ipx-sap-resp",
        );
    }
}

mod decnet {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -vv",
            39,
            "0180c2000000001122334455600317000a7134f740f32483eb586e050003b00eeb8f09ba07c141",
            "16.247 > 13.113 23 RQR 52 hops conn-ack 60291",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            44,
            "0180c200000000112233445560031c0005c75dbe634f0c34f635de9cccf9012ae8bc7db0a5340c3d527c916a",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype DN (0x6003), length 44: test src 23.455 data 276",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            53,
            "0180c20000000011223344556003250006da98362a23a9f949762723cc7e95f265a9dda65758457648d0019003b081bfc2b326176d",
            "25.498 > 18.505 37 221 hops reserved-ctltype? 58 53320 > 30277",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -e",
            38,
            "0180c20000000011223344556003160081da1d6f2fe248f5096073018002a0c6574772a0c4b6",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype DN (0x6003), length 38: future-version-decnet\n\t0x0000:  0081 da1d 6f2f e248 f509 6073 0180 02a0  ....o/.H..`s....\n\t0x0010:  c657 4772 a0                             .WGr.",
        );
    }
}

mod tipc {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -e",
            26,
            "0180c200000000112233445588ca40a19d8b05a1a4638aba3e7e",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype TIPC (0x88ca), length 26:  [|tipc]",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            61,
            "0180c200000000112233445588ca6b41901e500e2516a294ed1217f15f5093c0a8126289f5ca11672cff4e6e53f3a93cf238e74a1d4fc875738245490a",
            "TIPC v3.0 17.1650.3327 > 78.1765.1011, headerlength 40 bytes, MessageSize 102430 bytes, Broadcast Link Protocol internal, messageType NAMED_MSG (0x500e2516)",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            42,
            "0180c200000000112233445588ca6aa0cb78e29e31ff1abd7441a3050043dd04afdec2be7522b0544837",
            " [|tipc]",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -vv",
            55,
            "0180c200000000112233445588ca6ac0da44fb5fb089f83e0752142275b0e56fc4e45a65ffac9ee53e0018adc9817a999b2e421a24a7ad",
            "TIPC v3.0 158.3667.3584 > 24.2780.2433, headerlength 24 bytes, MessageSize 55876 bytes, Broadcast Link Protocol internal, messageType Unknown (0xfb5fb089)\n\tPrevious Node 20.551.1456, Session No. 23141, Broadcast Ack 45193, Sequence Gap 7007,  Broadcast Gap After 63550, Broadcast Gap To 1874, Last Sent Packet No. 58735, Next sent Packet No. 50404, Transport Sequence 2056887086, msg_count 16922, Link Tolerance 9383",
        );
    }
}

mod loopback {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            29,
            "0180c2000000001122334455900008000100dc586b181701a60fdce584",
            "Loopback, skipCount 8,  invalid (4006)",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            21,
            "0180c20000000011223344559000080002008c7736",
            "Loopback, skipCount 8 (invalid)",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vv",
            19,
            "0180c200000000112233445590000000030026",
            "Loopback, skipCount 0,  invalid (3)",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n",
            32,
            "0180c2000000001122334455900000005d722c7fb2e2d040020067e59dc4e985",
            "Loopback, skipCount 0,  invalid (29277)",
        );
    }
}

mod ptp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            83,
            "0180c200000000112233445588f70b03f947be6ed687e196999cb76785599331981997db63e53ecd5ac831eceb761b0efc6f11361da1fb769d7b84a9c93d313deb586862024a6eb04c975e0dbbad873a2163ba",
            "PTPv3",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            66,
            "0180c200000000112233445588f70a0293c48a2cce30ab00ff35b5475eddeeb221cc5ef6f2c4a4e6df60f7853c3d4ffc56e3c63c079e150022031ad9c09ea7c43f4a",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype PTP (0x88f7), length 66: PTPv2, v1 compat : no, msg type : pdelay resp fup msg, length : 37828, domain : 138, reserved1 : 44, Flags [time tracable, frequency tracable, two step, unicast, security mask], NS correction : 188020770059591, sub NS correction : 24285, reserved2 : 4004651468, clock identity : 0x5ef6f2c4a4e6df60, port id : 63365, seq id : 15421, control : 79 (Reserved), log message interval : 252, preciseOriginTimeStamp : 95536283387806 seconds, 352330243 nanoseconds, port identity : 0x1ad9c09ea7c43f4a [|ptp]",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            55,
            "0180c200000000112233445588f711026d431ef70085132618c95910cc21a56f73b68e3d82081fab46b703e4f35ce9311bc8895627ebc8",
            "PTPv2, v1 compat : yes, msg type : delay req msg, length : 27971, domain : 30, reserved1 : 247, Flags [l1 61, utc reasonable], NS correction : 21054345533712, sub NS correction : 52257, reserved2 : 2775544758, clock identity : 0x8e3d82081fab46b7, port id : 996, seq id : 62300, control : 233 (Reserved), log message interval : 49, originTimeStamp : 30548111534059 seconds, [|ptp]",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            73,
            "0180c200000000112233445588f71901569a7fc71d1d3aa005144ebf9a9258bf243345c08c66658ff807414fd49ba60d58c0cac7603a4496ded3307cb3cd023794747ac9f5d6099d6a",
            "PTPv1 (not implemented)",
        );
    }
}

mod stp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            58,
            "0180c2000000001122334455002caaaa0300000c010b00000002a204a26980d061e96e1c5ddb3060f8b17cddbad5794d440b91fa82317b860b01",
            "STP 802.1d, Rapid STP",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            58,
            "0180c2000000001122334455002caaaa0300000c010b00000005ed493875e123c069beb6e8392c57a8a50be4e4af76d57fe1d6c4388c23432500",
            "STP 802.1d, Unknown BPDU Type (0x05)",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n",
            46,
            "0180c2000000001122334455002042420300000180af274e7c7a061589f5d254d8f0619a93251b326de3e4a108c5",
            "STP Unknown STP protocol (0x01)",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            119,
            "0180c20000000011223344550069424203000003054565d3f620a1dee057b1baf05f124c11a57ace389f25b4872213864a8985e8000010996cca054319b1fb53387f1bf6045d8f2f1a31a0a1566f97583186e60f631a4b2ab8167d2fd70e3bafc60cf52a993019ec35f87971b1604e0597735af7f10d3d",
            "STP 802.1s, Unknown BPDU Type (0x05)",
        );
    }
}

mod vqp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -e",
            62,
            "0180c2000000001122334455080045000030dc18fa8b401100000a0000010a00000206350635001c0000020509050250711b00000c060006f393aa92fd84",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype IPv4 (0x0800), length 62: 10.0.0.1 > 10.0.0.2: ip-proto-17",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            60,
            "0180c200000000112233445508004500002e13305e08401100000a0000010a00000206350635001a000001010902b99858dc00000c0300046e616d65",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype IPv4 (0x0800), length 60: 10.0.0.1 > 10.0.0.2: ip-proto-17",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -e",
            80,
            "0180c20000000011223344550800450000420ae4fecc401100000a0000010a00000206350635002e000001030405fed6060900000c0500046e616d650000000000046e616d650000000000046e616d65",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype IPv4 (0x0800), length 80: 10.0.0.1 > 10.0.0.2: ip-proto-17",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -e",
            79,
            "0180c2000000001122334455080045000041a77e1c6e401100000a0000010a00000206350635002d0000010205002f1a11e000000c0300046e616d6500000c0400046e616d6500000c01000345a919",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype IPv4 (0x0800), length 79: 10.0.0.1 > 10.0.0.2: ip-proto-17",
        );
    }
}

mod aoe {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -vv",
            38,
            "0180c200000000112233445588a21c2036e35d0351e555b90101d119b914f3f0cfb19385394f",
            "AoE length 24, Ver 1, Flags: [Response, Error]\n\tError: Invalid (32)\n\tMajor: 0x36e3, Minor: 0x5d, Command: Reserve/Release, Tag: 0x51e555b9\n\tRCmd: Set reserve list, NMacs: 1 (invalid)",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            37,
            "0180c200000000112233445588a220bf9e81e40036b3346e4c7b3687ddd5f7bd1ffb57d3fc",
            "AoE length 23, Ver 2",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -e",
            35,
            "0180c200000000112233445588a220e4d190e0016ee2e93c94872a84ee710003616263",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype AoE (0x88a2), length 35: AoE length 21, Ver 2",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n",
            36,
            "0180c200000000112233445588a21457d7c27500a37c6a1e39c585e1cf5fea07c2860e6c",
            "AoE length 22, Ver 1, Flags: [Error]",
        );
    }
}

mod macsec {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            61,
            "0180c200000000112233445588e50c3faa7df9ee0028424203e44ba6d6541e0b70c287925e22eef7e558b30a4db29d41c2060d30d2a40da370995866f2",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00 802.1AE MACsec, an 0, pn 2860382702, flags EC, sl 63, \n\t0x0000:  0028 4242 03e4 4ba6 d654 1e0b 70c2 8792  .(BB..K..T..p...\n\t0x0010:  5e22 eef7 e558 b30a 4db2 9d41 c206 0d30  ^\"...X..M..A...0\n\t0x0020:  d2a4 0da3 7099 5866 f2                   ....p.Xf.",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            69,
            "0180c200000000112233445588e5600ad083b6c8ff296225b7e503070028424203271e2563d7bab323b96b969f7dafcef21306675f4d1487f11ee35f9e83cd360482bbfa09",
            "unknown STP version, length 5",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vv",
            60,
            "0180c200000000112233445588e52b40ee9ff46cc82a53e642993e1d8100467e88ccc8e17b2203b9870b3d78c12a546d045247b44c69ee46b579e634",
            " (invalid)",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -e",
            61,
            "0180c200000000112233445588e5023f6f7a91b10028424203ef5df37610db47688f51d51573388d923afb40f7a680d34582d25a98b03f2d95d4e9ee15",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype 802.1AE MACsec (0x88e5), length 61: an 2, pn 1870303665, flags none, sl 63,  [|macsec]",
        );
    }
}

mod lldp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            32,
            "0180c200000000112233445588cc0207026404f5b8d750040508657468300000",
            "LLDP, length 18\n\tChassis ID TLV (1), length 7\n\t  Subtype Interface alias (2): d^DM-uM-8M-WP\n\tPort ID TLV (2), length 5\n\t  Subtype Unknown (8): \n\t  0x0000:  0865 7468 30\n\tEnd TLV (0), length 0",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            38,
            "0180c200000000112233445588cc000990cf8e520234bf338b0009e72e4775001b4a75cb0000",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype LLDP (0x88cc), length 38: LLDP, length 24",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            92,
            "0180c200000000112233445588cc040605010a0000010a04a977c3c8040604010a0000010a0878ba9167afa3e9d20412040236c136ad7c2dbb84846cfb5bbdd647e3fe16123456054167016b4e7a8324dd8cdd14e6e8c10686e80000",
            "LLDP, length 78\n\tPort ID TLV (2), length 6\n\t  Subtype Interface Name (5): ^A^J\n\tSystem Name TLV (5), length 4: M-)wM-CM-H\n\tPort ID TLV (2), length 6\n\t  Subtype Network Address (4): AFI IPv4 (1): 10.0.0.1\n\tSystem Name TLV (5), length 8: xM-:M-^QgM-/M-#M-iM-R\n\tPort ID TLV (2), length 18\n\t  Subtype Network Address (4): AFI IPv6 (2): 36c1:36ad:7c2d:bb84:846c:fb5b:bdd6:47e3\n\tOrganization specific TLV (127), length 22: OUI Unknown (0x123456)\n\t  0x0000:  1234 5605 4167 016b 4e7a 8324 dd8c dd14\n\t  0x0010:  e6e8 c106 86e8\n\tEnd TLV (0), length 0",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n",
            35,
            "0180c200000000112233445588cc0801aa100e050660469e5003485925610082a20000",
            "LLDP, length 21",
        );
    }
}

mod cdp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -e",
            41,
            "0180c20000000011223344550294aaaa0300000c200002773a9f0018000400100004000b0007ee6a6a",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 27: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: oui Cisco (0x00000c), pid CDP (0x2000), length 19: CDPv2, ttl: 119s (malformed TLV) (malformed TLV)\n\t  0x0000:  ee6a 6a, length 19",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            36,
            "0180c20000000011223344550016aaaa0300000c2000024b572600190004001200063482",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 22: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: oui Cisco (0x00000c), pid CDP (0x2000), length 14: CDPv2, ttl: 75s (malformed TLV)\n\t  0x0000:  3482, length 14",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            45,
            "0180c2000000001122334455001faaaa0300000c20000247654e000c0006c5bf000a000d1b9f68126d000d0004",
            "CDPv2, ttl: 71s, checksum: 0x654e (unverified), length 23\n\tunknown field type (0x0c), value length: 2 bytes: \n\tNative VLAN ID (0x0a), value length: 9 bytes:  (malformed TLV)\n\t  0x0000:  1b9f 6812 6d00 0d00 04",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -v",
            43,
            "0180c2000000001122334455001daaaa0300000c200001863511000a0006a06a0018000625fc00080005f7",
            "CDPv1, ttl: 134s, checksum: 0x3511 (unverified), length 21\n\tNative VLAN ID (0x0a), value length: 2 bytes: 41066\n\tunknown field type (0x18), value length: 2 bytes: \n\t  0x0000:  25fc\n\tProtocol-Hello option (0x08), value length: 1 byte: ",
        );
    }
}

mod dtp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            23,
            "0180c20000000011223344550009aaaa0300000c200401",
            "DTPv1, length 1",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            41,
            "0180c2000000001122334455001baaaa0300000c2004010004000a5730b4341d7100010008646f6d00",
            "DTPv1, length 19\n\tNeighbor (0x0004) TLV, length 10, 57:30:b4:34:1d:71\n\tDomain (0x0001) TLV, length 8, dom",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            41,
            "0180c2000000001122334455001baaaa0300000c20040100010008646f6d0000040011cb006de933e3",
            "DTPv1, length 19\n\tDomain (0x0001) TLV, length 8, dom\n\tNeighbor (0x0004) TLV, length 17[invalid TLV length 17] (invalid)",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -vv",
            38,
            "0180c2000000001122334455028eaaaa0300000c2004010004000aa864940fda6800030007b4",
            "DTPv1, length 16\n\tNeighbor (0x0004) TLV, length 10, a8:64:94:0f:da:68\n\tDTP type (0x0003) TLV, length 7[invalid TLV length 7] (invalid)",
        );
    }
}

mod udld {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            55,
            "0180c20000000011223344550029aaaa0300000c011123699fd5000200086e616d65000200086e616d65000600086e616d650004000828",
            "UDLDv1, Code Flush message (3), Flags [RT, MBZ-3, MBZ-5, MBZ-6] (0x69), length 33",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            26,
            "0180c2000000001122334455000caaaa0300000c01112149aa82",
            "UDLDv1, Code Probe message (1), Flags [RT, MBZ-3, MBZ-6] (0x49), length 4",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -e",
            39,
            "0180c20000000011223344550019aaaa0300000c011123b03e9c000300086e616d6500050005b8",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, 802.3, length 25: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) Command, ctrl 0x03: oui Cisco (0x00000c), pid UDLD (0x0111), length 17: UDLDv1, Code Flush message (3), Flags [MBZ-4, MBZ-5, MBZ-7] (0xb0), length 17",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -vv",
            46,
            "0180c20000000011223344550020aaaa0300000c011123dd2ac1000500050a000500057e000500058e00050005c0",
            "UDLDv1, Code Flush message (3), Flags [RT, MBZ-2, MBZ-3, MBZ-4, MBZ-6, MBZ-7] (0xdd), length 24\n\tChecksum 0x2ac1 (unverified)\n\tTimeout Interval TLV (0x0005) TLV, length 5, 10s\n\tTimeout Interval TLV (0x0005) TLV, length 5, 126s\n\tTimeout Interval TLV (0x0005) TLV, length 5, 142s\n\tTimeout Interval TLV (0x0005) TLV, length 5, 192s",
        );
    }
}

mod arcnet {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            129,
            "-n -v",
            20,
            "951ef10059a5f101829576b36207c3f040dddad4",
            "\n\t0x0000:  8295 76b3 6207 c3f0 40dd dad4            ..v.b...@...",
        );
    }

    #[test]
    fn case_1() {
        check(
            129,
            "-n -e",
            32,
            "4ea2d501a03ed502ac74994a13df8f138b9cd60e54feb714a6dea7ee064f2698",
            "4e a2 arp 32: \n\t0x0000:  ac74 994a 13df 8f13 8b9c d60e 54fe b714  .t.J........T...\n\t0x0010:  a6de a7ee 064f 2698                      .....O&.",
        );
    }

    #[test]
    fn case_2() {
        check(
            129,
            "-n -e",
            32,
            "bb0107ffe21b0702bb742173496f47da6d3dbae3f1424cd7c44e5f886b6aaabb",
            "bb 01 07 32: \n\t0x0000:  bb74 2173 496f 47da 6d3d bae3 f142 4cd7  .t!sIoG.m=...BL.\n\t0x0010:  c44e 5f88 6b6a aabb                      .N_.kj..",
        );
    }

    #[test]
    fn case_3() {
        check(
            129,
            "-n",
            12,
            "3027fa041263fa0282cf7635",
            "\n\t0x0000:  82cf 7635                                ..v5",
        );
    }
}

mod switch {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            284,
            "-n -e",
            46,
            "0180c2000000001122334455b3640ef808004500001c0000000040010000c0a80001c0a80002d6832e1cae3e6070",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, Marvell DSA mode To Sniffer, source dev 19, port 12, ingress sniff, tagged, VID 3832, FPri 0, ethertype IPv4 (0x0800), length 46: 192.168.0.1 > 192.168.0.2: ICMP type-#214, length 8",
        );
    }

    #[test]
    fn case_1() {
        check(
            284,
            "-n",
            50,
            "0180c2000000001122334455917b8afb36ba8aa908004500001c0000000040010000c0a80001c0a800029c7fa4330e525d4c",
            "DSA port 17.15 > Tx Sniffer, VLAN 2811u, 00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype Unknown (0x36ba), length 50: \n\t0x0000:  8aa9 0800 4500 001c 0000 0000 4001 0000  ....E.......@...\n\t0x0010:  c0a8 0001 c0a8 0002 9c7f a433 0e52 5d4c  ...........3.R]L",
        );
    }

    #[test]
    fn case_2() {
        check(
            284,
            "-n -v",
            50,
            "0180c20000000011223344552ddf0d2ea84a04da08004500001c0000000040010000c0a80001c0a80002ca7d97d776db6ff7",
            "DSA port 13.27 > CPU, VLAN 3374t, 00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype Unknown (0xa84a), length 50: \n\t0x0000:  04da 0800 4500 001c 0000 0000 4001 0000  ....E.......@...\n\t0x0010:  c0a8 0001 c0a8 0002 ca7d 97d7 76db 6ff7  .........}..v.o.",
        );
    }

    #[test]
    fn case_3() {
        check(
            284,
            "-n -e",
            30,
            "0180c20000000011223344552dc58551f476202657a6e73d4d71e277d647",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, Marvell DSA mode To CPU, source dev 13, port 24, code ARP Mirror, tagged, CFI, VID 1361, FPri 4, ethertype Unknown (0xf476), length 30: \n\t0x0000:  2026 57a6 e73d 4d71 e277 d647            .&W..=Mq.w.G",
        );
    }
}
mod token {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            57,
            "34c07f066ed08f5d82b70eee7f1aa4f07ec2424203026b6e545594a065685d64c4980bb8d4544a8721a99a01ad219eb59cf6a15ef6f15a1d83",
            "8f:5d:82:b7:0e:ee > 34:c0:7f:06:6e:d0, ethertype Unknown (0x7f1a), length 57: \n\t0x0000:  a4f0 7ec2 4242 0302 6b6e 5455 94a0 6568  ..~.BB..knTU..eh\n\t0x0010:  5d64 c498 0bb8 d454 4a87 21a9 9a01 ad21  ]d.....TJ.!....!\n\t0x0020:  9eb5 9cf6 a15e f6f1 5a1d 83              .....^..Z..",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -e",
            55,
            "1080ab6a4243d336a9cf1079b080411c424203e856e8f9a2f58c95f0ce4b39c15bffad5c2dfb8bb820b6119cba8ff88796ae5b05f280a6",
            "d3:36:a9:cf:10:79 > 10:80:ab:6a:42:43, ethertype Unknown (0xb080), length 55: \n\t0x0000:  411c 4242 03e8 56e8 f9a2 f58c 95f0 ce4b  A.BB..V........K\n\t0x0010:  39c1 5bff ad5c 2dfb 8bb8 20b6 119c ba8f  9.[..\\-.........\n\t0x0020:  f887 96ae 5b05 f280 a6                   ....[....",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -vv",
            47,
            "24c06879bf00b3cf6312d4eeb3c2e0e003d40aa39dfb9249f40c3ee37d961445c806f58c7cf2127dfa894f9296fcf3",
            "b3:cf:63:12:d4:ee > 24:c0:68:79:bf:00, ethertype Unknown (0xb3c2), length 47: \n\t0x0000:  e0e0 03d4 0aa3 9dfb 9249 f40c 3ee3 7d96  .........I..>.}.\n\t0x0010:  1445 c806 f58c 7cf2 127d fa89 4f92 96fc  .E....|..}..O...\n\t0x0020:  f3                                       .",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -vv",
            50,
            "6140dbdaf6c5f3c843120181e937aaaa0300000008004500001c0000000040010000c0a80001c0a800026497ee219b01dd92",
            "f3:c8:43:12:01:81 > 61:40:db:da:f6:c5, ethertype Unknown (0xe937), length 50: \n\t0x0000:  aaaa 0300 0000 0800 4500 001c 0000 0000  ........E.......\n\t0x0010:  4001 0000 c0a8 0001 c0a8 0002 6497 ee21  @...........d..!\n\t0x0020:  9b01 dd92                                ....",
        );
    }
}

mod fddi {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n",
            46,
            "60e87ac7ecf5a5370fc41b4ddbe0e0034f5124bfc5f04d82388e52927810f610b0bca11e0be9f14f3ca695e87a53",
            "a5:37:0f:c4:1b:4d > 60:e8:7a:c7:ec:f5, ethertype Unknown (0xdbe0), length 46: \n\t0x0000:  e003 4f51 24bf c5f0 4d82 388e 5292 7810  ..OQ$...M.8.R.x.\n\t0x0010:  f610 b0bc a11e 0be9 f14f 3ca6 95e8 7a53  .........O<...zS",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            20,
            "51ef537b596a16dc8a03ec1fe7f0f013a0c20092",
            "16:dc:8a:03:ec:1f > 51:ef:53:7b:59:6a, ethertype Unknown (0xe7f0), length 20: \n\t0x0000:  f013 a0c2 0092                           ......",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            20,
            "51c342a4219c564686fea59211f0f01356cb3290",
            "56:46:86:fe:a5:92 > 51:c3:42:a4:21:9c, ethertype Unknown (0x11f0), length 20: \n\t0x0000:  f013 56cb 3290                           ..V.2.",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -e",
            19,
            "515ec70ba20d9fc4f3cce61f4b25a360efc475",
            "9f:c4:f3:cc:e6:1f > 51:5e:c7:0b:a2:0d, ethertype Unknown (0x4b25), length 19: \n\t0x0000:  a360 efc4 75                             .`..u",
        );
    }
}

mod mpcp {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -e",
            65,
            "0180c200000000112233445588080002bdc04062162b467e6bcd0febf9e8c7fd62ce2df8770a88d0f2c23a843120c5c1371dad782cfe6a482013fa634be9e392b6",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype MPCP (0x8808), length 65: MPCP, Opcode Gate, Timestamp 3183493218 ticks, length 51",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n -v",
            60,
            "0180c2000000001122334455880800025131a0b6fd659e4cb6912470b07c0697af708811d882c098d559ca3b550d6752993b06c2af57df7647d1e4d0",
            "MPCP, Opcode Gate, Timestamp 1362206902 ticks, length 46\n\tGrant Numbers 5, Flags [ Discovery, Force Grant #1, Force Grant #2, Force Grant #3, Force Grant #4 ]\n\tGrant #1, Start-Time 1704873142 ticks, duration 37156 ticks\n\tGrant #2, Start-Time 1890614278 ticks, duration 38831 ticks\n\tGrant #3, Start-Time 1887965656 ticks, duration 33472 ticks\n\tGrant #4, Start-Time 2564118986 ticks, duration 15189 ticks\n\tGrant #5, Start-Time 224875161 ticks, duration 15110 ticks\n\tSync-Time 49839 ticks",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n",
            28,
            "0180c200000000112233445588080007b84ef94c20610847aec53d99",
            "MPCP, Opcode Unknown (7), Timestamp 3092183372 ticks, length 14",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -e",
            28,
            "0180c200000000112233445588080001ff6b1f10585bacdce23d2a66",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, ethertype MPCP (0x8808), length 28: MPCP, Opcode Pause, length 14",
        );
    }
}

mod rtl {
    use crate::decoder_tests::check;

    #[test]
    fn case_0() {
        check(
            1,
            "-n -v",
            20,
            "0180c20000000011223344558899a505c33e37e7",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, Realtek RTL8366RB 4-byte DSA tag",
        );
    }

    #[test]
    fn case_1() {
        check(
            1,
            "-n",
            18,
            "0180c2000000001122334455889991026675",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, Realtek RTL8306 4-byte DSA tag",
        );
    }

    #[test]
    fn case_2() {
        check(
            1,
            "-n -v",
            32,
            "0180c2000000001122334455889907816403949728a4ce729728d6bda49ab697",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, Realtek unknown type 0x07",
        );
    }

    #[test]
    fn case_3() {
        check(
            1,
            "-n -vv",
            27,
            "0180c200000000112233445588990381c19f6994cbc4b6b9da64fa",
            "00:11:22:33:44:55 > 01:80:c2:00:00:00, RLDP",
        );
    }
}

/// Random and truncated payloads behind every entry point of these printers never panic.
mod never_panic {
    use crate::Options;
    use crate::test_pkt::ether;
    use crate::tests::print_one;
    use proptest::collection::vec;
    use proptest::num::u8::ANY;
    use proptest::sample::select;

    fn opts(v: u8, e: bool) -> Options {
        Options {
            verbose: v,
            link_header: e,
            numeric: 1,
            timestamp: 1,
            ..Default::default()
        }
    }

    proptest::proptest! {
        #[test]
        fn llc(dsap in select(vec![0x42u8, 0xaa, 0x06, 0xe0, 0xf0, 0xfe, 0xff, 0x04, 0x80]),
               ssap in ANY, ctl in ANY, rest in vec(ANY, 0..200), len in 0u16..1600,
               v in 0u8..4, e: bool) {
            let mut llc = vec![dsap, ssap, ctl];
            llc.extend_from_slice(&rest);
            let _ = print_one(opts(v, e), 1, &ether(len, &llc));
        }

        #[test]
        fn snap(oui in select(vec![0u32, 0x0c, 0xf8, 0x80c2, 0x080007, 0x123456]),
                pid in select(vec![0x2000u16, 0x2003, 0x2004, 0x0111, 0x010b, 0x010c, 1, 7, 0xe,
                                   0x0800, 0x809b, 0x80f3, 0x88cc]),
                rest in vec(ANY, 0..200), v in 0u8..4, e: bool) {
            let mut llc = vec![0xaa, 0xaa, 3];
            llc.extend_from_slice(&oui.to_be_bytes()[1..]);
            llc.extend_from_slice(&pid.to_be_bytes());
            llc.extend_from_slice(&rest);
            let _ = print_one(opts(v, e), 1, &ether(llc.len() as u16, &llc));
        }
    }
}
