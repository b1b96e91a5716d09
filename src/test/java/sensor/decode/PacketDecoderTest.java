package sensor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import sensor.capture.Frame;
import sensor.metrics.Tallies;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;

/** Each link type and header decoder on handcrafted frames, and every malformed length case. */
class PacketDecoderTest {
    private final Tallies tallies = new Tallies();
    private final PacketDecoder decoder = new PacketDecoder(tallies);
    private final Packet p = new Packet();

    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("198.51.100.53");
    private static final IpAddress CLIENT6 = IpAddress.parse("2001:db8::10");
    private static final IpAddress SERVER6 = IpAddress.parse("2001:db8::53");

    private static Frame frame(int linkType, byte[] bytes) {
        Frame f = new Frame();
        System.arraycopy(bytes, 0, f.data, 0, bytes.length);
        f.caplen = bytes.length;
        f.wireLength = bytes.length;
        f.linkType = linkType;
        f.number = 1;
        return f;
    }

    private static byte[] udpFrame(IpAddress src, IpAddress dst, int vlan) {
        FrameBuilder fb = new FrameBuilder().udp(src, 40000, dst, 53, DnsWire.query(7, "example.com", 1, false), vlan);
        return Arrays.copyOf(fb.buffer(), fb.length());
    }

    private long weird(String name) {
        return tallies.value(Tallies.WEIRD, name);
    }

    @Test
    void ethernetIpv4Udp() {
        assertEquals(Layer.UDP, decoder.decode(frame(1, udpFrame(CLIENT, SERVER, 0)), p));
        assertEquals(CLIENT, p.src());
        assertEquals(SERVER, p.dst());
        assertEquals(40000, p.srcPort);
        assertEquals(53, p.dstPort);
        assertEquals(4, p.ipVersion);
        assertEquals(DnsWire.query(7, "example.com", 1, false).length, p.payloadLength);
        assertEquals(14 + 20 + 8, p.payloadOffset);
    }

    @Test
    void vlanTaggedIpv6() {
        assertEquals(Layer.UDP, decoder.decode(frame(1, udpFrame(CLIENT6, SERVER6, 11)), p));
        assertEquals(CLIENT6, p.src());
        assertEquals(6, p.ipVersion);
        assertEquals(14 + 4 + 40 + 8, p.payloadOffset);
    }

    @Test
    void qinqStackOfTags() {
        byte[] f = udpFrame(CLIENT, SERVER, 11);
        byte[] q = new byte[f.length + 4];
        System.arraycopy(f, 0, q, 0, 12);
        q[12] = (byte) 0x88;
        q[13] = (byte) 0xa8;
        q[14] = 0;
        q[15] = 5;
        System.arraycopy(f, 12, q, 16, f.length - 12);
        assertEquals(Layer.UDP, decoder.decode(frame(1, q), p));
        assertEquals(53, p.dstPort);
    }

    @Test
    void everyLinkTypeReachesTheSameIpHeader() {
        byte[] eth = udpFrame(CLIENT, SERVER, 0);
        byte[] ip = Arrays.copyOfRange(eth, 14, eth.length);
        assertEquals(Layer.UDP, decoder.decode(frame(101, ip), p), "RAW");
        assertEquals(Layer.UDP, decoder.decode(frame(228, ip), p), "IPV4");
        assertEquals(Layer.UDP, decoder.decode(frame(0, concat(new byte[] {2, 0, 0, 0}, ip)), p), "NULL little-endian");
        assertEquals(Layer.UDP, decoder.decode(frame(0, concat(new byte[] {0, 0, 0, 2}, ip)), p), "NULL big-endian");
        assertEquals(Layer.UDP, decoder.decode(frame(108, concat(new byte[] {0, 0, 0, 2}, ip)), p), "LOOP");
        byte[] sll = new byte[16];
        sll[14] = 0x08;
        assertEquals(Layer.UDP, decoder.decode(frame(113, concat(sll, ip)), p), "SLL");
        byte[] sll2 = new byte[20];
        sll2[0] = 0x08;
        assertEquals(Layer.UDP, decoder.decode(frame(276, concat(sll2, ip)), p), "SLL2");
        byte[] fddi = new byte[21];
        fddi[13] = (byte) 0xaa;
        fddi[14] = (byte) 0xaa;
        fddi[15] = 3;
        fddi[19] = 0x08;
        assertEquals(Layer.UDP, decoder.decode(frame(10, concat(fddi, ip)), p), "FDDI");
        assertEquals(Layer.UDP, decoder.decode(frame(9, concat(new byte[] {(byte) 0xff, 3, 0, 0x21}, ip)), p), "PPP");
        assertEquals(CLIENT, p.src());
    }

