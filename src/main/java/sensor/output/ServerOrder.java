package sensor.output;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The servers' file order: the largest total first, ties by name. Totals are sorted as packed
 * numbers and only tied runs by name, with a merge sort of its own over the names' array: a
 * comparator sort here chased view, verdict and server for every comparison, and was 40% of the
 * end-of-run views at 1M frames.
 */
final class ServerOrder {
    private ServerOrder() {}

    /** Sorts {@code xs[from, to)} in place; names must be distinct (they are a table's keys). */
    static <T> void sort(List<T> xs, int from, int to, ToLongFunction<T> total, Function<T, String> name) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long t = total.applyAsLong(xs.get(from + i));
            if (t < 0 || t > Integer.MAX_VALUE) {
                // A total beyond 31 bits: compare the long values, as the packing cannot.
                xs.subList(from, to).sort((a, b) -> {
                    int c = Long.compare(total.applyAsLong(b), total.applyAsLong(a));
                    return c != 0 ? c : name.apply(a).compareTo(name.apply(b));
                });
                return;
            }
            keys[i] = (Integer.MAX_VALUE - t) << 32 | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        String[] names = new String[n];
        int[] aux = new int[n];
        String[] auxNames = new String[n];
        for (int i = 0; i < n;) {
            int j = i + 1;
            while (j < n && keys[j] >>> 32 == keys[i] >>> 32) {
                j++;
            }
            for (int k = i; k < j; k++) {
                order[k] = (int) keys[k];
            }
            if (j - i > 1) {
                for (int k = i; k < j; k++) {
                    names[k] = name.apply(xs.get(from + order[k]));
                }
                byName(names, order, auxNames, aux, i, j);
            }
            i = j;
        }
        Object[] sorted = new Object[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = xs.get(from + order[k]);
        }
        for (int k = 0; k < n; k++) {
            @SuppressWarnings("unchecked")
            T x = (T) sorted[k];
            xs.set(from + k, x);
        }
    }

    /** Merge sort of names[lo, hi) carrying order along. */
    private static void byName(String[] names, int[] order, String[] auxNames, int[] aux, int lo, int hi) {
        if (hi - lo <= 8) {
            for (int i = lo + 1; i < hi; i++) {
                String s = names[i];
                int o = order[i];
                int j = i - 1;
                while (j >= lo && names[j].compareTo(s) > 0) {
                    names[j + 1] = names[j];
                    order[j + 1] = order[j];
                    j--;
                }
                names[j + 1] = s;
                order[j + 1] = o;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        byName(names, order, auxNames, aux, lo, mid);
        byName(names, order, auxNames, aux, mid, hi);
        if (names[mid - 1].compareTo(names[mid]) <= 0) {
            return; // already in order
        }
        System.arraycopy(names, lo, auxNames, lo, hi - lo);
        System.arraycopy(order, lo, aux, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || (i < mid && auxNames[i].compareTo(auxNames[j]) <= 0)) {
                names[k] = auxNames[i];
                order[k] = aux[i++];
            } else {
                names[k] = auxNames[j];
                order[k] = aux[j++];
            }
        }
    }
}
