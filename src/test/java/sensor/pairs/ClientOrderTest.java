package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import sensor.decode.IpAddress;

/** Ties between clients are broken by address: numerically, IPv4 before IPv6, names last. */
class ClientOrderTest {

    @Property(tries = 500)
    void equalCountsAreOrderedByAddress(@ForAll @Size(min = 2, max = 40) List<Integer> v4, @ForAll long hi,
            @ForAll long lo) {
        List<Exclusivity.ClientCount> counts = new ArrayList<>();
        for (int a : v4) {
            counts.add(new Exclusivity.ClientCount(IpAddress.ofV4(a).toString(), 7));
        }
        String v6 = new IpAddress(hi | 1L << 62, lo).toString();
        counts.add(new Exclusivity.ClientCount(v6, 7));
        counts.add(new Exclusivity.ClientCount("bank", 7));
        counts.add(new Exclusivity.ClientCount("1.2.3", 7)); // not an address: a group's name
        List<String> expected = new ArrayList<>(v4.stream().distinct().sorted(Integer::compareUnsigned)
                .flatMap(a -> java.util.Collections.nCopies((int) v4.stream().filter(a::equals).count(),
                        IpAddress.ofV4(a).toString()).stream())
                .toList());
        expected.add(v6);
        expected.add("1.2.3");
        expected.add("bank");
        assertEquals(expected, Exclusivity.sort(counts).stream().map(Exclusivity.ClientCount::client).toList());
    }
}
