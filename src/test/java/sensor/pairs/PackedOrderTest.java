package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The packed sort is the comparator's order; here as the servers use it: total descending, ties by name. */
class PackedOrderTest {
    record Srv(long total, String name) {}

    @Property(tries = 400)
    void packedTotalsAndNamedTiesAreTheComparatorsOrder(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 6) Integer> totals, @ForAll boolean huge,
            @ForAll @IntRange(min = 0, max = 5) int prefix) {
        List<Srv> xs = new ArrayList<>();
        xs.add(new Srv(-1, "before")); // outside the range sorted: must stay where it is
        for (int i = 0; i < totals.size(); i++) {
            // Distinct names of different lengths and shared prefixes, in no particular order.
            String name = "n" + Integer.toString((i * 7919) % 1009, 36) + ".example".substring(0, prefix);
            // A total too large to pack beside the indexes takes the comparator.
            long t = huge && i == totals.size() / 2 ? 1L << 62 : totals.get(i);
            xs.add(new Srv(t, name + i));
        }
        xs.add(new Srv(-1, "after"));
        List<Srv> want = new ArrayList<>(xs);
        want.subList(1, want.size() - 1).sort(Comparator.comparingLong((Srv s) -> -s.total()).thenComparing(Srv::name));
        List<Srv> mine = xs.subList(1, xs.size() - 1);
        List<Srv> sorted = PackedOrder.sorted(mine, s -> -s.total(), Comparator.comparing(Srv::name));
        for (int i = 0; i < sorted.size(); i++) {
            mine.set(i, sorted.get(i));
        }
        assertEquals(want, xs);
    }
}
