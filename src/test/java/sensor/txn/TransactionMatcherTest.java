package sensor.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.dns.Flags;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;

/**
 * Matching corner cases, each in a capture the test writes and the sensor replays end to end:
 * retransmissions, duplicate responses, a response before its query, unsolicited responses,
 * several outstanding queries with one id, timeouts, and record order.
 */
class TransactionMatcherTest {
    static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    static final IpAddress SERVER = IpAddress.parse("198.51.100.53");
    static final long T0 = 1_474_639_331_000_000L; // 2016-09-23T14:02:11Z in µs

    private final FrameBuilder fb = new FrameBuilder();

    private void query(PcapWriter w, long t, int port, int id, String name, int type) throws IOException {
        fb.udp(CLIENT, port, SERVER, 53, DnsWire.query(id, name, type, false), 0);
        w.write(t, fb.buffer(), fb.length());
    }

    private void answer(PcapWriter w, long t, int port, int id, String name, int type, int rcode) throws IOException {
        List<DnsWire.Rr> rr = rcode == 0 ? List.of(new DnsWire.Rr(name, DnsWire.A, 60, "203.0.113.9")) : List.of();
        fb.udp(SERVER, 53, CLIENT, port, DnsWire.response(id, name, type, rcode, rr, false), 0);
        w.write(t, fb.buffer(), fb.length());
    }

