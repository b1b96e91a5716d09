package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.CliRun;
import sensor.testutil.ContractCapture;

/**
 * summary.json's provenance of a replay of the two scripted captures with {@code -f udp}: the
 * command line as given, each input's frames, digest and time span, and each record file's lines
 * and digest, checked against the script's frame table and digests computed here.
 *
 * <p>UDP frames of the wire capture: 2 each for 0x1001-0x1004 and 0x1006, 1 each for 0x1007 and
 * 0x1008 = 12 of its 66 (the 8 frames of DNS over TCP and the 46 of SMTP are filtered out); the
 * first at T0, the last (0x1008) at 7 s. The aggregate capture: 32 UDP frames, 16 queries at
 * 0 ... 64 s, each answered 1 ms later.
 */
class SummaryProvenanceTest {
    private List<String> args;
    private Path wire;
    private Path aggregate;
    private Path out;
    private JsonNode summary;

    /** Per test, not once per class: PIT credits what a @BeforeAll runs to one test method only. */
    @BeforeEach
    void replay(@TempDir Path dir) throws IOException {
        wire = dir.resolve("wire.pcap");
        aggregate = dir.resolve("aggregate.pcap");
        ContractCapture.writeWire(wire);
        ContractCapture.writeAggregate(aggregate);
        out = dir.resolve("out");
        args = List.of("replay", "--quiet", "-o", out.toString(), "-f", "udp", wire.toString(), aggregate.toString());
        CliRun run = CliRun.execute(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        summary = ContractCapture.object(out.resolve("summary.json"));
    }

    @Test
    void theCommandLineAsGiven() {
        List<String> given = new ArrayList<>();
        summary.get("command_line").forEach(a -> given.add(a.asText()));
        assertEquals(args, given.subList(given.size() - args.size(), given.size()), given.toString());
    }

    @Test
    void framesReadFilteredAndDecoded() {
        // 12 + 32 = 44 decoded of 66 + 32 = 98 read; 54 filtered.
        fields("{'packets': 44, 'frames_read': 98, 'frames_filtered': 54, 'frames_decoded': 44}", summary);
        // elapsed_s is rounded to the millisecond, packets_per_s is not: 44 ÷ (elapsed_s ± 0.0005 s).
        double elapsed = summary.get("elapsed_s").asDouble();
        double perSecond = summary.get("packets_per_s").asDouble();
        double slowest = 44 / (elapsed + 0.0005);
        double fastest = elapsed > 0.0005 ? 44 / (elapsed - 0.0005) : Double.POSITIVE_INFINITY;
        assertTrue(perSecond >= Math.floor(slowest) && perSecond <= Math.ceil(fastest), summary.toString());
    }

    @Test
    void eachInputWithItsDigestAndTimeSpan() throws IOException {
        JsonNode inputs = summary.get("inputs");
        assertEquals(2, inputs.size(), inputs.toString());
        fields("""
                {'frames': 12, 'frames_read': 66, 'frames_filtered': 54, 'link_type': 'ethernet',
                 'first_ts': '2016-09-23T14:02:11.000000Z', 'last_ts': '2016-09-23T14:02:18.000000Z', 'warning': null}
                """, inputs.get(0));
        fields("""
                {'frames': 32, 'frames_read': 32, 'frames_filtered': 0, 'link_type': 'ethernet',
                 'first_ts': '2016-09-23T14:02:11.000000Z', 'last_ts': '2016-09-23T14:03:15.001000Z', 'warning': null}
                """, inputs.get(1));
        for (int i = 0; i < 2; i++) {
            Path file = i == 0 ? wire : aggregate;
            assertEquals(file.toString(), inputs.get(i).get("file").asText());
            assertEquals(Files.size(file), inputs.get(i).get("size").asLong());
            assertEquals(sha256(Files.readAllBytes(file)), inputs.get(i).get("sha256").asText());
        }
    }

    @Test
    void eachRecordFileWithItsLinesAndDigest() throws IOException {
        JsonNode files = summary.get("files");
        assertTrue(files.size() >= 6, files.toString());
        for (JsonNode f : files) {
            byte[] bytes = Files.readAllBytes(out.resolve(f.get("file").asText()));
            long lines = 0;
            for (byte b : bytes) {
                lines += b == '\n' ? 1 : 0;
            }
            fields("{'lines': %d, 'bytes': %d, 'sha256': '%s'}".formatted(lines, bytes.length, sha256(bytes)), f);
        }
        // The wire capture's UDP transactions 0x1001-0x1004 and 0x1006-0x1008 and the aggregate's 16.
        assertEquals(7 + 16, lines(files, "dns.jsonl"), files.toString());
    }

    private static long lines(JsonNode files, String name) {
        for (JsonNode f : files) {
            if (f.get("file").asText().equals(name)) {
                return f.get("lines").asLong();
            }
        }
        throw new AssertionError("no " + name + " in " + files);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
