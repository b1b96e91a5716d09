package sensor.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.scenario.SynFlood;

/**
 * A SYN flood to port 53 and port 25 replayed inside a 64 MiB heap: the connection table stops
 * at its heap-derived bound, the evictions are counted, and the DNS-over-TCP exchange and SMTP
 * session after the flood are still decoded. (Before the fix, 10,000 SYNs to port 53 reserved
 * 1.3 GB of framer buffers and the replay died of OutOfMemoryError with empty record files.)
 */
class SynFloodTest {
    private static final int SYNS_PER_PORT = 10_000;

    @Test
    void aFloodFillsTheTableNotTheHeap(@TempDir Path tmp) throws Exception {
        Path capture = tmp.resolve("flood.pcap");
        SynFlood.write(capture, SYNS_PER_PORT);
        Path out = tmp.resolve("out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "replay", "--quiet", "-o",
                out.toString(), capture.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the replay did not finish");
        }
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("log")));

        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(out.resolve("summary.json").toFile());
        int bound = summary.get("limits").get("tcp_connections_max").asInt();
        assertTrue(bound < SYNS_PER_PORT, "the bound scales with the heap: " + bound);
        JsonNode tcp = summary.get("counters").get("tcp");
        assertEquals(2 * SYNS_PER_PORT + 2, tcp.get("connections").asInt());
        // Every connection beyond the bound evicted the least recently active one.
        assertEquals(2 * SYNS_PER_PORT + 2 - bound, tcp.get("evicted").asInt());

        List<String> dns = Files.readAllLines(out.resolve("dns.jsonl"));
        assertEquals(1, dns.size());
        JsonNode q = json.readTree(dns.get(0));
        assertEquals("after.flood.example", q.get("qname").asText());
        assertEquals("answered", q.get("status").asText());
        assertEquals("tcp", q.get("transport").asText());

        List<String> smtp = Files.readAllLines(out.resolve("smtp.jsonl"));
        assertEquals(SYNS_PER_PORT + 1, smtp.size(), "one record per attempt, evicted ones included");
        JsonNode s = json.readTree(smtp.get(smtp.size() - 1));
        assertEquals(40001, s.get("client_port").asInt());
        assertEquals("rejected", s.get("outcome").asText());
        assertEquals("[220,250,250,550,221]", s.get("replies").toString());
    }
}
