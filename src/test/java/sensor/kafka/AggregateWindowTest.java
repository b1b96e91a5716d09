package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;

/**
 * The aggregate topology with a window, driven record by record (Kafka Streams' test driver, its
 * wall clock moved by hand): the demo capture's twelve days, a five-day window. The records older
 * than the window leave the store, and the tables are those of the records inside it, line for
 * line; a record that arrives older than the window is counted and changes nothing.
 */
class AggregateWindowTest {
    private static final Path CAPTURES = Path.of("captures");
    private static final Duration WINDOW = Duration.ofDays(5);
    @TempDir
    static Path tmp;
    static PairsConfig config;
    static List<String> dns;
    static List<String> smtp;

    @BeforeAll
    static void replay() throws IOException {
        config = new PairsConfig(0.8, 2, 10, 0.001, ClientGroups.load(CAPTURES.resolve("demo-2016.groups")), 1_000_000);
        Path local = tmp.resolve("local");
        Replay.run(SensorConfig.defaults(local).withPairs(config), List.of(CAPTURES.resolve("demo-2016.pcap").toString()),
                new PrintStream(new ByteArrayOutputStream()), System.err);
        dns = Files.readAllLines(local.resolve("dns.jsonl"), StandardCharsets.UTF_8);
        smtp = Files.readAllLines(local.resolve("smtp.jsonl"), StandardCharsets.UTF_8);
    }

    @Test
    void theTablesCoverTheWindowAndTheStoreHoldsNothingOlder() throws IOException {
        long newest = Math.max(newest(dns, FleetAggregate.DNS), newest(smtp, FleetAggregate.SMTP));
        long cut = newest - WINDOW.toNanos();
        FleetAggregate inside = new FleetAggregate(config);
        long outside = addFrom(inside, dns, FleetAggregate.DNS, cut) + addFrom(inside, smtp, FleetAggregate.SMTP, cut);
        inside.advance(Long.MAX_VALUE);
        FleetAggregate.Lines want = inside.lines();
        assertTrue(outside > 0 && inside.records() > 0, "the window cuts the capture in two");
        assertTrue(want.events().stream().anyMatch(l -> l.contains("\"type\":\"rename\"")),
                "the rename is inside the window");

        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        AggregateTopology.Progress progress = new AggregateTopology.Progress();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9"); // never contacted by the driver
        p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(AggregateTopology.build(config, Duration.ofSeconds(1),
                Duration.ofSeconds(60), WINDOW, out, progress), p, start)) {
            TestInputTopic<String, String> dnsIn = driver.createInputTopic(Topics.DNS, new StringSerializer(),
                    new StringSerializer());
            TestInputTopic<String, String> smtpIn = driver.createInputTopic(Topics.SMTP, new StringSerializer(),
                    new StringSerializer());
            dns.forEach(l -> dnsIn.pipeInput("k", l));
            smtp.forEach(l -> smtpIn.pipeInput("k", l));
            // Quiet for more than two emit intervals: everything is applied, the window pruned.
            for (int i = 0; i < 4; i++) {
                driver.advanceWallClockTime(Duration.ofSeconds(2));
            }
            assertEquals(outside, progress.pruned(), "every record older than the window left the store");
            KeyValueStore<String, String> store = driver.getKeyValueStore(AggregateTopology.STORE);
            long stored = 0;
            try (KeyValueIterator<String, String> it = store.all()) {
                while (it.hasNext()) {
                    assertTrue(FleetAggregate.timeOf(it.next().key) >= cut);
                    stored++;
                }
            }
            assertEquals(inside.records(), stored);
            assertEquals(want.pairs(), lines(out.resolve("pairs.jsonl")));
            assertEquals(want.servers(), lines(out.resolve("servers.jsonl")));
            assertEquals(want.events(), lines(out.resolve("events.jsonl")));
            assertEquals(new HashSet<>(want.pairs()), table(driver, Topics.PAIRS));
            assertEquals(new HashSet<>(want.events()), table(driver, Topics.EVENTS));

            // A sensor that delivers a record from before the window: counted, not stored.
            long emissions = progress.emissions();
            dnsIn.pipeInput("k", dns.get(0));
            for (int i = 0; i < 3; i++) {
                driver.advanceWallClockTime(Duration.ofSeconds(2));
            }
            assertEquals(1, progress.expired());
            assertEquals(emissions, progress.emissions(), "nothing changed, so nothing was published");
            assertEquals(want.pairs(), lines(out.resolve("pairs.jsonl")));
            System.out.printf("fleet: a %d-day window kept %d of %d records (%d pruned, %d rebuilds): %d pairs,"
                    + " %d servers, %d events equal to the aggregate of the records inside it%n", WINDOW.toDays(),
                    stored, dns.size() + smtp.size(), progress.pruned(), progress.rebuilds(), want.pairs().size(),
                    want.servers().size(), want.events().size());
        }
        assertNotEquals(dns.size() + smtp.size(), inside.records());
    }

    /**
     * Adds the lines from {@code cut} on, keyed as the topology keys them (one input partition per
     * topic, offsets in line order); returns how many lie before the cut.
     */
    private static long addFrom(FleetAggregate inside, List<String> lines, char kind, long cut) {
        long outside = 0;
        for (int i = 0; i < lines.size(); i++) {
            long ts = ts(lines.get(i), kind);
            if (ts >= cut) {
                inside.add(FleetAggregate.key(ts, kind, 0, i), lines.get(i));
            } else {
                outside++;
            }
        }
        return outside;
    }

    private static long newest(List<String> lines, char kind) {
        long newest = Long.MIN_VALUE;
        for (String l : lines) {
            newest = Math.max(newest, ts(l, kind));
        }
        return newest;
    }

    private static long ts(String line, char kind) {
        return kind == FleetAggregate.DNS ? RecordConverter.dns(line).tsNanos() : RecordConverter.smtp(line).tsNanos();
    }

    private static List<String> lines(Path f) throws IOException {
        return Files.readAllLines(f, StandardCharsets.UTF_8);
    }

    /** The table a compacted output topic holds: the latest value per key, tombstones removing. */
    private static Set<String> table(TopologyTestDriver driver, String topic) {
        TestOutputTopic<String, String> t = driver.createOutputTopic(topic, new StringDeserializer(),
                new StringDeserializer());
        Map<String, String> table = new HashMap<>();
        for (KeyValue<String, String> kv : t.readKeyValuesToList()) {
            if (kv.value == null) {
                table.remove(kv.key);
            } else {
                table.put(kv.key, kv.value);
            }
        }
        return new HashSet<>(table.values());
    }
}
