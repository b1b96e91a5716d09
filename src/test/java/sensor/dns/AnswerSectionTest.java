package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.capture.CaptureException;
import sensor.capture.Filters;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;
import sensor.decode.Bytes;
import sensor.decode.IpAddress;
import sensor.decode.Layer;
import sensor.decode.Packet;
import sensor.decode.PacketDecoder;
import sensor.metrics.Tallies;
import sensor.scenario.DnsWire;
import sensor.testutil.SharedCorpus;

/**
 * The hand-read answer section gives exactly what dnsjava gives: every UDP DNS message of the
 * shared corpus and of the project's own demo capture is parsed both ways and the messages
 * compared field by field (answers, rcode with EDNS bits, OPT, malformed reason).
 */
class AnswerSectionTest {
    private final DnsParser hand = new DnsParser(true);
    private final DnsParser dnsjava = new DnsParser(false);
    private final AnswerSection section = new AnswerSection(new TextInterner(16));
    private int handRead;
    private int mxHandRead;
    private int compared;

    @Test
    void handPathAgreesWithDnsjavaOnEveryCorpusMessage() throws CaptureException {
        List<String> wrong = new ArrayList<>();
        List<Path> captures = new ArrayList<>(SharedCorpus.captures());
        captures.add(Path.of("captures/demo-2016.pcap"));
        captures.add(Path.of("captures/bind-unbound-dnssec.pcap"));
        for (Path capture : captures) {
            if (capture.toString().contains("libpcap-unreadable")) {
                continue;
            }
            compare(capture, wrong);
        }
        assertEquals(List.of(), wrong);
        assertTrue(handRead > 1000, "the hand path read " + handRead + " of " + compared + " messages");
        assertTrue(mxHandRead > 0, "MX answers read by hand: " + mxHandRead);
    }

    private void compare(Path capture, List<String> wrong) throws CaptureException {
        PacketDecoder decoder = new PacketDecoder(new Tallies());
        Frame frame = new Frame();
        Packet p = new Packet();
        try (PcapFileSource source = new PcapFileSource(capture.toString(), lt -> new Filters(null, null))) {
            while (source.next(frame)) {
                if (decoder.decode(frame, p) != Layer.UDP || p.payloadLength == 0 || !dnsPort(p)) {
                    continue;
                }
                ParseResult a = hand.parse(p.buf, p.payloadOffset, p.payloadLength, false, p.src(), p.srcPort, p.dst(),
                        p.dstPort, p.tsNanos, frame.number);
                ParseResult b = dnsjava.parse(p.buf, p.payloadOffset, p.payloadLength, false, p.src(), p.srcPort,
                        p.dst(), p.dstPort, p.tsNanos, frame.number);
                compared++;
                if (a instanceof DnsMessage decoded && handReadable(p)) {
                    handRead++;
                    if (decoded.answers().stream().anyMatch(x -> x.type().equals("MX"))) {
                        mxHandRead++;
                    }
                }
                if (!a.equals(b)) {
                    wrong.add(capture.getFileName() + " frame " + frame.number + ":\n  hand    " + a + "\n  dnsjava " + b);
                }
            }
        }
    }

    private boolean handReadable(Packet p) {
        int off = p.payloadOffset;
        int an = Bytes.u16(p.buf, off + 6);
        if (p.payloadLength < 12 || an == 0 || Bytes.u16(p.buf, off + 4) != 1) {
            return false;
        }
        NameBuilder q = new NameBuilder();
        int after = NameText.read(p.buf, off, off + 12, off + p.payloadLength, q);
        return after > 0 && section.read(p.buf, off, after + 4, off + p.payloadLength, an, 0, q.toString()) != null;
    }

    private static boolean dnsPort(Packet p) {
        return p.srcPort == 53 || p.dstPort == 53 || p.srcPort == 5353 || p.dstPort == 5353 || p.srcPort == 5355
                || p.dstPort == 5355;
    }

