package sensor.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.flow.PortSet;
import sensor.pairs.PairsConfig;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.txn.TxnLimits;

/**
 * When a cap evicts pending queries, the records made from the lost state say so: 300
 * outstanding queries, all answered within 0.6 s, with room for 100 pending. Before, 200 came out
 * as plain unanswered and 200 as plain unsolicited while the report said "Decode errors: none".
 */
class EvictedStateTest {

    @Test
    void recordsFromEvictedStateAreFlagged(@TempDir Path tmp) throws Exception {
        Path capture = tmp.resolve("burst.pcap");
        try (PcapWriter w = new PcapWriter(capture, PcapWriter.LINKTYPE_ETHERNET)) {
            FrameBuilder fb = new FrameBuilder();
            IpAddress c = IpAddress.parse("192.0.2.10");
            IpAddress s = IpAddress.parse("198.51.100.53");
            long t = 1_700_000_000_000_000L;
            for (int i = 0; i < 300; i++) {
                fb.udp(c, 10_000 + i, s, 53, DnsWire.query(i, "q" + i + ".example", DnsWire.A, false), 0);
                w.write(t + i * 1_000L, fb.buffer(), fb.length());
            }
            for (int i = 0; i < 300; i++) {
                fb.udp(s, 53, c, 10_000 + i, DnsWire.response(i, "q" + i + ".example", DnsWire.A, DnsWire.NOERROR,
                        List.of(), false), 0);
                w.write(t + 300_000L + i * 1_000L, fb.buffer(), fb.length());
            }
        }
        TxnLimits d = TxnLimits.defaults();
        TxnLimits small = new TxnLimits(d.timeoutNanos(), 100, d.maxPendingPerFlow(), d.earlyResponseNanos(),
                d.reorderNanos(), d.maxHeld());
        Path out = tmp.resolve("out");
        SensorConfig config = new SensorConfig(out, null, true, new PortSet(53), new PortSet(25, 587), false, small,
                250_000, PairsConfig.defaults());
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Replay.Result r = Replay.run(config, List.of(capture.toString()), new PrintStream(report, true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, r.exitCode());
        Map<String, Integer> byStatus = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
            JsonNode n = json.readTree(line);
            String status = n.get("status").asText();
            boolean evicted = n.has("evicted") && n.get("evicted").asBoolean();
            assertEquals(!"answered".equals(status), evicted, line);
            byStatus.merge(status, 1, Integer::sum);
        }
        assertEquals(Map.of("answered", 100, "unanswered", 200, "unsolicited", 200), byStatus);
        // 200 queries evicted, then 100 of their responses evicted while waiting for a query (the
        // same cap); the other 100 written as unsolicited once their wait was over.
        assertEquals(300, r.tallies().value("dns", "pending_evicted"));
        assertEquals(100, r.tallies().value("dns", "unsolicited_after_eviction"));
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("of which 400 written from state the sensor evicted"), text);
    }
}
