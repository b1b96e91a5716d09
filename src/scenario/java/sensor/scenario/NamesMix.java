package sensor.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import sensor.decode.IpAddress;

/**
 * A resolver tap's traffic with many distinct names: names drawn Zipf(0.9) from 330,000 (about
 * 107,000 distinct per million frames), ~6,900 clients (15% IPv6) and 11 resolvers; A, AAAA
 * (often behind CNAME chains), HTTPS, PTR, MX, TXT, SRV and NS; ~8% NXDOMAIN, NODATA, SERVFAIL,
 * REFUSED and TC; EDNS on ~65% with DO bits and cookies; ~1% unanswered; ~2% VLAN-tagged.
 */
final class NamesMix implements BenchMix.Mix {
    private static final int NAMES = 330_000;
    private static final int CLIENTS = 6_900;
    private static final int RESOLVERS = 11;
    private static final int PTR = 12;
    private static final int SRV = 33;
    private static final int HTTPS = 65;
    private static final int COOKIE = 10;

    private final SplittableRandom rnd;
    private final FrameBuilder fb = new FrameBuilder();
    /** The cumulative Zipf(0.9) weights of the names, for drawing by binary search. */
    private final double[] zipf = new double[NAMES];
    private final IpAddress[] clients = new IpAddress[CLIENTS];
    private final IpAddress[] resolvers = new IpAddress[2 * RESOLVERS];

