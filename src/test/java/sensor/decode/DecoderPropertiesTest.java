package sensor.decode;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import sensor.capture.Frame;
import sensor.metrics.Tallies;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;

/** No byte sequence makes a decoder throw: bad input is a counted weird, never an exception. */
class DecoderPropertiesTest {
    private static final int[] LINK_TYPES = {0, 1, 9, 10, 12, 101, 108, 113, 228, 229, 258, 276, 105, 119, 127, 163,
        192, 239, 11, 100, 104, 117, 240, 241, 242};

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(min = 0, max = 24) int lt) {
        decode(bytes, LINK_TYPES[lt]);
    }

    @Property(tries = 2000)
    void corruptedRealFramesNeverThrow(@ForAll @IntRange(min = 0, max = 200) int cut,
            @ForAll @IntRange(min = 0, max = 199) int flipAt, @ForAll byte flip, @ForAll boolean v6,
            @ForAll boolean vlan) {
        IpAddress a = IpAddress.parse(v6 ? "2001:db8::1" : "192.0.2.1");
        IpAddress b = IpAddress.parse(v6 ? "2001:db8::2" : "192.0.2.2");
        FrameBuilder fb = new FrameBuilder().udp(a, 1234, b, 53, DnsWire.query(1, "a.example", 1, true), vlan ? 3 : 0);
        byte[] f = Arrays.copyOf(fb.buffer(), Math.min(fb.length(), cut));
        if (flipAt < f.length) {
            f[flipAt] ^= flip;
        }
        decode(f, 1);
    }

    @Property(tries = 2000)
    void corruptedWirelessAndNflogFramesNeverThrow(@ForAll @IntRange(min = 0, max = 260) int cut,
            @ForAll @IntRange(min = 0, max = 259) int flipAt, @ForAll byte flip, @ForAll @IntRange(min = 0, max = 5) int kind) {
        FrameBuilder fb = new FrameBuilder().udp(IpAddress.parse("192.0.2.1"), 1234, IpAddress.parse("192.0.2.2"), 53,
                DnsWire.query(1, "a.example", 1, true), 0);
        byte[] ip = sensor.scenario.LinkFrames.ipOf(fb);
        byte[] wlan = sensor.scenario.LinkFrames.wlan(sensor.scenario.LinkFrames.QOS_DATA, 3, ip);
        byte[] f = switch (kind) {
            case 0 -> sensor.scenario.LinkFrames.nflog(ip, false);
            case 1 -> sensor.scenario.LinkFrames.radiotap(wlan);
            case 2 -> wlan;
            case 3 -> sensor.scenario.LinkFrames.prism(wlan);
            case 4 -> sensor.scenario.LinkFrames.avs(wlan);
            default -> sensor.scenario.LinkFrames.ppi(wlan);
        };
        int[] types = {239, 127, 105, 119, 163, 192};
        f = Arrays.copyOf(f, Math.min(f.length, cut));
        if (flipAt < f.length) {
            f[flipAt] ^= flip;
        }
        decode(f, types[kind]);
    }

    private static void decode(byte[] bytes, int linkType) {
        Frame frame = new Frame();
        System.arraycopy(bytes, 0, frame.data, 0, bytes.length);
        frame.caplen = bytes.length;
        frame.wireLength = bytes.length;
        frame.linkType = linkType;
        Packet p = new Packet();
        PacketDecoder d = new PacketDecoder(new Tallies());
        if (d.decode(frame, p) == Layer.FRAGMENT) {
            new sensor.flow.IpDefragmenter(sensor.flow.IpDefragmenter.Limits.defaults(), new Tallies()).add(p);
        }
    }
}
