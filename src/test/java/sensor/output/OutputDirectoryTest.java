package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.testutil.SharedCorpus;
import sensor.testutil.SmallTmpfs;

/**
 * The output directory against faults and a hostile neighbour: symlinks at output or temporary
 * names are replaced, never followed; an input that is an output file is refused, not
 * truncated; a full disk leaves whole lines only, one line on stderr and exit 1; writing resumes
 * when space returns.
 */
class OutputDirectoryTest {
    private final ObjectMapper json = new ObjectMapper();

    private static Replay.Result replay(Path out, Path capture, ByteArrayOutputStream err) {
        return Replay.run(SensorConfig.defaults(out), List.of(capture.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void symlinksAtOutputAndTemporaryNamesAreNeverFollowed(@TempDir Path tmp) throws Exception {
        Path capture = SharedCorpus.require().resolve("dnscap/dns.pcap");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        for (String name : List.of("dns.jsonl", "pairs.jsonl", "summary.json", "pairs.jsonl.tmp", "summary.json.tmp",
                "servers.jsonl.tmp")) {
            Files.createSymbolicLink(out.resolve(name), victim);
        }
        assertEquals(0, replay(out, capture, new ByteArrayOutputStream()).exitCode());
        assertEquals("precious\n", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(out.resolve("dns.jsonl")));
        assertEquals(41, Files.readAllLines(out.resolve("dns.jsonl")).size());
        assertTrue(Files.isRegularFile(out.resolve("summary.json"), LinkOption.NOFOLLOW_LINKS));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().matches("\\..*\\.tmp")), "no temporary left");
        }
    }

    @Test
    void anInputThatIsAnOutputFileIsRefusedNotTruncated(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path input = out.resolve("dns.jsonl");
        Files.copy(SharedCorpus.require().resolve("dnscap/dns.pcap"), input);
        long size = Files.size(input);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, replay(out, input, err).exitCode());
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("is the output file"), lines.get(0));
        assertEquals(size, Files.size(input));
    }

    /** 5,000 answered queries: about 2 MB of dns.jsonl. */
    private static Path manyQueries(Path dir) throws Exception {
        Path capture = dir.resolve("many.pcap");
        try (PcapWriter w = new PcapWriter(capture, PcapWriter.LINKTYPE_ETHERNET)) {
            FrameBuilder fb = new FrameBuilder();
            IpAddress c = IpAddress.parse("192.0.2.10");
            IpAddress s = IpAddress.parse("198.51.100.53");
            long t = 1_700_000_000_000_000L;
            for (int i = 0; i < 5_000; i++) {
                String name = "host" + i + ".disk-full.example";
                fb.udp(c, 40000 + i % 1000, s, 53, DnsWire.query(i, name, DnsWire.A, false), 0);
                w.write(t++, fb.buffer(), fb.length());
                fb.udp(s, 53, c, 40000 + i % 1000, DnsWire.response(i, name, DnsWire.A, DnsWire.NOERROR,
                        List.of(new DnsWire.Rr(name, DnsWire.A, 60, "192.0.2.1")), false), 0);
                w.write(t++, fb.buffer(), fb.length());
            }
        }
        return capture;
    }

    @Test
    void aFullDiskGivesOneLineWholeLinesAndExitOne(@TempDir Path tmp) throws Exception {
        Path capture = manyQueries(tmp);
        try (SmallTmpfs disk = new SmallTmpfs(tmp, 256)) {
            Path out = disk.dir().resolve("out");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(1, replay(out, capture, err).exitCode());
            List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("sensor: cannot write " + out + ": No space left on device; "),
                    lines.get(0));
            assertTrue(lines.get(0).contains("records not written"), lines.get(0));
            List<String> dns = Files.readAllLines(out.resolve("dns.jsonl"));
            assertTrue(dns.size() > 0 && dns.size() < 5_000, "some lines: " + dns.size());
            for (String line : dns) {
                json.readTree(line); // whole lines only
            }
            // summary.json had its space reserved at the start: it still says what was not written.
            JsonNode o = json.readTree(out.resolve("summary.json").toFile()).get("counters").get("output");
            assertEquals(5_000 - dns.size(), o.get("dns_lines_not_written").asLong());
            assertEquals(1, o.get("write_failing").asInt());
            // The total is every file's lines not written, and each failed write was counted.
            long perFile = 0;
            for (var f : (Iterable<java.util.Map.Entry<String, JsonNode>>) o::fields) {
                if (f.getKey().endsWith("_lines_not_written")) {
                    perFile += f.getValue().asLong();
                }
            }
            assertEquals(perFile, o.get("lines_not_written").asLong());
            assertTrue(o.get("lines_not_written").asLong() >= 5_000 - dns.size());
            assertTrue(o.get("write_errors").asLong() >= 1, o.toString());
        }
    }

    @Test
    void writingResumesWhenSpaceReturns(@TempDir Path tmp) throws Exception {
        try (SmallTmpfs disk = new SmallTmpfs(tmp, 256)) {
            Path filler = disk.dir().resolve("filler");
            byte[] chunk = new byte[4096];
            try (var o = Files.newOutputStream(filler)) {
                while (true) {
                    o.write(chunk);
                    o.flush();
                }
            } catch (java.io.IOException full) {
                // the disk is full
            }
            Path p = disk.dir().resolve("dns.jsonl");
            try (JsonlFile f = new JsonlFile(p, null, true, false)) {
                JsonLine line = new JsonLine();
                for (int i = 0; i < 3_000; i++) {
                    f.write(line.begin().num("i", i).str("pad", "x".repeat(60)).finish());
                }
                f.flush();
                assertNotNull(f.failure());
                long lost = f.linesNotWritten();
                assertTrue(lost > 0);
                Files.delete(filler);
                f.flush();
                assertNull(f.failure(), "writing resumed");
                for (int i = 3_000; i < 3_010; i++) {
                    f.write(line.begin().num("i", i).finish());
                }
                f.flush();
                List<String> lines = Files.readAllLines(p);
                for (String l : lines) {
                    json.readTree(l);
                }
                assertEquals(lost, f.linesNotWritten(), "the buffered lines were written, not lost");
                assertEquals(3_010 - lost, lines.size());
                assertEquals("{\"i\":3009}", lines.get(lines.size() - 1));
            }
        }
    }
}
