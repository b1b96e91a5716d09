package sensor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Address text both ways: dotted IPv4, RFC 5952 IPv6, no resolver involved. */
class IpAddressTest {

    @Test
    void rfc5952Forms() {
        assertEquals("2001:db8::1", IpAddress.parse("2001:0DB8:0000:0000:0000:0000:0000:0001").toString());
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.parse("2001:db8:0:1:1:1:1:1").toString(), "one zero group stays");
        assertEquals("2001:0:0:1::1", IpAddress.parse("2001:0:0:1:0:0:0:1").toString(), "the longest run is compressed");
        assertEquals("2001:db8::1:0:0:1", IpAddress.parse("2001:db8:0:0:1:0:0:1").toString(), "the first of equal runs");
        assertEquals("::", IpAddress.parse("::").toString());
        assertEquals("::1", IpAddress.parse("::1").toString());
        assertEquals("fe80::", IpAddress.parse("fe80::").toString());
        assertEquals("192.0.2.1", IpAddress.parse("::ffff:192.0.2.1").toString(), "IPv4-mapped prints dotted");
    }

    @Test
    void ipv4RoundTripsAndRejectsJunk() {
        for (String a : new String[] {"0.0.0.0", "255.255.255.255", "10.1.2.3", "192.0.2.7"}) {
            assertEquals(a, IpAddress.parse(a).toString());
            assertTrue(IpAddress.parse(a).isV4());
        }
        for (String bad : new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "a.b.c.d", "1.2.3.4 ", "", "1234.1.1.1",
            "1:2:3", "1::2::3", "12345::"}) {
            assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(bad), bad);
        }
    }

    /** Direct-mapped caches index by the hash's low bits: a numbering plan must not crowd them. */
    @Test
    void hashesOfOneNumberingPlanFillASmallTable() {
        java.util.Set<Integer> slots = new java.util.HashSet<>();
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                slots.add(IpAddress.ofV4(0x0a000007 | a << 16 | b << 8).hashCode() & 4095);
            }
        }
        assertTrue(slots.size() > 4000, "slots used: " + slots.size());
    }

    @Test
    void textWrittenIntoBytesIsTheCanonicalForm() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5952);
        byte[] buf = new byte[3 + IpAddress.MAX_TEXT];
        for (int i = 0; i < 200_000; i++) {
            IpAddress a;
            if (i % 3 == 0) {
                a = IpAddress.ofV4(rnd.nextInt() >>> rnd.nextInt(32));
            } else {
                // Groups zero half the time, so runs of every length and place occur.
                long[] halves = new long[2];
                for (int g = 0; g < 8; g++) {
                    long v = rnd.nextBoolean() ? 0 : rnd.nextInt(1, 0x10000) >>> rnd.nextInt(16);
                    halves[g / 4] |= v << (48 - 16 * (g % 4));
                }
                a = new IpAddress(halves[0], halves[1]);
            }
            int n = a.writeText(buf, 3);
            String text = new String(buf, 3, n, java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(a, IpAddress.parse(text), text);
            assertEquals(text, a.toString());
            if (text.indexOf(':') >= 0) {
                // RFC 5952: lower case, no leading zeros, "::" only for two or more zero groups.
                assertTrue(text.equals(text.toLowerCase(java.util.Locale.ROOT)), text);
                for (String g : text.split(":")) {
                    assertTrue(g.length() <= 4 && (g.length() < 2 || g.charAt(0) != '0'), text);
                }
                assertTrue(!text.contains(":::") && text.indexOf("::") == text.lastIndexOf("::"), text);
                // The compressed run is the longest (two or more groups), and the first of equal ones.
                String[] shown = text.replace("::", ":x:").split(":");
                int compressed = text.contains("::") ? 8 - (shown.length - 1) + (text.startsWith("::") ? 1 : 0)
                        + (text.endsWith("::") ? 1 : 0) : 0;
                int run = 0;
                boolean compressedSeen = false;
                for (String g : shown) {
                    run = g.equals("0") ? run + 1 : 0;
                    compressedSeen |= g.equals("x");
                    assertTrue(run < 2 || (compressedSeen ? run <= compressed : run < compressed), text);
                }
            }
        }
        assertEquals("0.0.0.0", IpAddress.ofV4(0).toString());
        assertEquals("255.255.255.255", IpAddress.ofV4(-1).toString());
        assertEquals("10.0.100.9", IpAddress.parse("10.0.100.9").toString());
        assertEquals("1:2:3:4:5:6:7:8", IpAddress.parse("1:2:3:4:5:6:7:8").toString());
        assertEquals("1::", IpAddress.parse("1:0:0:0:0:0:0:0").toString());
    }
}
