package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.metrics.Tallies;
import sensor.testutil.KafkaBroker;

/** The sensor side of the fleet against a real broker: what is produced, and what is counted when Kafka fails. */
class RecordProducerTest {
    private static final Path DEMO = Path.of("captures", "demo-2016.pcap");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start();
        broker.createTopics(3, Topics.DNS, Topics.SMTP, Topics.PDNS, "stop.test");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static List<String> lines(Path f) throws IOException {
        return Files.readAllLines(f, StandardCharsets.UTF_8);
    }

    @Test
    void aReplayProducesEveryRecordLineKeyedByServerOrName(@TempDir Path tmp) throws IOException {
        FleetSettings fleet = new FleetSettings(broker.bootstrap(), "east", true, 100_000, 30_000);
        Replay.Result r = Replay.run(SensorConfig.defaults(tmp), fleet, Replay.Options.defaults(), List.of(DEMO.toString()),
                new PrintStream(new ByteArrayOutputStream()), System.err);
        assertEquals(0, r.exitCode());
        List<String> dns = lines(tmp.resolve("dns.jsonl"));
        List<String> smtp = lines(tmp.resolve("smtp.jsonl"));
        List<String> pdns = lines(tmp.resolve("pdns.jsonl"));
        long all = dns.size() + smtp.size() + pdns.size();
        assertEquals(all, r.tallies().value("kafka", "records"));
        assertEquals(all, r.tallies().value("kafka", "sent"));
        assertEquals(0, r.tallies().value("kafka", "failed") + r.tallies().value("kafka", "dropped"));
        JsonNode summary = JSON.readTree(tmp.resolve("summary.json").toFile());
        assertEquals(all, summary.get("counters").get("kafka").get("sent").asLong());

        List<ConsumerRecord<String, String>> got = from("east", broker.readAll(Topics.DNS));
        assertEquals(dns.size(), got.size());
        assertEquals(new HashSet<>(dns), values(got));
        for (ConsumerRecord<String, String> c : got) {
            JsonNode j = JSON.readTree(c.value());
            String expected = j.get("qname").isNull() ? j.get("server").asText() : j.get("qname").asText();
            assertEquals(expected, c.key());
            assertEquals("east", new String(c.headers().lastHeader(Topics.SENSOR_HEADER).value(), StandardCharsets.UTF_8));
        }
        List<ConsumerRecord<String, String>> s = from("east", broker.readAll(Topics.SMTP));
        assertEquals(new HashSet<>(smtp), values(s));
        s.forEach(c -> assertEquals(serverOf(c.value()), c.key()));
        List<ConsumerRecord<String, String>> p = from("east", broker.readAll(Topics.PDNS));
        assertEquals(new HashSet<>(pdns), values(p));
        System.out.printf("fleet: demo replay produced %d dns, %d smtp, %d pdns records%n", dns.size(), smtp.size(),
                pdns.size());
    }

    /** The test broker is shared by the tests: each one reads what its own sensor id produced. */
    private static List<ConsumerRecord<String, String>> from(String sensor, List<ConsumerRecord<String, String>> rs) {
        return rs.stream().filter(c -> sensor.equals(
                new String(c.headers().lastHeader(Topics.SENSOR_HEADER).value(), StandardCharsets.UTF_8))).toList();
    }