    private List<JsonNode> replay(Path dir, Path pcap) throws IOException {
        Path out = dir.resolve("out");
        Replay.run(SensorConfig.defaults(out), List.of(pcap.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
            records.add(json.readTree(line));
        }
        return records;
    }

    @Test
    void cornerCasesOfMatching(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("t.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            // 1. retransmitted twice, then answered: one record, first time kept, rtt from the first
            query(w, T0, 1001, 1, "retrans.example", 1);
            query(w, T0 + 1_000_000, 1001, 1, "retrans.example", 1);
            query(w, T0 + 2_000_000, 1001, 1, "retrans.example", 1);
            answer(w, T0 + 2_050_000, 1001, 1, "retrans.example", 1, 0);
            // 2. answered twice: the second response is a duplicate, not a record
            query(w, T0 + 3_000_000, 1002, 2, "dup.example", 1);
            answer(w, T0 + 3_010_000, 1002, 2, "dup.example", 1, 0);
            answer(w, T0 + 3_011_000, 1002, 2, "dup.example", 1, 0);
            // 3. two outstanding queries with the same id on one flow, different questions
            query(w, T0 + 4_000_000, 1003, 3, "first.example", 1);
            query(w, T0 + 4_000_100, 1003, 3, "second.example", 28);
            answer(w, T0 + 4_020_000, 1003, 3, "second.example", 28, 3);
            answer(w, T0 + 4_030_000, 1003, 3, "first.example", 1, 0);
            // 4. the response is in the capture before its query (mirror port reordering)
            answer(w, T0 + 5_000_500, 1004, 4, "early.example", 1, 0);
            query(w, T0 + 5_000_000, 1004, 4, "early.example", 1);
            // 5. a response nobody asked for
            answer(w, T0 + 6_000_000, 1005, 5, "unsolicited.example", 1, 0);
            // 6. a query nobody answers (timeout 5 s of capture time)
            query(w, T0 + 7_000_000, 1006, 6, "silent.example", 1);
            query(w, T0 + 20_000_000, 1007, 7, "later.example", 1);
            answer(w, T0 + 20_001_000, 1007, 7, "later.example", 1, 0);
        }
        List<JsonNode> r = replay(dir, pcap);
        assertEquals(8, r.size(), r.toString());

        JsonNode retrans = r.get(0);
        assertEquals("retrans.example", retrans.get("qname").asText());
        assertEquals("answered", retrans.get("status").asText());
        assertEquals(2, retrans.get("retransmissions").asInt());
        assertEquals(2050.0, retrans.get("rtt_ms").asDouble(), 1e-9, "rtt from the first transmission");
        assertEquals("2016-09-23T14:02:11.000000Z", retrans.get("ts").asText());

        assertEquals("dup.example", r.get(1).get("qname").asText());
        assertEquals("first.example", r.get(2).get("qname").asText());
        assertEquals("NOERROR", r.get(2).get("rcode").asText());
        assertEquals("second.example", r.get(3).get("qname").asText());
        assertEquals("AAAA", r.get(3).get("qtype").asText());
        assertEquals("NXDOMAIN", r.get(3).get("rcode").asText());

        JsonNode early = r.get(4);
        assertEquals("early.example", early.get("qname").asText());
        assertEquals("answered", early.get("status").asText());
        assertEquals(0.5, early.get("rtt_ms").asDouble(), 1e-9);

        JsonNode unsolicited = r.get(5);
        assertEquals("unsolicited", unsolicited.get("status").asText());
        assertEquals("192.0.2.10", unsolicited.get("client").asText());
        assertTrue(unsolicited.get("rtt_ms").isNull());

        JsonNode silent = r.get(6);
        assertEquals("silent.example", silent.get("qname").asText());
        assertEquals("unanswered", silent.get("status").asText());
        assertTrue(silent.get("rcode").isNull());
        assertEquals("later.example", r.get(7).get("qname").asText());

        String summary = Files.readString(dir.resolve("out/summary.json"));
        JsonNode s = new ObjectMapper().readTree(summary).get("counters");
        assertEquals(2, s.get("dns").get("query_retransmissions").asInt());
        assertEquals(1, s.get("dns").get("duplicate_responses").asInt());
        assertEquals(1, s.get("dns").get("response_before_query").asInt());
    }

    /**
     * Answered keys are kept as fingerprints, the question among them: a response on the same
     * flow with the same id but another question is unsolicited, and only a second copy of the
     * same answer is a duplicate.
     */
    @Test
    void aResponseToAnotherQuestionIsNoDuplicate(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("t.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            query(w, T0, 1002, 2, "dup.example", 1);
            answer(w, T0 + 10_000, 1002, 2, "dup.example", 1, 0);
            answer(w, T0 + 11_000, 1002, 2, "other.example", 1, 0);
            answer(w, T0 + 12_000, 1002, 2, "dup.example", 1, 0);
        }
        List<JsonNode> r = replay(dir, pcap);
        assertEquals(2, r.size(), r.toString());
        assertEquals("answered", r.get(0).get("status").asText());
        assertEquals("other.example", r.get(1).get("qname").asText());
        assertEquals("unsolicited", r.get(1).get("status").asText());
        JsonNode s = new ObjectMapper().readTree(Files.readString(dir.resolve("out/summary.json"))).get("counters");
        assertEquals(1, s.get("dns").get("duplicate_responses").asInt());
    }

    private List<JsonNode> replay(Path dir, Path pcap, double timeoutSeconds) throws IOException {
        Path out = dir.resolve("out-" + timeoutSeconds);
        SensorConfig d = SensorConfig.defaults(out);
        SensorConfig config = new SensorConfig(out, d.filter(), d.prefilter(), d.dnsPorts(), d.smtpPorts(), d.quiet(),
                d.txnLimits().withTimeoutNanos((long) (timeoutSeconds * 1e9)), d.pdnsMaxEntries(), d.pairs());
        Replay.run(config, List.of(pcap.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
            records.add(new ObjectMapper().readTree(line));
        }
        return records;
    }

    private static String brief(JsonNode r) {
        return r.get("client_port").asInt() + " " + r.get("status").asText() + " rtx="
                + r.get("retransmissions").asInt()
                + " rtt=" + r.get("rtt_ms").asText() + " ts=" + r.get("ts").asText().substring(17);
    }

    /**
     * glibc retries after exactly 5 s: with a 5 s timeout the retransmission lands just after its
     * original expired, and one 5.084 s lookup must stay one answered transaction (first query's
     * time, rtt from it).
     */
    @Test
    void aRetransmissionJustAfterTheTimeoutStillFoldsIntoItsQuery(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("retry.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            query(w, T0, 2001, 1, "glibc.example", 1);
            query(w, T0 + 5_000_001, 2001, 1, "glibc.example", 1);
            answer(w, T0 + 5_084_000, 2001, 1, "glibc.example", 1, 0);
        }
        assertEquals(List.of("2001 answered rtx=1 rtt=5084 ts=11.000000Z"),
                replay(dir, pcap, 5).stream().map(TransactionMatcherTest::brief).toList());
    }

    /** The default timeout (10 s) against dig's tries at 0, 5 and 10 s, and a retry too late to fold. */
    @Test
    void retriesAtTheDefaultTimeout(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("retry10.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            query(w, T0, 2001, 1, "dig.example", 1);
            query(w, T0 + 500_000, 2002, 2, "silent.example", 1);
            query(w, T0 + 1_000_000, 2003, 3, "late.example", 1);
            query(w, T0 + 5_000_000, 2001, 1, "dig.example", 1);
            query(w, T0 + 10_000_200, 2001, 1, "dig.example", 1);
            answer(w, T0 + 10_084_000, 2001, 1, "dig.example", 1, 0);
            query(w, T0 + 10_500_500, 2002, 2, "silent.example", 1);
            query(w, T0 + 12_500_000, 2003, 3, "late.example", 1);
            answer(w, T0 + 12_550_000, 2003, 3, "late.example", 1, 0);
            query(w, T0 + 40_000_000, 2004, 4, "end.example", 1);
        }
        List<JsonNode> r = replay(dir, pcap, 10);
        assertEquals(List.of("2001 answered rtx=2 rtt=10084 ts=11.000000Z",
                "2002 unanswered rtx=1 rtt=null ts=11.500000Z", "2003 unanswered rtx=0 rtt=null ts=12.000000Z",
                "2003 answered rtx=0 rtt=50 ts=23.500000Z", "2004 unanswered rtx=0 rtt=null ts=51.000000Z"),
                r.stream().map(TransactionMatcherTest::brief).toList());
    }

    /** An mDNS announcement: id 0, no question, one A record for {@code printer.local}. */
    private static byte[] announcement(int lastOctet) {
        return new byte[] {0, 0, (byte) 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
            7, 'p', 'r', 'i', 'n', 't', 'e', 'r', 5, 'l', 'o', 'c', 'a', 'l', 0,
            0, 1, (byte) 0x80, 1, 0, 0, 0, 120, 0, 4, (byte) 192, 0, 2, (byte) lastOctet};
    }

    /**
     * Three multicast announcements on one flow within a second share one key (flow, id 0, no
     * question) while they wait for a query: each must still become its own record.
     */
    @Test
    void responsesSharingAKeyWhileHeldAreEachWritten(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("mdns.pcap");
        IpAddress group = IpAddress.parse("224.0.0.251");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            for (int i = 0; i < 3; i++) {
                fb.udp(CLIENT, 5353, group, 5353, announcement(20 + i), 0);
                w.write(T0 + i * 300_000L, fb.buffer(), fb.length());
            }
        }
        Path out = dir.resolve("out");
        Replay.run(SensorConfig.defaults(out).withDnsPorts(new sensor.flow.PortSet(53, 5353)), List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        List<String> data = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
            JsonNode r = json.readTree(line);
            assertEquals("unsolicited", r.get("status").asText());
            data.add(r.get("answers").get(0).get("data").asText());
        }
        assertEquals(List.of("192.0.2.20", "192.0.2.21", "192.0.2.22"), data);
        JsonNode s = json.readTree(Files.readString(out.resolve("summary.json"))).get("counters");
        assertEquals(2, s.get("dns").get("early_response_collisions").asInt());
    }

    @Test
    void aFloodOfUnansweredQueriesStaysBounded(@TempDir Path dir) {
        List<DnsTransaction> out = new ArrayList<>();
        TxnLimits limits = new TxnLimits(5_000_000_000L, 10_000, 100, 1_000_000_000L, 2_000_000_000L, 20_000);
        sensor.metrics.Tallies tallies = new sensor.metrics.Tallies();
        TransactionMatcher m = new TransactionMatcher(limits, out::add, tallies);
        for (int i = 0; i < 1_000_000; i++) {
            IpAddress client = IpAddress.ofV4(0x0a000000 + (i % 50_000));
            m.accept(new sensor.dns.DnsMessage(i * 1000L, i, false, client, 1024 + (i % 7), SERVER, 53, i & 0xffff,
                    false, 0, 0, new Flags(false, false, true, false, false, false), true,
                    "n" + i + ".example", 1, 1, List.of(), null, -1, false, null, null, List.of()));
            assertTrue(m.pendingQueries() <= 10_000);
        }
        m.finish(Long.MAX_VALUE);
        assertEquals(1_000_000, out.size(), "every query is written, as unanswered");
        assertTrue(tallies.value("dns", "pending_evicted") > 0);
        for (int i = 1; i < out.size(); i++) {
            assertTrue(out.get(i - 1).tsNanos() <= out.get(i).tsNanos(), "capture-time order");
        }
        assertNull(out.get(0).rcode());
    }

    /**
     * The pending table full, a new query evicts the oldest, which was its own flow's only one:
     * the new query must still be found on that flow, by id, when a response without a question
     * (FORMERR) comes back.
     */
    @Test
    void aQueryWhoseFlowLostItsOldestToTheCapIsStillFoundById() {
        List<DnsTransaction> out = new ArrayList<>();
        TxnLimits limits = new TxnLimits(5_000_000_000L, 2, 100, 1_000_000_000L, 0, 20_000);
        TransactionMatcher m = new TransactionMatcher(limits, out::add, new sensor.metrics.Tallies());
        IpAddress other = IpAddress.parse("192.0.2.11");
        m.accept(message(1_000, false, CLIENT, 5353, 7, "a.example", true)); // flow F, oldest
        m.accept(message(2_000, false, other, 5353, 8, "b.example", true)); // flow G
        m.accept(message(3_000, false, CLIENT, 5353, 9, "c.example", true)); // flow F: evicts a.example
        m.accept(message(4_000, true, CLIENT, 5353, 9, null, false)); // FORMERR, no question, id 9
        m.finish(Long.MAX_VALUE);
        DnsTransaction c = out.stream().filter(t -> "c.example".equals(t.qname())).findFirst().orElseThrow();
        assertEquals(DnsTransaction.Status.ANSWERED, c.status(), "the response by id answers c.example");
        assertEquals(0, out.stream().filter(t -> t.status() == DnsTransaction.Status.UNSOLICITED).count());
    }

    private static sensor.dns.DnsMessage message(long ts, boolean response, IpAddress client, int port, int id,
            String qname, boolean question) {
        IpAddress src = response ? SERVER : client;
        IpAddress dst = response ? client : SERVER;
        return new sensor.dns.DnsMessage(ts, ts, false, src, response ? 53 : port, dst, response ? port : 53, id,
                response, 0, response ? 1 : 0, new Flags(false, false, true, response, false, false),
                question, qname, question ? 1 : -1, question ? 1 : -1, List.of(), null, -1, false, null, null,
                List.of());
    }
}
