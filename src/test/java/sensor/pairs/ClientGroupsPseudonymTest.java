package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import sensor.anonymize.AnonymizeKey;
import sensor.anonymize.CryptoPan;
import sensor.decode.IpAddress;

/**
 * Groups over pseudonyms: with the blocks' prefixes mapped by the same Crypto-PAn key, the
 * pseudonym of an address falls in the organisation of the real address, nested blocks included.
 */
class ClientGroupsPseudonymTest {
    private static final List<String> LINES = List.of("10.0.0.0/8 ten", "10.1.0.0/16 ten-one", "10.1.2.3/32 host",
            "192.0.2.52/30 isp", "128.0.0.0/1 upper-half", "2001:db8::/32 doc", "2001:db8:1::/48 doc-one",
            "fe80::/10 link-local", "2001:db8:1:2:3:4:5:6/128 doc-host");
    private static final ClientGroups GROUPS = ClientGroups.parse(LINES, "test");
    private static final AnonymizeKey KEY = AnonymizeKey.of(HexFormat.of()
            .parseHex("1522178d33a4cf80130a5b1649907d10d8988f837979652762574c2d2a842202"));

    @Property(tries = 500)
    void thePseudonymIsInTheOrganisationOfTheRealAddress(@ForAll @IntRange(max = 8) int block,
            @ForAll @IntRange(max = 128) int keep, @ForAll long hi, @ForAll long lo) {
        // An address near a block: its first `keep` bits from the block's address, the rest random.
        IpAddress base = IpAddress.parse(LINES.get(block).split("[/ ]")[0]);
        int width = base.isV4() ? 32 : 128;
        int k = Math.min(keep, width);
        IpAddress a;
        if (base.isV4()) {
            int mask = k == 0 ? 0 : -1 << (32 - k);
            a = IpAddress.ofV4(((int) base.lo() & mask) | ((int) lo & ~mask));
        } else {
            long mh = k == 0 ? 0 : k >= 64 ? -1L : -1L << (64 - k);
            long ml = k <= 64 ? 0 : -1L << (128 - k);
            a = new IpAddress((base.hi() & mh) | (hi & ~mh), (base.lo() & ml) | (lo & ~ml));
        }
        CryptoPan pan = new CryptoPan(KEY);
        ClientGroups mapped = GROUPS.mapPrefixes(pan::anonymize);
        IpAddress p = pan.anonymize(a);
        String real = GROUPS.groupOf(a);
        String expected = real.equals(a.toString()) ? p.toString() : real;
        assertEquals(expected, mapped.groupOf(p), a + " -> " + p);
    }

    @Test
    void everyBlockStillHoldsItsOwnAddress() {
        CryptoPan pan = new CryptoPan(KEY);
        ClientGroups mapped = GROUPS.mapPrefixes(pan::anonymize);
        for (String line : LINES) {
            String[] f = line.split("[/ ]");
            assertEquals(f[2], mapped.groupOf(pan.anonymize(IpAddress.parse(f[0]))), line);
        }
        assertEquals(LINES.size(), mapped.size());
    }

    @Test
    void anIpv6BlockHoldingIpv4AddressesIsRefused() {
        ClientGroups g = ClientGroups.parse(List.of("::/8 low"), "test");
        CryptoPan pan = new CryptoPan(KEY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.mapPrefixes(pan::anonymize));
        assertTrue(e.getMessage().contains("'low'"), e.getMessage());
        ClientGroups all = ClientGroups.parse(List.of("::/0 everyone"), "test");
        assertEquals("everyone", all.mapPrefixes(pan::anonymize).groupOf(pan.anonymize(IpAddress.parse("192.0.2.1"))));
    }
}
