package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;

/**
 * A rename needs evidence in the capture that the old name stopped resolving to the address;
 * a succession without it is only a possible rename, and a new name asked while the old one
 * still resolved is an alias. Each case is a capture written here and replayed whole.
 */
class RenameEvidenceTest {
    private static final IpAddress CLIENT = IpAddress.parse("203.0.113.15");
    private static final IpAddress OTHER = IpAddress.parse("198.51.100.40");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.1");
    private static final String ADDRESS = "192.0.2.29";
    private static final long T0 = 1_474_639_331_000_000L; // 2016-09-23T14:02:11Z, microseconds
    private static final long S = 1_000_000L;

    private final FrameBuilder fb = new FrameBuilder();
    private int id = 1;

    @Test
    void anOldNameGoingNxdomainIsARename(@TempDir Path dir) throws IOException {
        List<JsonNode> events = replay(dir, w -> {
            answer(w, OTHER, "old.example", DnsWire.A, ADDRESS, T0);
            answer(w, CLIENT, "old.example", DnsWire.A, ADDRESS, T0 + 10 * S); // the last answer with it
            nxdomain(w, OTHER, "old.example", T0 + 100 * S);                     // the evidence
            answer(w, CLIENT, "new.example", DnsWire.A, ADDRESS, T0 + 3600 * S); // first asked an hour later
        });
        assertEquals(1, events.size(), events.toString());
        JsonNode e = events.get(0);
        assertEquals("rename", e.get("type").asText());
        assertEquals("old.example", e.get("old_name").asText());
        assertEquals("new.example", e.get("new_name").asText());
        assertEquals(ADDRESS, e.get("address").asText());
        assertEquals(CLIENT.toString(), e.get("first_client").asText());
        // From the old name's last answer (query at T0 + 10 s, answered 1 ms later) to the new query.
        assertEquals(3600 - 10 - 0.001, e.get("delay_s").asDouble(), 1e-9);
        assertEquals(2, e.get("address_names").asInt());
        assertEquals(0.333333, e.get("first_client_old_share").asDouble(), 1e-9,
                "one of old.example's three lookups (two answered, one NXDOMAIN)");
        assertEquals("2016-09-23T15:02:11.001000Z", e.get("ts").asText(), "the new name's first answer");
    }

