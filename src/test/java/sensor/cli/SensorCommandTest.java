package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.CliRun;
import sensor.testutil.SharedCorpus;

/** The CLI's exit codes and messages, as ../shared/CONTRACT.md fixes them. */
class SensorCommandTest {

    private static CliRun run(String... args) {
        return CliRun.execute(args);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().code());
        assertEquals(2, run("replay").code());
        assertEquals(2, run("replay", "--no-such-option", "x.pcap").code());
        CliRun badPorts = run("replay", "--dns-ports", "53,notaport", "x.pcap");
        assertEquals(2, badPorts.code());
        assertTrue(badPorts.err().contains("not a port"), badPorts.err());
        assertEquals(2, run("live").code(), "live needs -i");
    }

    /** Before, -i lo -i lo (or -i lo -i any) captured every packet twice and wrote every record twice. */
    @Test
    void overlappingInterfacesAreAUsageError() {
        CliRun twice = run("live", "-i", "lo", "-i", "lo", "--duration", "1");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("interface lo is given twice"), twice.err());
        CliRun any = run("live", "-i", "lo", "-i", "any", "--duration", "1");
        assertEquals(2, any.code());
        assertTrue(any.err().contains("'any' already captures every interface"), any.err());
    }

    @Test
    void anAnonymizeKeyOfTheWrongSizeOrUnreadableIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path demo = Path.of("captures", "demo-2016.pcap");
        Path out = dir.resolve("out");
        Path shortKey = dir.resolve("short.key");
        Files.write(shortKey, new byte[31]);
        Path badHex = dir.resolve("bad.hex");
        Files.writeString(badHex, "zz".repeat(32) + "\n");
        for (String[] args : List.of(
                new String[] {"replay", "--quiet", "-o", out.toString(), "--anonymize-key", shortKey.toString(), demo.toString()},
                new String[] {"replay", "--quiet", "-o", out.toString(), "--anonymize-key", badHex.toString(), demo.toString()},
                new String[] {"replay", "--quiet", "-o", out.toString(), "--anonymize-key", dir.resolve("none").toString(),
                        demo.toString()},
                new String[] {"replay", "--quiet", "-o", out.toString(), "--anonymize-names", demo.toString()},
                new String[] {"live", "-i", "lo", "--duration", "1", "-o", out.toString(), "--anonymize-key",
                        shortKey.toString()})) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals(2, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--anonymize-"), r.err());
        }
        assertTrue(run("replay", "--anonymize-key", shortKey.toString(), demo.toString()).err()
                .startsWith("--anonymize-key " + shortKey + " holds 31 bytes; expected 32 raw bytes or 64 hex digits"));
        Path key = dir.resolve("good.key");
        Files.write(key, new byte[32]);
        Path groups = dir.resolve("groups");
        Files.writeString(groups, "::/8 low\n");
        CliRun v6Groups = run("replay", "--quiet", "-o", out.toString(), "--anonymize-key", key.toString(), "--groups",
                groups.toString(), demo.toString());
        assertEquals(2, v6Groups.code());
        assertEquals(2, v6Groups.err().strip().lines().count(), v6Groups.err());
        assertTrue(v6Groups.err().startsWith("--groups " + groups + " with --anonymize-key: the IPv6 block of 'low'"),
                v6Groups.err());
        assertFalse(Files.exists(out.resolve("dns.jsonl")), "refused before any record is written");
    }

    @Test
    void anAnonymizeKeyOf32RawBytesOr64HexDigitsIsTakenAndTheSummarySaysSo(@TempDir Path dir) throws Exception {
        Path demo = Path.of("captures", "demo-2016.pcap");
        byte[] key = new byte[32];
        key[0] = 7;
        Path raw = dir.resolve("raw.key");
        Files.write(raw, key);
        Path hex = dir.resolve("hex.key");
        Files.writeString(hex, HexFormat.of().formatHex(key).toUpperCase() + "\n");
        for (Path k : List.of(raw, hex)) {
            Path out = dir.resolve(k.getFileName() + "-out");
            CliRun r = run("replay", "--quiet", "-o", out.toString(), "--anonymize-key", k.toString(), demo.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("anonymized").asBoolean());
        }
        assertEquals(Files.readString(dir.resolve("raw.key-out/dns.jsonl")), Files.readString(dir.resolve("hex.key-out/dns.jsonl")));
    }

    @Test
    void helpAndVersionExitZero() {
        CliRun help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("replay") && help.out().contains("live"), help.out());
        CliRun version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("sensor "), version.out());
    }

    @Test
    void anUnreadableInputExitsOneWithOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, not a capture\n");
        CliRun r = run("replay", "--quiet", "-o", dir.resolve("out").toString(), text.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("sensor: " + text + ": not a capture"), r.err());
        CliRun missing = run("replay", "--quiet", "-o", dir.resolve("out").toString(), dir.resolve("nope.pcap").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.pcap: no such file"), missing.err());
    }

    @Test
    void replayWritesTheRecordFilesAndTheSummary(@TempDir Path dir) throws Exception {
        Path capture = SharedCorpus.require().resolve("dnscap/dns.pcap");
        Path out = dir.resolve("out");
        CliRun r = run("replay", "-o", out.toString(), capture.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Read 133 frames from 1 input"), r.out());
        assertTrue(r.out().contains("decoded 82 frames"), r.out());
        for (String f : new String[] {"dns.jsonl", "smtp.jsonl", "summary.json"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        String summary = Files.readString(out.resolve("summary.json"));
        JsonNode json = new ObjectMapper().readTree(summary);
        assertEquals(82, json.get("packets").asLong());
        assertFalse(json.get("elapsed_s").isNull());
        CliRun quiet = run("replay", "--quiet", "-o", out.toString(), capture.toString());
        assertEquals("", quiet.out());
    }

    /** tshark counts 3,138 frames in this capture; 78 of them are DNS, the rest TLS the prefilter drops. */
    @Test
    void framesReadFilteredAndDecodedAreCountedApart(@TempDir Path dir) throws Exception {
        Path capture = SharedCorpus.require().resolve("suricata-verify/tls-subjectaltname-mixed.pcap");
        CliRun r = run("replay", "-o", dir.resolve("out").toString(), capture.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Read 3,138 frames from 1 input"), r.out());
        assertTrue(r.out().contains("3,060 filtered out"), r.out());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertEquals(3138, json.get("frames_read").asLong());
        assertEquals(3060, json.get("frames_filtered").asLong());
        assertEquals(78, json.get("frames_decoded").asLong());
        assertEquals(78, json.get("packets").asLong(), "packets stays the frames decoded");
        var input = json.get("inputs").get(0);
        assertEquals(3138, input.get("frames_read").asLong());
        assertEquals(Files.size(capture), input.get("size").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(capture))), input.get("sha256").asText());
        assertEquals("ethernet", input.get("link_type").asText());
        assertEquals("2022-03-17T08:38:50.369714Z", input.get("first_ts").asText(), "tshark's first DNS frame");
        assertEquals(List.of("sensor", "replay", "-o", dir.resolve("out").toString(), capture.toString()),
                new ObjectMapper().convertValue(json.get("command_line"), List.class));

        // Every record file is vouched for: its lines and its SHA-256 as read back here.
        JsonNode files = json.get("files");
        assertEquals(6, files.size(), files.toString());
        for (JsonNode f : files) {
            Path written = dir.resolve("out").resolve(f.get("file").asText());
            byte[] bytes = Files.readAllBytes(written);
            assertEquals(Files.readAllLines(written).size(), f.get("lines").asLong(), f.toString());
            assertEquals(bytes.length, f.get("bytes").asLong(), f.toString());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    f.get("sha256").asText(), f.toString());
        }

        // Cut inside the 22nd record: 21 whole frames read, 12 of them DNS, and the warning agrees.
        Path cut = dir.resolve("cut.pcap");
        try (var in = Files.newInputStream(SharedCorpus.require().resolve("dnscap/dns.pcap"))) {
            Files.write(cut, in.readNBytes(3000));
        }
        CliRun t = run("replay", "-o", dir.resolve("cut-out").toString(), cut.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("Read 21 frames from 1 input"), t.out());
        assertTrue(t.err().contains("capture ends early after frame 21"), t.err());
        var cutJson = new ObjectMapper().readTree(dir.resolve("cut-out/summary.json").toFile());
        assertEquals(21, cutJson.get("frames_read").asLong());
        assertEquals(12, cutJson.get("frames_decoded").asLong());
    }

    /**
     * A --kafka the producer cannot be made for is one line and a usage error, not Kafka's trace
     * (an unresolvable host takes the same path; a test would send a DNS query to find out).
     */
    @Test
    void aBadKafkaBootstrapIsOneLine(@TempDir Path dir) {
        Path capture = SharedCorpus.require().resolve("dnscap/dns.pcap");
        CliRun r = run("replay", "--quiet", "-o", dir.resolve("out").toString(), "--kafka", "127.0.0.1:notaport",
                capture.toString());
        assertEquals(2, r.code(), r.err());
        // (Jazzer's agent, in the test JVM only, logs the classes it instruments on the same stream.)
        assertEquals(List.of("Invalid value for option '--kafka': '127.0.0.1:notaport' is not HOST:PORT"
                + " (as in 127.0.0.1:9092)", "see 'sensor replay --help'"),
                r.err().lines().filter(l -> !l.startsWith("INFO: Instrumented ")).toList());
    }

    @Test
    void aMissingInterfaceIsAClearError(@TempDir Path dir) {
        CliRun r = run("live", "-i", "nosuchif0", "--duration", "1", "-o", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nosuchif0: no such interface"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aBadFilterIsAClearErrorNotAStackTrace(@TempDir Path dir) {
        Path capture = SharedCorpus.require().resolve("dnscap/dns.pcap");
        CliRun r = run("replay", "--quiet", "-o", dir.toString(), "-f", "port banana", capture.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad filter 'port banana'"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
