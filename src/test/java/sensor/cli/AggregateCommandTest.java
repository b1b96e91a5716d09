package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sensor.kafka.FleetAggregation;
import sensor.testutil.KafkaBroker;
import sensor.testutil.Promtool;

/** {@code replay --kafka} and {@code aggregate} through the command line, against a real broker. */
class AggregateCommandTest {
    private static final String DEMO = "captures/demo-2016.pcap";
    private static final String GROUPS = "captures/demo-2016.groups";

    private static final StringBuilder ERR = new StringBuilder();

    private static int run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = SensorCommand.commandLine();
            cl.setErr(new PrintWriter(err, true));
            return cl.execute(args);
        } finally {
            System.setErr(oldErr);
            ERR.append(err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Scrapes /metrics until it holds {@code want} (or the command ended); returns the last page. */
    private static String awaitMetrics(int port, String want, CompletableFuture<Integer> command) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        String page = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!command.isDone() && System.nanoTime() < deadline) {
            try {
                page = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
                if (page.lines().anyMatch(l -> l.equals(want))) {
                    return page;
                }
            } catch (java.io.IOException notYet) {
                // the server is not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + want + "' in /metrics before the command ended:\n" + page);
    }

    @Test
    void aStateDirectoryInUseIsOneClearLine(@TempDir Path tmp) {
        Path state = tmp.resolve("state");
        FleetAggregation.Settings settings = new FleetAggregation.Settings("127.0.0.1:1", "busy", state, null,
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO, 1, (short) 1, 0, java.util.Map.of());
        // Kafka Streams locks the state directory when the instance is made, before it connects.
        try (FleetAggregation first = new FleetAggregation(settings, new PairsOptions().toConfig())) {
            int before = ERR.length();
            assertEquals(1, run("aggregate", "--kafka", "127.0.0.1:1", "--application-id", "busy", "--state-dir",
                    state.toString()));
            List<String> err = ERR.substring(before).lines().toList();
            assertEquals(1, err.size(), err.toString());
            assertTrue(err.get(0).startsWith("sensor: cannot start the aggregate on --state-dir " + state), err.get(0));
        }
    }

    /** Before: "cannot reach Kafka at H: java.util.concurrent.ExecutionException: org.apache.kafka...TimeoutException: ...". */
    @Test
    void anUnreachableKafkaIsSaidWithoutTheExceptionClassesThatCarriedIt() {
        Exception e = new java.util.concurrent.ExecutionException(
                new org.apache.kafka.common.errors.TimeoutException("Timed out waiting for a node assignment. Call: listTopics"));
        assertEquals("Timed out waiting for a node assignment. Call: listTopics", AggregateCommand.rootMessage(e));
        assertEquals("IllegalStateException", AggregateCommand.rootMessage(new IllegalStateException()));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("aggregate"), "aggregate needs --kafka");
        assertEquals(2, run("aggregate", "--kafka", "127.0.0.1:1", "--exclusive-share", "2"));
        assertEquals(2, run("replay", "--no-files", DEMO), "--no-files needs --kafka");
        assertEquals(2, run("replay", "--kafka", "127.0.0.1:1", "--kafka-buffer", "0", DEMO));
        assertEquals(2, run("replay", "--kafka", "127.0.0.1:1", "--kafka-config", "no/such.properties", DEMO));
        assertEquals(2, run("aggregate", "--kafka", "127.0.0.1:1", "--kafka-config", "no/such.properties"));
        assertEquals(2, run("aggregate", "--kafka", "127.0.0.1:1", "--window", "30y"));
        assertEquals(2, run("aggregate", "--kafka", "127.0.0.1:1", "--window", "-1d"));
    }

    @Test
    void aSensorThroughKafkaAndAggregateGiveTheReplaysTables(@TempDir Path tmp) throws Exception {
        Path local = tmp.resolve("local");
        assertEquals(0, run("replay", "--quiet", "--groups", GROUPS, "-o", local.toString(), DEMO));
        try (KafkaBroker broker = KafkaBroker.start()) {
            Path sensorOut = tmp.resolve("sensor");
            Path clientConfig = tmp.resolve("client.properties");
            Files.writeString(clientConfig, "# what a TLS/SASL setup would put here\nsecurity.protocol=PLAINTEXT\n");
            assertEquals(0, run("replay", "--quiet", "--groups", GROUPS, "-o", sensorOut.toString(), "--kafka",
                    broker.bootstrap(), "--sensor-id", "cli", "--no-files", "--kafka-config", clientConfig.toString(),
                    DEMO));
            assertTrue(Files.notExists(sensorOut.resolve("dns.jsonl")));
            assertTrue(Files.readString(sensorOut.resolve("summary.json")).contains("\"kafka\": {"));
            Path agg = tmp.resolve("agg");
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            CompletableFuture<Integer> aggregate = CompletableFuture.supplyAsync(() -> run("aggregate", "--kafka",
                    broker.bootstrap(), "--groups", GROUPS, "-o", agg.toString(), "--state-dir",
                    tmp.resolve("state").toString(), "--application-id", "cli-test", "--kafka-config",
                    clientConfig.toString(), "--emit-interval", "0.3", "--idle-exit", "5", "--partitions", "2",
                    "--replication", "1", "--metrics-port", String.valueOf(port)));
            long records = Files.readAllLines(local.resolve("dns.jsonl")).size()
                    + Files.readAllLines(local.resolve("smtp.jsonl")).size();
            String metrics = awaitMetrics(port, "sensor_aggregate_records " + records + ".0", aggregate);
            assertTrue(metrics.contains("sensor_aggregate_emissions_total "), metrics);
            assertTrue(metrics.contains("sensor_aggregate_unreadable_records_total 0.0"), metrics);
            assertTrue(metrics.contains("sensor_build_info{"), metrics);
            // Kafka Streams' client metrics keep the names Micrometer's binder gives them (io_time_ns_total ...).
            assertEquals("", Promtool.checkMetrics(Promtool.without(metrics, "kafka_")), "promtool check metrics");
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag")),
                    "Kafka Streams' own meters, consumer lag among them");
            assertEquals(0, aggregate.get());
            for (String f : new String[] {"pairs.jsonl", "servers.jsonl", "events.jsonl"}) {
                List<String> want = Files.readAllLines(local.resolve(f));
                List<String> got = Files.readAllLines(agg.resolve(f));
                String diff = "";
                for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                    if (!want.get(i).equals(got.get(i))) {
                        diff = "first difference, line " + i + ":\n" + want.get(i) + "\n" + got.get(i);
                        break;
                    }
                }
                assertTrue(want.equals(got), f + ": " + got.size() + " lines, want " + want.size() + "\n" + diff
                        + "\n" + ERR.toString().lines().filter(l -> l.startsWith("sensor")).toList());
            }
        }
    }
}
