package sensor.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import sensor.decode.IpAddress;

/**
 * Writes the benchmark capture: a deterministic mix like a resolver tap's, ~70% DNS over UDP
 * (15% of it IPv6, EDNS on half, NXDOMAIN, unanswered queries, some VLAN-tagged) and ~30%
 * other TCP/UDP traffic the sensor must skip, with a few SMTP sessions.
 *
 * <p>Usage: {@code java -cp target/sensor.jar:target/test-classes sensor.scenario.BenchTraffic OUT.pcap FRAMES [SEED]}
 */
public final class BenchTraffic {
    private static final long START_MICROS = 1_464_739_200_000_000L; // 2016-06-01T00:00:00Z
    private static final int CLIENTS = 5000;
    private static final int RESOLVERS = 20;
    private static final int NAMES = 50_000;

    private final SplittableRandom rnd;
    private final FrameBuilder fb = new FrameBuilder();
    private final List<IpAddress> clients4 = new ArrayList<>();
    private final List<IpAddress> clients6 = new ArrayList<>();
    private final List<IpAddress> resolvers4 = new ArrayList<>();
    private final List<IpAddress> resolvers6 = new ArrayList<>();
    private long now = START_MICROS;

    BenchTraffic(long seed) {
        rnd = new SplittableRandom(seed);
        for (int i = 0; i < CLIENTS; i++) {
            clients4.add(IpAddress.parse("10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".7"));
            clients6.add(IpAddress.parse("2001:db8:" + Integer.toHexString(i) + "::7"));
        }
        for (int i = 0; i < RESOLVERS; i++) {
            resolvers4.add(IpAddress.parse("192.0.2." + (i + 1)));
            resolvers6.add(IpAddress.parse("2001:db8:53::" + Integer.toHexString(i + 1)));
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BenchTraffic OUT.pcap FRAMES [SEED]");
            System.exit(2);
        }
        long frames = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 2016;
        try (PcapWriter out = new PcapWriter(Path.of(args[0]), PcapWriter.LINKTYPE_ETHERNET)) {
            new BenchTraffic(seed).write(out, frames);
            System.err.println("wrote " + out.frames() + " frames to " + args[0]);
        }
    }

    void write(PcapWriter out, long frames) throws IOException {
        int smtpEvery = 100_000;
        while (out.frames() < frames) {
            long before = out.frames();
            int r = rnd.nextInt(100);
            if (out.frames() % smtpEvery == smtpEvery - 20) {
                smtp(out);
            } else if (r < 55) {
                // an exchange is two frames, so 55% of draws give ~70% of frames
                dnsExchange(out);
            } else {
                background(out);
            }
            now += 5 + rnd.nextInt(20) * (out.frames() - before);
        }
    }

    private void dnsExchange(PcapWriter out) throws IOException {
        boolean v6 = rnd.nextInt(100) < 15;
        IpAddress client = (v6 ? clients6 : clients4).get(skewed(CLIENTS));
        IpAddress server = (v6 ? resolvers6 : resolvers4).get(rnd.nextInt(RESOLVERS));
        int port = 1024 + rnd.nextInt(64_000);
        int id = rnd.nextInt(65536);
        int n = skewed(NAMES);
        String qname = "host" + n + ".example" + (n % 97) + ".com";
        int qtype = rnd.nextInt(100) < 70 ? DnsWire.A : (rnd.nextBoolean() ? DnsWire.AAAA : DnsWire.MX);
        boolean edns = rnd.nextBoolean();
        int vlan = rnd.nextInt(100) < 10 ? 11 : 0;
        fb.udp(client, port, server, 53, DnsWire.query(id, qname, qtype, edns), vlan);
        out.write(now, fb.buffer(), fb.length());
        if (rnd.nextInt(100) < 5) {
            return; // unanswered
        }
        now += 200 + rnd.nextInt(30_000);
        boolean nx = rnd.nextInt(100) < 10;
        List<DnsWire.Rr> answers = new ArrayList<>();
        if (!nx) {
            int k = 1 + rnd.nextInt(3);
            for (int i = 0; i < k; i++) {
                answers.add(switch (qtype) {
                    case DnsWire.A -> new DnsWire.Rr(qname, DnsWire.A, 300, "198.51.100." + ((n + i) % 250 + 1));
                    case DnsWire.AAAA -> new DnsWire.Rr(qname, DnsWire.AAAA, 300,
                            "2001:db8:ff::" + Integer.toHexString((n + i) % 65000 + 1));
                    default -> new DnsWire.Rr(qname, DnsWire.MX, 3600, (10 * (i + 1)) + " mx" + i + ".example.com");
                });
            }
        }
        fb.udp(server, 53, client, port,
                DnsWire.response(id, qname, qtype, nx ? DnsWire.NXDOMAIN : DnsWire.NOERROR, answers, edns), vlan);
        out.write(now, fb.buffer(), fb.length());
    }

    private void background(PcapWriter out) throws IOException {
        IpAddress a = clients4.get(rnd.nextInt(CLIENTS));
        IpAddress b = IpAddress.parse("203.0.113." + (1 + rnd.nextInt(200)));
        byte[] payload = new byte[40 + rnd.nextInt(1200)];
        rnd.nextBytes(payload);
        if (rnd.nextBoolean()) {
            fb.tcp(a, 40_000 + rnd.nextInt(20_000), b, rnd.nextBoolean() ? 443 : 80, rnd.nextLong() & 0xffffffffL,
                    rnd.nextLong() & 0xffffffffL, 0x18, payload);
        } else {
            fb.udp(a, 40_000 + rnd.nextInt(20_000), b, rnd.nextBoolean() ? 443 : 123, payload, 0);
        }
        out.write(now, fb.buffer(), fb.length());
    }

    private void smtp(PcapWriter out) {
        IpAddress client = clients4.get(rnd.nextInt(CLIENTS));
        IpAddress server = IpAddress.parse("198.51.100.25");
        TcpConversation c = new TcpConversation(out, client, 30_000 + rnd.nextInt(30_000), server, 25, now, 300,
                rnd.nextLong(), rnd.nextLong());
        c.handshake().server("220 mail.example.com ESMTP\r\n").client("EHLO client.example.org\r\n")
                .server("250-mail.example.com\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
                .client("MAIL FROM:<a@example.org>\r\n").server("250 2.1.0 Ok\r\n")
                .client("RCPT TO:<b@example.com>\r\n").server("250 2.1.5 Ok\r\n")
                .client("QUIT\r\n").server("221 2.0.0 Bye\r\n").close();
        now = c.now();
    }

    /** Skewed towards small indexes: a few clients and names are busy, most are rare. */
    private int skewed(int n) {
        double u = rnd.nextDouble();
        return (int) Math.min(n - 1, Math.floor(n * u * u * u));
    }
}
