package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.DnsWire.RawRr;
import sensor.scenario.DnsWire.Rr;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.testutil.ContractCapture;
import sensor.testutil.Expect;

/**
 * Responses that dnsjava refuses, each for another reason in another section: the records before
 * the break are kept, and the break is named (reason and section) in dns.jsonl and counted in
 * summary.json. The messages are written here; each response comes 1 ms after its query.
 * <pre>
 *  id  time  message
 *   1   0 s  length.example A: A 192.0.2.1, A 192.0.2.2, an A record of 5 bytes (RFC 1035
 *            3.4.1: 4), A 192.0.2.4; each whole by its length, so only dnsjava finds the third bad
 *   2   1 s  loop.example A: A 192.0.2.1, then a record whose owner is a pointer to itself
 *   3   2 s  authority.example A: A 192.0.2.1, A 192.0.2.2; an authority record whose owner
 *            starts with the reserved label type 0x40 (RFC 6891 5)
 *   4   3 s  an UPDATE of example.com (RFC 2136), never answered, whose one update record has
 *            that reserved label type
 * </pre>
 */
class MalformedSectionsTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("198.51.100.53");
    private static final int QR_RD_RA = 0x8000 | 0x0100 | 0x0080;
    private static final int UPDATE = 5 << 11;
    private static final int IN = 1;
    private static final int SOA = 6;
    private static final byte[] RESERVED_LABEL = {0x45, 'x', 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4};

    private Map<Integer, JsonNode> dns;
    private JsonNode counters;

    /** Per test, not once per class: PIT credits what a @BeforeAll runs to one test method only. */
    @BeforeEach
    void replay(@TempDir Path dir) throws IOException {
        Path out = ContractCapture.replayed(dir, "malformed.pcap", MalformedSectionsTest::write);
        dns = Expect.by(ContractCapture.lines(out.resolve("dns.jsonl")), r -> r.get("id").asText()).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> Integer.parseInt(e.getKey()), Map.Entry::getValue));
        counters = ContractCapture.object(out.resolve("summary.json")).get("counters");
    }

    @Test
    void aRecordLongerThanItsTypeIsABadLengthAndTheRecordsBeforeItStay() {
        fields("""
                {'status': 'answered', 'rcode': 'NOERROR',
                 'answers': [{'name': 'length.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.1'},
                             {'name': 'length.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.2'}],
                 'malformed': 'dns_bad_length', 'malformed_section': 'answer', 'malformed_in': 'response'}
                """, dns.get(1));
    }

    @Test
    void anOwnerPointingAtItselfIsACompressionLoop() {
        fields("""
                {'answers': [{'name': 'loop.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.1'}],
                 'malformed': 'dns_compression_loop', 'malformed_section': 'answer', 'malformed_in': 'response'}
                """, dns.get(2));
    }

    @Test
    void aBreakInTheAuthoritySectionKeepsEveryAnswer() {
        fields("""
                {'answers': [{'name': 'authority.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.1'},
                             {'name': 'authority.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.2'}],
                 'malformed': 'dns_bad_label', 'malformed_section': 'authority', 'malformed_in': 'response'}
                """, dns.get(3));
    }

    @Test
    void anUpdateNamesItsSectionsAsRfc2136Does() {
        // The authority section of an update is its update section.
        fields("""
                {'status': 'unanswered', 'opcode': 'UPDATE', 'malformed': 'dns_bad_label',
                 'malformed_section': 'update', 'malformed_in': 'query'}
                """, dns.get(4));
        fields("{'zone': 'example.com', 'prerequisites': 0, 'updates': 1, 'additional': 0}", dns.get(4).get("update"));
    }

    @Test
    void eachBreakIsCountedByItsReason() {
        // Four broken messages (the three responses and the update): one bad length, one loop, two
        // bad labels, named as weirds.
        fields("{'dns_bad_length': 1, 'dns_compression_loop': 1, 'dns_bad_label': 2}", counters.get("weird"));
        assertEquals(4, counters.get("dns").get("malformed").asLong(), counters.get("dns").toString());
    }

    private static void write(Path pcap) throws IOException {
        FrameBuilder fb = new FrameBuilder();
        long t0 = ContractCapture.T0;
        long s = ContractCapture.S;
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            byte[] length = DnsWire.message(1, QR_RD_RA, "length.example", DnsWire.A, IN, List.of(
                    a("length.example", "192.0.2.1"), a("length.example", "192.0.2.2"),
                    new RawRr("length.example", DnsWire.A, IN, 60, new byte[5]), a("length.example", "192.0.2.4")),
                    List.of(), List.of());
            lookup(w, fb, 1, "length.example", t0, length);

            byte[] loop = DnsWire.message(2, QR_RD_RA, "loop.example", DnsWire.A, IN,
                    List.of(a("loop.example", "192.0.2.1")), List.of(), List.of());
            int at = loop.length; // the owner's offset: a pointer (0xc000 | offset) to its own first byte
            loop = append(loop, 6, new byte[] {(byte) (0xc0 | at >> 8), (byte) at, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4,
                    (byte) 192, 0, 2, 2});
            lookup(w, fb, 2, "loop.example", t0 + s, loop);

            byte[] authority = DnsWire.message(3, QR_RD_RA, "authority.example", DnsWire.A, IN,
                    List.of(a("authority.example", "192.0.2.1"), a("authority.example", "192.0.2.2")), List.of(),
                    List.of());
            lookup(w, fb, 3, "authority.example", t0 + 2 * s, append(authority, 8, RESERVED_LABEL));

            byte[] update = append(DnsWire.message(4, UPDATE, "example.com", SOA, IN, List.of(), List.of(), List.of()),
                    8, RESERVED_LABEL);
            fb.udp(CLIENT, 40_004, SERVER, 53, update, 0);
            w.write(t0 + 3 * s, fb.buffer(), fb.length());
        }
    }

    private static RawRr a(String name, String address) {
        return RawRr.of(new Rr(name, DnsWire.A, 60, address));
    }

    /** The message with {@code record} added at its end and the 16-bit count at {@code countAt} raised by one. */
    private static byte[] append(byte[] message, int countAt, byte[] record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(message);
        out.writeBytes(record);
        byte[] b = out.toByteArray();
        int n = ((b[countAt] & 0xff) << 8 | (b[countAt + 1] & 0xff)) + 1;
        b[countAt] = (byte) (n >> 8);
        b[countAt + 1] = (byte) n;
        return b;
    }

    private static void lookup(PcapWriter w, FrameBuilder fb, int id, String qname, long at, byte[] response)
            throws IOException {
        int port = 40_000 + id;
        fb.udp(CLIENT, port, SERVER, 53, DnsWire.query(id, qname, DnsWire.A, false), 0);
        w.write(at, fb.buffer(), fb.length());
        fb.udp(SERVER, 53, CLIENT, port, response, 0);
        w.write(at + ContractCapture.MS, fb.buffer(), fb.length());
    }
}
