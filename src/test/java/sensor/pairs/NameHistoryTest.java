package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A whole answer for one family stops only that family's other addresses, and only after their last answer. */
class NameHistoryTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aDenialStopsTheOtherAddressesOfItsFamilyOnly() {
        NameHistory h = new NameHistory("www.example.com");
        String[] addresses = {"192.0.2.1", "2001:db8::1", "192.0.2.2", "2001:db8::2", "192.0.2.3"};
        for (String a : addresses) {
            h.answer(S, a);
        }
        h.answer(5 * S, "192.0.2.3"); // answered again later: an earlier denial does not stop it
        h.denied(3 * S, false, List.of("192.0.2.1"));
        h.denied(4 * S, true, List.of("2001:db8::2"));
        assertEquals(NameHistory.NEVER, h.stoppedAt(h.indexOf("192.0.2.1")), "answered by the denial itself");
        assertEquals(4 * S, h.stoppedAt(h.indexOf("2001:db8::1")), "the IPv6 denial");
        assertEquals(3 * S, h.stoppedAt(h.indexOf("192.0.2.2")), "the IPv4 denial, not the later IPv6 one");
        assertEquals(NameHistory.NEVER, h.stoppedAt(h.indexOf("2001:db8::2")), "answered by the IPv6 denial");
        assertEquals(NameHistory.NEVER, h.stoppedAt(h.indexOf("192.0.2.3")), "its last answer came after");
    }

    @Test
    void theSixtyFourthAddressKeepsItsFamily() {
        NameHistory h = new NameHistory("many.example.com");
        for (int i = 0; i < PairTable.MAX_SET - 1; i++) {
            h.answer(S, "192.0.2." + i);
        }
        h.answer(S, "2001:db8::64");
        h.denied(2 * S, false, List.of());
        assertEquals(NameHistory.NEVER, h.stoppedAt(h.indexOf("2001:db8::64")), "an IPv4 denial leaves IPv6 alone");
        assertEquals(2 * S, h.stoppedAt(h.indexOf("192.0.2.62")));
    }
}
