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
            counts.add(new Exclusivity.ClientCount(IpAddress.ofV4(a).toString(), 7, 7));
        }
        String v6 = new IpAddress(hi | 1L << 62, lo).toString();
        counts.add(new Exclusivity.ClientCount(v6, 7, 7));
        counts.add(new Exclusivity.ClientCount("bank", 7, 7));
        counts.add(new Exclusivity.ClientCount("1.2.3", 7, 7)); // not an address: a group's name
        List<String> expected = new ArrayList<>(v4.stream().distinct().sorted(Integer::compareUnsigned)
                .flatMap(a -> java.util.Collections.nCopies((int) v4.stream().filter(a::equals).count(),
                        IpAddress.ofV4(a).toString()).stream())
                .toList());
        expected.add(v6);
        expected.add("1.2.3");
        expected.add("bank");
        assertEquals(expected, Exclusivity.sort(counts).stream().map(Exclusivity.ClientCount::client).toList());
    }
    /** The table's two-number sort of a server's pairs (client ranks) is the comparator's order. */
    @Property(tries = 300)
    void aServersPairsSortByRankAsByTheComparator(@ForAll @Size(min = 1, max = 60) List<Integer> clients,
            @ForAll @Size(min = 1, max = 60) List<@net.jqwik.api.constraints.IntRange(min = 1, max = 4) Integer> counts,
            @ForAll boolean huge) {
        PairTable t = new PairTable(PairAggregator.NAME, false, 1000);
        for (int i = 0; i < clients.size(); i++) {
            int c = clients.get(i);
            // v4, v6 and group names (not addresses) side by side, with many ties in count
            String client = switch (Math.floorMod(c, 3)) {
                case 0 -> IpAddress.ofV4(c).toString();
                case 1 -> new IpAddress(0x20010db8L << 32 | (c & 0xffff), c).toString();
                default -> "group" + Math.floorMod(c, 50);
            };
            for (int k = counts.get(i % counts.size()); k > 0; k--) {
                t.add(client, "host.example", 1_000_000_000L * i, 0);
            }
        }
        PairTable.Server s = t.server("host.example");
        if (huge) {
            s.pairs().get(0).count += 3_000_000_000L; // beyond the 31 bits the packed sort takes
        }
        t.rankClients();
        List<PairTable.Pair> expected = Exclusivity.sort(s.pairs(), p -> p.count, p -> p.client);
        assertEquals(expected.stream().map(p -> p.client + "=" + p.count).toList(),
                t.sortedPairs(s).stream().map(p -> p.client + "=" + p.count).toList());
    }
}