    private static String serverOf(String line) {
        try {
            return JSON.readTree(line).get("server").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> values(List<ConsumerRecord<String, String>> rs) {
        Set<String> out = new HashSet<>();
        rs.forEach(c -> out.add(c.value()));
        return out;
    }

    @Test
    void withNoFilesTheRecordsAreOnlyProduced(@TempDir Path tmp) throws IOException {
        FleetSettings fleet = new FleetSettings(broker.bootstrap(), "west", false, 100_000, 30_000);
        Replay.Result r = Replay.run(SensorConfig.defaults(tmp), fleet, Replay.Options.defaults(), List.of(DEMO.toString()),
                new PrintStream(new ByteArrayOutputStream()), System.err);
        assertEquals(0, r.exitCode());
        assertFalse(Files.exists(tmp.resolve("dns.jsonl")));
        assertFalse(Files.exists(tmp.resolve("pdns.jsonl")));
        assertTrue(Files.exists(tmp.resolve("summary.json")));
        assertTrue(Files.exists(tmp.resolve("pairs.jsonl")));
        assertTrue(r.tallies().value("kafka", "sent") > 3000);
        assertEquals(r.tallies().value("kafka", "records"), r.tallies().value("kafka", "sent"));
    }

    @Test
    void anUnreachableKafkaDoesNotStopTheReplayAndIsCounted(@TempDir Path tmp) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        FleetSettings fleet = new FleetSettings("127.0.0.1:" + closed, "lost", true, 1_000, 2_000);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Result r = Replay.run(SensorConfig.defaults(tmp), fleet, Replay.Options.defaults(), List.of(DEMO.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, r.exitCode());
        long all = lines(tmp.resolve("dns.jsonl")).size() + lines(tmp.resolve("smtp.jsonl")).size()
                + lines(tmp.resolve("pdns.jsonl")).size();
        Tallies t = r.tallies();
        assertEquals(all, t.value("kafka", "records"));
        assertEquals(0, t.value("kafka", "sent"));
        assertEquals(all, t.value("kafka", "failed") + t.value("kafka", "dropped"));
        JsonNode k = JSON.readTree(tmp.resolve("summary.json").toFile()).get("counters").get("kafka");
        assertEquals(all, k.get("failed").asLong() + k.get("dropped").asLong());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("records not sent"), err.toString());
    }

    /**
     * The broker stops while records are being produced and comes back: every record the producer
     * reported as sent is in the topic afterwards, none twice, and every record is accounted for.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "back before the end: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aBrokerStoppedMidRunLosesNoRecordReportedAsSent(boolean backBeforeTheEnd) throws Exception {
        Tallies tallies = new Tallies();
        String id = "mid-" + backBeforeTheEnd;
        FleetSettings fleet = new FleetSettings(broker.bootstrap(), id, true, 100_000, backBeforeTheEnd ? 20_000 : 3_000);
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        RecordProducer p = new RecordProducer(fleet, tallies, new PrintStream(new ByteArrayOutputStream()),
                new org.apache.kafka.clients.producer.KafkaProducer<>(RecordProducer.properties(fleet),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer()));
        p.onAcknowledged(acked::add);
        var sink = p.mirror("dns.jsonl");
        int n = 20_000;
        try {
            for (int i = 0; i < n; i++) {
                if (i == n / 2) {
                    broker.stop();
                }
                if (i == 3 * n / 4 && backBeforeTheEnd) {
                    broker.restart();
                }
                sink.accept("{\"ts\":\"x\",\"client\":\"192.0.2.1\",\"server\":\"192.0.2.53\",\"qname\":\"n" + (i % 97)
                        + ".example\",\"seq\":" + i + "}");
                if (i % 1000 == 0) {
                    Thread.sleep(20); // let the sender work while the broker is up, down, up
                }
            }
            p.finish();
        } finally {
            broker.restart();
        }
        assertEquals(n, p.records());
        assertEquals(n, p.sent() + p.failed() + p.dropped());
        assertEquals(p.sent(), acked.size());
        List<ConsumerRecord<String, String>> got = from(id, broker.readAll(Topics.DNS));
        Set<String> inTopic = values(got);
        assertEquals(got.size(), inTopic.size(), "no record twice");
        for (String a : acked) {
            assertTrue(inTopic.contains(a), a);
        }
        if (!backBeforeTheEnd) {
            assertTrue(p.failed() > 0);
        }
        System.out.printf("fleet: broker stopped mid-run (back before the end: " + backBeforeTheEnd + "): %d records, %d sent (all in the topic), %d failed,"
                + " %d dropped%n", p.records(), p.sent(), p.failed(), p.dropped());
    }
}
