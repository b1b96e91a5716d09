package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.output.DnsRecordFormat;
import sensor.output.SmtpRecordFormat;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;

/**
 * Without a broker: the record lines of one replay, converted back and aggregated in sort-key
 * order, give that replay's pairs, servers and events line for line, whatever order they arrive in.
 */
class FleetAggregateTest {
    static final Path CAPTURES = Path.of("captures");
    @TempDir
    static Path tmp;
    static PairsConfig config;
    static Path local;

    @BeforeAll
    static void replay() throws IOException {
        config = new PairsConfig(0.8, 2, 10, 0.001, ClientGroups.load(CAPTURES.resolve("demo-2016.groups")), 1_000_000);
        local = tmp.resolve("local");
        Replay.run(SensorConfig.defaults(local).withPairs(config), List.of(CAPTURES.resolve("demo-2016.pcap").toString()),
                new PrintStream(new ByteArrayOutputStream()), System.err);
    }

    static List<String> lines(Path f) throws IOException {
        return Files.readAllLines(f, StandardCharsets.UTF_8);
    }

    @Test
    void aConvertedLineFormatsToItself() throws IOException {
        DnsRecordFormat dns = new DnsRecordFormat(false);
        for (String line : lines(local.resolve("dns.jsonl"))) {
            assertEquals(line, dns.line(RecordConverter.dns(line)).toString());
        }
        SmtpRecordFormat smtp = new SmtpRecordFormat(false);
        for (String line : lines(local.resolve("smtp.jsonl"))) {
            assertEquals(line, smtp.format(RecordConverter.smtp(line)));
        }
    }

    /** Records keyed as the topology keys them (offsets by file position, one partition). */
    static TreeMap<String, String> keyed() throws IOException {
        TreeMap<String, String> all = new TreeMap<>();
        List<String> dns = lines(local.resolve("dns.jsonl"));
        for (int i = 0; i < dns.size(); i++) {
            long ts = RecordConverter.dns(dns.get(i)).tsNanos();
            all.put(FleetAggregate.key(ts, FleetAggregate.DNS, 0, i), dns.get(i));
        }
        List<String> smtp = lines(local.resolve("smtp.jsonl"));
        for (int i = 0; i < smtp.size(); i++) {
            long ts = RecordConverter.smtp(smtp.get(i)).tsNanos();
            all.put(FleetAggregate.key(ts, FleetAggregate.SMTP, 0, i), smtp.get(i));
        }
        return all;
    }

    private static void assertSameAsReplay(FleetAggregate.Lines got) throws IOException {
        assertEquals(lines(local.resolve("pairs.jsonl")), got.pairs());
        assertEquals(lines(local.resolve("servers.jsonl")), got.servers());
        assertEquals(lines(local.resolve("events.jsonl")), got.events());
        assertTrue(got.events().stream().anyMatch(e -> e.contains("\"type\":\"rename\"")));
    }

    @Test
    void inOrderTheAggregateIsIncrementalAndEqualsTheReplay() throws IOException {
        FleetAggregate agg = new FleetAggregate(config);
        for (Map.Entry<String, String> e : keyed().entrySet()) {
            agg.add(e.getKey(), e.getValue());
            agg.advance(FleetAggregate.timeOf(e.getKey()) - 60_000_000_000L); // a minute of grace
        }
        assertEquals(false, agg.stale());
        assertTrue(agg.pending() > 0);
        agg.advance(Long.MAX_VALUE);
        assertEquals(0, agg.pending());
        assertEquals(0, agg.rebuilds());
        assertSameAsReplay(agg.lines());
    }

    @Test
    void outOfOrderTheRebuildEqualsTheReplay() throws IOException {
        TreeMap<String, String> all = keyed();
        List<Map.Entry<String, String>> shuffled = new ArrayList<>(all.entrySet());
        Collections.shuffle(shuffled, new Random(8));
        FleetAggregate agg = new FleetAggregate(config);
        TreeMap<String, String> store = new TreeMap<>();
        for (Map.Entry<String, String> e : shuffled) {
            store.put(e.getKey(), e.getValue());
            agg.add(e.getKey(), e.getValue());
            agg.advance(Long.MAX_VALUE); // no grace: the next record older than this one makes it stale
        }
        assertTrue(agg.stale());
        agg.rebuild(store.entrySet().iterator(), Long.MAX_VALUE);
        assertEquals(all.size(), agg.records());
        assertSameAsReplay(agg.lines());
    }

    @Test
    void aLateRecordRebuildsWithoutTakingAnythingBack() throws IOException {
        TreeMap<String, String> all = keyed();
        String late = all.keySet().stream().skip(all.size() / 2).findFirst().orElseThrow();
        FleetAggregate agg = new FleetAggregate(config);
        TreeMap<String, String> store = new TreeMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (!e.getKey().equals(late)) {
                store.put(e.getKey(), e.getValue());
                agg.add(e.getKey(), e.getValue());
            }
        }
        agg.advance(FleetAggregate.timeOf(all.lastKey()) - 3_600_000_000_000L);
        long applied = agg.records();
        store.put(late, all.get(late));
        agg.add(late, all.get(late));
        assertTrue(agg.stale());
        agg.rebuild(store.entrySet().iterator(), FleetAggregate.timeOf(all.firstKey()));
        assertEquals(applied + 1, agg.records(), "what was applied stays applied, the late one joins it");
        agg.advance(Long.MAX_VALUE);
        assertEquals(all.size(), agg.records());
        assertSameAsReplay(agg.lines());
    }
}
