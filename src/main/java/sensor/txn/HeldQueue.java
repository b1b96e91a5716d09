package sensor.txn;

/**
 * The finished transactions held back until no pending query can precede them, earliest first
 * (query time, then the order they finished): a binary heap over the two numbers in arrays. A
 * priority queue of records compared two objects deep at every step of every sift, a few
 * hundred times a second per thousand transactions held.
 */
final class HeldQueue {
    private long[] ts = new long[64];
    private long[] seq = new long[64];
    private DnsTransaction[] txn = new DnsTransaction[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(DnsTransaction t, long order) {
        if (size == ts.length) {
            ts = java.util.Arrays.copyOf(ts, 2 * size);
            seq = java.util.Arrays.copyOf(seq, 2 * size);
            txn = java.util.Arrays.copyOf(txn, 2 * size);
        }
        long k = t.tsNanos();
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(k, order, ts[parent], seq[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        ts[i] = k;
        seq[i] = order;
        txn[i] = t;
    }

    /** The earliest one's query time; only when not empty. */
    long firstTs() {
        return ts[0];
    }

    DnsTransaction poll() {
        DnsTransaction first = txn[0];
        int last = --size;
        long k = ts[last];
        long o = seq[last];
        DnsTransaction t = txn[last];
        txn[last] = null;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(ts[child + 1], seq[child + 1], ts[child], seq[child])) {
                child++;
            }
            if (!before(ts[child], seq[child], k, o)) {
                break;
            }
            move(child, i);
            i = child;
        }
        if (size > 0) {
            ts[i] = k;
            seq[i] = o;
            txn[i] = t;
        }
        return first;
    }

    private static boolean before(long ts1, long seq1, long ts2, long seq2) {
        return ts1 < ts2 || (ts1 == ts2 && seq1 < seq2);
    }

    private void move(int from, int to) {
        ts[to] = ts[from];
        seq[to] = seq[from];
        txn[to] = txn[from];
    }
}
