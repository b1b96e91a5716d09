package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * The primitive order is the comparator's: key ascending, ties by text as String.compareTo has
 * them (texts sharing their first eight chars, of every length, a char 0, chars above 0x7fff),
 * equal texts by index.
 */
class TextOrderTest {

    @Property(tries = 500)
    void keysThenTextsThenIndexAsTheComparatorOrders(
            @ForAll @Size(max = 200) List<@IntRange(min = -3, max = 3) Integer> keys,
            @ForAll @Size(max = 200) List<@StringLength(max = 11) @CharRange(from = 0, to = 3) String> tails,
            @ForAll @IntRange(min = 0, max = 8) int shared) {
        int n = Math.min(keys.size(), tails.size());
        long[] k = new long[n];
        String[] texts = new String[n];
        String prefix = "h1.d\uffff\u8000x.".substring(0, shared);
        for (int i = 0; i < n; i++) {
            k[i] = keys.get(i);
            texts[i] = prefix + tails.get(i).replace('\u0003', '\u9000');
        }
        int[] want = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> k[i]).thenComparing(i -> texts[i])
                        .thenComparing(Comparator.naturalOrder()))
                .mapToInt(Integer::intValue).toArray();
        assertArrayEquals(want, TextOrder.sorted(k, texts));
    }
}
