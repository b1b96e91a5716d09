package sensor.pairs;

import java.util.function.BiConsumer;

/**
 * Values by text key, open-addressed (linear probing, at most half full) with each key's hash
 * beside it, that leave only in the order they came (the oldest first): the rename detector's
 * bounded histories by name and name lists by address. A lookup reads a key only when its hash
 * matches, and a removal moves the run after it by the hashes alone; a linked hash map of
 * Strings had asked every moved key for its hash and kept a link per entry up to date.
 */
final class FifoTable<V> {
    private String[] keys = new String[1024];
    private Object[] values = new Object[1024];
    private int[] hashes = new int[1024];
    private int size;
    /** The keys in the order they came, from {@link #head}: a ring, since only the oldest leaves. */
    private String[] order = new String[1024];
    private int head;

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(String key) {
        int i = find(key, key.hashCode());
        return i < 0 ? null : (V) values[i];
    }

    private int find(String key, int h) {
        int mask = keys.length - 1;
        for (int i = OpenAddressing.home(h) & mask;; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && (k == key || k.equals(key))) {
                return i;
            }
        }
    }

    /** Adds {@code key}, which is not here, as the newest. */
    void put(String key, V value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(key, key.hashCode(), value);
        order[(head + size) & (order.length - 1)] = key;
        size++;
    }

    private void insert(String key, int h, Object value) {
        int i = OpenAddressing.freeSlot(keys, OpenAddressing.home(h));
        keys[i] = key;
        values[i] = value;
        hashes[i] = h;
    }

    private void grow() {
        String[] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        int n = 2 * oldKeys.length;
        keys = new String[n];
        values = new Object[n];
        hashes = new int[n];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldHashes[i], oldValues[i]);
            }
        }
        String[] ring = new String[n];
        for (int i = 0; i < size; i++) {
            ring[i] = order[(head + i) & (order.length - 1)];
        }
        order = ring;
        head = 0;
    }

    /** Takes out the oldest entry and returns its value (the table is not empty). */
    @SuppressWarnings("unchecked")
    V removeFirst() {
        String key = order[head];
        order[head] = null;
        head = (head + 1) & (order.length - 1);
        size--;
        int i = find(key, key.hashCode());
        V v = (V) values[i];
        OpenAddressing.vacate(keys, values, hashes, i, true);
        return v;
    }

    int size() {
        return size;
    }

    /** Every entry, oldest first; {@code action} must not change the table. */
    void forEach(BiConsumer<String, V> action) {
        for (int i = 0; i < size; i++) {
            String key = order[(head + i) & (order.length - 1)];
            action.accept(key, get(key));
        }
    }
}
