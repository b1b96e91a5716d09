package sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.testutil.SharedCorpus;

/**
 * The corpus' only refused and SYN-only SMTP attempts (ndpi/synscan.pcap, see its .smtp-tcp.tsv:
 * 36050->25 SYN answered by RST+ACK; 36050->587 and 36051->587 SYNs never answered), through the
 * whole pipeline: capture, decode, TCP tracking, dialogue, smtp.jsonl.
 */
class SynScanTest {

    @Test
    void refusedAndUnansweredAttemptsAreRecorded(@TempDir Path out) throws IOException {
        Path capture = SharedCorpus.require().resolve("ndpi/synscan.pcap");
        Replay.run(SensorConfig.defaults(out), java.util.List.of(capture.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        Map<String, String> got = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("smtp.jsonl"))) {
            JsonNode r = json.readTree(line);
            got.put(r.get("client").asText() + ":" + r.get("client_port").asText() + ">" + r.get("server").asText()
                    + ":" + r.get("server_port").asText(),
                    r.get("tcp").asText() + " " + r.get("outcome").asText() + " banner=" + r.get("banner_code")
                    + " syn_rtx=" + r.get("syn_retransmissions"));
        }
        Map<String, String> want = new TreeMap<>(Map.of(
                "172.16.0.8:36050>64.13.134.52:25", "refused refused banner=null syn_rtx=0",
                "172.16.0.8:36050>64.13.134.52:587", "no_answer no_answer banner=null syn_rtx=0",
                "172.16.0.8:36051>64.13.134.52:587", "no_answer no_answer banner=null syn_rtx=0"));
        assertEquals(want, got);
    }
}
