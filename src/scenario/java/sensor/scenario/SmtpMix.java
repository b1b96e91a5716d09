package sensor.scenario;

import java.io.IOException;
import java.util.SplittableRandom;
import sensor.decode.IpAddress;

/**
 * Mail traffic: sessions from 3,000 clients to 40 servers, accepted with a message, rejected at
 * the greeting or at RCPT, refused by RST, unanswered, STARTTLS, greylisted with a 4xx, and the
 * DNS lookups of the servers' names beside them.
 */
final class SmtpMix implements BenchMix.Mix {
    private final SplittableRandom rnd;
    private final FrameBuilder fb = new FrameBuilder();

    SmtpMix(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    @Override
    public long next(PcapWriter out, long now) throws IOException {
        IpAddress client = IpAddress.ofV4(0x0a300000 + rnd.nextInt(3_000) * 7);
        int s = rnd.nextInt(40);
        IpAddress server = IpAddress.ofV4(0xc6336500 + s); // 198.51.101.x
        if (rnd.nextInt(4) == 0) {
            return lookup(out, now, client, s, server);
        }
        TcpConversation c = new TcpConversation(out, client, 1024 + rnd.nextInt(64_000), server,
                rnd.nextInt(5) == 0 ? 587 : 25, now, 100 + rnd.nextInt(2_000), rnd.nextLong(), rnd.nextLong());
        String host = "mx" + s + ".example.net";
        int r = rnd.nextInt(100);
        if (r < 5) {
            return c.refused().now();
        }
        if (r < 8) {
            return c.unanswered(3).now();
        }
        c.handshake();
        if (r < 13) {
            return c.server("554 5.7.1 " + host + " no service for you\r\n").close().now();
        }
        c.server("220 " + host + " ESMTP\r\n").client("EHLO client" + rnd.nextInt(3_000) + ".example.org\r\n")
                .server("250-" + host + "\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250 STARTTLS\r\n");
        if (r < 23) {
            return c.client("STARTTLS\r\n").server("220 2.0.0 Ready to start TLS\r\n").close().now();
        }
        c.client("MAIL FROM:<list@news" + rnd.nextInt(500) + ".example.com>\r\n").server("250 2.1.0 Ok\r\n")
                .client("RCPT TO:<user" + rnd.nextInt(10_000) + "@" + host + ">\r\n");
        if (r < 38) {
            return c.server("550 5.1.1 no such user\r\n").client("QUIT\r\n").server("221 2.0.0 Bye\r\n").close().now();
        }
        if (r < 45) {
            return c.server("450 4.7.1 greylisted, try again later\r\n").client("QUIT\r\n")
                    .server("221 2.0.0 Bye\r\n").close().now();
        }
        return c.server("250 2.1.5 Ok\r\n").client("DATA\r\n").server("354 End data with <CR><LF>.<CR><LF>\r\n")
                .client("Subject: offer " + rnd.nextInt() + "\r\n\r\nHello.\r\n.\r\n")
                .server("250 2.0.0 Ok: queued\r\n").client("QUIT\r\n").server("221 2.0.0 Bye\r\n").close().now();
    }

    /** The client's resolver looking the server's name up, answered with its address. */
    private long lookup(PcapWriter out, long now, IpAddress client, int s, IpAddress server) throws IOException {
        IpAddress resolver = IpAddress.ofV4(0xc0000235 + rnd.nextInt(4));
        String name = "mx" + s + ".example.net";
        int id = rnd.nextInt(1 << 16);
        int port = 1024 + rnd.nextInt(64_000);
        fb.udp(client, port, resolver, 53, DnsWire.query(id, name, DnsWire.A, false), 0);
        out.write(now, fb.buffer(), fb.length());
        now += 500 + rnd.nextInt(20_000);
        fb.udp(resolver, 53, client, port, DnsWire.response(id, name, DnsWire.A, DnsWire.NOERROR,
                java.util.List.of(new DnsWire.Rr(name, DnsWire.A, 300, server.toString())), false), 0);
        out.write(now, fb.buffer(), fb.length());
        return now;
    }
}
