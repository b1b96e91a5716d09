package sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.SharedCorpus;

/**
 * A replay writes its files under temporary names and renames them at the end: while it runs,
 * the previous run's files stay whole (before, dns.jsonl was truncated at the start, so a run that
 * failed left an empty dns.jsonl beside the previous summary.json).
 */
class AtomicRunTest {

    @Test
    void thePreviousRunsFilesStayWholeUntilTheRunEnds(@TempDir Path out) throws Exception {
        String previous = "{\"previous\":true}\n";
        for (String name : List.of("dns.jsonl", "smtp.jsonl", "pdns.jsonl", "summary.json")) {
            Files.writeString(out.resolve(name), previous);
        }
        List<String> seen = new ArrayList<>();
        Replay.Result r = Replay.run(SensorConfig.defaults(out), null, Replay.Options.defaults(),
                List.of(SharedCorpus.require().resolve("dnscap/dns.pcap").toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                pipeline -> pipeline.onResponseTime(nanos -> {
                    try {
                        seen.add(Files.readString(out.resolve("dns.jsonl")));
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
        assertEquals(0, r.exitCode());
        assertEquals(List.of(previous), seen.stream().distinct().toList(), "dns.jsonl during the run");
        assertEquals(41, Files.readAllLines(out.resolve("dns.jsonl")).size());
    }
}
