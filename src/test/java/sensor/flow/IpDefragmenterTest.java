package sensor.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.decode.Packet;
import sensor.metrics.Tallies;

/** Fragments in every order, duplicated and overlapping, give the same datagram; state is bounded. */
class IpDefragmenterTest {
    private final Tallies tallies = new Tallies();

    private static Packet fragment(byte[] payload, int off, int len, boolean more, long id, int version, long ts) {
        Packet p = new Packet();
        IpAddress s = IpAddress.parse(version == 4 ? "192.0.2.1" : "2001:db8::1");
        IpAddress d = IpAddress.parse(version == 4 ? "192.0.2.2" : "2001:db8::2");
        p.ipVersion = version;
        p.srcHi = s.hi();
        p.srcLo = s.lo();
        p.dstHi = d.hi();
        p.dstLo = d.lo();
        p.protocol = 17;
        p.fragId = id;
        p.fragOffset = off;
        p.moreFragments = more;
        p.buf = payload;
        p.payloadOffset = off;
        p.payloadLength = len;
        p.tsNanos = ts;
        return p;
    }

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void everyOrderGivesTheSameDatagram() {
        byte[] data = payload(4000);
        for (int version : new int[] {4, 6}) {
            for (int seed = 0; seed < 50; seed++) {
                List<int[]> frags = new ArrayList<>();
                for (int off = 0; off < data.length; off += 1480) {
                    frags.add(new int[] {off, Math.min(1480, data.length - off)});
                }
                Random r = new Random(seed);
                if (seed % 3 == 0) {
                    frags.add(frags.get(r.nextInt(frags.size()))); // a duplicate
                }
                if (seed % 5 == 0) {
                    frags.add(new int[] {1000, 1000}); // an overlap across two fragments
                }
                Collections.shuffle(frags, r);
                IpDefragmenter d = new IpDefragmenter(IpDefragmenter.Limits.defaults(), tallies);
                boolean done = false;
                for (int[] f : frags) {
                    if (done) {
                        break;
                    }
                    done = d.add(fragment(data, f[0], f[1], f[0] + f[1] < data.length, seed, version, 0));
                }
                assertTrue(done, "seed " + seed);
                int hdr = version == 4 ? 20 : 40;
                assertEquals(hdr + data.length, d.datagramLength());
                assertArrayEquals(data, Arrays.copyOfRange(d.datagram(), hdr, hdr + data.length));
                assertEquals(0, d.pendingDatagrams());
            }
        }
    }

    @Test
    void overlapsKeepTheFirstCopy() {
        byte[] first = payload(3000);
        byte[] later = first.clone();
        Arrays.fill(later, 1000, 2000, (byte) 0x55);
        IpDefragmenter d = new IpDefragmenter(IpDefragmenter.Limits.defaults(), tallies);
        assertFalse(d.add(fragment(first, 0, 2000, true, 1, 4, 0)));
        assertTrue(d.add(fragment(later, 1000, 2000, false, 1, 4, 0)));
        assertArrayEquals(first, Arrays.copyOfRange(d.datagram(), 20, 3020));
        assertEquals(1, tallies.value(Tallies.WEIRD, "fragment_overlap"));
    }

    @Test
    void incompleteDatagramsExpireOnPacketTime() {
        IpDefragmenter d = new IpDefragmenter(IpDefragmenter.Limits.defaults(), tallies);
        d.add(fragment(payload(100), 0, 50, true, 9, 4, 1_000_000_000L));
        d.advance(20_000_000_000L);
        assertEquals(1, d.pendingDatagrams());
        d.advance(31_000_000_001L);
        assertEquals(0, d.pendingDatagrams());
        assertEquals(0, d.bytesHeld());
        assertEquals(1, tallies.value("ip", "fragments_expired"));
    }

    @Test
    void aMillionOverlappingFragmentsStayWithinTheBounds() {
        IpDefragmenter.Limits limits = new IpDefragmenter.Limits(1000, 4L << 20, 30_000_000_000L);
        IpDefragmenter d = new IpDefragmenter(limits, tallies);
        byte[] data = payload(1500);
        for (int i = 0; i < 1_000_000; i++) {
            d.add(fragment(data, (i % 7) * 8, 1400, true, i, 4, i));
            assertTrue(d.pendingDatagrams() <= 1000);
            assertTrue(d.bytesHeld() <= 4L << 20);
        }
        assertTrue(tallies.value(Tallies.WEIRD, "fragment_table_full") > 0);
    }
}
