package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The names on one address are ordered by their first answer with it, then name, as the comparator
 * orders them.
 */
class NameOrderTest {

    @Property(tries = 500)
    void insertionSortIsTheComparatorsOrder(
            @ForAll @Size(max = 64) List<@IntRange(min = 0, max = 5) Integer> firstAnswers,
            @ForAll @Size(max = 64) List<@IntRange(min = 0, max = 9) Integer> names) {
        List<NameHistory> hs = new ArrayList<>();
        int[] at = new int[firstAnswers.size()];
        for (int i = 0; i < firstAnswers.size(); i++) {
            // Few distinct times and names, so that ties on both occur; the shared address is not
            // always a name's first one.
            NameHistory h = new NameHistory("n" + (i < names.size() ? names.get(i) : i) + ".example");
            if (i % 2 == 1) {
                h.answer(0, "198.51.100.1");
            }
            at[i] = h.answer(firstAnswers.get(i) * 1_000_000_000L, "192.0.2.1");
            hs.add(h);
        }
        List<NameHistory> want = new ArrayList<>(hs);
        want.sort(Comparator.comparingLong((NameHistory h) -> h.firstWith(h.indexOf("192.0.2.1")))
                .thenComparing(h -> h.name));
        RenameDetector.byFirstAnswer(hs, at);
        assertEquals(want.stream().map(h -> h.firstWith(h.indexOf("192.0.2.1")) + " " + h.name).toList(),
                hs.stream().map(h -> h.firstWith(h.indexOf("192.0.2.1")) + " " + h.name).toList());
        for (int i = 0; i < hs.size(); i++) {
            assertEquals(hs.get(i).indexOf("192.0.2.1"), at[i], "each name keeps its own index beside it");
        }
    }
}
