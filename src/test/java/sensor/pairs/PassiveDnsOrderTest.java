package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Passive DNS is written in time order, ties by name, type and data, however it was sorted. */
class PassiveDnsOrderTest {

    @Property(tries = 300)
    void theNumericSortGivesTheComparatorsOrder(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 40) Integer> times,
            @ForAll @IntRange(min = 0, max = 2) int span, @ForAll long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        // Few distinct times, so many entries share one; a span too wide to pack beside the
        // entries' indexes (2^57 ns steps) takes the comparator.
        long base = 1_474_639_331_000_000_000L;
        long step = span == 0 ? 1 : span == 1 ? 1_000_000_000L : 1L << 57;
        List<PassiveDns.Entry> entries = new ArrayList<>();
        for (int t : times) {
            PassiveDns.Entry e = new PassiveDns.Entry("host" + rnd.nextInt(4) + ".example", rnd.nextBoolean() ? "A" : "AAAA",
                    "198.51.100." + rnd.nextInt(6));
            e.timeFirst = base + t * step;
            entries.add(e);
        }
        List<PassiveDns.Entry> expected = new ArrayList<>(entries);
        expected.sort(PassiveDns.FLUSH_ORDER);
        assertEquals(text(expected), text(PassiveDns.inFlushOrder(entries)));
    }

    private static List<String> text(List<PassiveDns.Entry> es) {
        return es.stream().map(e -> e.timeFirst + " " + e.rrname + " " + e.rrtype + " " + e.rdata).toList();
    }
}