    /**
     * Real DNSSEC traffic read by hand: captures/bind-unbound-dnssec.pcap was recorded on loopback
     * from BIND 9.18 (authoritative for a zone signed with NSEC3, with a delegation and its glue)
     * and Unbound 1.17 (validating, so its queries ask for signatures), queried with dig with and
     * without DO, over UDP and TCP: signed answers, signed NXDOMAIN and NODATA, referrals, HTTPS,
     * MX, SRV, TXT and DNSKEY. Both paths agree on every message (the corpus test above reads it
     * too), and every UDP response with records is read by hand.
     */
    @Test
    void readsRealSignedTrafficByHand() throws CaptureException {
        PacketDecoder decoder = new PacketDecoder(new Tallies());
        Frame frame = new Frame();
        Packet p = new Packet();
        int responses = 0;
        int byHand = 0;
        List<String> left = new ArrayList<>();
        try (PcapFileSource source = new PcapFileSource("captures/bind-unbound-dnssec.pcap",
                lt -> new Filters(null, null))) {
            while (source.next(frame)) {
                if (decoder.decode(frame, p) != Layer.UDP || p.srcPort != 53) {
                    continue;
                }
                int off = p.payloadOffset;
                int end = off + p.payloadLength;
                int an = Bytes.u16(p.buf, off + 6);
                int ns = Bytes.u16(p.buf, off + 8);
                int ar = Bytes.u16(p.buf, off + 10);
                if (an + ns == 0) {
                    continue;
                }
                responses++;
                NameBuilder q = new NameBuilder();
                int after = NameText.read(p.buf, off, off + 12, end, q);
                int qtype = Bytes.u16(p.buf, after);
                AnswerSection.Sections read = section.read(p.buf, off, after + 4, end, an, ns, q.toString());
                if (read != null && section.additional(p.buf, off, read.end(), end, ar) != null) {
                    byHand++;
                } else {
                    left.add("frame " + frame.number + " " + q + " type " + qtype);
                }
            }
        }
        assertEquals(List.of(), left);
        assertTrue(responses > 200, responses + " responses");
        List<String> wrong = new ArrayList<>();
        compare(Path.of("captures/bind-unbound-dnssec.pcap"), wrong);
        assertEquals(List.of(), wrong);
    }

    @Test
    void readsCompressedOwnersCnameChainsAndBothAddressFamilies() {
        // id 7, QR RD RA, 1 question, 3 answers: www.example.com CNAME web.example.com,
        // web.example.com A 192.0.2.1, web.example.com AAAA 2001:db8::1 (owners compressed).
        byte[] m = bytes(
                "0007 8180 0001 0003 0000 0000",
                "03 777777 07 6578616d706c65 03 636f6d 00 0001 0001", // www.example.com A IN (offset 12)
                "c00c 0005 0001 00000e10 0006 03 776562 c010",        // CNAME web.<example.com>
                "c02d 0001 0001 0000003c 0004 c0000201",              // web... A 192.0.2.1 (name at 45)
                "c02d 001c 0001 0000003c 0010 20010db8000000000000000000000001");
        DnsMessage msg = decoded(parse(hand, m));
        assertNotNull(msg);
        assertEquals(parse(dnsjava, m), msg);
        assertEquals("[Answer[name=www.example.com, type=CNAME, ttl=3600, data=web.example.com],"
                + " Answer[name=web.example.com, type=A, ttl=60, data=192.0.2.1],"
                + " Answer[name=web.example.com, type=AAAA, ttl=60, data=2001:db8::1]]", msg.answers().toString());
    }

    @Test
    void readsTheZoneOfAnNxdomainAuthority() {
        // NXDOMAIN for nope.example.com, authority: example.com SOA ns.example.com. host.example.com. ...
        byte[] m = bytes("0009 8183 0001 0000 0001 0000",
                "04 6e6f7065 07 6578616d706c65 03 636f6d 00 0001 0001", // question at 12, example.com at 17
                "c011 0006 0001 00000384 0020 02 6e73 c011 04 686f7374 c011", // SOA at 34, rdlen at 44-45
                "78a2d9c1 00001c20 00000e10 00093a80 0000012c");
        DnsMessage msg = decoded(parse(hand, m));
        assertEquals("example.com", msg.authority());
        assertEquals(3, msg.rcode());
        assertEquals(parse(dnsjava, m), msg);
        // An rdata length one short of the SOA's fields: not read by hand; dnsjava decides.
        byte[] bad = m.clone();
        assertEquals(0x20, bad[45]);
        bad[45] = 0x1f;
        assertEquals(null, section.read(bad, 0, 34, bad.length, 0, 1, "nope.example.com"));
        assertEquals("example.com", section.read(m, 0, 34, m.length, 0, 1, "nope.example.com").authority());
    }

