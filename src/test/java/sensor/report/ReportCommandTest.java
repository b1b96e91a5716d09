package sensor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.CliRun;

/**
 * {@code sensor report} on the demo's replay output: the replay's own analysis recomputed from
 * the records, and drill-downs whose figures were counted by hand with jq from dns.jsonl and smtp.jsonl.
 */
class ReportCommandTest {
    static final Path CAPTURES = Path.of("captures");
    static final String GROUPS = CAPTURES.resolve("demo-2016.groups").toString();
    @TempDir
    static Path tmp;
    static Path out;
    static String replayReport;

    @BeforeAll
    static void replay() {
        out = tmp.resolve("out");
        CliRun r = run("replay", "--groups", GROUPS, "-o", out.toString(), CAPTURES.resolve("demo-2016.pcap").toString());
        assertEquals(0, r.code(), r.err());
        replayReport = r.out();
    }

    private static CliRun run(String... args) {
        return CliRun.execute(args);
    }

    /** The analysis sections: after the three lines of what was read, up to the data-quality lines. */
    private static List<String> analysis(String report) {
        List<String> lines = report.lines().toList();
        int end = 3;
        while (end < lines.size() && !lines.get(end).startsWith("Data quality")) {
            end++;
        }
        return lines.subList(3, end);
    }

    @Test
    void theReportOfAReplaysDirectoryIsTheReplaysOwnAnalysis() {
        CliRun r = run("report", "--groups", GROUPS, out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(analysis(replayReport), analysis(r.out()));
        assertTrue(analysis(r.out()).size() > 20, r.out());
        assertTrue(r.out().startsWith("Recomputed from 3,175 DNS transactions and 20 SMTP sessions in " + out), r.out());
        assertTrue(r.out().contains("DNS transactions: 3,171 answered, 4 unanswered, 0 unsolicited"), r.out());
    }

    /** TSV sections as lists of rows, each a map from the #fields names to the cells. */
    private static Map<String, List<Map<String, String>>> tsv(String text) {
        Map<String, List<Map<String, String>>> sections = new LinkedHashMap<>();
        List<Map<String, String>> rows = null;
        String[] fields = null;
        for (String line : text.lines().toList()) {
            String[] cells = line.split("\t", -1);
            if (line.startsWith("#section\t")) {
                rows = new ArrayList<>();
                sections.put(cells[1], rows);
            } else if (line.startsWith("#fields\t")) {
                fields = cells;
            } else {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < cells.length; i++) {
                    row.put(fields[i + 1], cells[i]);
                }
                rows.add(row);
            }
        }
        return sections;
    }

