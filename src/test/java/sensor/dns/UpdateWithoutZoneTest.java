package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
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

/** An UPDATE with no zone section (the fuzzer's finding): written with its zone null, not a crash. */
class UpdateWithoutZoneTest {

    @Test
    void anUpdateWithoutAZoneIsWrittenWithItsZoneNull(@TempDir Path dir) throws IOException {
        IpAddress client = IpAddress.parse("192.0.2.10");
        IpAddress server = IpAddress.parse("192.0.2.53");
        Path pcap = dir.resolve("update.pcap");
        FrameBuilder fb = new FrameBuilder();
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            fb.udp(client, 1053, server, 53, DnsWire.message(9, 5 << 11, null, 0, 0, List.of(), List.of(), List.of()), 0);
            w.write(1_474_639_331_000_000L, fb.buffer(), fb.length());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Result r = Replay.run(SensorConfig.defaults(dir.resolve("out")), List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, r.exitCode(), err.toString());
        assertEquals(0, r.tallies().value("weird", "internal_error"), err.toString());
        List<String> lines = Files.readAllLines(dir.resolve("out/dns.jsonl"));
        assertEquals(1, lines.size());
        JsonNode t = new ObjectMapper().readTree(lines.get(0));
        assertTrue(t.get("update").get("zone").isNull(), t.toString());
        assertEquals("UPDATE", t.get("opcode").asText());
    }
}