    @Test
    void readsMxAnswers() {
        // example.com MX 10 mx.example.com (the exchange compressed against the question).
        byte[] m = bytes("0007 8180 0001 0001 0000 0000",
                "07 6578616d706c65 03 636f6d 00 000f 0001",
                "c00c 000f 0001 00000e10 0007 000a 02 6d78 c00c");
        assertEquals("[Answer[name=example.com, type=MX, ttl=3600, data=10 mx.example.com]]",
                String.valueOf(section.read(m, 0, 29, m.length, 1, 0, "example.com").answers()));
        DnsMessage msg = decoded(parse(hand, m));
        assertEquals(parse(dnsjava, m), msg);
    }

    @Test
    void readsPtrNsAndSrvAnswers() {
        // 7.2.0.192.in-addr.arpa PTR host.example; example NS ns1.example;
        // _sip._udp.example SRV 10 60 5060 sip.example (names uncompressed).
        byte[] ptr = bytes("0007 8180 0001 0001 0000 0000",
                "01 37 01 32 01 30 03 313932 07 696e2d61646472 04 61727061 00 000c 0001",
                "c00c 000c 0001 00000e10 000e 04 686f7374 07 6578616d706c65 00");
        byte[] ns = bytes("0007 8180 0001 0001 0000 0000",
                "07 6578616d706c65 00 0002 0001",
                "c00c 0002 0001 00000e10 000d 03 6e7331 07 6578616d706c65 00");
        byte[] srv = bytes("0007 8180 0001 0001 0000 0000",
                "04 5f736970 04 5f756470 07 6578616d706c65 00 0021 0001",
                "c00c 0021 0001 00000e10 0013 000a 003c 13c4 03 736970 07 6578616d706c65 00");
        assertEquals("[Answer[name=7.2.0.192.in-addr.arpa, type=PTR, ttl=3600, data=host.example]]",
                String.valueOf(section.read(ptr, 0, 40, ptr.length, 1, 0, "7.2.0.192.in-addr.arpa").answers()));
        assertEquals("[Answer[name=example, type=NS, ttl=3600, data=ns1.example]]",
                String.valueOf(section.read(ns, 0, 25, ns.length, 1, 0, "example").answers()));
        assertEquals("[Answer[name=_sip._udp.example, type=SRV, ttl=3600, data=10 60 5060 sip.example]]",
                String.valueOf(section.read(srv, 0, 35, srv.length, 1, 0, "_sip._udp.example").answers()));
        for (byte[] m : List.of(ptr, ns, srv)) {
            assertEquals(parse(dnsjava, m), parse(hand, m));
        }
        // An SRV record whose target runs past its rdata: left to dnsjava.
        byte[] cut = srv.clone();
        cut[cut.length - 1] = 1;
        assertEquals(null, section.read(cut, 0, 35, cut.length, 1, 0, "_sip._udp.example"));
    }

    @Test
    void readsTxtAnswersAsDnsjavaPrintsThem() {
        // example TXT "v=spf1 -all"
        byte[] m = bytes("0007 8180 0001 0001 0000 0000",
                "07 6578616d706c65 03 636f6d 00 0010 0001",
                "c00c 0010 0001 00000e10 000c 0b 763d73706631202d616c6c");
        DnsMessage msg = decoded(parse(hand, m));
        assertEquals("\"v=spf1 -all\"", msg.answers().get(0).data());
        assertNotNull(section.read(m, 0, 29, m.length, 1, 0, "example.com"));
        // Every byte value, a quote and a backslash among them, then an empty string and a short one.
        byte[] all = new byte[256 + 1 + 2];
        all[0] = (byte) 255;
        for (int i = 0; i < 255; i++) {
            all[1 + i] = (byte) i;
        }
        all[256] = 0;
        all[257] = 1;
        all[258] = (byte) 0xff;
        DnsWire.RawRr txt = new DnsWire.RawRr("example.com", DnsWire.TXT, 1, 60, all);
        byte[] r = DnsWire.message(7, 0x8180, "example.com", DnsWire.TXT, 1, List.of(txt), List.of(), List.of());
        assertNotNull(section.read(r, 0, 29, r.length, 1, 0, "example.com"), "read by hand");
        assertEquals(parse(dnsjava, r), parse(hand, r));
        // A string whose length runs past the rdata: left to dnsjava, which names it.
        byte[] cut = r.clone();
        cut[cut.length - 2] = 5;
        assertEquals(null, section.read(cut, 0, 29, cut.length, 1, 0, "example.com"));
        assertEquals(parse(dnsjava, cut), parse(hand, cut));
    }