    @Test
    void anAnswerWithoutTheAddressIsEvidenceToo(@TempDir Path dir) throws IOException {
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "old.example", DnsWire.A, ADDRESS, T0);
            answer(w, CLIENT, "old.example", DnsWire.A, "198.51.100.7", T0 + 60 * S); // moved away
            answer(w, CLIENT, "new.example", DnsWire.A, ADDRESS, T0 + 120 * S);
        });
        assertEquals(List.of("rename"), types(events));
    }

    @Test
    void anAnswerOfTheOtherFamilyIsNoEvidence(@TempDir Path dir) throws IOException {
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "old.example", DnsWire.A, ADDRESS, T0);
            answer(w, CLIENT, "old.example", DnsWire.AAAA, "2001:db8::29", T0 + 60 * S); // says nothing of IPv4
            answer(w, CLIENT, "new.example", DnsWire.A, ADDRESS, T0 + 120 * S);
        });
        assertEquals(List.of("possible_rename"), types(events));
    }

    @Test
    void aTruncatedAnswerWithoutTheAddressIsNoEvidence(@TempDir Path dir) throws IOException {
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "old.example", DnsWire.A, ADDRESS, T0);
            int q = id++;
            udp(w, CLIENT, 40_000 + q, SERVER, 53, DnsWire.query(q, "old.example", DnsWire.A, false), T0 + 60 * S);
            // QR, TC, RD, RA and no answers: the rest did not fit, so it says nothing of the address.
            udp(w, SERVER, 53, CLIENT, 40_000 + q, DnsWire.message(q, 0x8000 | 0x0200 | 0x0100 | 0x0080,
                    "old.example", DnsWire.A, 1, List.of(), List.of(), List.of()), T0 + 60 * S + 1000);
            answer(w, CLIENT, "new.example", DnsWire.A, ADDRESS, T0 + 120 * S);
        });
        assertEquals(List.of("possible_rename"), types(events));
    }

    @Test
    void aSuccessionWithoutEvidenceIsOnlyAPossibleRename(@TempDir Path dir) throws IOException {
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "www.bing.example", DnsWire.A, ADDRESS, T0);
            answer(w, CLIENT, "ieonline.example", DnsWire.A, ADDRESS, T0 + 5 * S);
        });
        assertEquals(List.of("possible_rename"), types(events));
        assertTrue(events.get(0).get("delay_s").asDouble() >= 0);
    }

    @Test
    void aNewNameAskedBeforeTheOldOnesLastAnswerIsNoRename(@TempDir Path dir) throws IOException {
        // The KakaoTalk pattern: the new name is asked (and answered elsewhere) 0.13 s before the
        // old name's last answer with the address; later the old name is NXDOMAIN.
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "up-v.example", DnsWire.A, "198.51.100.9", T0 - 130_000);
            answer(w, CLIENT, "up-p.example", DnsWire.A, ADDRESS, T0);
            nxdomain(w, CLIENT, "up-p.example", T0 + 10 * S);
            answer(w, CLIENT, "up-v.example", DnsWire.A, ADDRESS, T0 + 20 * S);
        });
        assertEquals(List.of("vanished", "alias"), types(events),
                "up-p.example vanished; up-v.example was asked while up-p still resolved, so no rename");
        for (JsonNode e : events) {
            assertTrue(e.get("delay_s").isNull() || e.get("delay_s").asDouble() >= 0, e.toString());
        }
    }

    @Test
    void answeredAgainAfterTheDenialTheOldNameDidNotStop(@TempDir Path dir) throws IOException {
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "old.example", DnsWire.A, ADDRESS, T0);
            nxdomain(w, CLIENT, "old.example", T0 + 10 * S);
            answer(w, CLIENT, "old.example", DnsWire.A, ADDRESS, T0 + 20 * S); // back again: the NXDOMAIN was a blip
            answer(w, CLIENT, "new.example", DnsWire.A, ADDRESS, T0 + 30 * S);
        });
        assertEquals(List.of("possible_rename"), types(events));
    }

    @Test
    void aNameAnsweredThenNxdomainVanishedOneNeverAnsweredDidNot(@TempDir Path dir) throws IOException {
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "gone.example", DnsWire.A, ADDRESS, T0);
            nxdomain(w, CLIENT, "gone.example", T0 + 10 * S);
            nxdomain(w, CLIENT, "never.example", T0 + 20 * S); // only ever NXDOMAIN: nothing vanished
        });
        assertEquals(1, events.size(), events.toString());
        JsonNode e = events.get(0);
        assertEquals("vanished", e.get("type").asText());
        assertEquals("gone.example", e.get("old_name").asText());
        assertEquals(ADDRESS, e.get("address").asText(), "the address it resolved to");
        assertEquals("2016-09-23T14:02:21.001000Z", e.get("ts").asText(), "the NXDOMAIN, at T0 + 10 s + 1 ms");
        assertTrue(e.get("new_name").isNull(), e.toString());
    }

    @Test
    void aNewNameAskedAtTheInstantOfTheOldOnesLastAnswerSucceedsIt(@TempDir Path dir) throws IOException {
        // old.example answered at T0 + 1 ms; new.example asked at that same microsecond: not while
        // the old name still resolved, so a rename with a delay of 0 (never negative).
        List<JsonNode> events = replay(dir, w -> {
            answer(w, OTHER, "old.example", DnsWire.A, ADDRESS, T0);
            answer(w, CLIENT, "new.example", DnsWire.A, ADDRESS, T0 + 1000);
            nxdomain(w, OTHER, "old.example", T0 + 10 * S);
        });
        assertEquals(List.of("rename"), types(events));
        assertEquals(0.0, events.get(0).get("delay_s").asDouble());
    }

    @Test
    void anIpv6AddressWrittenFromItsDoubleColonIsOfTheAaaaFamily(@TempDir Path dir) throws IOException {
        // ::29 (RFC 5952 for 0:0:0:0:0:0:0:29) begins with its colons; a whole AAAA answer without
        // it is the evidence, as for any IPv6 address.
        List<JsonNode> events = replay(dir, w -> {
            answer(w, CLIENT, "old.example", DnsWire.AAAA, "0:0:0:0:0:0:0:29", T0);
            answer(w, CLIENT, "old.example", DnsWire.AAAA, "2001:db8::7", T0 + 60 * S);
            answer(w, CLIENT, "new.example", DnsWire.AAAA, "0:0:0:0:0:0:0:29", T0 + 120 * S);
        });
        assertEquals(List.of("rename"), types(events));
        assertEquals("::29", events.get(0).get("address").asText());
    }

    @Test
    void anAddressWithMoreNamesThanAreTrackedHasNoRename(@TempDir Path dir) throws IOException {
        // 64 names on an address are told apart: a handover among them is a rename. A 65th name
        // means one may have held the address unseen, so the same handover is only possible.
        assertEquals(1, types(replay(dir.resolve("64"), handoverAmong(62))).stream().filter("rename"::equals).count());
        List<String> overflowing = types(replay(dir.resolve("65"), handoverAmong(63)));
        assertTrue(!overflowing.contains("rename") && overflowing.contains("possible_rename"), overflowing.toString());
    }

    /** old.example hands the address to new.example (old denied), then {@code others} more names come. */
    private Script handoverAmong(int others) {
        return w -> {
            answer(w, CLIENT, "old.example", DnsWire.A, ADDRESS, T0);
            nxdomain(w, CLIENT, "old.example", T0 + 10 * S);
            answer(w, CLIENT, "new.example", DnsWire.A, ADDRESS, T0 + 20 * S);
            for (int i = 0; i < others; i++) {
                answer(w, CLIENT, "n" + i + ".example", DnsWire.A, ADDRESS, T0 + (30 + i) * S);
            }
        };
    }

    // --- writing the captures

    private interface Script {
        void write(PcapWriter w) throws IOException;
    }

    private List<JsonNode> replay(Path dir, Script script) throws IOException {
        Path pcap = dir.resolve("renames.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            script.write(w);
        }
        Path out = dir.resolve("out");
        Replay.Result r = Replay.run(SensorConfig.defaults(out), List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, r.exitCode());
        List<JsonNode> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("events.jsonl"))) {
            events.add(json.readTree(line));
        }
        return events;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    /** A query at {@code t} and its NOERROR answer 1 ms later. */
    private void answer(PcapWriter w, IpAddress client, String name, int type, String address, long t)
            throws IOException {
        int q = id++;
        udp(w, client, 40_000 + q, SERVER, 53, DnsWire.query(q, name, type, false), t);
        udp(w, SERVER, 53, client, 40_000 + q,
                DnsWire.response(q, name, type, DnsWire.NOERROR, List.of(new DnsWire.Rr(name, type, 300, address)), false),
                t + 1000);
    }

    private void nxdomain(PcapWriter w, IpAddress client, String name, long t) throws IOException {
        int q = id++;
        udp(w, client, 40_000 + q, SERVER, 53, DnsWire.query(q, name, DnsWire.A, false), t);
        udp(w, SERVER, 53, client, 40_000 + q, DnsWire.response(q, name, DnsWire.A, DnsWire.NXDOMAIN, List.of(), false),
                t + 1000);
    }

    private void udp(PcapWriter w, IpAddress src, int sport, IpAddress dst, int dport, byte[] payload, long t)
            throws IOException {
        fb.udp(src, sport, dst, dport, payload, 0);
        w.write(t, fb.buffer(), fb.length());
    }
}
