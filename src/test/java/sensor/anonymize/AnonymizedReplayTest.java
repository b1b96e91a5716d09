package sensor.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;

/**
 * The demo capture replayed with and without {@code --anonymize-key}: every record is the plain
 * one with its client and server addresses replaced by their Crypto-PAn pseudonyms, so the
 * exclusivity figures at organisation level are unchanged (groups decided on the real address),
 * those at address level are the same under the mapping, and no real client or server address is
 * left in any file or in the report.
 */
class AnonymizedReplayTest {
    private static final Path CAPTURES = Path.of("captures");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AnonymizeKey KEY = AnonymizeKey.of(HexFormat.of()
            .parseHex("1522178d33a4cf80130a5b1649907d10d8988f837979652762574c2d2a842202"));
    private static final AnonymizeKey OTHER_KEY = AnonymizeKey.of(new byte[32]);
    /** Fields that hold DNS data (answers' addresses), public and never replaced. */
    private static final Set<String> DNS_DATA = Set.of("answers", "addresses", "address", "rdata");
    private static final List<String> FILES = List.of("dns.jsonl", "smtp.jsonl", "pairs.jsonl", "servers.jsonl",
            "events.jsonl", "pdns.jsonl");

    @TempDir
    static Path tmp;
    static Path plain;
    static Path anonymized;
    static String plainReport;
    static String anonymizedReport;
    /** Real address to pseudonym, for every client and server of the plain records. */
    static Map<String, String> mapping;

    @BeforeAll
    static void replay() throws IOException {
        plain = tmp.resolve("plain");
        anonymized = tmp.resolve("anonymized");
        plainReport = replay(plain, null);
        anonymizedReport = replay(anonymized, KEY);
        mapping = new HashMap<>();
        CryptoPan pan = new CryptoPan(KEY);
        for (String file : List.of("dns.jsonl", "smtp.jsonl")) {
            for (JsonNode r : records(plain.resolve(file))) {
                for (String f : List.of("client", "server")) {
                    String a = r.get(f).asText();
                    mapping.put(a, pan.anonymize(IpAddress.parse(a)).toString());
                }
            }
        }
    }

