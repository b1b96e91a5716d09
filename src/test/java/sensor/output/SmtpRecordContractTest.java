package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.SensorConfig;
import sensor.testutil.ContractCapture;
import sensor.testutil.Expect;

/** smtp.jsonl of the scripted wire capture: the five sessions to 192.0.2.25:25, field by field. */
class SmtpRecordContractTest {
    @TempDir
    Path dir;
    private Map<String, JsonNode> byPort;

    @BeforeEach
    void replay() throws IOException {
        Path pcap = dir.resolve("wire.pcap");
        ContractCapture.writeWire(pcap);
        ContractCapture.replay(pcap, SensorConfig.defaults(dir.resolve("out")));
        byPort = Expect.by(ContractCapture.lines(dir.resolve("out/smtp.jsonl")), r -> r.get("client_port").asText());
    }

    @Test
    void oneRecordPerConnectionAttempt() {
        assertEquals(5, byPort.size(), byPort.toString());
    }

    @Test
    void accepted() {
        // Frame 21: the 20 DNS frames come first.
        fields("""
                {'ts': '2016-09-23T14:02:21.000000Z', 'client': '203.0.113.15', 'client_port': 50001,
                 'server': '192.0.2.25', 'server_port': 25, 'tcp': 'established',
                 'banner_code': 220, 'banner': 'mx.example.com ESMTP ready', 'helo': 'client.example',
                 'starttls': false, 'replies': [220, 250, 250, 250, 221], 'outcome': 'accepted',
                 'reject_stage': null, 'extensions': ['STARTTLS'], 'commands': ['EHLO', 'MAIL', 'RCPT', 'QUIT'],
                 'mail_from_domain': 'client.example', 'rcpt_domains': ['example.com'], 'quit': true,
                 'frame': 21}
                """, byPort.get("50001"));
    }

    @Test
    void rejectedAtRcpt() {
        // 21 + 15 frames of the accepted session = frame 36.
        fields("""
                {'ts': '2016-09-23T14:02:22.000000Z', 'client': '203.0.113.15', 'client_port': 50002,
                 'server': '192.0.2.25', 'server_port': 25, 'tcp': 'established',
                 'banner_code': 220, 'banner': 'mx.example.com ESMTP ready', 'helo': 'client.example',
                 'starttls': false, 'replies': [220, 250, 250, 550, 221], 'outcome': 'rejected',
                 'reject_stage': 'rcpt', 'commands': ['EHLO', 'MAIL', 'RCPT', 'QUIT'], 'frame': 36}
                """, byPort.get("50002"));
    }

    @Test
    void refusedByRst() {
        fields("""
                {'ts': '2016-09-23T14:02:23.000000Z', 'client': '203.0.113.15', 'client_port': 50003,
                 'server': '192.0.2.25', 'server_port': 25, 'tcp': 'refused', 'banner_code': null,
                 'banner': null, 'helo': null, 'starttls': false, 'replies': [], 'outcome': 'refused',
                 'reject_stage': null, 'frame': 51}
                """, byPort.get("50003"));
    }

    @Test
    void noAnswer() {
        // Two SYNs: the second is a retransmission of the first.
        fields("""
                {'ts': '2016-09-23T14:02:24.000000Z', 'client': '203.0.113.15', 'client_port': 50004,
                 'server': '192.0.2.25', 'server_port': 25, 'tcp': 'no_answer', 'banner_code': null,
                 'banner': null, 'helo': null, 'starttls': false, 'replies': [], 'outcome': 'no_answer',
                 'reject_stage': null, 'syn_retransmissions': 1, 'frame': 53}
                """, byPort.get("50004"));
    }

    @Test
    void starttlsAnswered220StopsParsing() {
        // The TLS bytes after the 220 are not a command: commands stop at STARTTLS.
        fields("""
                {'ts': '2016-09-23T14:02:25.000000Z', 'client': '203.0.113.15', 'client_port': 50005,
                 'server': '192.0.2.25', 'server_port': 25, 'tcp': 'established',
                 'banner_code': 220, 'banner': 'mx.example.com ESMTP ready', 'helo': 'client.example',
                 'starttls': true, 'replies': [220, 250, 220], 'outcome': 'accepted', 'reject_stage': null,
                 'commands': ['EHLO', 'STARTTLS'], 'frame': 55}
                """, byPort.get("50005"));
    }
}
