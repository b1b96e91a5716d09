package sensor.pairs;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * The order of a large end-of-run list by a number, ties by a text: both compared as primitives
 * held in arrays (the text by its first eight chars), the texts themselves only where those are
 * equal. A comparator over the items had followed two or three references per comparison, and
 * the names of a busy table tie on their totals by the hundred thousand.
 */
final class TextOrder {
    private TextOrder() {}

    /**
     * The indices of the items in order: {@code keys[i]} ascending, equal keys by
     * {@code texts[i]} as {@link String#compareTo} orders them, equal texts by index (stable).
     */
    static int[] sorted(long[] keys, String[] texts) {
        int n = keys.length;
        long[] first = new long[n];
        long[] second = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = chars(texts[i], 0);
            second[i] = chars(texts[i], 4);
            order[i] = i;
        }
        IntArrays.quickSort(order, (a, b) -> {
            int c = Long.compare(keys[a], keys[b]);
            if (c == 0) {
                c = Long.compareUnsigned(first[a], first[b]);
            }
            if (c == 0) {
                c = Long.compareUnsigned(second[a], second[b]);
            }
            if (c == 0) {
                c = texts[a].compareTo(texts[b]);
            }
            return c != 0 ? c : Integer.compare(a, b);
        });
        return order;
    }

    /**
     * Four chars of {@code s} from {@code from}, 16 bits each, zeros past its end: two texts whose
     * such numbers differ compare as the numbers do (where an end meets a char 0 they are equal, and
     * the texts decide).
     */
    static long chars(String s, int from) {
        long k = 0;
        for (int i = from; i < from + 4; i++) {
            k = k << 16 | (i < s.length() ? s.charAt(i) : 0);
        }
        return k;
    }
}