    private static String replay(Path out, AnonymizeKey key) throws IOException {
        SensorConfig config = SensorConfig.defaults(out).withPairs(new PairsConfig(0.8, 2, 10, 0.001,
                ClientGroups.load(CAPTURES.resolve("demo-2016.groups")), 1_000_000));
        config = new SensorConfig(config.outDir(), null, true, config.dnsPorts(), config.smtpPorts(), false,
                config.txnLimits(), config.pdnsMaxEntries(), config.pairs(), null);
        if (key != null) {
            config = config.withAnonymization(new Anonymization(key, false));
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Replay.run(config, List.of(CAPTURES.resolve("demo-2016.pcap").toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyRecordIsThePlainOneUnderTheMapping() throws IOException {
        assertTrue(mapping.size() >= 12, mapping.size() + " addresses");
        for (String file : List.of("dns.jsonl", "smtp.jsonl", "pairs.jsonl", "events.jsonl", "pdns.jsonl")) {
            List<String> expected = normalised(records(plain.resolve(file)), true);
            List<String> actual = normalised(records(anonymized.resolve(file)), false);
            assertFalse(expected.isEmpty(), file);
            assertEquals(expected, actual, file);
        }
    }

    /**
     * servers.jsonl under the mapping. Where clients tie in count at the top-5 or the dominant cut,
     * the contract takes the lower address first, and pseudonyms are in another order: there the
     * record may name another of the tied clients (so another baseline and p-value); the figures
     * that do not depend on which are still equal.
     */
    @Test
    void serverFiguresAreTheSameUnderTheMappingAndTiesOnlyChooseAnotherTiedClient() throws IOException {
        Map<String, List<Long>> counts = new HashMap<>();
        for (JsonNode r : records(plain.resolve("pairs.jsonl"))) {
            counts.computeIfAbsent(level(r) + " " + r.get("kind").asText() + " " + r.get("server").asText(),
                    k -> new ArrayList<>()).add(r.get("count").asLong());
        }
        counts.values().forEach(c -> c.sort(Comparator.reverseOrder()));
        Map<String, JsonNode> after = new HashMap<>();
        for (JsonNode r : records(anonymized.resolve("servers.jsonl"))) {
            after.put(level(r) + " " + r.get("kind").asText() + " " + r.get("server").asText(), r);
        }
        int exact = 0;
        int tied = 0;
        for (JsonNode b : records(plain.resolve("servers.jsonl"))) {
            String server = b.get("server").asText();
            List<Long> c = counts.get(level(b) + " " + b.get("kind").asText() + " " + server);
            JsonNode a = after.get(level(b) + " " + b.get("kind").asText() + " " + mapping.getOrDefault(server, server));
            int k = b.get("dominant_clients").size();
            if (!(c.size() > 5 && c.get(4).equals(c.get(5)) || k < c.size() && c.get(k - 1).equals(c.get(k)))) {
                assertEquals(normalise(b.deepCopy(), true).toString(), normalise(a.deepCopy(), false).toString());
                exact++;
                continue;
            }
            for (String f : List.of("total", "clients", "top_share", "hhi", "dominant_share")) {
                assertEquals(b.get(f), a.get(f), server + " " + f);
            }
            for (String f : List.of("top_clients", "dominant_clients")) {
                assertEquals(countsOf(b.get(f)), countsOf(a.get(f)), server + " " + f);
            }
            tied++;
        }
        assertTrue(exact > 5 * tied, exact + " records equal, " + tied + " with a tie at a cut");
    }

    private static String level(JsonNode r) {
        return r.get("client_group").asBoolean() ? "group" : "address";
    }

    private static List<Long> countsOf(JsonNode clients) {
        List<Long> c = new ArrayList<>();
        clients.forEach(x -> c.add(x.get("count").asLong()));
        return c;
    }

    @Test
    void organisationLevelExclusivityIsUnchanged() throws IOException {
        Map<String, JsonNode> before = byServer(plain, true);
        Map<String, JsonNode> after = byServer(anonymized, true);
        assertEquals(before.keySet(), after.keySet());
        int exclusive = 0;
        for (Map.Entry<String, JsonNode> e : before.entrySet()) {
            JsonNode b = e.getValue();
            JsonNode a = after.get(e.getKey());
            for (String f : List.of("total", "clients", "top_share", "hhi", "dominant_share", "baseline_share",
                    "p_value", "exclusive")) {
                assertEquals(b.get(f), a.get(f), e.getKey() + " " + f);
            }
            exclusive += b.get("exclusive").asBoolean() ? 1 : 0;
        }
        assertEquals(2, exclusive, "the demo's two 2016 names");
        assertTrue(anonymizedReport.contains("bank                                  215   86.3% of it"));
    }

    @Test
    void noRealClientOrServerAddressIsLeft() throws IOException {
        Set<String> dnsData = new HashSet<>();
        for (JsonNode r : records(plain.resolve("dns.jsonl"))) {
            r.get("answers").forEach(a -> dnsData.add(a.get("data").asText()));
        }
        for (String real : mapping.keySet()) {
            if (dnsData.contains(real)) {
                continue; // also an answer's address: public DNS data, kept
            }
            for (String file : FILES) {
                assertFalse(Files.readString(anonymized.resolve(file)).contains('"' + real + '"'), real + " in " + file);
            }
            assertFalse(anonymizedReport.matches("(?s).*[^0-9.]" + real.replace(".", "\\.") + "[^0-9].*"),
                    real + " in the report");
        }
        assertTrue(plainReport.contains("203.0.113.15"));
    }

    @Test
    void theSameKeyGivesTheSameRecordsAndAnotherKeyOthers() throws IOException {
        Path again = tmp.resolve("again");
        replay(again, KEY);
        Path other = tmp.resolve("other");
        replay(other, OTHER_KEY);
        for (String file : FILES) {
            assertEquals(Files.readString(anonymized.resolve(file)), Files.readString(again.resolve(file)), file);
        }
        assertNotEquals(Files.readString(anonymized.resolve("dns.jsonl")), Files.readString(other.resolve("dns.jsonl")));
    }

    @Test
    void theSummarySaysSoAndNamesNoKey() throws IOException {
        JsonNode a = JSON.readTree(anonymized.resolve("summary.json").toFile());
        assertTrue(a.get("anonymized").asBoolean());
        assertFalse(JSON.readTree(plain.resolve("summary.json").toFile()).get("anonymized").asBoolean());
        String text = Files.readString(anonymized.resolve("summary.json"));
        assertFalse(text.contains("1522178d33a4cf80"), "the key");
    }

    /** servers.jsonl at one level, keyed by kind and (mapped) server. */
    private static Map<String, JsonNode> byServer(Path dir, boolean groupLevel) throws IOException {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode r : records(dir.resolve("servers.jsonl"))) {
            if (r.get("client_group").asBoolean() == groupLevel) {
                String server = r.get("server").asText();
                m.put(r.get("kind").asText() + " " + (dir == plain ? mapping.getOrDefault(server, server) : server), r);
            }
        }
        return m;
    }

    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /**
     * Each record as text, its addresses mapped (when {@code map}) and its lists of clients in one
     * order, sorted: ties in the files are broken by address, which pseudonyms reorder.
     */
    private static List<String> normalised(List<JsonNode> records, boolean map) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : records) {
            out.add(normalise(r.deepCopy(), map).toString());
        }
        out.sort(null);
        return out;
    }

    private static JsonNode normalise(JsonNode n, boolean map) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (DNS_DATA.contains(e.getKey()) && !e.getValue().isObject()) {
                    continue;
                }
                e.setValue(normalise(e.getValue(), map));
            }
            return o;
        }
        if (n instanceof ArrayNode a) {
            List<JsonNode> items = new ArrayList<>();
            a.forEach(x -> items.add(normalise(x, map)));
            if (!items.isEmpty() && (items.get(0).isObject() && items.get(0).has("client") || items.get(0).isTextual())) {
                items.sort((x, y) -> x.toString().compareTo(y.toString()));
            }
            a.removeAll();
            items.forEach(a::add);
            return a;
        }
        if (map && n.isTextual() && mapping.containsKey(n.asText())) {
            return TextNode.valueOf(mapping.get(n.asText()));
        }
        return n;
    }
}