    @Test
    void unknownLinkTypesAreCountedPerType() {
        assertEquals(Layer.NONE, decoder.decode(frame(147, new byte[40]), p));
        assertEquals(Layer.NONE, decoder.decode(frame(147, new byte[40]), p));
        assertEquals(2, weird("unknown_link_type_147"));
    }

    @Test
    void everyTruncationIsANamedWeirdNeverAnException() {
        byte[] f = udpFrame(CLIENT6, SERVER6, 11);
        for (int len = 0; len < f.length; len++) {
            Frame fr = frame(1, Arrays.copyOf(f, len));
            decoder.decode(fr, p);
        }
        assertTrue(weird("truncated_link_header") > 0);
        assertTrue(weird("truncated_ip_header") > 0);
        assertTrue(weird("ip_length_exceeds_data") > 0);
    }

    @Test
    void badLengthFields() {
        byte[] f = udpFrame(CLIENT, SERVER, 0);
        byte[] ihl = f.clone();
        ihl[14] = 0x44; // IHL 16 bytes
        assertEquals(Layer.NONE, decoder.decode(frame(1, ihl), p));
        assertEquals(1, weird("ip_hdr_len_too_small"));
        byte[] total = f.clone();
        total[16] = 0;
        total[17] = 10; // total length below the header
        assertEquals(Layer.NONE, decoder.decode(frame(1, total), p));
        assertEquals(1, weird("ip_total_len_too_small"));
        byte[] udp = f.clone();
        udp[14 + 20 + 4] = 0;
        udp[14 + 20 + 5] = 4; // UDP length 4 < 8
        assertEquals(Layer.NONE, decoder.decode(frame(1, udp), p));
        assertEquals(1, weird("bad_udp_length"));
        byte[] longUdp = f.clone();
        longUdp[14 + 20 + 4] = 0x10; // claims 4 KB more than there is
        assertEquals(Layer.UDP, decoder.decode(frame(1, longUdp), p));
        assertEquals(1, weird("udp_length_exceeds_data"));
        byte[] version = f.clone();
        version[14] = 0x55;
        assertEquals(Layer.NONE, decoder.decode(frame(1, version), p));
        assertEquals(1, weird("bad_ip_version"));
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] f = udpFrame(CLIENT, SERVER, 0);
        byte[] padded = Arrays.copyOf(f, f.length + 20);
        assertEquals(Layer.UDP, decoder.decode(frame(1, padded), p));
        assertEquals(f.length - 14 - 28, p.payloadLength);
    }

    @Test
    void ipv4FragmentsAreHandedToTheDefragmenter() {
        byte[] f = udpFrame(CLIENT, SERVER, 0);
        f[14 + 6] = 0x20; // more fragments
        assertEquals(Layer.FRAGMENT, decoder.decode(frame(1, f), p));
        assertTrue(p.moreFragments);
        assertEquals(0, p.fragOffset);
    }

    @Test
    void gtpAndVxlanAreOpened() {
        byte[] inner = udpFrame(CLIENT, SERVER, 0);
        byte[] vxlan = new byte[8 + inner.length];
        vxlan[0] = 0x08;
        System.arraycopy(inner, 0, vxlan, 8, inner.length);
        FrameBuilder fb = new FrameBuilder().udp(IpAddress.parse("10.0.0.1"), 50000, IpAddress.parse("10.0.0.2"), 4789,
                vxlan, 0);
        assertEquals(Layer.UDP, decoder.decode(frame(1, Arrays.copyOf(fb.buffer(), fb.length())), p));
        assertEquals(CLIENT, p.src());
        assertEquals(1, p.tunnelDepth);
        byte[] ip = Arrays.copyOfRange(inner, 14, inner.length);
        byte[] gtp = new byte[8 + ip.length];
        gtp[0] = 0x30;
        gtp[1] = (byte) 0xff;
        System.arraycopy(ip, 0, gtp, 8, ip.length);
        fb.udp(IpAddress.parse("10.0.0.1"), 2152, IpAddress.parse("10.0.0.2"), 2152, gtp, 0);
        assertEquals(Layer.UDP, decoder.decode(frame(1, Arrays.copyOf(fb.buffer(), fb.length())), p));
        assertEquals(SERVER, p.dst());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
