package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
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
 * pdns.jsonl of a capture scripted here, every field worked out from the script:
 * <pre>
 *  time  resolver  lookup (answered 1 ms later)
 *   0 s  R1        www.example.com A: CNAME edge.myexample.com, edge.myexample.com A 192.0.2.80;
 *                  authority NS example.com
 *  10 s  R2        the same, without the authority section
 *  20 s  R1        alias.example.com A: NXDOMAIN after CNAME gone.example.org (RFC 6604)
 *  30 s  R1        an.example.com A 192.0.2.90
 *  31 s  R1        c0.example.com A 192.0.2.90
 *  40 s  R1        types.example.com A: records of types 127, 128 (RFC 6895's first meta-type),
 *                  255 (ANY, its last), 256 (URI) and A 192.0.2.91
 * </pre>
 * "an.example.com" and "c0.example.com" have one String hash: 'a'·31¹³ + 'n'·31¹² =
 * 'c'·31¹³ + '0'·31¹² since ('c' − 'a')·31 = 2·31 = 62 = 'n' − '0'. The client is 10.0.0.9.
 */
class PassiveDnsRecordsTest {
    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.9");
    private static final IpAddress R1 = IpAddress.parse("192.0.2.53");
    private static final IpAddress R2 = IpAddress.parse("198.51.100.53");
    private static final int QR_RD_RA = 0x8000 | 0x0100 | 0x0080;
    private static final int IN = 1;

    private Map<String, JsonNode> pdns;

    /** Per test, not once per class: PIT credits what a @BeforeAll runs to one test method only. */
    @BeforeEach
    void replay(@TempDir Path dir) throws IOException {
        Path out = ContractCapture.replayed(dir, "pdns.pcap", PassiveDnsRecordsTest::write);
        pdns = Expect.by(ContractCapture.lines(out.resolve("pdns.jsonl")),
                r -> r.get("rrname").asText() + " " + r.get("rrtype").asText() + " " + r.get("rdata").asText());
    }

    @Test
    void oneRecordPerNameTypeAndDataOfANoerrorAnswer() {
        // Not alias.example.com's CNAME: an NXDOMAIN answer is no fact.
        assertEquals(List.of("an.example.com A 192.0.2.90", "c0.example.com A 192.0.2.90",
                "edge.myexample.com A 192.0.2.80", "www.example.com CNAME edge.myexample.com"),
                pdns.keySet().stream().filter(k -> !k.startsWith("types.example.com ")).sorted().toList());
    }

    @Test
    void theMetaTypes128To255AreNoFacts() {
        // Types 127 and 256 are data on either side of the meta-types (RFC 6895 3.1).
        assertEquals(List.of("A", "TYPE127", "URI"), pdns.values().stream()
                .filter(r -> r.get("rrname").asText().equals("types.example.com"))
                .map(r -> r.get("rrtype").asText()).sorted().toList());
    }

    @Test
    void aFactSeenTwiceFromTwoResolvers() {
        // Answered at 0.001 s by R1 (with the authority) and at 10.001 s by R2.
        fields("""
                {'time_first': '2016-09-23T14:02:11.001000Z', 'time_last': '2016-09-23T14:02:21.001000Z',
                 'count': 2, 'bailiwick': 'example.com', 'servers': ['192.0.2.53', '198.51.100.53']}
                """, pdns.get("www.example.com CNAME edge.myexample.com"));
        // edge.myexample.com ends in "example.com" but is not under it: no bailiwick.
        JsonNode edge = pdns.get("edge.myexample.com A 192.0.2.80");
        fields("""
                {'time_first': '2016-09-23T14:02:11.001000Z', 'time_last': '2016-09-23T14:02:21.001000Z',
                 'count': 2, 'servers': ['192.0.2.53', '198.51.100.53']}
                """, edge);
        assertFalse(edge.has("bailiwick"), edge.toString());
    }

    @Test
    void namesOfOneHashStayApart() {
        assertEquals("an.example.com".hashCode(), "c0.example.com".hashCode(), "the script's premise");
        fields("""
                {'time_first': '2016-09-23T14:02:41.001000Z', 'time_last': '2016-09-23T14:02:41.001000Z',
                 'count': 1, 'servers': ['192.0.2.53']}
                """, pdns.get("an.example.com A 192.0.2.90"));
        fields("""
                {'time_first': '2016-09-23T14:02:42.001000Z', 'time_last': '2016-09-23T14:02:42.001000Z',
                 'count': 1, 'servers': ['192.0.2.53']}
                """, pdns.get("c0.example.com A 192.0.2.90"));
    }

    private static void write(Path pcap) throws IOException {
        long t0 = ContractCapture.T0;
        long s = ContractCapture.S;
        List<RawRr> www = List.of(RawRr.of(new Rr("www.example.com", DnsWire.CNAME, 300, "edge.myexample.com")),
                RawRr.of(new Rr("edge.myexample.com", DnsWire.A, 60, "192.0.2.80")));
        List<RawRr> ns = List.of(RawRr.of(new Rr("example.com", DnsWire.NS, 3600, "ns1.example.com")));
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            Lookups l = new Lookups(w);
            l.at(t0, R1, "www.example.com", DnsWire.NOERROR, www, ns);
            l.at(t0 + 10 * s, R2, "www.example.com", DnsWire.NOERROR, www, List.of());
            l.at(t0 + 20 * s, R1, "alias.example.com", DnsWire.NXDOMAIN,
                    List.of(RawRr.of(new Rr("alias.example.com", DnsWire.CNAME, 300, "gone.example.org"))), List.of());
            l.at(t0 + 30 * s, R1, "an.example.com", DnsWire.NOERROR,
                    List.of(RawRr.of(new Rr("an.example.com", DnsWire.A, 60, "192.0.2.90"))), List.of());
            l.at(t0 + 31 * s, R1, "c0.example.com", DnsWire.NOERROR,
                    List.of(RawRr.of(new Rr("c0.example.com", DnsWire.A, 60, "192.0.2.90"))), List.of());
            byte[] four = {1, 2, 3, 4};
            byte[] uri = {0, 10, 0, 1, 'h', 't', 't', 'p', ':', '/', '/', 'x'}; // priority 10, weight 1, target
            l.at(t0 + 40 * s, R1, "types.example.com", DnsWire.NOERROR, List.of(
                    new RawRr("types.example.com", 127, IN, 60, four), new RawRr("types.example.com", 128, IN, 60, four),
                    new RawRr("types.example.com", 255, IN, 60, four), new RawRr("types.example.com", 256, IN, 60, uri),
                    RawRr.of(new Rr("types.example.com", DnsWire.A, 60, "192.0.2.91"))), List.of());
        }
    }

    /** Lookups of A records by the client, each answered 1 ms after its query. */
    private static final class Lookups {
        private final PcapWriter w;
        private final FrameBuilder fb = new FrameBuilder();
        private int id;

        Lookups(PcapWriter w) {
            this.w = w;
        }

        void at(long micros, IpAddress resolver, String qname, int rcode, List<RawRr> answers, List<RawRr> authority)
                throws IOException {
            int q = ++id;
            int port = 40_000 + q;
            fb.udp(CLIENT, port, resolver, 53, DnsWire.query(q, qname, DnsWire.A, false), 0);
            w.write(micros, fb.buffer(), fb.length());
            fb.udp(resolver, 53, CLIENT, port,
                    DnsWire.message(q, QR_RD_RA | rcode, qname, DnsWire.A, IN, answers, authority, List.of()), 0);
            w.write(micros + ContractCapture.MS, fb.buffer(), fb.length());
        }
    }
}
