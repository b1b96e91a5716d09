package sensor.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;

/**
 * The demo capture in captures/: the writer is deterministic and the committed file is what it
 * writes; the replay report equals the golden file; and every number the report rests on equals
 * what the writer scripted. Refresh the golden file with {@code -Dgolden.update=true} and review
 * the diff.
 */
class DemoScenarioTest {
    private static final Path CAPTURES = Path.of("captures");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCommittedCaptureIsWhatTheWriterWrites(@TempDir Path tmp) throws IOException {
        new Scenario2016().write(tmp);
        assertArrayEquals(Files.readAllBytes(CAPTURES.resolve("demo-2016.pcap")),
                Files.readAllBytes(tmp.resolve("demo-2016.pcap")), "regenerate: java -cp target/sensor.jar:target/test-classes"
                        + " sensor.scenario.Scenario2016 captures");
        assertEquals(Files.readString(CAPTURES.resolve("demo-2016.groups")),
                Files.readString(tmp.resolve("demo-2016.groups")));
    }

    private static Replay.Result replay(Path out, ByteArrayOutputStream stdout) throws IOException {
        SensorConfig config = SensorConfig.defaults(out)
                .withPairs(new PairsConfig(0.8, 2, 10, 0.001, ClientGroups.load(CAPTURES.resolve("demo-2016.groups")), 1_000_000));
        config = new SensorConfig(config.outDir(), null, true, config.dnsPorts(), config.smtpPorts(), false,
                config.txnLimits(), config.pdnsMaxEntries(), config.pairs(), null);
        return Replay.run(config, List.of(CAPTURES.resolve("demo-2016.pcap").toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    }

    /** The report without what changes from run to run: timing and the output folder. */
    static String stable(String report) {
        return report.replaceAll(" in [0-9.]+ s, [0-9,]+ frames/s", " in <elapsed>")
                .replaceAll("(?m)^Records in .*$", "Records in <out>");
    }

    @Test
    void theReportEqualsTheGoldenFile(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        replay(tmp.resolve("out"), stdout);
        String report = stable(stdout.toString(StandardCharsets.UTF_8));
        Path golden = CAPTURES.resolve("demo-2016.report.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, report);
        }
        assertEquals(Files.readString(golden), report);
    }

    @Test
    void everyNumberIsWhatTheWriterScripted(@TempDir Path tmp) throws IOException {
        Scenario2016.Expected x = new Scenario2016().write(tmp.resolve("gen"));
        Path out = tmp.resolve("out");
        Replay.Result r = replay(out, new ByteArrayOutputStream());
        assertEquals(x.frames(), r.tallies().value("capture", "packets"));

        Map<IpAddress, Integer> oldLookups = x.lookupsByName().get(Scenario2016.OLD_NAME);
        long oldTotal = oldLookups.values().stream().mapToLong(Integer::longValue).sum();
        JsonNode oldName = find(out.resolve("servers.jsonl"), "name", false, Scenario2016.OLD_NAME);
        assertEquals(oldTotal, oldName.get("total").asLong());
        assertEquals(oldLookups.size(), oldName.get("clients").asInt());
        assertEquals(x.episodesByName().get(Scenario2016.OLD_NAME).values().stream().mapToLong(Integer::longValue).sum(),
                oldName.get("episodes").asLong());
        for (JsonNode pair : lines(out.resolve("pairs.jsonl"))) {
            if (pair.get("kind").asText().equals("name") && !pair.get("client_group").asBoolean()) {
                String name = pair.get("server").asText();
                IpAddress client = IpAddress.parse(pair.get("client").asText());
                assertEquals((long) x.lookupsByName().get(name).get(client), pair.get("count").asLong(), name + " " + client);
                if (x.episodesByName().containsKey(name)) {
                    assertEquals((long) x.episodesByName().get(name).getOrDefault(client, 0), pair.get("episodes").asLong(),
                            "episodes " + name + " " + client);
                }
            }
        }
        // The two bank resolvers as one party: the ~87% of the 2016 logs.
        long bank = oldLookups.get(Scenario2016.BANK_RESOLVER_1) + oldLookups.get(Scenario2016.BANK_RESOLVER_2);
        JsonNode oldByOrg = find(out.resolve("servers.jsonl"), "name", true, Scenario2016.OLD_NAME);
        assertEquals("bank", oldByOrg.get("dominant_clients").get(0).get("client").asText());
        assertEquals(1, oldByOrg.get("dominant_clients").size());
        assertEquals(Math.round(1e6 * bank / (double) oldTotal) / 1e6, oldByOrg.get("top_share").asDouble(), 1e-9);
        assertTrue(oldByOrg.get("exclusive").asBoolean());
        assertTrue(bank / (double) oldTotal > 0.85 && bank / (double) oldTotal < 0.89);
        // The baseline: the bank's share of every name lookup the scenario wrote.
        long allLookups = 0;
        long bankLookups = 0;
        for (Map<IpAddress, Integer> byClient : x.lookupsByName().values()) {
            for (Map.Entry<IpAddress, Integer> e : byClient.entrySet()) {
                allLookups += e.getValue();
                if (e.getKey().equals(Scenario2016.BANK_RESOLVER_1) || e.getKey().equals(Scenario2016.BANK_RESOLVER_2)) {
                    bankLookups += e.getValue();
                }
            }
        }
        double baseline = bankLookups / (double) allLookups;
        assertEquals(Math.round(1e6 * baseline) / 1e6, oldByOrg.get("baseline_share").asDouble(), 1e-9);
        assertEquals(Math.round(1e6 * bank / (double) oldTotal) / 1e6, oldByOrg.get("dominant_share").asDouble(), 1e-9);
        double p = sensor.pairs.Exclusivity.upperTail(oldTotal, bank, baseline);
        assertEquals(p, oldByOrg.get("p_value").asDouble(), p * 1e-5);
        assertTrue(p < 1e-50, "215 of 249 where a quarter is expected: " + p);
        // Only the two 2016 names are exclusive: the background names' concentration is their baseline.
        for (JsonNode server : lines(out.resolve("servers.jsonl"))) {
            if (server.get("exclusive").asBoolean()) {
                assertTrue(List.of(Scenario2016.OLD_NAME, Scenario2016.NEW_NAME).contains(server.get("server").asText()),
                        server.toString());
                assertTrue(server.get("p_value").asDouble() <= 0.001, server.toString());
            }
        }

        // Resolver pairs count every lookup each resolver made to the name server.
        for (JsonNode pair : lines(out.resolve("pairs.jsonl"))) {
            if (pair.get("kind").asText().equals("resolver") && !pair.get("client_group").asBoolean()) {
                IpAddress client = IpAddress.parse(pair.get("client").asText());
                assertEquals((long) x.lookupsByResolver().get(client), pair.get("count").asLong(), client.toString());
            }
        }

        JsonNode smtp = find(out.resolve("servers.jsonl"), "smtp", false, Scenario2016.MAIL_SERVER.toString());
        assertEquals(x.smtpAttempts().values().stream().mapToLong(Integer::longValue).sum(), smtp.get("total").asLong());
        for (Map.Entry<IpAddress, String> e : x.smtpOutcome().entrySet()) {
            String field = e.getValue() + "_clients";
            assertEquals(List.of(e.getKey().toString()), texts(smtp.get(field)).stream()
                    .filter(c -> c.equals(e.getKey().toString())).toList(), field);
        }
        assertEquals(List.of(Scenario2016.BANK_MAIL.toString()), texts(smtp.get("accepted_clients")));

        List<JsonNode> events = lines(out.resolve("events.jsonl"));
        assertEquals(1, events.size(), events.toString());
        JsonNode rename = events.get(0);
        assertEquals("rename", rename.get("type").asText());
        assertEquals(Scenario2016.MAIL_SERVER.toString(), rename.get("address").asText());
        assertEquals(Scenario2016.OLD_NAME, rename.get("old_name").asText());
        assertEquals(Scenario2016.NEW_NAME, rename.get("new_name").asText());
        assertEquals(Scenario2016.BANK_RESOLVER_1.toString(), rename.get("first_client").asText());
        assertEquals((Scenario2016.NEW_FIRST_QUERY - Scenario2016.OLD_LAST_ANSWER) / 1e6, rename.get("delay_s").asDouble(),
                1e-6);
        assertEquals(Math.round(1e6 * oldLookups.get(Scenario2016.BANK_RESOLVER_1) / (double) oldTotal) / 1e6,
                rename.get("first_client_old_share").asDouble(), 1e-9);
        assertEquals("bank", rename.get("first_client_group").asText());
        assertEquals(2, rename.get("address_names").asInt(), "the mail server's address carried the two names only");

        JsonNode summary = JSON.readTree(Files.readString(out.resolve("summary.json")));
        assertEquals(x.unanswered() + x.malformed(), summary.get("transactions").get("unanswered").asInt(),
                "the truncated query is a transaction too, counted malformed");
        assertEquals(x.malformed(), summary.get("errors").get("dns_truncated_message").asInt());
        assertEquals(x.smtpAttempts().values().stream().mapToLong(Integer::longValue).sum(),
                summary.get("smtp_sessions").asLong());
    }

    private static JsonNode find(Path file, String kind, boolean group, String server) throws IOException {
        for (JsonNode n : lines(file)) {
            if (n.get("kind").asText().equals(kind) && n.get("client_group").asBoolean() == group
                    && n.get("server").asText().equals(server)) {
                return n;
            }
        }
        throw new AssertionError("no " + kind + " record for " + server);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
