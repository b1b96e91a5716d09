package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.DnsWire.RawRr;
import sensor.scenario.DnsWire.Rr;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;

/**
 * Which records become passive-DNS facts and name pairs, end to end on a capture the test writes:
 * a dynamic update (its class NONE "RRset does not exist" prerequisite is no answer), an inverse
 * query, a NOTIFY, a TKEY answer beside an A answer, and responses broken after complete records.
 */
class DnsFactsTest {
    static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    static final IpAddress SERVER = IpAddress.parse("198.51.100.53");
    static final long T0 = 1_474_639_331_000_000L;
    static final int IN = 1;
    static final int NONE = 254;
    static final int ANY = 255;
    static final int SOA = 6;
    static final int TKEY = 249;
    static final int UPDATE = 5 << 11;
    static final int IQUERY = 1 << 11;
    static final int NOTIFY = 4 << 11;
    static final int QR = 0x8000;

    @TempDir
    static Path dir;
    static List<JsonNode> dns;
    static List<JsonNode> pdns;
    static List<JsonNode> pairs;
    static JsonNode summary;

    private static final FrameBuilder FB = new FrameBuilder();

    private static void send(PcapWriter w, long t, int port, boolean response, byte[] message) throws IOException {
        if (response) {
            FB.udp(SERVER, 53, CLIENT, port, message, 0);
        } else {
            FB.udp(CLIENT, port, SERVER, 53, message, 0);
        }
        w.write(t, FB.buffer(), FB.length());
    }

    private static RawRr a(String name, long ttl, String address) {
        return RawRr.of(new Rr(name, DnsWire.A, ttl, address));
    }

