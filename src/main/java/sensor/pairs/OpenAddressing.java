package sensor.pairs;

/**
 * The slot arithmetic of the hand-written tables (linear probing, each slot's hash in an array
 * beside it): the pair index, the server index, passive DNS's table and the rename detector's
 * tables.
 */
final class OpenAddressing {
    private OpenAddressing() {}

    /** A home slot from a hash whose low bits alone cluster (texts that differ in their last chars). */
    static int home(int h) {
        return it.unimi.dsi.fastutil.HashCommon.mix(h);
    }

    /** The first empty slot from {@code from} on (the table is at most half full). */
    static int freeSlot(Object[] slots, int from) {
        int mask = slots.length - 1;
        int i = from & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** The slot holding {@code x} itself, searched from {@code from} on; -1 when it is not there. */
    static int slotOf(Object[] slots, int from, Object x) {
        int mask = slots.length - 1;
        for (int i = from & mask;; i = (i + 1) & mask) {
            if (slots[i] == x) {
                return i;
            }
            if (slots[i] == null) {
                return -1;
            }
        }
    }

    /**
     * Empties slot {@code i} and moves back the entries after it in its run, by their hashes
     * alone, so that no lookup stops short at the hole. {@code mixed}: the table's home slot is
     * {@link #home} of the hash, else the hash itself.
     */
    static void vacate(Object[] slots, int[] hashes, int i, boolean mixed) {
        vacate(slots, null, hashes, i, mixed);
    }

    /** {@link #vacate(Object[], int[], int, boolean)} for a table whose values are in {@code values} beside its keys. */
    static void vacate(Object[] slots, Object[] values, int[] hashes, int i, boolean mixed) {
        int mask = slots.length - 1;
        slots[i] = null;
        if (values != null) {
            values[i] = null;
        }
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int at = (mixed ? home(hashes[j]) : hashes[j]) & mask;
            // The entry at j stays if its home slot lies cyclically in (i, j]; else it fills the hole.
            boolean stays = i <= j ? (i < at && at <= j) : (i < at || at <= j);
            if (!stays) {
                slots[i] = slots[j];
                hashes[i] = hashes[j];
                slots[j] = null;
                if (values != null) {
                    values[i] = values[j];
                    values[j] = null;
                }
                i = j;
            }
        }
    }
}
