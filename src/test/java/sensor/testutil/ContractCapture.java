package sensor.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.pairs.PairsConfig;
import sensor.scenario.DnsWire;
import sensor.scenario.DnsWire.RawRr;
import sensor.scenario.DnsWire.Rr;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.scenario.TcpConversation;
import sensor.scenario.Timeline;

/**
 * Two small captures scripted frame by frame with the project's own builders, whose every record
 * the contract tests write out by hand. {@link #wire} exercises what a single message or session
 * can carry (dns.jsonl, smtp.jsonl, summary.json); {@link #aggregate} is shaped for the arithmetic
 * of pairs.jsonl, servers.jsonl and events.jsonl. The comments here are the script the expected
 * values in the tests are derived from.
 */
public final class ContractCapture {
    /** 2016-09-23T14:02:11Z in microseconds. */
    public static final long T0 = 1_474_639_331_000_000L;
    public static final long MS = 1_000L;
    public static final long S = 1_000_000L;

    // Capture "wire": one IPv4 client and one IPv6 client, one resolver per family, one MX.
    public static final IpAddress C4 = IpAddress.parse("203.0.113.15");
    public static final IpAddress C6 = IpAddress.parse("2001:db8:0:0:0:0:0:15");
    public static final IpAddress R4 = IpAddress.parse("192.0.2.1");
    public static final IpAddress R6 = IpAddress.parse("2001:db8:0:0:0:0:0:53");
    public static final IpAddress MX = IpAddress.parse("192.0.2.25");

    // Capture "aggregate": three clients of one resolver. .9 and .10 sort differently as text
    // ("10.0.0.10" < "10.0.0.9") and as numbers (9 < 10): a tie broken by text would show.
    public static final IpAddress A = IpAddress.parse("10.0.0.9");
    public static final IpAddress B = IpAddress.parse("10.0.0.10");
    public static final IpAddress C = IpAddress.parse("10.0.0.200");
    public static final IpAddress R = IpAddress.parse("192.0.2.53");

    /** Header flag bits (RFC 1035 4.1.1, RFC 4035 for AD/CD). */
    public static final int QR = 0x8000;
    public static final int AA = 0x0400;
    public static final int TC = 0x0200;
    public static final int RD = 0x0100;
    public static final int RA = 0x0080;
    public static final int AD = 0x0020;
    public static final int CD = 0x0010;

    private static final int IN = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractCapture() {}

