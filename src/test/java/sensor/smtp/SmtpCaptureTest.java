package sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.scenario.PcapWriter;
import sensor.scenario.TcpConversation;

/**
 * Captures that miss part of a session, built with the project's own TCP writer and replayed
 * end to end: only the client's side, only the server's side, and a hole that swallows DATA.
 */
class SmtpCaptureTest {
    static final IpAddress CLIENT = IpAddress.parse("192.0.2.7");
    static final IpAddress SERVER = IpAddress.parse("198.51.100.25");
    static final long T0 = 1_474_639_331_000_000L;
    static final String BODY = "From: alice@example.org\r\nSubject: HELLO\r\n\r\nHELLO!\r\nData is here\r\n.\r\n";

    /** One whole session, from the handshake to the close; {@code capture} chooses what the capture sees. */
    private JsonNode session(Path dir, UnaryOperator<TcpConversation> capture, String rcptReply) throws IOException {
        Path pcap = dir.resolve("smtp.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            TcpConversation c = capture.apply(new TcpConversation(w, CLIENT, 40000, SERVER, 25, T0, 1000, 1000, 5000));
            c.handshake().server("220 mx.example.com ESMTP\r\n").client("EHLO client.example.org\r\n")
                    .server("250-mx.example.com\r\n250 PIPELINING\r\n").client("MAIL FROM:<alice@example.org>\r\n")
                    .server("250 ok\r\n").client("RCPT TO:<bob@example.com>\r\n").server(rcptReply);
            if (rcptReply.startsWith("250")) {
                c.client("DATA\r\n").server("354 go ahead\r\n").client(BODY).server("250 queued\r\n");
            }
            c.client("QUIT\r\n").server("221 bye\r\n").close();
        }
        return replay(dir, pcap);
    }

    private static JsonNode replay(Path dir, Path pcap) throws IOException {
        Path out = dir.resolve("out");
        Replay.run(SensorConfig.defaults(out), java.util.List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        java.util.List<String> lines = Files.readAllLines(out.resolve("smtp.jsonl"));
        assertEquals(1, lines.size(), lines.toString());
        return new ObjectMapper().readTree(lines.get(0));
    }

    private static String fields(JsonNode r, String... names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append(n).append('=').append(r.get(n)).append(' ');
        }
        return b.toString().trim();
    }

    @Test
    void onlyTheClientsSide(@TempDir Path dir) throws IOException {
        JsonNode r = session(dir, TcpConversation::onlyClientSide, "250 ok\r\n");
        assertEquals("tcp=\"one_sided\" outcome=\"incomplete\" helo=\"client.example.org\" banner_code=null replies=[]"
                + " commands=[\"EHLO\",\"MAIL\",\"RCPT\",\"DATA\",\"QUIT\"] mail_from_domain=\"example.org\""
                + " rcpt_domains=[\"example.com\"] quit=true",
                fields(r, "tcp", "outcome", "helo", "banner_code", "replies", "commands", "mail_from_domain",
                        "rcpt_domains", "quit"));
    }

    @Test
    void onlyTheServersSide(@TempDir Path dir) throws IOException {
        JsonNode r = session(dir, TcpConversation::onlyServerSide, "250 ok\r\n");
        assertEquals("tcp=\"one_sided\" outcome=\"incomplete\" helo=null banner_code=220"
                + " replies=[220,250,250,250,354,250,221] commands=[] reject_stage=null",
                fields(r, "tcp", "outcome", "helo", "banner_code", "replies", "commands", "reject_stage"));
        JsonNode rejected = session(dir.resolve("r"), TcpConversation::onlyServerSide, "550 no such user\r\n");
        assertEquals("tcp=\"one_sided\" outcome=\"rejected\" reject_stage=\"unknown\"",
                fields(rejected, "tcp", "outcome", "reject_stage"), "a 5xx to a command nobody saw");
    }

    @Test
    void bothSidesStayEstablished(@TempDir Path dir) throws IOException {
        JsonNode r = session(dir, c -> c, "250 ok\r\n");
        assertEquals("tcp=\"established\" outcome=\"accepted\" commands=[\"EHLO\",\"MAIL\",\"RCPT\",\"DATA\",\"QUIT\"]",
                fields(r, "tcp", "outcome", "commands"));
    }

    /** A hole that swallows DATA: the message that follows is never taken for commands. */
    @Test
    void aGapSwallowingDataLeaksNoContent(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("gap.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            new TcpConversation(w, CLIENT, 40001, SERVER, 25, T0, 1000, 1000, 5000).handshake()
                    .server("220 mx.example.com ESMTP\r\n").client("EHLO client.example.org\r\n")
                    .server("250 mx.example.com\r\n").client("MAIL FROM:<alice@example.org>\r\n").server("250 ok\r\n")
                    .client("RCPT TO:<bob@example.com>\r\n").server("250 ok\r\n").clientLost("DATA\r\n")
                    .server("354 go ahead\r\n").client(BODY).server("250 queued\r\n").client("QUIT\r\n")
                    .server("221 bye\r\n").close();
        }
        JsonNode r = replay(dir, pcap);
        assertEquals("commands=[\"EHLO\",\"MAIL\",\"RCPT\"] gaps=1 outcome=\"accepted\"",
                fields(r, "commands", "gaps", "outcome"));
        JsonNode counters = new ObjectMapper().readTree(Files.readString(dir.resolve("out/summary.json")))
                .get("counters").get("smtp");
        assertEquals(1, counters.get("desyncs").asInt());
        assertEquals(6, counters.get("unrecorded_lines").asInt(),
                "5 lines of the message, and QUIT answered before it arrived");
    }
}
