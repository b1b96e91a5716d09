package sensor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import sensor.capture.Frame;
import sensor.decode.IpAddress;
import sensor.decode.Layer;
import sensor.decode.Packet;
import sensor.decode.PacketDecoder;
import sensor.dns.DnsDecoder;
import sensor.dns.DnsTcpFramer;
import sensor.flow.IpDefragmenter;
import sensor.flow.PortSet;
import sensor.flow.TcpConnection;
import sensor.flow.TcpLimits;
import sensor.flow.TcpTracker;
import sensor.metrics.Tallies;
import sensor.output.DnsRecordFormat;
import sensor.output.SmtpRecordFormat;
import sensor.smtp.SmtpCounters;
import sensor.smtp.SmtpDialogue;
import sensor.txn.TransactionMatcher;
import sensor.txn.TxnLimits;

/**
 * Coverage-guided fuzzing (Jazzer) of the three places hostile bytes enter: the frame decoders
 * (link, IP, fragments, tunnels, UDP/TCP, with DNS and SMTP behind them), a DNS message over UDP
 * and TCP, and an SMTP dialogue. Nothing may throw: bad input is a counted weird. The first byte
 * of an input picks the target, so one fuzz test (Jazzer fuzzes one per run) covers all three.
 *
 * <p>{@code ./sensor test} replays the seeds in {@code SensorFuzzTestInputs} (frames taken from
 * the shared captures) and then fuzzes {@link #fuzz} briefly, with a fixed seed;
 * {@code ./sensor fuzz} runs {@link #fuzzLong} for ten minutes with a random one. A finding is
 * written beside the seeds and fails the run.
 */
class SensorFuzzTest {
    private static final int[] LINK_TYPES = {1, 0, 9, 10, 12, 101, 108, 113, 228, 229, 276};

    private final Tallies tallies = new Tallies();
    private final DnsRecordFormat dnsFormat = new DnsRecordFormat(true);
    private final SmtpRecordFormat smtpFormat = new SmtpRecordFormat(true);
    private final TransactionMatcher matcher = new TransactionMatcher(TxnLimits.defaults(),
            t -> dnsFormat.line(t), tallies);
    private final DnsDecoder dns = new DnsDecoder(matcher, tallies);
    private final SmtpCounters smtpCounters = new SmtpCounters(tallies);
    private final PortSet dnsPorts = new PortSet(53);
    private final TcpTracker tcp = new TcpTracker(conn -> dnsPorts.contains(conn.serverPort)
            ? new DnsTcpFramer(dns, DnsTcpFramer.Counters.of(tallies)) : new SmtpDialogue(s -> smtpFormat.format(s), smtpCounters),
            new PortSet(53, 25), new TcpLimits(64, 1 << 16, 1 << 20, 300_000_000_000L, 60_000_000_000L), tallies);
    private final PacketDecoder decoder = new PacketDecoder(tallies);
    private final IpDefragmenter defragmenter = new IpDefragmenter(IpDefragmenter.Limits.defaults(), tallies);
    private final Frame frame = new Frame();
    private final Packet packet = new Packet();
    private long clock = 1_474_639_331_000_000_000L;

    /** 100,000 executions (about 25 s here); the time limit only guards a much slower machine. */
    @FuzzTest(maxDuration = "90s", maxExecutions = 100_000)
    void fuzz(byte[] input) {
        oneInput(input);
    }

    /** The same target for a long run on demand: {@code ./sensor fuzz}. */
    @FuzzTest(maxDuration = "10m")
    void fuzzLong(byte[] input) {
        oneInput(input);
    }

    private void oneInput(byte[] input) {
        if (input.length < 2) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 2, input.length);
        switch ((input[0] & 0xff) % 3) {
            case 0 -> frame(LINK_TYPES[(input[1] & 0xff) % LINK_TYPES.length], rest);
            case 1 -> dnsMessage(input[1], rest);
            default -> smtp(input[1], rest);
        }
        clock += 1_000_000;
        matcher.advance(clock);
        tcp.advance(clock);
        defragmenter.advance(clock);
    }

    /** A frame through decoding, defragmentation, UDP DNS and TCP reassembly. */
    private void frame(int linkType, byte[] bytes) {
        int n = Math.min(bytes.length, Frame.MAX_SNAPLEN);
        System.arraycopy(bytes, 0, frame.data, 0, n);
        frame.caplen = n;
        frame.wireLength = n;
        frame.linkType = linkType;
        frame.tsNanos = clock;
        frame.number++;
        Layer layer = decoder.decode(frame, packet);
        if (layer == Layer.FRAGMENT) {
            if (!defragmenter.add(packet)) {
                return;
            }
            layer = decoder.decodeIp(defragmenter.datagram(), 0, defragmenter.datagramLength(), packet);
        }
        if (layer == Layer.UDP && packet.payloadLength > 0) {
            dns.onUdp(packet);
        } else if (layer == Layer.TCP) {
            tcp.onSegment(packet);
        }
    }

    /** One DNS message over UDP, then the same bytes as a TCP stream cut where the fuzzer says. */
    private void dnsMessage(byte cut, byte[] bytes) {
        IpAddress a = IpAddress.parse("192.0.2.1");
        IpAddress b = IpAddress.parse("192.0.2.53");
        boolean response = bytes.length > 2 && (bytes[2] & 0x80) != 0;
        dns.onMessage(bytes, 0, bytes.length, false, response ? b : a, response ? 53 : 40000, response ? a : b,
                response ? 40000 : 53, clock, frame.number);
        TcpConnection conn = new TcpConnection(a, 40001, b, 53, clock, 0, false);
        DnsTcpFramer framer = new DnsTcpFramer(dns, DnsTcpFramer.Counters.of(tallies));
        int at = Math.min(bytes.length, cut & 0xff);
        framer.onData(conn, !response, bytes, 0, at, clock);
        framer.onData(conn, !response, bytes, at, bytes.length - at, clock);
        framer.onClose(conn, clock);
    }

    /** An SMTP dialogue: the bytes alternate between server and client at each 0xff byte. */
    private void smtp(byte flags, byte[] bytes) {
        TcpConnection conn = new TcpConnection(IpAddress.parse("192.0.2.1"), 40002, IpAddress.parse("192.0.2.25"),
                25, clock, 0, (flags & 1) != 0);
        SmtpDialogue d = new SmtpDialogue(s -> smtpFormat.format(s), smtpCounters);
        boolean fromClient = (flags & 2) != 0;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == (byte) 0xff) {
                d.onData(conn, fromClient, bytes, start, i - start, clock);
                if ((flags & 4) != 0 && i < bytes.length && (bytes[i + (i + 1 < bytes.length ? 1 : 0)] & 1) != 0) {
                    d.onGap(conn, fromClient, 10, clock);
                }
                fromClient = !fromClient;
                start = i + 1;
            }
        }
        d.onClose(conn, clock);
    }
}
