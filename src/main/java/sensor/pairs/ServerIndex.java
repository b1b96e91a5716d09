package sensor.pairs;

import java.util.ArrayList;
import java.util.List;

/**
 * A table's servers by name: open addressing (linear probing, at most half full) with each slot's
 * hash beside it. A lookup reads a server only when its hash matches, and a removal moves the run
 * after it by the hashes alone; a hash map of Strings had asked every moved key for its hash,
 * one cache miss per key, and on a flood of distinct names nearly every lookup adds one server
 * and removes another.
 */
final class ServerIndex {
    private PairTable.Server[] slots = new PairTable.Server[1024];
    private int[] hashes = new int[1024];
    private int size;

    /** The server named {@code name}, or null. */
    PairTable.Server get(String name) {
        int h = name.hashCode();
        int mask = slots.length - 1;
        for (int i = OpenAddressing.home(h) & mask;; i = (i + 1) & mask) {
            PairTable.Server s = slots[i];
            if (s == null) {
                return null;
            }
            if (hashes[i] == h && (s.name == name || s.name.equals(name))) {
                return s;
            }
        }
    }

    /** Adds {@code s}, whose name is not here. */
    void put(PairTable.Server s) {
        if (2 * (size + 1) > slots.length) {
            PairTable.Server[] old = slots;
            slots = new PairTable.Server[2 * old.length];
            hashes = new int[2 * old.length];
            for (PairTable.Server x : old) {
                if (x != null) {
                    insert(x);
                }
            }
        }
        insert(s);
        size++;
    }

    private void insert(PairTable.Server s) {
        int i = OpenAddressing.freeSlot(slots, OpenAddressing.home(s.nameHash));
        slots[i] = s;
        hashes[i] = s.nameHash;
    }

    /** Takes {@code s} out; the servers after it in its run move back, so no lookup stops short. */
    void remove(PairTable.Server s) {
        int i = OpenAddressing.slotOf(slots, OpenAddressing.home(s.nameHash), s);
        if (i < 0) {
            return; // not here
        }
        OpenAddressing.vacate(slots, hashes, i, true);
        size--;
    }

    int size() {
        return size;
    }

    /** Every server, in no particular order. */
    List<PairTable.Server> all() {
        List<PairTable.Server> out = new ArrayList<>(size);
        for (PairTable.Server s : slots) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }
}
