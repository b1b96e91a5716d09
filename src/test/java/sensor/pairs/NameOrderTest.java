package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The names on one address are ordered by first answer, then name, as the comparator orders them. */
class NameOrderTest {

    @Property(tries = 500)
    void insertionSortIsTheComparatorsOrder(
            @ForAll @Size(max = 64) List<@IntRange(min = 0, max = 5) Integer> firstAnswers,
            @ForAll @Size(max = 64) List<@IntRange(min = 0, max = 9) Integer> names) {
        List<NameHistory> hs = new ArrayList<>();
        for (int i = 0; i < firstAnswers.size(); i++) {
            // Few distinct times and names, so that ties on both occur.
            NameHistory h = new NameHistory("n" + (i < names.size() ? names.get(i) : i) + ".example");
            h.firstAnswer = firstAnswers.get(i) == 0 ? Long.MAX_VALUE : firstAnswers.get(i) * 1_000_000_000L;
            hs.add(h);
        }
        List<NameHistory> want = new ArrayList<>(hs);
        want.sort(Comparator.comparingLong((NameHistory h) -> h.firstAnswer).thenComparing(h -> h.name));
        RenameDetector.byFirstAnswer(hs);
        assertEquals(want.stream().map(h -> h.firstAnswer + " " + h.name).toList(),
                hs.stream().map(h -> h.firstAnswer + " " + h.name).toList());
    }
}