    /**
     * The wire capture, in time order (all times from T0):
     * <pre>
     *  DNS (UDP unless said)                                       frames  messages
     *  0x1001 C4:40001 -> R4 www.example.com A, query RD|CD;         2       2
     *         +1.5 ms response QR|AA|RD|RA|AD: CNAME cdn.example.net (300),
     *         cdn.example.net A 192.0.2.10 (60), A 192.0.2.11 (60)
     *  0x1002 at 1 s, nope.example.com AAAA, NXDOMAIN after 2 ms       2       2
     *  0x1003 at 2 s, cookie.example.com A with OPT; response rcode    2       2
     *         header 7, OPT extended rcode 1 = (1 << 4) | 7 = 23 BADCOOKIE, after 3 ms
     *  0x1004 at 3 s, big.example.com MX; response TC, no answers,      2       2
     *         after 1 ms
     *  0x1005 at 4 s, big.example.com MX over TCP C4:50053 -> R4:53,    8       2
     *         1 ms per segment: SYN 4.000, SYN-ACK 4.001, ACK 4.002,
     *         query 4.003, response 4.004 (MX 10 mx.example.com, 3600), FIN/FIN/ACK
     *  0x1006 at 5 s, C6:40006 -> R6 v6.example.com AAAA, answer      2       2
     *         2001:db8:0:0:1:0:0:1 (RFC 5952: 2001:db8::1:0:0:1) after 4 ms
     *  0x1007 at 6 s, lost.example.com A, never answered               1       1
     *  0x1008 at 7 s, R4:53 -> C4:40008 stray.example.com A 192.0.2.99 1       1
     *         with no query (unsolicited)
     *                                                          DNS:   20      14
     *  SMTP to MX:25, 1 ms per segment
     *  a at 10 s, C4:50001 accepted: 220, EHLO 250, MAIL 250, RCPT 250, QUIT 221   15
     *  b at 11 s, C4:50002 rejected at RCPT 550, QUIT 221                          15
     *  c at 12 s, C4:50003 refused: SYN, RST-ACK                                    2
     *  d at 13 s, C4:50004 no answer: two SYNs                                      2
     *  e at 14 s, C4:50005 STARTTLS answered 220, then TLS bytes                   12
     *                                                          SMTP:  46
     * </pre>
     * 66 frames in all.
     */
    public static void writeWire(Path pcap) throws IOException {
        Timeline t = new Timeline();
        FrameBuilder fb = new FrameBuilder();

        udp(t, fb, T0, C4, 40001, R4, 53,
                DnsWire.message(0x1001, RD | CD, "www.example.com", DnsWire.A, IN, List.of(), List.of(), List.of()));
        udp(t, fb, T0 + 1500, R4, 53, C4, 40001, DnsWire.message(0x1001, QR | AA | RD | RA | AD, "www.example.com",
                DnsWire.A, IN, List.of(
                        RawRr.of(new Rr("www.example.com", DnsWire.CNAME, 300, "cdn.example.net")),
                        RawRr.of(new Rr("cdn.example.net", DnsWire.A, 60, "192.0.2.10")),
                        RawRr.of(new Rr("cdn.example.net", DnsWire.A, 60, "192.0.2.11"))),
                List.of(), List.of()));

        udp(t, fb, T0 + S, C4, 40002, R4, 53,
                DnsWire.message(0x1002, RD, "nope.example.com", DnsWire.AAAA, IN, List.of(), List.of(), List.of()));
        udp(t, fb, T0 + S + 2 * MS, R4, 53, C4, 40002, DnsWire.message(0x1002, QR | RD | RA | DnsWire.NXDOMAIN,
                "nope.example.com", DnsWire.AAAA, IN, List.of(), List.of(), List.of()));

        udp(t, fb, T0 + 2 * S, C4, 40003, R4, 53, DnsWire.message(0x1003, RD, "cookie.example.com", DnsWire.A, IN,
                List.of(), List.of(), List.of(opt(0))));
        udp(t, fb, T0 + 2 * S + 3 * MS, R4, 53, C4, 40003, DnsWire.message(0x1003, QR | RD | RA | (23 & 0xf),
                "cookie.example.com", DnsWire.A, IN, List.of(), List.of(), List.of(opt((23 >> 4) << 24))));

        udp(t, fb, T0 + 3 * S, C4, 40004, R4, 53,
                DnsWire.message(0x1004, RD, "big.example.com", DnsWire.MX, IN, List.of(), List.of(), List.of()));
        udp(t, fb, T0 + 3 * S + MS, R4, 53, C4, 40004, DnsWire.message(0x1004, QR | TC | RD | RA, "big.example.com",
                DnsWire.MX, IN, List.of(), List.of(), List.of()));

        new TcpConversation(t, C4, 50053, R4, 53, T0 + 4 * S, MS, 1000, 5000).handshake()
                .clientMessage(DnsWire.message(0x1005, RD, "big.example.com", DnsWire.MX, IN, List.of(), List.of(),
                        List.of()))
                .serverMessage(DnsWire.message(0x1005, QR | RD | RA, "big.example.com", DnsWire.MX, IN,
                        List.of(RawRr.of(new Rr("big.example.com", DnsWire.MX, 3600, "10 mx.example.com"))),
                        List.of(), List.of()))
                .close();

        udp(t, fb, T0 + 5 * S, C6, 40006, R6, 53,
                DnsWire.message(0x1006, RD, "v6.example.com", DnsWire.AAAA, IN, List.of(), List.of(), List.of()));
        udp(t, fb, T0 + 5 * S + 4 * MS, R6, 53, C6, 40006, DnsWire.message(0x1006, QR | RD | RA, "v6.example.com",
                DnsWire.AAAA, IN,
                List.of(RawRr.of(new Rr("v6.example.com", DnsWire.AAAA, 120, "2001:db8:0:0:1:0:0:1"))),
                List.of(), List.of()));

        udp(t, fb, T0 + 6 * S, C4, 40007, R4, 53,
                DnsWire.message(0x1007, RD, "lost.example.com", DnsWire.A, IN, List.of(), List.of(), List.of()));

        udp(t, fb, T0 + 7 * S, R4, 53, C4, 40008, DnsWire.message(0x1008, QR | RD | RA, "stray.example.com",
                DnsWire.A, IN, List.of(RawRr.of(new Rr("stray.example.com", DnsWire.A, 30, "192.0.2.99"))),
                List.of(), List.of()));

        smtp(t, T0 + 10 * S, 50001).handshake()
                .server("220 mx.example.com ESMTP ready\r\n")
                .client("EHLO client.example\r\n").server("250-mx.example.com\r\n250 STARTTLS\r\n")
                .client("MAIL FROM:<a@client.example>\r\n").server("250 2.1.0 Ok\r\n")
                .client("RCPT TO:<b@example.com>\r\n").server("250 2.1.5 Ok\r\n")
                .client("QUIT\r\n").server("221 2.0.0 Bye\r\n")
                .close();
        smtp(t, T0 + 11 * S, 50002).handshake()
                .server("220 mx.example.com ESMTP ready\r\n")
                .client("EHLO client.example\r\n").server("250-mx.example.com\r\n250 STARTTLS\r\n")
                .client("MAIL FROM:<a@client.example>\r\n").server("250 2.1.0 Ok\r\n")
                .client("RCPT TO:<nobody@example.com>\r\n").server("550 5.1.1 No such user\r\n")
                .client("QUIT\r\n").server("221 2.0.0 Bye\r\n")
                .close();
        smtp(t, T0 + 12 * S, 50003).refused();
        smtp(t, T0 + 13 * S, 50004).unanswered(2);
        smtp(t, T0 + 14 * S, 50005).handshake()
                .server("220 mx.example.com ESMTP ready\r\n")
                .client("EHLO client.example\r\n").server("250-mx.example.com\r\n250 STARTTLS\r\n")
                .client("STARTTLS\r\n").server("220 2.0.0 Ready to start TLS\r\n")
                .client("\u0016\u0003\u0001\u0000\u0004ABCD") // a TLS record header: not SMTP any more
                .close();

        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            t.writeTo(w);
        }
    }

    /**
     * The aggregate capture: 16 lookups, all UDP A queries to R answered 1 ms later (the
     * NXDOMAIN too), ports and ids distinct so none is a retransmission.
     * <pre>
     *  #   time  client  name          answer
     *  1    0 s  B       tie.example   192.0.2.40
     *  2    1 s  A       tie.example   192.0.2.40   (asked after B: insertion order would put B first)
     *  3    2 s  A       excl.example  192.0.2.41
     *  4    3 s  A       excl.example  192.0.2.41
     *  5    4 s  A       excl.example  192.0.2.41
     *  6   10 s  C       old.example   192.0.2.29
     *  7   15 s  B       old.example   192.0.2.29   (old.example's last answer with .29, at 15.001)
     *  8   20 s  C       old.example   NXDOMAIN     (the evidence that old.example stopped)
     *  9   30 s  B       new.example   192.0.2.29   (rename old -> new)
     * 10   40 s  C       was.example   192.0.2.30
     * 11   50 s  C       now.example   192.0.2.30   (no evidence: only a possible rename)
     * 12-16 60..64 s C   busy.example  192.0.2.42
     * </pre>
     * Per client: A 4 (#2-5), B 3 (#1, 7, 9), C 9 (#6, 8, 10, 11, 12-16); 16 in all.
     */
    public static void writeAggregate(Path pcap) throws IOException {
        FrameBuilder fb = new FrameBuilder();
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            int[] n = {0};
            Lookup look = (client, name, address, seconds) -> {
                int id = 0x2000 + ++n[0];
                int port = 41000 + n[0];
                long t = T0 + seconds * S;
                w.write(t, frame(fb, client, port, R, 53, DnsWire.query(id, name, DnsWire.A, false)), fb.length());
                byte[] response = address == null
                        ? DnsWire.response(id, name, DnsWire.A, DnsWire.NXDOMAIN, List.of(), false)
                        : DnsWire.response(id, name, DnsWire.A, DnsWire.NOERROR,
                                List.of(new Rr(name, DnsWire.A, 300, address)), false);
                w.write(t + MS, frame(fb, R, 53, client, port, response), fb.length());
            };
            look.at(B, "tie.example", "192.0.2.40", 0);
            look.at(A, "tie.example", "192.0.2.40", 1);
            look.at(A, "excl.example", "192.0.2.41", 2);
            look.at(A, "excl.example", "192.0.2.41", 3);
            look.at(A, "excl.example", "192.0.2.41", 4);
            look.at(C, "old.example", "192.0.2.29", 10);
            look.at(B, "old.example", "192.0.2.29", 15);
            look.at(C, "old.example", null, 20);
            look.at(B, "new.example", "192.0.2.29", 30);
            look.at(C, "was.example", "192.0.2.30", 40);
            look.at(C, "now.example", "192.0.2.30", 50);
            for (int i = 0; i < 5; i++) {
                look.at(C, "busy.example", "192.0.2.42", 60 + i);
            }
        }
    }

    /** For the aggregate capture: exclusive from 3 lookups on, at p ≤ 0.05, so tiny n can be exclusive. */
    public static PairsConfig aggregateRule() {
        return new PairsConfig(0.8, 2, 3, 0.05, null, 250_000);
    }

    /** Replays {@code pcap} into {@code out} with {@code config}; the run must succeed. */
    public static void replay(Path pcap, SensorConfig config) {
        Replay.Result r = Replay.run(config, List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, r.exitCode(), "replay of " + pcap);
    }

    /** Writes a capture into a file. */
    @FunctionalInterface
    public interface CaptureWriter {
        void write(Path pcap) throws IOException;
    }

    /**
     * Writes a scripted capture as {@code dir/name} and replays it through the command line
     * (with {@code options} before the input); the run must succeed. Returns the output folder.
     */
    public static Path replayed(Path dir, String name, CaptureWriter writer, String... options) throws IOException {
        Path pcap = dir.resolve(name);
        writer.write(pcap);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("replay", "--quiet", "-o", out.toString()));
        args.addAll(List.of(options));
        args.add(pcap.toString());
        CliRun run = CliRun.execute(args.toArray(new String[0]));
        assertEquals(0, run.code(), run.err());
        return out;
    }

    /** Every line of a JSON Lines file, parsed. */
    public static List<JsonNode> lines(Path file) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                out.add(JSON.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode object(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Lookup {
        void at(IpAddress client, String name, String address, long seconds) throws IOException;
    }

    /** An OPT pseudo-record (RFC 6891): class = UDP payload size 1232, TTL = ext-rcode | version | DO | Z. */
    private static RawRr opt(long ttl) {
        return new RawRr("", DnsWire.OPT, 1232, ttl, new byte[0]);
    }

    private static TcpConversation smtp(Timeline t, long start, int clientPort) {
        return new TcpConversation(t, C4, clientPort, MX, 25, start, MS, 7000 + clientPort, 9000 + clientPort);
    }

    private static void udp(Timeline t, FrameBuilder fb, long ts, IpAddress src, int sport, IpAddress dst, int dport,
            byte[] dns) {
        t.write(ts, frame(fb, src, sport, dst, dport, dns), fb.length());
    }

    private static byte[] frame(FrameBuilder fb, IpAddress src, int sport, IpAddress dst, int dport, byte[] dns) {
        return fb.udp(src, sport, dst, dport, dns, 0).buffer();
    }
}
