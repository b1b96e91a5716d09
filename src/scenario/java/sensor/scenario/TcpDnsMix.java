package sensor.scenario;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import sensor.decode.IpAddress;

/**
 * DNS over TCP: connections of one to eight length-prefixed queries, each answered, then closed
 * (zone-transfer-free resolver traffic over TCP, as DNS-over-TCP fallbacks and DoT terminators
 * produce it in clear), from 2,000 clients to 8 resolvers.
 */
final class TcpDnsMix implements BenchMix.Mix {
    private final SplittableRandom rnd;

    TcpDnsMix(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    @Override
    public long next(PcapWriter out, long now) throws IOException {
        IpAddress client = IpAddress.ofV4(0x0a200000 + rnd.nextInt(2_000) * 5);
        IpAddress resolver = IpAddress.ofV4(0xc0000235 + rnd.nextInt(8));
        TcpConversation c = new TcpConversation(out, client, 1024 + rnd.nextInt(64_000), resolver, 53, now,
                50 + rnd.nextInt(200), rnd.nextLong(), rnd.nextLong()).handshake();
        for (int q = 1 + rnd.nextInt(8); q > 0; q--) {
            int id = rnd.nextInt(1 << 16);
            int n = (int) (20_000 * Math.pow(rnd.nextDouble(), 2));
            String name = "t" + n + ".tcp" + (n % 61) + ".example.com";
            boolean v6 = rnd.nextInt(4) == 0;
            int type = v6 ? DnsWire.AAAA : DnsWire.A;
            String address = v6 ? "2001:db8:fe::" + Integer.toHexString(n % 60_000 + 1)
                    : IpAddress.ofV4(0xc6336400 + n % 250).toString();
            c.clientMessage(DnsWire.query(id, name, type, rnd.nextBoolean()));
            boolean nx = rnd.nextInt(100) < 8;
            c.serverMessage(DnsWire.response(id, name, type, nx ? DnsWire.NXDOMAIN : DnsWire.NOERROR,
                    nx ? List.of() : List.of(new DnsWire.Rr(name, type, 300, address)), false));
        }
        return c.close().now();
    }
}
