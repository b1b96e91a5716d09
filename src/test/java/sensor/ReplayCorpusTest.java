package sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.metrics.Tallies;
import sensor.testutil.SharedCorpus;

/** Every public capture replays to the end: exit 0 (or a clear exit 1), never an exception. */
class ReplayCorpusTest {

    @Test
    void everyCaptureReplaysWithoutAnInternalError(@TempDir Path tmp) throws IOException {
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (Path capture : SharedCorpus.captures()) {
            String name = SharedCorpus.name(capture);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path out = tmp.resolve("out" + n++);
            SensorConfig config = SensorConfig.defaults(out)
                    .withDnsPorts(sensor.flow.PortSet.parse("53,5353,5355"));
            Replay.Result r = Replay.run(config, List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String stderr = err.toString(StandardCharsets.UTF_8);
            if (name.startsWith("libpcap-unreadable/")) {
                // libpcap opens these and refuses the first read (ORACLE.md): one clear line.
                assertEquals(1, r.exitCode(), name);
                assertEquals(1, stderr.strip().lines().count(), stderr);
                assertTrue(stderr.contains(name), stderr);
                continue;
            }
            if (r.exitCode() != 0) {
                problems.add(name + ": exit " + r.exitCode() + ": " + stderr.strip());
            }
            long internal = r.tallies().value(Tallies.WEIRD, "internal_error");
            if (internal != 0) {
                problems.add(name + ": " + internal + " internal errors: " + stderr.strip());
            }
            assertFalse(stderr.contains("Exception") && internal == 0, name + ": " + stderr);
            // Nothing in the public corpus is renamed: its shared addresses are CDNs and services
            // (KakaoTalk_chat and tls-subjectaltname-mixed had 6 and 4 renames without evidence).
            Path events = out.resolve("events.jsonl");
            if (Files.exists(events)) {
                for (String line : Files.readAllLines(events)) {
                    if (line.contains("\"type\":\"rename\"")) {
                        problems.add(name + ": a rename without cause: " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
