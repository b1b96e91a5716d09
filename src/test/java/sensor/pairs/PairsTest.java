package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;

/** Shares, HHI, dominant clients and the verdict; groups; episodes; the bounded table. */
class PairsTest {

    private static Exclusivity.ClientCount cc(String c, long n) {
        return new Exclusivity.ClientCount(c, n);
    }

    @Test
    void twoResolversOfOneOrganisationAreTheCaseThatMatters() {
        Exclusivity.Verdict v = Exclusivity.judge(List.of(cc("10.0.0.9", 5), cc("203.0.113.16", 40),
                cc("203.0.113.15", 50), cc("10.0.0.8", 5)), 0.8, 2, 10);
        assertEquals(100, v.total());
        assertEquals(4, v.clients());
        assertEquals(0.5, v.topShare(), 1e-12);
        assertEquals(0.25 + 0.16 + 0.0025 + 0.0025, v.hhi(), 1e-12);
        assertEquals(List.of(cc("203.0.113.15", 50), cc("203.0.113.16", 40)), v.dominant());
        assertTrue(v.exclusive());
    }

    @Test
    void tiesAreBrokenByAddressNumerically() {
        Exclusivity.Verdict v = Exclusivity.judge(List.of(cc("10.0.0.10", 30), cc("10.0.0.9", 30), cc("10.0.0.2", 40)),
                0.8, 2, 10);
        assertEquals(List.of(cc("10.0.0.2", 40), cc("10.0.0.9", 30), cc("10.0.0.10", 30)), v.dominant());
        assertFalse(v.exclusive(), "three clients are needed to reach 80%");
    }

    @Test
    void tooLittleEvidenceIsNeverExclusive() {
        assertFalse(Exclusivity.judge(List.of(cc("10.0.0.1", 9)), 0.8, 2, 10).exclusive());
        assertTrue(Exclusivity.judge(List.of(cc("10.0.0.1", 10)), 0.8, 2, 10).exclusive());
        assertEquals(1.0, Exclusivity.judge(List.of(cc("10.0.0.1", 10)), 0.8, 2, 10).hhi(), 1e-12);
    }

    @Test
    void groupsByLongestPrefixV4AndV6() {
        ClientGroups g = ClientGroups.parse(List.of("# orgs", "203.0.113.0/24 bank", "203.0.113.16/32 bank-dr",
                "2001:db8::/32 v6-org  # trailing comment", ""), "test");
        assertEquals("bank", g.groupOf(IpAddress.parse("203.0.113.15")));
        assertEquals("bank-dr", g.groupOf(IpAddress.parse("203.0.113.16")));
        assertEquals("v6-org", g.groupOf(IpAddress.parse("2001:db8:1::7")));
        assertEquals("198.51.100.1", g.groupOf(IpAddress.parse("198.51.100.1")));
        assertThrows(IllegalArgumentException.class, () -> ClientGroups.parse(List.of("10.0.0.0/33 x"), "t"));
        assertThrows(IllegalArgumentException.class, () -> ClientGroups.parse(List.of("nonsense"), "t"));
    }

    @Test
    void lookupsWithinTheTtlAreOneEpisode() {
        PairTable t = new PairTable("name", false, 100);
        long s = 1_000_000_000L;
        t.add("r1", "n", 0, 600 * s);
        t.add("r1", "n", 5 * s, 600 * s);
        t.add("r1", "n", 599 * s, 600 * s);
        t.add("r1", "n", 601 * s, 600 * s);
        PairTable.Pair p = t.pairs().get(0);
        assertEquals(4, p.count);
        assertEquals(2, p.episodes);
    }

    @Test
    void liftComparesWithTheClientsOwnActivity() {
        PairTable t = new PairTable("resolver", false, 100);
        for (int i = 0; i < 90; i++) {
            t.add("busy", "s" + (i % 9), i, 0);
        }
        for (int i = 0; i < 10; i++) {
            t.add("quiet", "target", i, 0);
        }
        // quiet makes 10% of all lookups but 100% of target's: lift 10.
        assertEquals(10.0, (10.0 / 10) / (t.clientTotal("quiet") / (double) t.total()), 1e-12);
    }

    @Test
    void aMillionDistinctClientsStayBoundedWithAStatedError() {
        PairTable t = new PairTable("name", false, 10_000);
        for (int i = 0; i < 1_000_000; i++) {
            t.add("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff), "n" + (i % 1000), i, 0);
            if (i % 7 == 0) {
                t.add("heavy", "n1", i, 0);
            }
        }
        assertTrue(t.size() <= 10_000);
        assertTrue(t.approximate());
        PairTable.Pair heavy = t.pairs().stream().filter(p -> p.client.equals("heavy")).findFirst().orElseThrow();
        long exact = 1_000_000 / 7 + 1;
        assertTrue(heavy.count >= exact && heavy.count <= exact + t.errorBound(), heavy.count + " vs " + exact);
        assertEquals(1_000_000 + exact, t.total(), "totals stay exact");
    }
}
