package sensor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import sensor.capture.Frame;
import sensor.metrics.Tallies;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;

/**
 * DNS sent from a tunnel's UDP port stays DNS: a tunnel wins over the service port only when its
 * whole header is as its RFC sets it and it carries an IP packet. Before, a query from port 4789
 * whose id had bit 0x0800 set was taken for VXLAN and lost as {@code link.non_ip}.
 */
class TunnelPortDnsTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("198.51.100.53");

    private final Tallies tallies = new Tallies();
    private final PacketDecoder decoder = new PacketDecoder(tallies);
    private final Packet p = new Packet();

    private Layer decode(int srcPort, byte[] payload) {
        FrameBuilder fb = new FrameBuilder().udp(CLIENT, srcPort, SERVER, 53, payload, 0);
        Frame f = new Frame();
        System.arraycopy(fb.buffer(), 0, f.data, 0, fb.length());
        f.caplen = f.wireLength = fb.length();
        f.linkType = 1;
        f.number = 1;
        return decoder.decode(f, p);
    }

    private void assertDns(int srcPort) {
        assertEquals(0, p.tunnelDepth);
        assertEquals(srcPort, p.srcPort);
        assertEquals(53, p.dstPort);
        assertEquals(CLIENT, p.src());
        assertEquals(0, tallies.value("link", "non_ip"));
        assertEquals(0, tallies.value("ip", "tunnels_opened"));
    }

    @Test
    void aQueryFromTheVxlanPortWithIdBit0x0800IsDns() {
        byte[] q = DnsWire.query(0x0800, "hidden.example", DnsWire.A, false);
        assertEquals(Layer.UDP, decode(4789, q));
        assertDns(4789);
        assertEquals(1, tallies.value("tunnel", "vxlan_bad_header"), "RD set: a reserved byte is not zero");
    }

    @Test
    void aQueryWhoseHeaderPassesAsVxlanIsStillDnsWhenNoIpPacketFollows() {
        byte[] q = DnsWire.query(0x0800, "hidden.example", DnsWire.A, false);
        q[2] = 0; // no RD: the first eight bytes are now a valid VXLAN header (flags 0x08, reserved 0)
        assertEquals(Layer.UDP, decode(4789, q));
        assertDns(4789);
        assertEquals(1, tallies.value("tunnel", "vxlan_not_ip"));
    }

    @Test
    void queriesFromTheGeneveAndGtpPortsAreDns() {
        assertEquals(Layer.UDP, decode(6081, DnsWire.query(0x0000, "hidden.example", DnsWire.A, false)));
        assertDns(6081);
        assertEquals(1, tallies.value("tunnel", "geneve_bad_header") + tallies.value("tunnel", "geneve_not_ip"));
        assertEquals(Layer.UDP, decode(2152, DnsWire.query(0x30ff, "hidden.example", DnsWire.A, false)));
        assertDns(2152);
    }

    @Test
    void realVxlanStillOpens() {
        FrameBuilder innerFb = new FrameBuilder().udp(CLIENT, 40000, SERVER, 53,
                DnsWire.query(7, "inner.example", DnsWire.A, false), 0);
        byte[] inner = Arrays.copyOf(innerFb.buffer(), innerFb.length());
        byte[] vxlan = new byte[8 + inner.length];
        vxlan[0] = 0x08;
        vxlan[6] = 42; // VNI
        System.arraycopy(inner, 0, vxlan, 8, inner.length);
        FrameBuilder fb = new FrameBuilder().udp(IpAddress.parse("10.0.0.1"), 50000, IpAddress.parse("10.0.0.2"),
                4789, vxlan, 0);
        Frame f = new Frame();
        System.arraycopy(fb.buffer(), 0, f.data, 0, fb.length());
        f.caplen = f.wireLength = fb.length();
        f.linkType = 1;
        assertEquals(Layer.UDP, decoder.decode(f, p));
        assertEquals(1, p.tunnelDepth);
        assertEquals(40000, p.srcPort);
        vxlan[0] = 0x0c; // a reserved flag bit set: not RFC 7348 VXLAN
        fb.udp(IpAddress.parse("10.0.0.1"), 50000, IpAddress.parse("10.0.0.2"), 4789, vxlan, 0);
        System.arraycopy(fb.buffer(), 0, f.data, 0, fb.length());
        assertEquals(Layer.UDP, decoder.decode(f, p));
        assertEquals(0, p.tunnelDepth);
        assertEquals(4789, p.dstPort);
    }
}