    @Test
    void readsSvcbAndHttpsAnswersAsDnsjavaPrintsThem() {
        // example.com HTTPS 1 . alpn=h2,h3 ipv4hint=192.0.2.1 ech=AQID ipv6hint=2001:db8::1,::ffff:192.0.2.2
        java.io.ByteArrayOutputStream rdata = new java.io.ByteArrayOutputStream();
        rdata.writeBytes(bytes("0001 00", "0001 0006 02 6832 02 6833", "0004 0004 c0000201", "0005 0003 010203",
                "0006 0020 20010db8000000000000000000000001 00000000000000000000ffffc0000202"));
        DnsWire.RawRr https = new DnsWire.RawRr("example.com", 65, 1, 60, rdata.toByteArray());
        byte[] m = DnsWire.message(7, 0x8180, "example.com", 65, 1, List.of(https), List.of(), List.of());
        assertNotNull(section.read(m, 0, 29, m.length, 1, 0, "example.com"), "read by hand");
        DnsMessage msg = decoded(parse(hand, m));
        assertEquals("1 . alpn=h2,h3 ipv4hint=192.0.2.1 ech=AQID ipv6hint=2001:db8::1,192.0.2.2",
                msg.answers().get(0).data());
        assertEquals(parse(dnsjava, m), msg);

        // Random records, well and badly formed: both paths agree on every one, and most
        // well-formed ones are read by hand.
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9460);
        int read = 0;
        int total = 4000;
        for (int n = 0; n < total; n++) {
            byte[] r = randomSvcb(rnd);
            int type = rnd.nextBoolean() ? 64 : 65;
            byte[] msgBytes = DnsWire.message(n, 0x8180, "svc.example", type, 1,
                    List.of(new DnsWire.RawRr("svc.example", type, 1, 300, r)), List.of(), List.of());
            if (section.read(msgBytes, 0, 29, msgBytes.length, 1, 0, "svc.example") != null) {
                read++;
            }
            ParseResult byHand = parse(hand, msgBytes);
            ParseResult byDnsjava = parse(dnsjava, msgBytes);
            assertEquals(byDnsjava, byHand, "record " + n + ": " + java.util.HexFormat.of().formatHex(r));
        }
        assertTrue(read > total / 3, "read by hand: " + read + " of " + total);
    }

    /** Mostly what alpn ids are made of, and the characters dnsjava escapes in them. */
    private static final String ALPN_CHARS = "h23-quic/h23-quic/h23-quic/,\\\" ~";

    /** SVCB rdata: a priority, a target, and parameters mostly well formed, in order, with odd ones mixed in. */
    private static byte[] randomSvcb(java.util.SplittableRandom rnd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int priority = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(65536);
        out.write(priority >>> 8);
        out.write(priority);
        String[] targets = {"", "svc.example.net", "Mixed.CASE.example", "a\\.b.example"};
        String target = targets[rnd.nextInt(targets.length)];
        for (String label : target.isEmpty() ? new String[0] : target.split("(?<!\\\\)\\.")) {
            byte[] l = label.replace("\\.", ".").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            out.write(l.length);
            out.writeBytes(l);
        }
        out.write(0);
        int[] keys = {0, 1, 2, 3, 4, 5, 6, 7, 65001};
        int key = -1;
        int params = rnd.nextInt(5);
        for (int i = 0; i < params; i++) {
            int k = rnd.nextInt(12) == 0 ? keys[rnd.nextInt(keys.length)] : key + 1 + rnd.nextInt(3);
            if (k > 65535) {
                break;
            }
            key = Math.max(key, k);
            java.io.ByteArrayOutputStream v = new java.io.ByteArrayOutputStream();
            switch (rnd.nextInt(10) == 0 ? -1 : k) {
                case 0 -> { v.write(0); v.write(1 + rnd.nextInt(6)); }
                case 1 -> {
                    for (int ids = 1 + rnd.nextInt(3), j = 0; j < ids; j++) {
                        int len = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(4);
                        v.write(len);
                        for (int c = 0; c < len; c++) {
                            v.write(rnd.nextInt(10) == 0 ? rnd.nextInt(256) : ALPN_CHARS.charAt(rnd.nextInt(ALPN_CHARS.length())));
                        }
                    }
                }
                case 2 -> { }
                case 3 -> { v.write(rnd.nextInt(256)); v.write(rnd.nextInt(256)); }
                case 4, 6 -> {
                    int size = k == 4 ? 4 : 16;
                    for (int a = 0, count = 1 + rnd.nextInt(3); a < count * size; a++) {
                        v.write(k == 6 && a % 16 < 10 && rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(256));
                    }
                }
                case 5 -> {
                    for (int a = 0, len = 1 + rnd.nextInt(40); a < len; a++) {
                        v.write(rnd.nextInt(256));
                    }
                }
                default -> {
                    for (int a = 0, len = rnd.nextInt(5); a < len; a++) {
                        v.write(rnd.nextInt(256));
                    }
                }
            }
            byte[] value = v.toByteArray();
            int length = rnd.nextInt(25) == 0 ? value.length + 1 : value.length;
            out.write(k >>> 8);
            out.write(k);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    @Test
    void readsGlueAndAnOptRecordInTheAdditionalSectionAsDnsjavaDoes() {
        // example.com A 192.0.2.1; additional: ns.example.com A, ns.example.com AAAA, OPT (DO, 1232).
        byte[] m = bytes("0007 8180 0001 0001 0000 0003",
                "07 6578616d706c65 03 636f6d 00 0001 0001",
                "c00c 0001 0001 0000003c 0004 c0000201",
                "02 6e73 c00c 0001 0001 0000003c 0004 c0000235",
                "c02d 001c 0001 0000003c 0010 20010db8000000000000000000000035",
                "00 0029 04d0 00008000 0000");
        assertNotNull(section.additional(m, 0, 45, m.length, 3), "read by hand");
        DnsMessage msg = decoded(parse(hand, m));
        assertEquals(1232, msg.ednsUdpSize());
        assertTrue(msg.dnssecOk());
        assertEquals(parse(dnsjava, m), msg);

        // Random additional sections, well and badly formed: both paths agree on every one.
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(6891);
        int read = 0;
        int total = 4000;
        for (int n = 0; n < total; n++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int count = 1 + rnd.nextInt(4);
            out.writeBytes(bytes("0007 8180 0001 0001 0000 000" + count,
                    "07 6578616d706c65 03 636f6d 00 0001 0001",
                    "c00c 0001 0001 0000003c 0004 c0000201"));
            for (int i = 0; i < count; i++) {
                out.writeBytes(randomAdditional(rnd));
            }
            if (rnd.nextInt(20) == 0) {
                out.write(0x2a); // a stray byte after the section
            }
            byte[] r = out.toByteArray();
            if (rnd.nextInt(20) == 0) {
                r = java.util.Arrays.copyOf(r, r.length - 1 - rnd.nextInt(Math.min(12, r.length - 45)));
            }
            if (section.additional(r, 0, 45, r.length, count) != null) {
                read++;
            }
            ParseResult byHand = parse(hand, r);
            ParseResult byDnsjava = parse(dnsjava, r);
            assertEquals(byDnsjava, byHand, "message " + n + ": " + java.util.HexFormat.of().formatHex(r));
        }
        assertTrue(read > total / 3, "read by hand: " + read + " of " + total);
    }

    @Test
    void readsSignedAnswersAndAuthoritiesAsDnsjavaDoes() {
        // example.com A 192.0.2.1, RRSIG A 13 2 300 (expires 2026-08-10, signed 2026-06-13) 12345 example.com
        byte[] m = bytes("0007 8180 0001 0002 0000 0000",
                "07 6578616d706c65 03 636f6d 00 0001 0001",
                "c00c 0001 0001 0000003c 0004 c0000201",
                "c00c 002e 0001 0000003c 0018 0001 0d 02 0000012c 6a7a0e00 6a2d6000 3039 c00c 01020304");
        DnsMessage msg = decoded(parse(hand, m));
        assertNotNull(section.read(m, 0, 29, m.length, 2, 0, "example.com"), "read by hand");
        assertEquals("A 13 2 300 20260810174432 20260613134952 12345 example.com AQIDBA==",
                msg.answers().get(1).data());
        assertEquals(parse(dnsjava, m), msg);

        // NXDOMAIN with its proofs: SOA, its RRSIG, an NSEC and an NSEC3 record, each with a signature.
        byte[] denial = bytes("0008 8183 0001 0000 0005 0000",
                "04 6e6f7065 07 6578616d706c65 03 636f6d 00 0001 0001",
                "c011 0006 0001 00000384 0020 02 6e73 c011 04 686f7374 c011 78a2d9c1 00001c20 00000e10 00093a80 0000012c",
                "c011 002e 0001 00000384 0018 0006 0d 02 00000384 6a7a0e00 6a2d6000 3039 c011 01020304",
                "c011 002f 0001 00000384 000d 02 6e73 c011 00 06 620000000003",
                "c011 0032 0001 00000384 001f 01 00 000a 02 abcd 14 0102030405060708090a0b0c0d0e0f1011121314 00 01 62",
                "c011 002e 0001 00000384 0018 0032 0d 02 00000384 6a7a0e00 6a2d6000 3039 c011 01020304");
        assertNotNull(section.read(denial, 0, 34, denial.length, 0, 5, "nope.example.com"), "read by hand");
        DnsMessage denied = decoded(parse(hand, denial));
        assertEquals("example.com", denied.authority());
        assertEquals(parse(dnsjava, denial), denied);

        // An NSEC3 record whose next hash claims one byte more than its rdata holds: left to dnsjava.
        byte[] overrun = bytes("0008 8183 0001 0000 0002 0000",
                "04 6e6f7065 07 6578616d706c65 03 636f6d 00 0001 0001",
                "c011 0006 0001 00000384 0020 02 6e73 c011 04 686f7374 c011 78a2d9c1 00001c20 00000e10 00093a80 0000012c",
                "c011 0032 0001 00000384 001c 01 00 000a 02 abcd 15 0102030405060708090a0b0c0d0e0f1011121314");
        assertEquals(null, section.read(overrun, 0, 34, overrun.length, 0, 2, "nope.example.com"));
        assertEquals(parse(dnsjava, overrun), parse(hand, overrun));

        // Random keys (DNSKEY, DS) and signatures in the answer section, and signatures and proofs of denial (NSEC,
        // NSEC3), before, after or without the SOA or NS record that names the zone: both paths
        // agree on every one.
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4034);
        int read = 0;
        int total = 4000;
        for (int n = 0; n < total; n++) {
            List<byte[]> answers = new ArrayList<>();
            answers.add(rnd.nextInt(4) > 0 ? bytes("c00c 0001 0001 0000003c 0004 c0000201")
                    : concat(bytes(rnd.nextBoolean() ? "c00c 0030 0001 0000003c" : "c00c 002b 0001 0000003c"),
                            withLength(randomBytes(rnd, rnd.nextInt(8) == 0 ? rnd.nextInt(4) : 4 + rnd.nextInt(70)))));
            for (int i = rnd.nextInt(3); i > 0; i--) {
                answers.add(concat(bytes("c00c 002e 0001 0000003c"), withLength(randomRrsig(rnd))));
            }
            List<byte[]> authority = new ArrayList<>();
            for (int i = rnd.nextInt(4); i > 0; i--) {
                authority.add(switch (rnd.nextInt(4)) {
                    case 0 -> bytes("c014 0002 0001 00000e10 0005 02 6e73 c014"); // example.com NS ns.example.com
                    case 1 -> bytes("c014 0006 0001 00000384 0018 02 6e73 c014 04 686f7374 c014",
                            "78a2d9c1 00001c20 00000e10 00093a80 0000012c");
                    case 2 -> concat(bytes("c014 002e 0001 00000384"), withLength(randomRrsig(rnd)));
                    default -> rnd.nextBoolean()
                            ? concat(bytes("c014 002f 0001 00000384"), withLength(randomNsec(rnd)))
                            : concat(bytes("20 3031323334353637383961626364656667686970717273747576 c014 0032 0001"
                                    + " 00000384"), withLength(randomNsec3(rnd)));
                });
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.writeBytes(bytes(String.format("0007 8180 0001 %04x %04x 0000", answers.size(), authority.size()),
                    "07 6578616d706c65 03 636f6d 00 0001 0001"));
            answers.forEach(out::writeBytes);
            authority.forEach(out::writeBytes);
            byte[] r = out.toByteArray();
            if (section.read(r, 0, 29, r.length, answers.size(), authority.size(), "example.com") != null) {
                read++;
            }
            ParseResult byHand = parse(hand, r);
            ParseResult byDnsjava = parse(dnsjava, r);
            assertEquals(byDnsjava, byHand, "message " + n + ": " + java.util.HexFormat.of().formatHex(r));
        }
        assertTrue(read > total / 3, "read by hand: " + read + " of " + total);
    }

    /** RRSIG rdata: any type covered, algorithm, times and key tag; a signer and a signature of any length. */
    private static byte[] randomRrsig(java.util.SplittableRandom rnd) {
        byte[] fixed = randomBytes(rnd, 18);
        if (rnd.nextBoolean()) {
            fixed[0] = 0;
            fixed[1] = (byte) new int[] {1, 2, 5, 6, 28, 43, 48, 50, 65}[rnd.nextInt(9)];
        }
        String[] signers = {"c00c", "00", "07 4578416d504c65 03 436f4d 00", "01 20 c00c", "c0ff", "05 6162"};
        String signer = signers[rnd.nextInt(12) == 0 ? 4 + rnd.nextInt(2) : rnd.nextInt(4)];
        byte[] signature = randomBytes(rnd, rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(100));
        return concat(concat(fixed, bytes(signer)), signature);
    }

    /** NSEC rdata: the next owner, then a type bitmap mostly well formed. */
    private static byte[] randomNsec(java.util.SplittableRandom rnd) {
        String[] next = {"c00c", "00", "03 777777 c00c", "c0ff"};
        return concat(bytes(next[rnd.nextInt(8) == 0 ? 3 : rnd.nextInt(3)]), randomBitmap(rnd));
    }

    /** NSEC3 rdata: algorithm, flags, iterations, a salt and a next hash (their lengths sometimes off), a type bitmap. */
    private static byte[] randomNsec3(java.util.SplittableRandom rnd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, (byte) rnd.nextInt(2), 0, (byte) rnd.nextInt(20)});
        for (int field = 0; field < 2; field++) {
            byte[] v = randomBytes(rnd, field == 0 ? rnd.nextInt(9) : 20);
            out.write(rnd.nextInt(15) == 0 ? v.length + 1 + (rnd.nextBoolean() ? 0 : rnd.nextInt(40)) : v.length);
            out.writeBytes(v);
        }
        out.writeBytes(randomBitmap(rnd));
        return out.toByteArray();
    }

    /** Type bitmap windows: ascending and 1-32 bytes long, or now and then out of order, empty, too long or cut. */
    private static byte[] randomBitmap(java.util.SplittableRandom rnd) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int window = -1;
        for (int w = rnd.nextInt(4); w > 0; w--) {
            window = rnd.nextInt(10) == 0 ? Math.max(0, window) : window + 1 + rnd.nextInt(3);
            int length = rnd.nextInt(10) == 0 ? rnd.nextInt(40) : 1 + rnd.nextInt(8);
            byte[] map = randomBytes(rnd, length);
            out.write(window);
            out.write(length);
            out.write(map, 0, length > 0 && rnd.nextInt(10) == 0 ? rnd.nextInt(length) : length);
        }
        if (rnd.nextInt(15) == 0) {
            out.write(7); // a window number without its length
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(java.util.SplittableRandom rnd, int length) {
        byte[] b = new byte[length];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] withLength(byte[] rdata) {
        return concat(bytes(String.format("%04x", rdata.length)), rdata);
    }

    /**
     * An OPT record whose option runs past it reads the same beside glue as alone: EDNS kept and
     * the option named (dnsjava would drop the whole record), as for a query.
     */
    @Test
    void aBadOptionReadsTheSameWithGlueAsAlone() {
        String header = "0007 8180 0001 0001 0000 000";
        String question = "07 6578616d706c65 03 636f6d 00 0001 0001 c00c 0001 0001 0000003c 0004 c0000201";
        String glue = "02 6e73 c00c 0001 0001 0000003c 0004 c0000235";
        String opt = "00 0029 04d0 00008000 000c 000a 0028 0102030405060708"; // a cookie claiming 40 bytes
        byte[] alone = bytes(header + "1", question, opt);
        byte[] withGlue = bytes(header + "2", question, glue, opt);
        DnsMessage a = decoded(parse(hand, alone));
        DnsMessage g = decoded(parse(hand, withGlue));
        assertEquals(Malformation.BAD_EDNS_OPTION, a.malformed());
        assertEquals(1232, a.ednsUdpSize());
        assertEquals(a, g);
    }

    /** One additional record: mostly glue or OPT, sometimes another type, class, length or owner. */
    private static byte[] randomAdditional(java.util.SplittableRandom rnd) {
        String[] owners = {"c00c", "00", "026e73 c00c", "036e7332 07 6578616d706c65 03 636f6d 00", "c0ff", "3f"};
        String owner = rnd.nextInt(8) == 0 ? owners[4 + rnd.nextInt(2)] : owners[rnd.nextInt(4)];
        int kind = rnd.nextInt(10);
        if (kind < 3) { // OPT with well-formed options (a bad one: see the test below)
            java.io.ByteArrayOutputStream opts = new java.io.ByteArrayOutputStream();
            for (int o = rnd.nextInt(3); o > 0; o--) {
                opts.writeBytes(rnd.nextBoolean() ? bytes("0008 0007 0001 18 00 c63364")
                        : bytes("000a 0008 0102030405060708"));
            }
            byte[] o = opts.toByteArray();
            return concat(bytes("00 0029 04d0", rnd.nextBoolean() ? "00008000" : "00000000",
                    String.format("%04x", o.length)), o);
        }
        if (kind == 3) { // a signature of the glue, or an alias target's HTTPS record
            return rnd.nextBoolean() ? concat(bytes(owner, "002e 0001 0000003c"), withLength(randomRrsig(rnd)))
                    : concat(bytes(owner, "0041 0001 0000003c"), withLength(randomSvcb(rnd)));
        }
        int type = kind < 6 ? 1 : kind < 9 ? 28 : new int[] {2, 16, 33, 250}[rnd.nextInt(4)];
        int rdlen = type == 1 ? 4 : type == 28 ? 16 : 3;
        if (rnd.nextInt(8) == 0) {
            rdlen += rnd.nextBoolean() ? 1 : -1;
        }
        int rclass = rnd.nextInt(12) == 0 ? 3 : 1;
        byte[] rdata = randomBytes(rnd, Math.max(0, rdlen));
        return concat(bytes(owner, String.format("%04x %04x 0000003c %04x", type, rclass, rdata.length)), rdata);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void anythingElseIsLeftToDnsjava() {
        // An HINFO answer ("CPU" "OS"): not read by hand, and the parse still reports it.
        byte[] m = bytes("0007 8180 0001 0001 0000 0000",
                "07 6578616d706c65 03 636f6d 00 000d 0001",
                "c00c 000d 0001 00000e10 0007 03 435055 02 4f53");
        assertEquals(null, section.read(m, 0, 29, m.length, 1, 0, "example.com"));
        DnsMessage msg = decoded(parse(hand, m));
        assertEquals("\"CPU\" \"OS\"", msg.answers().get(0).data());
    }

    private static byte[] bytes(String... hex) {
        String h = String.join("", hex).replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** A response from 192.0.2.53 to 192.0.2.9, frame 1. */
    private static ParseResult parse(DnsParser parser, byte[] m) {
        return parser.parse(m, 0, m.length, false, IpAddress.parse("192.0.2.53"), 53, IpAddress.parse("192.0.2.9"),
                4000, 0, 1);
    }

    private static DnsMessage decoded(ParseResult r) {
        return assertInstanceOf(DnsMessage.class, r);
    }
}