    private static Map<String, String> find(List<Map<String, String>> rows, String field, String value,
            String field2, String value2) {
        return rows.stream().filter(r -> value.equals(r.get(field)) && value2.equals(r.get(field2))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + "=" + value + " " + field2 + "=" + value2 + " in "
                        + rows));
    }

    @Test
    void aNamesClientsAddressesSmtpOutcomesAndEvents() {
        CliRun r = run("report", "--groups", GROUPS, "--name", "Mail1.Trump-Email.com.", "--format", "tsv", out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, List<Map<String, String>>> s = tsv(r.out());
        assertEquals(List.of("verdicts", "clients", "addresses", "smtp_outcomes", "events"), List.copyOf(s.keySet()));
        Map<String, String> v = find(s.get("verdicts"), "level", "address", "kind", "name");
        assertEquals("249", v.get("total"));
        assertEquals("203.0.113.15,203.0.113.16", v.get("dominant_clients"));
        assertEquals("0.863454", v.get("dominant_share")); // 215 / 249
        assertEquals("0.247952", v.get("baseline_share"));
        assertEquals("3.79818E-93", v.get("p_value"));
        assertEquals("true", v.get("exclusive"));
        // jq: 124 of the name's 249 lookups came from 203.0.113.15, 24 from the health network's resolver
        Map<String, String> c = find(s.get("clients"), "level", "address", "client", "203.0.113.15");
        assertEquals("124", c.get("count"));
        assertEquals("0.497992", c.get("share"));
        assertEquals("2016-09-16T03:08:50.735354Z", c.get("first_seen"));
        assertEquals("24", find(s.get("clients"), "level", "address", "client", "198.51.100.40").get("count"));
        assertEquals("215", find(s.get("clients"), "level", "organisation", "client", "bank").get("count"));
        assertEquals(List.of(Map.of("address", "192.0.2.29", "smtp_attempts", "20")), s.get("addresses"));
        // jq on smtp.jsonl to 192.0.2.29: 12 accepted from the bank's MX, 3 rejected, 3 refused, 2 rejected
        assertEquals("12", find(s.get("smtp_outcomes"), "client", "203.0.113.25", "accepted", "12").get("attempts"));
        assertEquals("3", find(s.get("smtp_outcomes"), "client", "198.51.100.77", "rejected", "3").get("attempts"));
        assertEquals("3", find(s.get("smtp_outcomes"), "client", "198.51.100.99", "refused", "3").get("attempts"));
        Map<String, String> rename = find(s.get("events"), "type", "rename", "new_name", "trump1.contact-client.com");
        assertEquals("203.0.113.15", rename.get("first_client"));
        assertEquals("2016-09-27T11:20:04.521979Z", rename.get("ts"));
    }

    @Test
    void aServersClientsAndTheNamesThatResolvedToIt() {
        // jq: all 3,175 lookups went to the one resolver 192.0.2.1, 907 of them from 192.0.2.53
        CliRun resolver = run("report", "--server", "192.0.2.1", "--format", "tsv", out.toString());
        assertEquals(0, resolver.code(), resolver.err());
        Map<String, List<Map<String, String>>> s = tsv(resolver.out());
        assertEquals("3175", find(s.get("verdicts"), "kind", "resolver", "level", "address").get("total"));
        assertEquals("907", find(s.get("clients"), "kind", "resolver", "client", "192.0.2.53").get("count"));
        CliRun mail = run("report", "--server", "192.0.2.29", "--format", "tsv", out.toString());
        Map<String, List<Map<String, String>>> m = tsv(mail.out());
        assertEquals("20", find(m.get("verdicts"), "kind", "smtp", "level", "address").get("total"));
        assertEquals(List.of("mail1.trump-email.com", "trump1.contact-client.com"),
                m.get("names").stream().map(r -> r.get("name")).toList());
        assertEquals("rename", m.get("events").get(0).get("type"));
    }

    @Test
    void aWindowIsRecomputedFromTheRecords() throws IOException {
        // jq: from 2016-09-27 on, 263 lookups; the 2016 names only trump1.contact-client.com's 22 (13 + 9 from
        // the bank's two resolvers, 34 + 19 = 53 of the 263 overall)
        CliRun r = run("report", "--groups", GROUPS, "--since", "2016-09-27T00:00:00Z", "--format", "json", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(263, j.get("dns_transactions").asInt());
        assertEquals(1, j.get("smtp_sessions").asInt());
        List<String> exclusive = new ArrayList<>();
        for (JsonNode s : j.get("servers")) {
            if (s.get("exclusive").asBoolean()) {
                exclusive.add(s.get("server").asText() + " " + s.get("level").asText());
            }
        }
        assertEquals(List.of("trump1.contact-client.com address", "trump1.contact-client.com organisation"), exclusive);
        JsonNode trump = j.get("servers").get(0);
        assertEquals(22, trump.get("total").asInt());
        assertEquals(Math.round(53 / 263.0 * 1e6) / 1e6, trump.get("baseline_share").asDouble());
        assertEquals(Math.pow(53 / 263.0, 22), trump.get("p_value").asDouble(), 1e-20);
        assertEquals(0, j.get("events").size(), "the old name's answers are all before the window: no rename in it");

        CliRun old = run("report", "--since", "2016-09-27T00:00:00Z", "--name", "mail1.trump-email.com", out.toString());
        assertEquals(1, old.code());
        assertEquals("sensor: no record in 1 directory within the window names name mail1.trump-email.com",
                old.err().strip());
        CliRun before = run("report", "--until", "2016-09-27", "--name", "trump1.contact-client.com", out.toString());
        assertEquals(1, before.code(), before.out());
    }

    @Test
    void aClientsServersAndSmtpAttempts() throws IOException {
        CliRun r = run("report", "--client", "203.0.113.25", "--format", "json", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("203.0.113.25", j.get("client").asText());
        assertEquals(12, j.get("smtp_attempts").size());
        for (JsonNode a : j.get("smtp_attempts")) {
            assertEquals("accepted", a.get("outcome").asText());
            assertEquals("mx.bank.example", a.get("helo").asText());
        }
        JsonNode smtp = j.get("servers").get(0);
        assertEquals("smtp", smtp.get("kind").asText());
        assertEquals("192.0.2.29", smtp.get("server").asText());
        assertEquals(12, smtp.get("count").asInt());
        assertEquals(0.6, smtp.get("share_of_server").asDouble()); // 12 of 20 attempts
        assertEquals(1.0, smtp.get("share_of_client").asDouble());
    }

    @Test
    void severalDirectoriesMakeOneReport() {
        CliRun r = run("report", "--name", "mail1.trump-email.com", "--format", "tsv", out.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("248", find(tsv(r.out()).get("clients"), "level", "address", "client", "203.0.113.15").get("count"));
    }

    @Test
    void aLiveDirectoryWithHourlyFilesAnEvictedRecordAndALastLineCutMidWrite() throws IOException {
        Path live = Files.createDirectories(tmp.resolve("live"));
        List<String> dns = Files.readAllLines(out.resolve("dns.jsonl"));
        int half = dns.size() / 2;
        List<String> first = new ArrayList<>(dns.subList(0, half));
        String last = first.remove(half - 1); // as the sensor writes a record of state it evicted
        first.add(last.substring(0, last.length() - 1) + ",\"evicted\":true}");
        Files.write(live.resolve("dns.20160916-00.jsonl"), first);
        String cut = dns.get(half + 1).substring(0, 40);
        Files.writeString(live.resolve("dns.jsonl"), String.join("\n", dns.subList(half, dns.size())) + "\n" + cut);
        Files.copy(out.resolve("smtp.jsonl"), live.resolve("smtp.jsonl"));
        CliRun r = run("report", "--groups", GROUPS, live.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(analysis(replayReport), analysis(r.out()));
        assertTrue(r.out().contains("Unreadable lines skipped: 1 "), r.out());
        assertTrue(r.out().contains("  of which 1 written from state the sensor evicted"), r.out());
    }

    @Test
    void anonymizedRecordsWithTheirKeyGiveTheReplaysAnalysis() throws IOException {
        Path key = tmp.resolve("key");
        Files.writeString(key, "00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef\n");
        Path anon = tmp.resolve("anon");
        CliRun replay = run("replay", "--groups", GROUPS, "--anonymize-key", key.toString(), "-o", anon.toString(),
                CAPTURES.resolve("demo-2016.pcap").toString());
        assertEquals(0, replay.code(), replay.err());
        CliRun r = run("report", "--groups", GROUPS, "--anonymize-key", key.toString(), anon.toString());
        assertEquals(analysis(replay.out()), analysis(r.out()));
        assertTrue(r.out().contains("bank                                  215   86.3% of it"), r.out());
        // The name's answer keeps the public address; its SMTP server is counted under the pseudonym.
        CliRun name = run("report", "--anonymize-key", key.toString(), "--name", "mail1.trump-email.com", "--format", "tsv",
                anon.toString());
        assertEquals(List.of(Map.of("address", "192.0.2.29", "smtp_attempts", "20")), tsv(name.out()).get("addresses"));
    }

    @Test
    void badInputsAreOneLine() throws IOException {
        CliRun missing = run("report", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals("sensor: " + tmp.resolve("nope") + ": no such directory", missing.err().strip());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun none = run("report", empty.toString());
        assertEquals(1, none.code());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("no dns.jsonl or smtp.jsonl"), none.err());
        Path emptyFiles = Files.createDirectories(tmp.resolve("empty-files"));
        Files.writeString(emptyFiles.resolve("dns.jsonl"), "");
        CliRun noRecords = run("report", emptyFiles.toString());
        assertEquals(1, noRecords.code());
        assertEquals("sensor: no records in " + emptyFiles, noRecords.err().strip());
        CliRun later = run("report", "--since", "2017-01-01", out.toString());
        assertEquals(1, later.code());
        assertEquals("sensor: no records within the window (3,195 outside it)", later.err().strip()); // 3,175 + 20
        assertEquals(2, run("report", "--since", "2016-09-27", "--until", "2016-09-26", out.toString()).code());
        assertEquals(2, run("report", "--since", "yesterday", out.toString()).code());
        assertEquals(2, run("report", "--format", "xml", out.toString()).code());
        assertEquals(2, run("report", "--name", "a", "--client", "b", out.toString()).code());
        assertEquals(2, run("report", "--exclusive-share", "2", out.toString()).code());
        assertEquals(2, run("report").code());
    }
}
