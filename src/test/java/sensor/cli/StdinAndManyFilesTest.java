package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.SharedCorpus;

/** '-' reads a capture from stdin; several files are one run, in order. */
class StdinAndManyFilesTest {

    private static Process sensor(Path out, List<String> args, Path stdin) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "replay", "--quiet", "-o",
                out.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sensor did not finish");
        }
        return p;
    }

    @Test
    void stdinIsACapture(@TempDir Path tmp) throws Exception {
        Path capture = SharedCorpus.require().resolve("dnscap/dns.pcap");
        Process p = sensor(tmp.resolve("stdin"), List.of("-"), capture);
        assertEquals(0, p.exitValue());
        Process f = sensor(tmp.resolve("file"), List.of(capture.toString()), null);
        assertEquals(0, f.exitValue());
        assertEquals(Files.readString(tmp.resolve("file/dns.jsonl")), Files.readString(tmp.resolve("stdin/dns.jsonl")));
    }

    @Test
    void severalFilesAreOneRunInOrder(@TempDir Path tmp) throws Exception {
        Path a = SharedCorpus.require().resolve("dnscap/dns.pcap");
        Path b = SharedCorpus.root().resolve("zeek/smtp.pcap");
        Process p = sensor(tmp, List.of(a.toString(), b.toString()), null);
        assertEquals(0, p.exitValue());
        var summary = new ObjectMapper().readTree(Files.readString(tmp.resolve("summary.json")));
        assertEquals(2, summary.get("inputs").size());
        assertEquals(a.toString(), summary.get("inputs").get(0).get("file").asText());
        assertEquals(2, Files.readAllLines(tmp.resolve("smtp.jsonl")).size());
        assertEquals(42, Files.readAllLines(tmp.resolve("dns.jsonl")).size(), "41 from dns.pcap, 1 from smtp.pcap");
    }
}
