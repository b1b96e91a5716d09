package sensor.pairs;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The order of a large end-of-run file: by a number, ties by a comparator. The numbers, relative
 * to the smallest, are packed with each item's index into one long and sorted as numbers; only
 * runs of equal numbers go to the comparator. A comparator over the whole list had cost a cache
 * miss or two per comparison, a third of passive DNS's flush and 40% of the servers' views at 1M
 * frames. When the numbers span too much to share a long with the index, the comparator sorts.
 */
public final class PackedOrder {
    private PackedOrder() {}

    /** A sorted copy of {@code items}: {@code key} ascending, equal keys by {@code ties}. */
    public static <T> List<T> sorted(Collection<T> items, ToLongFunction<? super T> key, Comparator<? super T> ties) {
        @SuppressWarnings("unchecked")
        T[] xs = (T[]) items.toArray();
        int n = xs.length;
        long[] keys = new long[n];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            keys[i] = key.applyAsLong(xs[i]);
            min = Math.min(min, keys[i]);
            max = Math.max(max, keys[i]);
        }
        int bits = n < 2 ? 1 : 64 - Long.numberOfLeadingZeros(n - 1);
        long span = max - min; // negative when it overflows
        if (n < 2 || span < 0 || span >= 1L << (63 - bits)) {
            Comparator<T> byKey = (a, b) -> Long.compare(key.applyAsLong(a), key.applyAsLong(b));
            Arrays.sort(xs, byKey.thenComparing(ties));
            return Arrays.asList(xs);
        }
        for (int i = 0; i < n; i++) {
            keys[i] = (keys[i] - min) << bits | i;
        }
        Arrays.sort(keys);
        long index = (1L << bits) - 1;
        @SuppressWarnings("unchecked")
        T[] out = (T[]) new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = xs[(int) (keys[i] & index)];
        }
        for (int i = 0; i < n;) {
            int j = i + 1;
            while (j < n && keys[j] >>> bits == keys[i] >>> bits) {
                j++;
            }
            if (j - i > 1) {
                Arrays.sort(out, i, j, ties);
            }
            i = j;
        }
        return Arrays.asList(out);
    }
}
