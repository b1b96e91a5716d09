package sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.flow.PortSet;
import sensor.testutil.SharedCorpus;

/**
 * The BPF prefilter only drops what the sensor cannot use: the whole corpus replayed with and
 * without it gives the same records, byte for byte.
 */
class PrefilterEquivalenceTest {

    @Test
    void recordsAreIdenticalWithAndWithoutThePrefilter(@TempDir Path tmp) throws IOException {
        List<String> differ = new ArrayList<>();
        int n = 0;
        long dropped = 0;
        for (Path capture : SharedCorpus.captures()) {
            String name = SharedCorpus.name(capture);
            if (name.startsWith("libpcap-unreadable/")) {
                continue;
            }
            SensorConfig base = SensorConfig.defaults(tmp).withDnsPorts(PortSet.parse("53,5353,5355"));
            Path with = tmp.resolve("with" + n);
            Path without = tmp.resolve("without" + n++);
            Replay.Result a = run(base.withOutDir(with).withPrefilter(true), capture);
            Replay.Result b = run(base.withOutDir(without).withPrefilter(false), capture);
            dropped += b.tallies().value("capture", "packets") - a.tallies().value("capture", "packets");
            for (String file : new String[] {"dns.jsonl", "smtp.jsonl", "pdns.jsonl", "pairs.jsonl", "servers.jsonl",
                "events.jsonl"}) {
                if (!Files.readString(with.resolve(file)).equals(Files.readString(without.resolve(file)))) {
                    differ.add(name + ": " + file);
                }
            }
        }
        assertEquals(List.of(), differ);
        assertTrue(dropped > 0, "the prefilter dropped nothing at all: is it installed?");
    }

    private static Replay.Result run(SensorConfig config, Path capture) {
        return Replay.run(config, List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }
}
