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
    private static final int[] LINK_TYPES = {0, 1, 9, 10, 12, 101, 108, 113, 228, 229, 258, 276};

    @Property(tries = 3000)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(min = 0, max = 11) int lt) {
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
