package sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;

/**
 * pcap seconds are unsigned 32-bit: a capture from 2100-01-01 prints as 2100 (before: 1963-11-25,
 * and an rtt_ms of 192,522,497,000 when the query and response fell either side of 2038).
 */
class FarFutureTimestampTest {

    @Test
    void timesAfter2038PrintAsTheyAre(@TempDir Path tmp) throws Exception {
        Path capture = tmp.resolve("2100.pcap");
        long t = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
        try (PcapWriter w = new PcapWriter(capture, PcapWriter.LINKTYPE_ETHERNET)) {
            FrameBuilder fb = new FrameBuilder();
            IpAddress c = IpAddress.parse("192.0.2.10");
            IpAddress s = IpAddress.parse("198.51.100.53");
            fb.udp(c, 40000, s, 53, DnsWire.query(1, "future.example", DnsWire.A, false), 0);
            w.write(t, fb.buffer(), fb.length());
            fb.udp(s, 53, c, 40000, DnsWire.response(1, "future.example", DnsWire.A, DnsWire.NOERROR, List.of(), false), 0);
            w.write(t + 1_500, fb.buffer(), fb.length());
        }
        Path out = tmp.resolve("out");
        assertEquals(0, Replay.run(SensorConfig.defaults(out), List.of(capture.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())).exitCode());
        JsonNode r = new ObjectMapper().readTree(Files.readAllLines(out.resolve("dns.jsonl")).get(0));
        assertEquals("2100-01-01T00:00:00.000000Z", r.get("ts").asText());
        assertEquals(1.5, r.get("rtt_ms").asDouble());
    }
}
