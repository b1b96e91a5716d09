package sensor.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import sensor.decode.IpAddress;

/**
 * A SYN flood against the service ports followed by legitimate traffic: {@code n} SYNs from
 * distinct spoofed clients to port 53 and as many to port 25, then one DNS-over-TCP exchange and
 * one SMTP session that the sensor must still decode. For the hostile-traffic tests and for
 * measuring the flood inside a small heap ({@code SynFlood FILE N}).
 */
public final class SynFlood {
    private static final long START_MICROS = 1_700_000_000_000_000L;

    private SynFlood() {}

    /** Writes the capture; each SYN takes one microsecond of capture time. */
    public static void write(Path file, int n) throws IOException {
        try (PcapWriter out = new PcapWriter(file, PcapWriter.LINKTYPE_ETHERNET)) {
            FrameBuilder fb = new FrameBuilder();
            IpAddress server = IpAddress.parse("192.0.2.53");
            IpAddress mx = IpAddress.parse("192.0.2.25");
            long t = START_MICROS;
            for (int port : new int[] {53, 25}) {
                IpAddress dst = port == 53 ? server : mx;
                for (int i = 0; i < n; i++) {
                    // 10.0.0.0/8 sources, 1024 ports each: every SYN opens a new connection.
                    IpAddress src = IpAddress.ofV4(0x0a000000 | (i >>> 10) & 0xffffff);
                    fb.tcp(src, 1024 + (i & 1023), dst, port, i * 7919L, 0, 0x02, new byte[0]);
                    out.write(t++, fb.buffer(), fb.length());
                }
            }
            IpAddress client = IpAddress.parse("198.51.100.7");
            new TcpConversation(out, client, 40000, server, 53, t, 100, 1000, 5000)
                    .handshake()
                    .clientMessage(DnsWire.query(0x1234, "after.flood.example", DnsWire.A, false))
                    .serverMessage(DnsWire.response(0x1234, "after.flood.example", DnsWire.A, DnsWire.NOERROR,
                            List.of(new DnsWire.Rr("after.flood.example", DnsWire.A, 300, "192.0.2.80")), false))
                    .close();
            new TcpConversation(out, client, 40001, mx, 25, t + 10_000, 100, 2000, 6000)
                    .handshake()
                    .server("220 mx.example ESMTP\r\n")
                    .client("EHLO client.example\r\n")
                    .server("250 mx.example\r\n")
                    .client("MAIL FROM:<a@client.example>\r\n")
                    .server("250 ok\r\n")
                    .client("RCPT TO:<b@mx.example>\r\n")
                    .server("550 no such user\r\n")
                    .client("QUIT\r\n")
                    .server("221 bye\r\n")
                    .close();
        }
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), Integer.parseInt(args[1]));
    }
}
