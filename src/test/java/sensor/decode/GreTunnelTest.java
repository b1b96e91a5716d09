package sensor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;

/**
 * GRE over UDP (RFC 8086, port 4754) with IPv4, IPv6 and Ethernet inside, and PPTP's enhanced
 * GRE with IP inside PPP, replayed end to end with the prefilter on and off; what the tunnels
 * carry and the sensor does not open is counted.
 */
class GreTunnelTest {
    static final IpAddress OUTER_A = IpAddress.parse("203.0.113.1");
    static final IpAddress OUTER_B = IpAddress.parse("203.0.113.2");
    static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    static final IpAddress SERVER = IpAddress.parse("198.51.100.53");
    static final IpAddress CLIENT6 = IpAddress.parse("2001:db8::10");
    static final IpAddress SERVER6 = IpAddress.parse("2001:db8::53");
    static final long T0 = 1_474_639_331_000_000L;

    private final FrameBuilder fb = new FrameBuilder();
    private long t = T0;

    /** An inner UDP datagram, as IP (without the Ethernet header) or as a whole Ethernet frame. */
    private byte[] dns(IpAddress src, int sport, IpAddress dst, int dport, byte[] msg, boolean ethernet) {
        FrameBuilder inner = new FrameBuilder().udp(src, sport, dst, dport, msg, 0);
        return Arrays.copyOfRange(inner.buffer(), ethernet ? 0 : 14, inner.length());
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] b = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, b, head.length, tail.length);
        return b;
    }

    private void greOverUdp(PcapWriter w, int protocol, byte[] inner) throws IOException {
        byte[] gre = {0, 0, (byte) (protocol >>> 8), (byte) protocol};
        fb.udp(OUTER_A, 40000, OUTER_B, 4754, concat(gre, inner), 0);
        w.write(t += 1000, fb.buffer(), fb.length());
    }

    /** Enhanced GRE (K and S bits, version 1, PPP) around a PPP frame. */
    private void pptp(PcapWriter w, byte[] ppp) throws IOException {
        byte[] gre = {0x30, 0x01, (byte) 0x88, 0x0b, (byte) (ppp.length >>> 8), (byte) ppp.length, 0, 7, 0, 0, 0, 1};
        fb.ip(OUTER_A, OUTER_B, 47, concat(gre, ppp));
        w.write(t += 1000, fb.buffer(), fb.length());
    }

    private void exchange(PcapWriter w, int id, String name, IpAddress c, IpAddress s, boolean viaUdp, int proto,
            boolean ethernet) throws IOException {
        byte[] q = dns(c, 33000 + id, s, 53, DnsWire.query(id, name, DnsWire.A, false), ethernet);
        byte[] r = dns(s, 53, c, 33000 + id, DnsWire.response(id, name, DnsWire.A, DnsWire.NOERROR,
                List.of(new DnsWire.Rr(name, DnsWire.A, 60, "192.0.2.99")), false), ethernet);
        if (viaUdp) {
            greOverUdp(w, proto, q);
            greOverUdp(w, proto, r);
        } else {
            pptp(w, concat(new byte[] {(byte) 0xff, 0x03, 0x00, 0x21}, q)); // address, control, protocol
            pptp(w, concat(new byte[] {0x21}, r)); // address and control and protocol compressed
        }
    }

    @Test
    void greOverUdpAndPptpAreOpened(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("gre.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            exchange(w, 1, "gre-udp-v4.example", CLIENT, SERVER, true, 0x0800, false);
            exchange(w, 2, "gre-udp-v6.example", CLIENT6, SERVER6, true, 0x86dd, false);
            exchange(w, 3, "gre-udp-eth.example", CLIENT, SERVER, true, 0x6558, true);
            exchange(w, 4, "pptp.example", CLIENT, SERVER, false, 0, false);
            pptp(w, new byte[] {(byte) 0xff, 0x03, (byte) 0xc0, 0x21, 1, 1, 0, 4}); // LCP configure-request
            greOverUdp(w, 0x8847, new byte[] {0, 0, 0x11, 0x40}); // MPLS: not opened
        }
        for (boolean prefilter : new boolean[] {true, false}) {
            Path out = dir.resolve("out-" + prefilter);
            Replay.Result result = Replay.run(SensorConfig.defaults(out).withPrefilter(prefilter),
                    List.of(pcap.toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()));
            List<String> got = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
                JsonNode r = json.readTree(line);
                got.add(r.get("qname").asText() + " " + r.get("status").asText() + " " + r.get("client").asText());
            }
            assertEquals(List.of("gre-udp-v4.example answered 192.0.2.10", "gre-udp-v6.example answered 2001:db8::10",
                    "gre-udp-eth.example answered 192.0.2.10", "pptp.example answered 192.0.2.10"), got,
                    "prefilter " + prefilter);
            assertEquals(1, result.tallies().value("ip", "pptp_ppp_not_ip"), "the LCP frame");
            assertEquals(1, result.tallies().value("ip", "gre_other_protocol"), "the MPLS frame");
            assertEquals(0, result.tallies().value("weird", "bad_tunnel_header"));
        }
    }
}
