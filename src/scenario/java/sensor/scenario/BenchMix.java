package sensor.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import sensor.decode.IpAddress;

/**
 * Writes one of the benchmark's traffic mixes, so speed is measured on more than one shape of
 * traffic: {@code resolver} (the original {@link BenchTraffic}), {@code names} (many distinct
 * names, every common type, EDNS with cookies), {@code tcp} (DNS over TCP connections) and
 * {@code smtp} (mail sessions of every outcome). Deterministic: same arguments, same bytes.
 *
 * <p>Usage: {@code java -cp target/sensor.jar:target/test-classes sensor.scenario.BenchMix OUT.pcap FRAMES MIX}
 */
public final class BenchMix {
    static final long START_MICROS = 1_464_739_200_000_000L; // 2016-06-01T00:00:00Z
    public static final String[] MIXES = {"resolver", "names", "tcp", "smtp"};

    /** One mix: writes its next exchange (a few frames) and returns the capture time after it. */
    interface Mix {
        long next(PcapWriter out, long now) throws IOException;
    }

    private BenchMix() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BenchMix OUT.pcap FRAMES resolver|names|tcp|smtp");
            System.exit(2);
        }
        long frames = Long.parseLong(args[1]);
        try (PcapWriter out = new PcapWriter(Path.of(args[0]), PcapWriter.LINKTYPE_ETHERNET)) {
            write(out, frames, args[2], 2016);
            System.err.println("wrote " + out.frames() + " frames of the " + args[2] + " mix to " + args[0]);
        }
    }

    static void write(PcapWriter out, long frames, String mix, long seed) throws IOException {
        if (mix.equals("resolver")) {
            new BenchTraffic(seed).write(out, frames);
            return;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        Background background = new Background(rnd);
        Mix m = switch (mix) {
            case "names" -> new NamesMix(rnd);
            case "tcp" -> new TcpDnsMix(rnd);
            case "smtp" -> new SmtpMix(rnd);
            default -> throw new IllegalArgumentException("no mix named " + mix);
        };
        long now = START_MICROS;
        while (out.frames() < frames) {
            // Seven in ten frames are the mix's own, the rest traffic the sensor must skip.
            now = rnd.nextInt(100) < 70 ? m.next(out, now) : background.next(out, now);
            now += 1 + rnd.nextInt(10);
        }
    }

    /** TCP and UDP to web and NTP ports, ARP and ICMP echo: what a tap sees beside DNS and mail. */
    static final class Background {
        private final SplittableRandom rnd;
        private final FrameBuilder fb = new FrameBuilder();
        private final byte[] arp = new byte[42];

        Background(SplittableRandom rnd) {
            this.rnd = rnd;
        }

        long next(PcapWriter out, long now) throws IOException {
            IpAddress a = IpAddress.ofV4(0x0a000000 | rnd.nextInt(1 << 16));
            IpAddress b = IpAddress.ofV4(0xcb007100 | 1 + rnd.nextInt(200)); // 203.0.113.x
            byte[] payload = new byte[40 + rnd.nextInt(1200)];
            rnd.nextBytes(payload);
            switch (rnd.nextInt(10)) {
                case 0 -> {
                    arp(a, b);
                    out.write(now, arp, arp.length);
                    return now;
                }
                case 1 -> fb.ip(a, b, 1, new byte[] {8, 0, 0, 0, 0, 1, 0, 1}); // ICMP echo request
                case 2, 3, 4, 5 -> fb.tcp(a, 40_000 + rnd.nextInt(20_000), b, rnd.nextBoolean() ? 443 : 80,
                        rnd.nextLong() & 0xffffffffL, rnd.nextLong() & 0xffffffffL, 0x18, payload);
                default -> fb.udp(a, 40_000 + rnd.nextInt(20_000), b, rnd.nextBoolean() ? 443 : 123, payload, 0);
            }
            out.write(now, fb.buffer(), fb.length());
            return now;
        }

        /** An ARP request, who-has b tell a. */
        private void arp(IpAddress a, IpAddress b) {
            java.util.Arrays.fill(arp, 0, 6, (byte) 0xff);
            arp[6] = 0x02;
            arp[12] = 0x08;
            arp[13] = 0x06;
            byte[] fixed = {0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1};
            System.arraycopy(fixed, 0, arp, 14, fixed.length);
            System.arraycopy(a.toBytes(), 0, arp, 28, 4);
            System.arraycopy(b.toBytes(), 0, arp, 38, 4);
        }
    }
}
