package sensor.txn;

/**
 * The transactions answered most recently, to tell a second response (a duplicate) from an
 * unsolicited one: a fixed set of 64-bit fingerprints, the oldest forgotten first. No object per
 * entry, so it costs the collector nothing; two keys sharing a fingerprint (odds about 1 in 2^48
 * at 65,536 entries) would make an unsolicited response count as a duplicate.
 */
final class AnsweredKeys {
    private final long[] ring;
    private final long[] table;
    private final int mask;
    private int next;
    private int size;

    /** {@code capacity} a power of two. */
    AnsweredKeys(int capacity) {
        ring = new long[capacity];
        table = new long[capacity * 2];
        mask = table.length - 1;
    }

    void add(long fingerprint) {
        long f = fingerprint == 0 ? 1 : fingerprint; // 0 marks an empty slot
        if (contains(f)) {
            return;
        }
        if (size == ring.length) {
            remove(ring[next]);
        } else {
            size++;
        }
        ring[next] = f;
        next = (next + 1) & (ring.length - 1);
        int i = slot(f);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = f;
    }

    boolean contains(long fingerprint) {
        long f = fingerprint == 0 ? 1 : fingerprint;
        for (int i = slot(f); table[i] != 0; i = (i + 1) & mask) {
            if (table[i] == f) {
                return true;
            }
        }
        return false;
    }

    /** Linear probing's deletion: later entries of the cluster shift back into the hole. */
    private void remove(long f) {
        int i = slot(f);
        while (table[i] != f) {
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = slot(table[j]);
            // Move j into the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = 0;
    }

    private int slot(long f) {
        return (int) (f ^ (f >>> 29)) & mask;
    }

    int size() {
        return size;
    }
}