    @BeforeAll
    static void replay() throws IOException {
        Path pcap = dir.resolve("facts.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            // 1. An update of stratolab.org: "nwin1 has no CNAME" (class NONE, no rdata), delete
            //    its A RRset, add one A record; the server echoes the sections.
            List<RawRr> prereq = List.of(new RawRr("nwin1.stratolab.org", DnsWire.CNAME, NONE, 0, new byte[0]));
            List<RawRr> changes = List.of(new RawRr("nwin1.stratolab.org", DnsWire.A, ANY, 0, new byte[0]),
                    a("nwin1.stratolab.org", 1200, "10.1.2.3"),
                    new RawRr("old.stratolab.org", DnsWire.A, NONE, 0, new byte[] {10, 9, 9, 9}));
            send(w, T0, 1001, false, DnsWire.message(1, UPDATE, "stratolab.org", SOA, IN, prereq, changes, List.of()));
            send(w, T0 + 1000, 1001, true,
                    DnsWire.message(1, QR | UPDATE, "stratolab.org", SOA, IN, prereq, changes, List.of()));
            // 1b. An update without a zone section, unanswered.
            send(w, T0 + 1500, 1011, false, DnsWire.message(11, UPDATE, null, 0, 0, List.of(), changes, List.of()));
            // 2. An inverse query: the answer is the address asked about, owned by the root.
            send(w, T0 + 2000, 1002, false,
                    DnsWire.message(2, IQUERY, null, 0, 0, List.of(a(".", 31337, "4.3.2.1")), List.of(), List.of()));
            send(w, T0 + 3000, 1002, true, DnsWire.message(2, QR | IQUERY, "[4.3.2.1]", DnsWire.A, IN,
                    List.of(a(".", 31337, "4.3.2.1")), List.of(), List.of()));
            // 3. A NOTIFY carrying the zone's SOA, answered with it.
            RawRr soa = new RawRr("notify.example", SOA, IN, 60, soaRdata());
            send(w, T0 + 4000, 1003, false,
                    DnsWire.message(3, NOTIFY, "notify.example", SOA, IN, List.of(soa), List.of(), List.of()));
            send(w, T0 + 5000, 1003, true,
                    DnsWire.message(3, QR | NOTIFY, "notify.example", SOA, IN, List.of(soa), List.of(), List.of()));
            // 4. A lookup answered with a TKEY record beside an A record.
            send(w, T0 + 6000, 1004, false, DnsWire.query(4, "key.example", DnsWire.A, false));
            send(w, T0 + 7000, 1004, true, DnsWire.message(4, QR | 0x0180, "key.example", DnsWire.A, IN,
                    List.of(new RawRr("key.example", TKEY, ANY, 0, tkeyRdata()), a("key.example", 60, "192.0.2.44")),
                    List.of(), List.of()));
            // 5. Two complete answers and a corrupt additional section (a label of the reserved
            //    type 0x40), as suricata-verify/dns-corrupt-additionals.pcap frame 2.
            send(w, T0 + 8000, 1005, false, DnsWire.query(5, "two.example", DnsWire.A, false));
            byte[] corrupt = DnsWire.message(5, QR | 0x0180, "two.example", DnsWire.A, IN,
                    List.of(a("two.example", 60, "192.0.2.51"), a("two.example", 60, "192.0.2.52")), List.of(),
                    List.of(a("extra.example", 60, "192.0.2.53")));
            corrupt[corrupt.length - 14 - "extra.example".length() - 2] = 0x45;
            send(w, T0 + 9000, 1005, true, corrupt);
            // 6. A response cut by the snap length right after its first complete answer.
            send(w, T0 + 10_000, 1006, false, DnsWire.query(6, "corelight.com", DnsWire.A, false));
            byte[] two = DnsWire.message(6, QR | 0x0180, "corelight.com", DnsWire.A, IN,
                    List.of(a("corelight.com", 60, "199.60.103.6"), a("corelight.com", 60, "199.60.103.7")),
                    List.of(), List.of());
            FB.udp(SERVER, 53, CLIENT, 1006, two, 0);
            int cut = FB.length() - (15 + 10 + 4); // the second answer: name, fixed part, address
            w.write(T0 + 11_000, FB.buffer(), cut, FB.length());
            // 7. A first complete answer, then a second whose owner name has a reserved label type.
            send(w, T0 + 12_000, 1007, false, DnsWire.query(7, "bad.example", DnsWire.A, false));
            byte[] bad = DnsWire.message(7, QR | 0x0180, "bad.example", DnsWire.A, IN,
                    List.of(a("bad.example", 60, "192.0.2.71"), a("bad.example", 60, "192.0.2.72")), List.of(),
                    List.of());
            bad[bad.length - 14 - "bad.example".length() - 2] = 0x45;
            send(w, T0 + 13_000, 1007, true, bad);
        }
        Path out = dir.resolve("out");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Replay.run(SensorConfig.defaults(out), List.of(pcap.toString()), quiet, quiet);
        dns = read(out.resolve("dns.jsonl"));
        pdns = read(out.resolve("pdns.jsonl"));
        pairs = read(out.resolve("pairs.jsonl"));
        summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    private static byte[] soaRdata() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (String n : List.of("ns.notify.example", "admin.notify.example")) {
            for (String l : n.split("\\.")) {
                o.write(l.length());
                o.writeBytes(l.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            o.write(0);
        }
        o.writeBytes(new byte[20]);
        return o.toByteArray();
    }

    private static byte[] tkeyRdata() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (String l : List.of("gss-tsig")) {
            o.write(l.length());
            o.writeBytes(l.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        o.write(0);
        o.writeBytes(new byte[] {0x58, 0, 0, 0, 0x58, 0, 0x0e, 0x10}); // inception, expiration
        o.writeBytes(new byte[] {0, 3, 0, 0, 0, 4, 1, 2, 3, 4, 0, 0}); // mode 3, error 0, a 4-byte key, no other
        return o.toByteArray();
    }

    private static List<JsonNode> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(json.readTree(line));
        }
        return out;
    }

    private static JsonNode byId(int id) {
        return dns.stream().filter(r -> r.get("id").asInt() == id).findFirst().orElseThrow();
    }

    private static List<String> facts() {
        return pdns.stream().map(e -> e.get("rrname").asText() + " " + e.get("rrtype").asText() + " "
                + e.get("rdata").asText()).sorted().toList();
    }

    @Test
    void anUpdateWritesItsZoneCountsAndChangesNeverAnswers() {
        JsonNode u = byId(1);
        assertEquals("UPDATE", u.get("opcode").asText());
        assertEquals("[]", u.get("answers").toString());
        assertEquals("{\"zone\":\"stratolab.org\",\"prerequisites\":1,\"updates\":3,\"additional\":0,"
                + "\"added\":[{\"name\":\"nwin1.stratolab.org\",\"type\":\"A\",\"ttl\":1200,\"data\":\"10.1.2.3\"}],"
                + "\"deleted\":[{\"name\":\"nwin1.stratolab.org\",\"type\":\"A\",\"ttl\":0},"
                + "{\"name\":\"old.stratolab.org\",\"type\":\"A\",\"ttl\":0,\"data\":\"10.9.9.9\"}]}",
                u.get("update").toString());
    }

    @Test
    void messagesAreCountedByOpcode() {
        JsonNode byOpcode = summary.get("counters").get("dns_opcode");
        assertEquals(List.of(8, 2, 2, 3), List.of(byOpcode.get("QUERY").asInt(), byOpcode.get("IQUERY").asInt(),
                byOpcode.get("NOTIFY").asInt(), byOpcode.get("UPDATE").asInt()), byOpcode.toString());
    }

    @Test
    void anUpdateWithoutZoneIsWrittenToo() {
        assertEquals("{\"zone\":null,\"prerequisites\":0,\"updates\":3,\"additional\":0,\"added\":[{\"name\":"
                + "\"nwin1.stratolab.org\",\"type\":\"A\",\"ttl\":1200,\"data\":\"10.1.2.3\"}],\"deleted\":[{\"name\":"
                + "\"nwin1.stratolab.org\",\"type\":\"A\",\"ttl\":0},{\"name\":\"old.stratolab.org\",\"type\":\"A\","
                + "\"ttl\":0,\"data\":\"10.9.9.9\"}]}", byId(11).get("update").toString());
    }

    @Test
    void onlyLookupsAnswersOfOtherTypesThanMetaTypesAreFacts() {
        // not "nwin1.stratolab.org CNAME .", not ". A 4.3.2.1", not the NOTIFY's SOA, not the TKEY
        assertEquals(List.of("corelight.com A 199.60.103.6", "key.example A 192.0.2.44", "two.example A 192.0.2.51",
                "two.example A 192.0.2.52"), facts());
        assertEquals("TKEY", byId(4).get("answers").get(0).get("type").asText(), "still an answer in dns.jsonl");
        JsonNode inverse = dns.stream().filter(r -> r.get("id").asInt() == 2 && r.get("answers").size() == 1)
                .findFirst().orElseThrow();
        assertEquals("IQUERY", inverse.get("opcode").asText());
        assertEquals("4.3.2.1", inverse.get("answers").get(0).get("data").asText(), "still an answer in dns.jsonl");
    }

    @Test
    void onlyLookupsArePairs() {
        List<String> names = pairs.stream().filter(p -> p.get("kind").asText().equals("name"))
                .map(p -> p.get("server").asText()).sorted().toList();
        assertEquals(List.of("bad.example", "corelight.com", "key.example", "two.example"), names);
        long resolver = pairs.stream().filter(p -> p.get("kind").asText().equals("resolver"))
                .mapToLong(p -> p.get("count").asLong()).sum();
        assertEquals(4, resolver, "the update, the inverse query and the notify are no lookups");
    }

    @Test
    void theNewFieldsReadBackAsTheyWereWritten() throws IOException {
        sensor.output.DnsRecordFormat format = new sensor.output.DnsRecordFormat(false);
        for (String line : Files.readAllLines(dir.resolve("out").resolve("dns.jsonl"))) {
            assertEquals(line, format.line(sensor.kafka.RecordConverter.dns(line)).toString());
        }
    }

    @Test
    void recordsBeforeABreakAreKeptAndTheBreakIsNamed() {
        JsonNode two = byId(5);
        assertEquals(2, two.get("answers").size(), two.toString());
        assertEquals("dns_bad_label", two.get("malformed").asText());
        assertEquals("additional", two.get("malformed_section").asText());
        assertEquals("response", two.get("malformed_in").asText());

        JsonNode cut = byId(6);
        assertEquals("[{\"name\":\"corelight.com\",\"type\":\"A\",\"ttl\":60,\"data\":\"199.60.103.6\"}]",
                cut.get("answers").toString());
        assertEquals("dns_truncated_message", cut.get("malformed").asText());
        assertEquals("answer", cut.get("malformed_section").asText());

        JsonNode bad = byId(7);
        assertEquals(1, bad.get("answers").size(), bad.toString());
        assertEquals("dns_bad_label", bad.get("malformed").asText());
        assertEquals("answer", bad.get("malformed_section").asText());
        assertFalse(facts().stream().anyMatch(f -> f.startsWith("bad.example")),
                "a bad label inside the answer section makes none of its records facts");
        assertTrue(byId(1).get("malformed") == null);
    }
}
