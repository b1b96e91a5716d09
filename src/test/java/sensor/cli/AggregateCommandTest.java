package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sensor.testutil.KafkaBroker;

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
            assertEquals(0, run("aggregate", "--kafka", broker.bootstrap(), "--groups", GROUPS, "-o",
                    agg.toString(), "--state-dir", tmp.resolve("state").toString(), "--application-id", "cli-test",
                    "--kafka-config", clientConfig.toString(),
                    "--emit-interval", "0.3", "--idle-exit", "5", "--partitions", "2", "--replication", "1"));
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
