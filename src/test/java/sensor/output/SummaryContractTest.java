package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.SensorConfig;
import sensor.testutil.ContractCapture;

/** summary.json of the scripted wire capture: the counts follow from the script's table. */
class SummaryContractTest {
    @Test
    void headlineCounts(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("wire.pcap");
        ContractCapture.writeWire(pcap);
        ContractCapture.replay(pcap, SensorConfig.defaults(dir.resolve("out")));
        JsonNode s = ContractCapture.object(dir.resolve("out/summary.json"));
        // 20 DNS frames + 46 SMTP frames = 66; 14 DNS messages (12 over UDP, 2 over TCP);
        // transactions 0x1001-0x1006 answered, 0x1007 unanswered, 0x1008 unsolicited;
        // TCP streams: the DNS retry and the 5 SMTP attempts.
        fields("""
                {'packets': 66, 'frames_read': 66, 'frames_decoded': 66, 'link_types': {'ethernet': 66},
                 'errors': {}, 'decode_errors': 0, 'dns_messages': 14,
                 'transactions': {'answered': 6, 'unanswered': 1, 'unsolicited': 1},
                 'tcp_streams': 6, 'missed_bytes': 0, 'smtp_sessions': 5, 'ip_fragments': 0,
                 'ip_fragments_reassembled': 0}
                """, s);
        // bytes: the file less its 24-byte global header and a 16-byte header per frame.
        assertEquals(Files.size(pcap) - 24 - 16 * 66, s.get("bytes").asLong());
        // Wall-clock figures: only their presence and sign can be known in advance.
        assertTrue(s.get("elapsed_s").isNumber() && s.get("elapsed_s").asDouble() >= 0, s.toString());
        assertTrue(s.get("packets_per_s").isNumber() && s.get("packets_per_s").asDouble() >= 0, s.toString());
    }
}
