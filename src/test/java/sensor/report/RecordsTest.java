package sensor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.cli.SensorCommand;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * The report streams its records from the files in capture-time order: a file out of order is
 * sorted through spilled runs into the order of one sorted in memory, and no record is held once
 * its consumer is done with it (report's memory does not grow with the input).
 */
class RecordsTest {
    @TempDir
    static Path tmp;
    static Path demo;

    @BeforeAll
    static void replay() {
        demo = tmp.resolve("demo");
        int code = SensorCommand.commandLine().execute("replay", "--quiet", "-o", demo.toString(),
                "captures/demo-2016.pcap");
        assertEquals(0, code);
    }

    /** Each DNS and SMTP record of a scan as text that names it, in the order delivered. */
    private static List<String> order(Records r) {
        List<String> seen = new ArrayList<>();
        r.scan(t -> seen.add(t.tsNanos() + " dns " + t.client() + " " + t.clientPort() + " " + t.id() + " " + t.qname()),
                s -> seen.add(s.tsNanos() + " smtp " + s.client() + " " + s.clientPort()));
        return seen;
    }

    @Test
    void timesAreReadAsInstantParseReadsThem() throws IOException {
        List<String> times = new ArrayList<>(List.of("2016-09-16T00:01:49Z", "2016-09-16T00:01:49.1Z",
                "2017-12-12T11:31:06.494229670Z", "1970-01-01T00:00:00.000000Z", "2000-02-29T23:59:59.999999Z",
                "2262-04-11T23:47:16.854775807Z"));
        for (String line : Files.readAllLines(demo.resolve("dns.jsonl"))) {
            times.add(line.substring(7, line.indexOf('"', 7)));
        }
        for (String t : times) {
            Instant i = Instant.parse(t);
            assertEquals(i.getEpochSecond() * 1_000_000_000L + i.getNano(), Records.time("{\"ts\":\"" + t + "\"}"), t);
        }
        // Not the sensor's form: read by Instant.parse, or no time at all.
        assertEquals(Instant.parse("2016-09-16T00:01:49.5+02:00").toEpochMilli() * 1_000_000L,
                Records.time("{\"ts\":\"2016-09-16T00:01:49.5+02:00\"}"));
        for (String bad : List.of("2016-13-16T00:01:49Z", "2016-02-30T00:01:49Z", "2016-09-16T24:01:49Z",
                "2016-09-16T00:01:49.1234567890Z", "2016-09-16 00:01:49Z", "2262-04-11T23:47:16.854775808Z")) {
            assertEquals(Long.MIN_VALUE, Records.time("{\"ts\":\"" + bad + "\"}"), bad);
        }
    }

    @Test
    void evictedIsTheMemberReadBackNotATextMatch() throws IOException {
        // Lines a script re-serialized with spaces after the separators (Python's json.dumps):
        // the same members, so the same records and the same count of evicted ones.
        Path spaced = Files.createDirectories(tmp.resolve("spaced"));
        List<String> lines = new ArrayList<>(Files.readAllLines(demo.resolve("dns.jsonl")));
        for (int i : new int[] {3, 7}) {
            String l = lines.get(i);
            lines.set(i, l.substring(0, l.length() - 1) + ", \"evicted\": true}");
        }
        Files.write(spaced.resolve("dns.jsonl"), lines);
        Records r = Records.open(List.of(spaced), Window.ALL);
        assertEquals(order(Records.open(List.of(demo), Window.ALL)).stream().filter(s -> s.contains(" dns ")).toList(),
                order(r).stream().filter(s -> s.contains(" dns ")).toList());
        assertEquals(2, r.stats().evicted());
    }

    @Test
    void aShuffledFileIsReadInTheOrderOfTheSortedOne() throws IOException {
        Path shuffled = tmp.resolve("shuffled");
        Files.createDirectories(shuffled);
        for (String f : List.of("dns.jsonl", "smtp.jsonl")) {
            List<String> lines = new ArrayList<>(Files.readAllLines(demo.resolve(f)));
            Collections.shuffle(lines, new Random(2016));
            Files.write(shuffled.resolve(f), lines);
        }
        List<String> sorted = order(Records.open(List.of(demo), Window.ALL));
        // 3,175 DNS lines in runs of 100: 32 spilled runs merged.
        Records spilled = Records.open(List.of(shuffled), Window.ALL, 100);
        assertEquals(sorted, order(spilled));
        assertEquals(3175, spilled.stats().dns());
        assertEquals(20, spilled.stats().smtp());
        for (int i = 1; i < sorted.size(); i++) {
            long a = Long.parseLong(sorted.get(i - 1).split(" ")[0]);
            long b = Long.parseLong(sorted.get(i).split(" ")[0]);
            assertTrue(a <= b, "capture time order at " + i);
        }
    }

    @Test
    void equalTimesKeepTheirFileOrderAcrossSpilledRuns() throws IOException {
        // The demo's DNS records twice over: every time is there twice, and the first copy comes first.
        Path twice = tmp.resolve("twice");
        Files.createDirectories(twice);
        List<String> lines = Files.readAllLines(demo.resolve("dns.jsonl"));
        List<String> both = new ArrayList<>(lines);
        both.addAll(lines.stream().map(l -> l.replace("\"client_port\":", "\"client_port\":1")).toList());
        Files.write(twice.resolve("dns.jsonl"), both);
        List<String> seen = order(Records.open(List.of(twice), Window.ALL, 500));
        assertEquals(2 * lines.size(), seen.size());
        for (int i = 0; i < seen.size(); i += 2) {
            String first = seen.get(i).split(" ")[3];
            String second = seen.get(i + 1).split(" ")[3];
            assertEquals("1" + first, second, "the first copy's record first at " + i);
        }
    }

    @Test
    void aScanHoldsNoRecordItHasDelivered() throws IOException {
        // The demo's records twenty times over, out of order: spilled, merged and delivered one by one.
        Path many = tmp.resolve("many");
        Files.createDirectories(many);
        List<String> lines = Files.readAllLines(demo.resolve("dns.jsonl"));
        List<String> copies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            copies.addAll(lines);
        }
        Files.write(many.resolve("dns.jsonl"), copies);
        List<WeakReference<DnsTransaction>> early = new ArrayList<>();
        long[] n = {0};
        boolean[] held = {false};
        Records r = Records.open(List.of(many), Window.ALL);
        r.scan(t -> {
            n[0]++;
            if (n[0] <= 100) {
                early.add(new WeakReference<>(t));
            } else if (n[0] == 40_000) {
                // Midway, with 39,900 records delivered since: the first hundred must be garbage.
                for (int i = 0; i < 5 && early.stream().anyMatch(w -> w.get() != null); i++) {
                    System.gc();
                }
                held[0] = early.stream().anyMatch(w -> w.get() != null);
            }
        }, (SmtpSession s) -> { });
        assertEquals(20L * lines.size(), r.stats().dns());
        assertEquals(false, held[0], "a delivered record is still held midway through the scan");
    }
}
