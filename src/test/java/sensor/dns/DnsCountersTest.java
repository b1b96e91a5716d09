package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.testutil.ContractCapture;

/**
 * The DNS counters of summary.json (messages, queries, responses, malformed, per opcode, qtype
 * and rcode, and the cap on distinct qtype labels) on a capture whose every message the test
 * writes, so each count follows from the script.
 */
class DnsCountersTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.53");
    private static final int RD = 0x0100;
    private static final int QR = 0x8000;
    private static final int NOTIFY = 4 << 11; // opcode 4 (RFC 1996)

    @TempDir
    Path dir;
    private JsonNode counters;

    /**
     * The capture, one UDP message per frame:
     * <pre>
     *  65 queries, qtypes 1 to 65 (65 distinct), ids 1-65
     *   2 responses NOERROR to ids 1 (A) and 28 (AAAA), 1 response NXDOMAIN to id 2 (NS)
     *   1 NOTIFY query (opcode 4), qtype SOA (6), id 100
     *   1 datagram of 5 bytes: no header (dns_truncated_header)
     *   1 query whose name has a label length of 0x40 (dns_bad_label: neither a length nor a pointer)
     * </pre>
     * Messages: 65 + 3 + 1 + 1 (the bad label still has a header) = 70; the 5-byte datagram is
     * not a message. Queries 65 + 1 + 1 = 67, responses 3; malformed 2.
     */
    @BeforeEach
    void replay() throws IOException {
        Path pcap = dir.resolve("counters.pcap");
        FrameBuilder fb = new FrameBuilder();
        long[] t = {1_474_639_331_000_000L};
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            Send send = (response, payload) -> {
                if (response) {
                    fb.udp(SERVER, 53, CLIENT, 40000, payload, 0);
                } else {
                    fb.udp(CLIENT, 40000, SERVER, 53, payload, 0);
                }
                w.write(t[0], fb.buffer(), fb.length());
                t[0] += 1000;
            };
            for (int qtype = 1; qtype <= 65; qtype++) {
                send.at(false, DnsWire.message(qtype, RD, "c.example", qtype, 1, List.of(), List.of(), List.of()));
            }
            send.at(true, DnsWire.response(1, "c.example", DnsWire.A, DnsWire.NOERROR,
                    List.of(new DnsWire.Rr("c.example", DnsWire.A, 60, "192.0.2.1")), false));
            send.at(true, DnsWire.response(28, "c.example", DnsWire.AAAA, DnsWire.NOERROR, List.of(), false));
            send.at(true, DnsWire.response(2, "c.example", DnsWire.NS, DnsWire.NXDOMAIN, List.of(), false));
            send.at(false, DnsWire.message(100, NOTIFY, "example", 6, 1, List.of(), List.of(), List.of()));
            send.at(false, new byte[] {0, 101, 1, 0, 0});
            byte[] bad = DnsWire.message(102, RD, "c.example", DnsWire.A, 1, List.of(), List.of(), List.of());
            bad[12] = 0x40; // the first label's length byte: 01xxxxxx is reserved (RFC 1035 4.1.4, RFC 6891)
            send.at(false, bad);
        }
        ContractCapture.replay(pcap, SensorConfig.defaults(dir.resolve("out")));
        counters = ContractCapture.object(dir.resolve("out/summary.json")).get("counters");
    }

    private interface Send {
        void at(boolean response, byte[] payload) throws IOException;
    }

    @Test
    void messagesQueriesResponsesAndMalformed() {
        fields("{'messages': 70, 'queries': 67, 'responses': 3, 'malformed': 2}", counters.get("dns"));
        assertEquals(1, counters.get("weird").get("dns_truncated_header").asLong(), counters.toString());
        assertEquals(1, counters.get("weird").get("dns_bad_label").asLong(), counters.toString());
    }

    @Test
    void perOpcodeAndPerRcodeOfResponsesOnly() {
        // 65 + 3 + the bad-label query are QUERY; the NOTIFY is NOTIFY.
        fields("{'QUERY': 69, 'NOTIFY': 1}", counters.get("dns_opcode"));
        // Rcodes are counted for responses only: the 67 queries (rcode 0) are not NOERRORs.
        fields("{'NOERROR': 2, 'NXDOMAIN': 1}", counters.get("dns_rcode"));
        assertEquals(2, counters.get("dns_rcode").size(), counters.get("dns_rcode").toString());
    }

    @Test
    void distinctQtypesPast64AreCountedAsOther() {
        // Questions read: 65 queries + 3 responses + NOTIFY (the bad label's is not read).
        // A: query 1 and its response; AAAA (28): query and response; NS (2): query and response;
        // SOA (6): query 6 and the NOTIFY. 64 distinct qtypes get a label of their own, in the
        // order met: qtypes 1..64; the 65th distinct (65) is "other".
        JsonNode q = counters.get("dns_qtype");
        assertEquals(65, q.size(), q.toString());
        fields("{'A': 2, 'NS': 2, 'SOA': 2, 'AAAA': 2, 'other': 1}", q);
        long sum = 0;
        for (JsonNode n : q) {
            sum += n.asLong();
        }
        assertEquals(69, sum);
    }
}
