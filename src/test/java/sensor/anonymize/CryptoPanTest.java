package sensor.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;

/**
 * Crypto-PAn against the published vectors of the reference implementation and of other tools
 * (src/test/resources/cryptopan/vectors.txt), and its defining properties.
 */
class CryptoPanTest {
    private static final AnonymizeKey KEY = AnonymizeKey.of(HexFormat.of()
            .parseHex("1522178d33a4cf80130a5b1649907d10d8988f837979652762574c2d2a842202"));

    private record Vector(String key, IpAddress address, IpAddress pseudonym) {}

    private static List<Vector> vectors() throws IOException {
        List<Vector> v = new ArrayList<>();
        String key = null;
        try (InputStream in = CryptoPanTest.class.getResourceAsStream("/cryptopan/vectors.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (line.startsWith("#") || f.length != 2) {
                    continue;
                }
                if (f[0].equals("key")) {
                    key = f[1];
                } else {
                    v.add(new Vector(key, IpAddress.parse(f[0]), IpAddress.parse(f[1])));
                }
            }
        }
        return v;
    }

    @Test
    void eachPublishedPairIsReproduced() throws IOException {
        List<Vector> vectors = vectors();
        int v4 = 0;
        int v6 = 0;
        for (Vector x : vectors) {
            CryptoPan pan = new CryptoPan(AnonymizeKey.of(HexFormat.of().parseHex(x.key())));
            assertEquals(x.pseudonym(), pan.anonymize(x.address()), x.address() + " under key " + x.key());
            if (x.address().isV4()) {
                v4++;
            } else {
                v6++;
            }
        }
        assertTrue(v4 >= 99 && v6 >= 15, v4 + " IPv4 and " + v6 + " IPv6 vectors");
    }

    @Test
    void theSameKeyGivesTheSameMappingInAnotherInstanceAndAnotherKeyADifferentOne() {
        CryptoPan one = new CryptoPan(KEY);
        CryptoPan two = new CryptoPan(KEY);
        byte[] otherBytes = HexFormat.of().parseHex("1522178d33a4cf80130a5b1649907d10d8988f837979652762574c2d2a842203");
        CryptoPan other = new CryptoPan(AnonymizeKey.of(otherBytes));
        Random r = new Random(18);
        for (int i = 0; i < 200; i++) {
            IpAddress a = i % 2 == 0 ? IpAddress.ofV4(r.nextInt()) : new IpAddress(r.nextLong(), r.nextLong());
            assertEquals(one.anonymize(a), two.anonymize(a));
            assertNotEquals(one.anonymize(a), other.anonymize(a), a.toString());
        }
    }

    @Property(tries = 300)
    void twoIpv4AddressesSharingExactlyNBitsShareExactlyNAfter(@ForAll int a, @ForAll @IntRange(max = 31) int n,
            @ForAll int rest) {
        int b = n == 0 ? rest : (a & (-1 << (32 - n))) | (rest & (-1 >>> n));
        int bitN = 1 << (31 - n);
        b = (b & ~bitN) | (~a & bitN); // bit n differs: the shared prefix is exactly n
        CryptoPan pan = new CryptoPan(KEY);
        IpAddress x = pan.anonymize(IpAddress.ofV4(a));
        IpAddress y = pan.anonymize(IpAddress.ofV4(b));
        assertTrue(x.isV4() && y.isV4());
        assertEquals(n, Integer.numberOfLeadingZeros((int) x.lo() ^ (int) y.lo()));
    }

    @Property(tries = 300)
    void twoIpv6AddressesSharingExactlyNBitsShareExactlyNAfter(@ForAll long hi, @ForAll long lo,
            @ForAll @IntRange(max = 127) int n, @ForAll long restHi, @ForAll long restLo) {
        long[] a = {hi, lo};
        long[] b = {restHi, restLo};
        for (int bit = 0; bit < n; bit++) {
            copyBit(a, b, bit);
        }
        copyBit(a, b, n);
        flipBit(b, n); // bit n differs: the shared prefix is exactly n
        IpAddress x = new IpAddress(a[0], a[1]);
        IpAddress y = new IpAddress(b[0], b[1]);
        Assume.that(!x.isV4() && !y.isV4());
        CryptoPan pan = new CryptoPan(KEY);
        assertEquals(n, sharedBits(pan.anonymize(x), pan.anonymize(y)));
    }

    @Property(tries = 200)
    void ipv4IsTheFirst32BitsOfThe128BitConstruction(@ForAll int a) {
        Assume.that(a != 0);
        CryptoPan pan = new CryptoPan(KEY);
        IpAddress v6 = pan.anonymize(new IpAddress((a & 0xffff_ffffL) << 32, 0));
        assertEquals((int) pan.anonymize(IpAddress.ofV4(a)).lo(), (int) (v6.hi() >>> 32));
    }

    private static int sharedBits(IpAddress x, IpAddress y) {
        long h = x.hi() ^ y.hi();
        return h != 0 ? Long.numberOfLeadingZeros(h) : 64 + Long.numberOfLeadingZeros(x.lo() ^ y.lo());
    }

    private static void copyBit(long[] from, long[] to, int bit) {
        int w = bit / 64;
        long m = 1L << (63 - bit % 64);
        to[w] = (to[w] & ~m) | (from[w] & m);
    }

    private static void flipBit(long[] a, int bit) {
        a[bit / 64] ^= 1L << (63 - bit % 64);
    }
}
