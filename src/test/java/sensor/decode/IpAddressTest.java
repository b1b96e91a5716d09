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
}
