package sensor.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
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
import sensor.scenario.PcapWriter;
import sensor.scenario.TcpConversation;

/**
 * A RST ends a connection only when its sequence number is the one the receiver expects
 * (RFC 5961 3.2). A third party's blind RST is counted ({@code tcp.rst_out_of_window}) and
 * ignored, so the SMTP 550 and the DNS answer that follow it are kept; a real RST still resets.
 */
class BlindResetTest {
    private static final IpAddress CLIENT = IpAddress.parse("198.51.100.7");
    private static final IpAddress MX = IpAddress.parse("192.0.2.25");
    private static final IpAddress NS = IpAddress.parse("192.0.2.53");
    private final ObjectMapper json = new ObjectMapper();

    private Replay.Result replay(Path tmp, long rstOffset) throws Exception {
        Path capture = tmp.resolve("rst.pcap");
        try (PcapWriter out = new PcapWriter(capture, PcapWriter.LINKTYPE_ETHERNET)) {
            new TcpConversation(out, CLIENT, 40001, MX, 25, 1_700_000_000_000_000L, 100, 2000, 6000)
                    .handshake()
                    .server("220 mx.example ESMTP\r\n")
                    .client("EHLO client.example\r\n")
                    .server("250 mx.example\r\n")
                    .client("MAIL FROM:<a@client.example>\r\n")
                    .server("250 ok\r\n")
                    .client("RCPT TO:<b@mx.example>\r\n")
                    .spoofedReset(rstOffset)
                    .server("550 no such user\r\n")
                    .client("QUIT\r\n")
                    .server("221 bye\r\n")
                    .close();
            new TcpConversation(out, CLIENT, 40002, NS, 53, 1_700_000_001_000_000L, 100, 3000, 7000)
                    .handshake()
                    .clientMessage(DnsWire.query(0x4242, "kept.example", DnsWire.A, false))
                    .spoofedReset(rstOffset)
                    .serverMessage(DnsWire.response(0x4242, "kept.example", DnsWire.A, DnsWire.NOERROR,
                            List.of(new DnsWire.Rr("kept.example", DnsWire.A, 60, "192.0.2.80")), false))
                    .close();
        }
        Path out = tmp.resolve("out");
        return Replay.run(SensorConfig.defaults(out), List.of(capture.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void aBlindResetIsCountedAndIgnored(@TempDir Path tmp) throws Exception {
        Replay.Result r = replay(tmp, 0x4000_0000L);
        assertEquals(0, r.exitCode());
        assertEquals(2, r.tallies().value("tcp", "rst_out_of_window"));
        assertEquals(0, r.tallies().value("tcp", "closed_rst"));
        JsonNode smtp = json.readTree(Files.readAllLines(tmp.resolve("out/smtp.jsonl")).get(0));
        assertEquals("established", smtp.get("tcp").asText());
        assertEquals("[220,250,250,550,221]", smtp.get("replies").toString());
        assertEquals("rejected", smtp.get("outcome").asText());
        JsonNode dns = json.readTree(Files.readAllLines(tmp.resolve("out/dns.jsonl")).get(0));
        assertEquals("answered", dns.get("status").asText());
    }

    @Test
    void aResetWithTheExpectedSequenceNumberStillResets(@TempDir Path tmp) throws Exception {
        Replay.Result r = replay(tmp, 0);
        assertEquals(0, r.tallies().value("tcp", "rst_out_of_window"));
        assertEquals(2, r.tallies().value("tcp", "closed_rst"));
        JsonNode smtp = json.readTree(Files.readAllLines(tmp.resolve("out/smtp.jsonl")).get(0));
        assertEquals("reset", smtp.get("tcp").asText());
        assertEquals("[220,250,250]", smtp.get("replies").toString());
    }
}
