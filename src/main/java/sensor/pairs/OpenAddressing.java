package sensor.pairs;

/**
 * Removal from the hand-written tables (linear probing, each slot's hash in an array beside it):
 * the pair index, the server index, passive DNS's table and the rename detector's tables.
 */
final class OpenAddressing {
    private OpenAddressing() {}

    /**
     * Empties slot {@code i} and moves back the entries after it in its run, by their hashes
     * alone, so that no lookup stops short at the hole. {@code mixed}: the table's home slot is
     * {@link it.unimi.dsi.fastutil.HashCommon#mix} of the hash, else the hash itself.
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
            int at = (mixed ? it.unimi.dsi.fastutil.HashCommon.mix(hashes[j]) : hashes[j]) & mask;
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
