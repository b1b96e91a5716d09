package sensor.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.kafka.FleetSettings;
import sensor.testutil.SharedCorpus;

/**
 * With {@code --no-files} the records exist only in Kafka: when Kafka (here a closed port on
 * 127.0.0.1) takes none of them, every record is lost, which is a failure (exit 1), said in one
 * line. Before, the exit status was 0.
 */
class KafkaLostTest {

    @Test
    void recordsLostWithNoFilesExitOne(@TempDir Path tmp) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        FleetSettings fleet = new FleetSettings("127.0.0.1:" + closed, "lost", false, 1_000, 2_000);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Result r = Replay.run(SensorConfig.defaults(tmp), fleet, Replay.Options.defaults(),
                List.of(SharedCorpus.require().resolve("dnscap/dns.pcap").toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, r.exitCode());
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("records not sent"), lines.get(0));
    }
}
