package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;
import sensor.testutil.CaptureSplit;
import sensor.testutil.KafkaBroker;

/**
 * The fleet end to end with a real broker: the demo capture split in two, each half replayed by
 * its own sensor into Kafka, {@code aggregate} over both; its pairs, servers (shares, HHI,
 * exclusivity) and events (the rename) equal those of one local replay of the whole capture,
 * line for line, in the files and in the compacted topics.
 */
class FleetAggregationTest {
    private static final Path CAPTURES = Path.of("captures");
    private static final Path DEMO = CAPTURES.resolve("demo-2016.pcap");
    @TempDir
    static Path tmp;
    static PairsConfig config;
    static Path local;
    static long localRecords;
    /**
     * The broker's shortest session: the tasks of an instance that stops without leaving the group
     * would move on after 6 s, not 45.
     */
    static final Map<String, String> FAST_FAILOVER = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms",
            "1000");

    @BeforeAll
    static void replayTheWhole() throws IOException {
        config = new PairsConfig(0.8, 2, 10, 0.001, ClientGroups.load(CAPTURES.resolve("demo-2016.groups")), 1_000_000);
        local = tmp.resolve("local");
        Replay.run(SensorConfig.defaults(local).withPairs(config), List.of(DEMO.toString()),
                new PrintStream(new ByteArrayOutputStream()), System.err);
        localRecords = lines(local.resolve("dns.jsonl")).size() + lines(local.resolve("smtp.jsonl")).size();
    }

    static List<String> lines(Path f) throws IOException {
        return Files.readAllLines(f, StandardCharsets.UTF_8);
    }

    @Test
    void twoSensorsSplitByClientAndTwoAggregateInstancesEqualOneReplay() throws Exception {
        Path a = tmp.resolve("bank.pcap");
        Path b = tmp.resolve("others.pcap");
        long[] frames = CaptureSplit.byFilter(DEMO, "net 203.0.113.0/24", a, b);
        assertTrue(frames[0] > 0 && frames[1] > 0);
        fleet("client", a, b, 2);
    }

    @Test
    void twoSensorsSplitByTimeAndOneAggregateInstanceEqualOneReplay() throws Exception {
        Path a = tmp.resolve("before.pcap");
        Path b = tmp.resolve("after.pcap");
        CaptureSplit.byLongestGap(DEMO, a, b);
        fleet("time", a, b, 1);
    }

    private void fleet(String split, Path a, Path b, int instances) throws Exception {
        long started = System.nanoTime();
        try (KafkaBroker broker = KafkaBroker.start()) {
            Topics.create(broker.bootstrap(), 3, (short) 1, 30_000);
            // The two sensors run at the same time, so their records interleave in the topics.
            CompletableFuture<Replay.Result> ra = CompletableFuture.supplyAsync(() -> sensor(broker, "a-" + split, a));
            CompletableFuture<Replay.Result> rb = CompletableFuture.supplyAsync(() -> sensor(broker, "b-" + split, b));
            Replay.Result x = ra.get();
            Replay.Result y = rb.get();
            long sent = x.tallies().value("kafka", "sent") + y.tallies().value("kafka", "sent");
            assertEquals(x.tallies().value("kafka", "records") + y.tallies().value("kafka", "records"), sent);
            long dnsSmtp = x.tallies().value("txn", "answered") + x.tallies().value("txn", "unanswered")
                    + x.tallies().value("txn", "unsolicited") + y.tallies().value("txn", "answered")
                    + y.tallies().value("txn", "unanswered") + y.tallies().value("txn", "unsolicited")
                    + x.tallies().value("smtp", "sessions") + y.tallies().value("smtp", "sessions");
            assertEquals(localRecords, dnsSmtp, "the halves hold every transaction and session of the whole");
            // A line that is not a record (another producer's mistake) is counted and skipped.
            try (KafkaProducer<String, String> p = new KafkaProducer<>(
                    Map.of("bootstrap.servers", broker.bootstrap()), new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>(Topics.DNS, "x", "{\"not\":\"a record\"}")).get();
            }

            List<FleetAggregation> aggs = new ArrayList<>();
            List<Path> outs = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    Path out = tmp.resolve("agg-" + split + "-" + i);
                    outs.add(out);
                    FleetAggregation agg = new FleetAggregation(new FleetAggregation.Settings(broker.bootstrap(),
                            "fleet-test-" + split, tmp.resolve("state-" + split + "-" + i), out,
                            Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ZERO, 3, (short) 1, 0, FAST_FAILOVER), config);
                    agg.start();
                    aggs.add(agg);
                }
                int owner = awaitEverything(aggs);
                Path out = outs.get(owner);
                assertEquals(lines(local.resolve("pairs.jsonl")), lines(out.resolve("pairs.jsonl")));
                assertEquals(lines(local.resolve("servers.jsonl")), lines(out.resolve("servers.jsonl")));
                assertEquals(lines(local.resolve("events.jsonl")), lines(out.resolve("events.jsonl")));
                assertTrue(lines(out.resolve("events.jsonl")).stream().anyMatch(l -> l.contains("\"type\":\"rename\"")
                        && l.contains("\"new_name\":\"trump1.contact-client.com\"")));
                long bad = 0;
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (bad < 1 && System.nanoTime() < until) {
                    Thread.sleep(50);
                    bad = aggs.stream().mapToLong(g -> g.progress().badRecords()).sum();
                }
                assertEquals(1, bad, "the one unreadable line, counted once");
                aggs.forEach(g -> assertNull(g.failure()));
                // The compacted topics hold the same tables.
                assertEquals(new HashSet<>(lines(local.resolve("pairs.jsonl"))), awaitTable(broker, Topics.PAIRS,
                        new HashSet<>(lines(local.resolve("pairs.jsonl")))));
                assertEquals(new HashSet<>(lines(local.resolve("servers.jsonl"))), awaitTable(broker, Topics.SERVERS,
                        new HashSet<>(lines(local.resolve("servers.jsonl")))));
                assertEquals(new HashSet<>(lines(local.resolve("events.jsonl"))), awaitTable(broker, Topics.EVENTS,
                        new HashSet<>(lines(local.resolve("events.jsonl")))));
                System.out.printf("fleet: split by %s, %d aggregate instance(s): %d records sent by two sensors,"
                        + " %d dns+smtp aggregated (%d rebuilds); %d pairs, %d servers, %d events equal to one"
                        + " replay; %.1f s with the broker%n", split, instances, sent, localRecords,
                        aggs.get(owner).progress().rebuilds(), lines(out.resolve("pairs.jsonl")).size(),
                        lines(out.resolve("servers.jsonl")).size(), lines(out.resolve("events.jsonl")).size(),
                        (System.nanoTime() - started) / 1e9);
                if (instances > 1) {
                    handedOver(broker, "fleet-test-" + split, aggs, outs, owner);
                }
            } finally {
                for (FleetAggregation g : aggs) {
                    g.close();
                    g.cleanUp();
                }
            }
            if (instances == 1) {
                restoredFromTheChangelog(broker, split);
            }
        }
    }

    /**
     * The instance that aggregates stops (a rolling restart): it leaves the group, so another one
     * takes the aggregate task over, restores the records from the changelog and publishes the same
     * tables, without waiting for the owner's session to time out.
     */
    private void handedOver(KafkaBroker broker, String groupId, List<FleetAggregation> aggs, List<Path> outs, int owner)
            throws Exception {
        long stopped = System.nanoTime();
        aggs.get(owner).close();
        // It left the group: the others need not wait for its session to time out.
        String member = aggs.get(owner).instanceId();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get();
            assertTrue(group.members().stream().noneMatch(m -> m.groupInstanceId().orElse("").startsWith(member)),
                    () -> "the stopped instance is still a member: " + group.members());
        }
        List<FleetAggregation> others = new ArrayList<>(aggs);
        others.remove(owner);
        List<Path> otherOuts = new ArrayList<>(outs);
        otherOuts.remove(owner);
        // An instance may have owned the task before (while the group formed): only an emission
        // after the stop counts.
        long[] before = others.stream().mapToLong(g -> g.progress().emissions()).toArray();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int next = -1;
        while (next < 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < others.size(); i++) {
                assertNull(others.get(i).failure());
                if (others.get(i).progress().emissions() > before[i]
                        && others.get(i).progress().emittedRecords() == localRecords) {
                    next = i;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(next >= 0, "no other instance took the aggregate task over");
        Path out = otherOuts.get(next);
        assertEquals(lines(local.resolve("pairs.jsonl")), lines(out.resolve("pairs.jsonl")));
        assertEquals(lines(local.resolve("servers.jsonl")), lines(out.resolve("servers.jsonl")));
        assertEquals(lines(local.resolve("events.jsonl")), lines(out.resolve("events.jsonl")));
        System.out.printf("fleet: the owner stopped; another instance published the same tables %.1f s later"
                + " (session timeout %s ms)%n", (System.nanoTime() - stopped) / 1e9,
                FAST_FAILOVER.get("session.timeout.ms"));
    }

    /**
     * The instances are gone with their local state; a new one on an empty state directory
     * restores the stored records from the changelog topic and publishes the same tables.
     */
    private void restoredFromTheChangelog(KafkaBroker broker, String split) throws Exception {
        Path out = tmp.resolve("agg-" + split + "-restored");
        try (FleetAggregation agg = new FleetAggregation(new FleetAggregation.Settings(broker.bootstrap(),
                "fleet-test-" + split, tmp.resolve("state-" + split + "-restored"), out, Duration.ofMillis(300),
                Duration.ofSeconds(60), Duration.ZERO, 3, (short) 1, 0, FAST_FAILOVER), config)) {
            agg.start();
            awaitEverything(List.of(agg));
            assertEquals(lines(local.resolve("pairs.jsonl")), lines(out.resolve("pairs.jsonl")));
            assertEquals(lines(local.resolve("servers.jsonl")), lines(out.resolve("servers.jsonl")));
            assertEquals(lines(local.resolve("events.jsonl")), lines(out.resolve("events.jsonl")));
            assertEquals(0, agg.progress().badRecords(), "the input was not read again");
            System.out.printf("fleet: a new instance on an empty state directory restored %d records from the"
                    + " changelog and published the same tables%n", agg.progress().emittedRecords());
        }
    }

    private static Replay.Result sensor(KafkaBroker broker, String id, Path capture) {
        FleetSettings fleet = new FleetSettings(broker.bootstrap(), id, false, 100_000, 30_000);
        return Replay.run(SensorConfig.defaults(tmp.resolve("sensor-" + id)).withPairs(config), fleet, Replay.Options.defaults(),
                List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()), System.err);
    }

    /** Waits until one instance published a table over every record; returns its index. */
    private static int awaitEverything(List<FleetAggregation> aggs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < aggs.size(); i++) {
                assertNull(aggs.get(i).failure());
                if (aggs.get(i).progress().emittedRecords() == localRecords) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no aggregate instance published all " + localRecords + " records");
    }

    /** The table a compacted topic holds (latest value per key, tombstones removing), once it equals {@code want} or time is up. */
    private static Set<String> awaitTable(KafkaBroker broker, String topic, Set<String> want) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<String> got;
        do {
            Map<String, String> table = new TreeMap<>();
            for (ConsumerRecord<String, String> r : broker.readAll(topic)) {
                if (r.value() == null) {
                    table.remove(r.key());
                } else {
                    table.put(r.key(), r.value());
                }
            }
            got = new HashSet<>(table.values());
            if (got.equals(want)) {
                return got;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return got;
    }
}