    NamesMix(SplittableRandom rnd) {
        this.rnd = rnd;
        double sum = 0;
        for (int i = 0; i < NAMES; i++) {
            sum += 1 / Math.pow(i + 1, 0.9);
            zipf[i] = sum;
        }
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = i % 100 < 15 ? IpAddress.parse("2001:db8:c:" + Integer.toHexString(i) + "::1")
                    : IpAddress.ofV4(0x0a100000 + i * 3);
        }
        for (int i = 0; i < RESOLVERS; i++) {
            resolvers[i] = IpAddress.ofV4(0xc0000235 + i); // 192.0.2.53 ...
            resolvers[RESOLVERS + i] = IpAddress.parse("2001:db8:53::" + Integer.toHexString(i + 1));
        }
    }

    @Override
    public long next(PcapWriter out, long now) throws IOException {
        int c = (int) Math.min(CLIENTS - 1, CLIENTS * Math.pow(rnd.nextDouble(), 2));
        IpAddress client = clients[c];
        IpAddress resolver = resolvers[(client.isV4() ? 0 : RESOLVERS) + rnd.nextInt(RESOLVERS)];
        int port = 1024 + rnd.nextInt(64_000);
        int id = rnd.nextInt(1 << 16);
        int n = name();
        int qtype = qtype();
        String qname = qtype == PTR ? ptrName(n) : name(n);
        int vlan = rnd.nextInt(100) < 2 ? 20 : 0;
        boolean edns = rnd.nextInt(100) < 65;
        boolean dnssecOk = edns && rnd.nextInt(100) < 40;
        boolean cookie = edns && rnd.nextBoolean();
        List<DnsWire.RawRr> opt = edns ? List.of(opt(dnssecOk, cookie, false)) : List.of();
        fb.udp(client, port, resolver, 53, DnsWire.message(id, 0x0100, qname, qtype, 1, List.of(), List.of(), opt),
                vlan);
        out.write(now, fb.buffer(), fb.length());
        if (rnd.nextInt(100) < 1) {
            return now; // unanswered
        }
        now += 300 + rnd.nextInt(40_000);
        int r = rnd.nextInt(1000);
        int rcode = r < 80 ? DnsWire.NXDOMAIN : r < 90 ? DnsWire.SERVFAIL : r < 95 ? DnsWire.REFUSED : DnsWire.NOERROR;
        boolean nodata = rcode == DnsWire.NOERROR && r < 145;
        boolean truncated = rcode == DnsWire.NOERROR && !nodata && r < 150;
        List<DnsWire.RawRr> answers = rcode != DnsWire.NOERROR || nodata || truncated ? List.of() : answers(qname, qtype, n);
        int flags = 0x8180 | (truncated ? 0x0200 : 0) | (dnssecOk && rnd.nextBoolean() ? 0x0020 : 0) | rcode;
        List<DnsWire.RawRr> ropt = edns ? List.of(opt(dnssecOk, cookie, true)) : List.of();
        fb.udp(resolver, 53, client, port, DnsWire.message(id, flags, qname, qtype, 1, answers, List.of(), ropt), vlan);
        out.write(now, fb.buffer(), fb.length());
        return now;
    }

    private int name() {
        double u = rnd.nextDouble() * zipf[NAMES - 1];
        int i = java.util.Arrays.binarySearch(zipf, u);
        return i >= 0 ? i : Math.min(NAMES - 1, -i - 1);
    }

    private static String name(int n) {
        return "h" + n + ".d" + (n % 4099) + (n % 3 == 0 ? ".example.net" : ".example.com");
    }

    private static String ptrName(int n) {
        return (n & 0xff) + "." + (n >> 8 & 0xff) + "." + (n >> 16 & 0xff) + ".10.in-addr.arpa";
    }

    private int qtype() {
        int r = rnd.nextInt(100);
        return r < 50 ? DnsWire.A : r < 72 ? DnsWire.AAAA : r < 79 ? HTTPS : r < 85 ? PTR : r < 89 ? DnsWire.MX
                : r < 93 ? DnsWire.TXT : r < 97 ? SRV : DnsWire.NS;
    }

    private List<DnsWire.RawRr> answers(String qname, int qtype, int n) {
        List<DnsWire.RawRr> rrs = new ArrayList<>(4);
        String owner = qname;
        if ((qtype == DnsWire.A || qtype == DnsWire.AAAA || qtype == HTTPS) && n % 10 < 3) {
            // a CNAME chain of one or two links into a CDN's name
            for (int k = 0; k <= n % 2; k++) {
                String target = "e" + (n % 997) + ".c" + k + ".cdn.example.org";
                rrs.add(rr(owner, DnsWire.CNAME, 300, name(target)));
                owner = target;
            }
        }
        int count = qtype == DnsWire.A || qtype == DnsWire.AAAA ? 1 + n % 3 : 1;
        for (int i = 0; i < count; i++) {
            rrs.add(switch (qtype) {
                case DnsWire.A -> rr(owner, qtype, 60, IpAddress.ofV4(0xc6336400 + (n + i) % 250).toBytes());
                case DnsWire.AAAA -> rr(owner, qtype, 60,
                        IpAddress.parse("2001:db8:ff::" + Integer.toHexString((n + i) % 65_000 + 1)).toBytes());
                case PTR -> rr(owner, qtype, 3600, name(name(n)));
                case DnsWire.MX -> rr(owner, qtype, 3600, concat(u16(10), name("mx." + qname)));
                case DnsWire.TXT -> rr(owner, qtype, 300, txt("v=spf1 include:_spf." + qname + " ~all"));
                case SRV -> rr(owner, qtype, 300, concat(u16(10), u16(5), u16(5060), name("sip." + qname)));
                case HTTPS -> rr(owner, qtype, 300, concat(u16(1), name("."), u16(1), u16(3), new byte[] {2, 'h', '2'},
                        u16(4), u16(4), IpAddress.ofV4(0xc6336400 + n % 250).toBytes()));
                default -> rr(owner, DnsWire.NS, 86_400, name("ns" + i + ".example.net"));
            });
        }
        return rrs;
    }

    /** An OPT record: 1232-byte payload, the DO bit, and a client (or client and server) cookie. */
    private DnsWire.RawRr opt(boolean dnssecOk, boolean cookie, boolean response) {
        byte[] options = new byte[0];
        if (cookie) {
            byte[] value = new byte[response ? 24 : 8];
            rnd.nextBytes(value);
            options = concat(u16(COOKIE), u16(value.length), value);
        }
        return new DnsWire.RawRr(".", DnsWire.OPT, 1232, dnssecOk ? 0x8000 : 0, options);
    }

    private static DnsWire.RawRr rr(String owner, int type, long ttl, byte[] rdata) {
        return new DnsWire.RawRr(owner, type, 1, ttl, rdata);
    }

    private static byte[] name(String name) {
        return DnsWire.name(name);
    }

    private static byte[] txt(String text) {
        return concat(new byte[] {(byte) text.length()}, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
