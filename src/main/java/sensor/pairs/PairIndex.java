package sensor.pairs;

/**
 * The pairs of a table's servers that have many clients, found by (server, client): one
 * open-addressed table (linear probing, at most half full) of pairs and their hashes. A resolver
 * with thousands of clients had a hash map of its own, and a lookup there read the map's slot
 * and then its node before the pair; here the slot's hash is beside its neighbours' and the
 * next read is the pair itself. Servers with a few clients scan their own short list instead
 * ({@link PairTable.Server}).
 */
final class PairIndex {
    private PairTable.Pair[] slots;
    private int[] hashes;
    private int size;

    PairIndex() {
        this(1024);
    }

    /** {@code capacity}: a power of two. */
    PairIndex(int capacity) {
        slots = new PairTable.Pair[capacity];
        hashes = new int[capacity];
    }

    /** The hash of a pair of {@code server} and {@code client}, as {@link #get} and {@link #put} take it. */
    static int hash(PairTable.Server server, String client) {
        int h = server.nameHash * 31 + client.hashCode();
        return h ^ (h >>> 16);
    }

    PairTable.Pair get(PairTable.Server server, String client, int h) {
        int mask = slots.length - 1;
        for (int i = h & mask;; i = (i + 1) & mask) {
            PairTable.Pair p = slots[i];
            if (p == null) {
                return null;
            }
            if (hashes[i] == h && p.serverEntry == server && (p.client == client || p.client.equals(client))) {
                return p;
            }
        }
    }

    /** Adds {@code p}, which is not in the index, with its {@link PairTable.Pair#indexHash}. */
    void put(PairTable.Pair p) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        insert(p, p.indexHash);
        size++;
    }

    private void insert(PairTable.Pair p, int h) {
        int i = OpenAddressing.freeSlot(slots, h);
        slots[i] = p;
        hashes[i] = h;
    }

    private void grow() {
        PairTable.Pair[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new PairTable.Pair[2 * oldSlots.length];
        hashes = new int[2 * oldSlots.length];
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != null) {
                insert(oldSlots[i], oldHashes[i]);
            }
        }
    }

    /** Takes {@code p} out; the pairs after it in its run move back, so no lookup stops short. */
    void remove(PairTable.Pair p) {
        int i = OpenAddressing.slotOf(slots, p.indexHash, p);
        if (i < 0) {
            return; // not here
        }
        OpenAddressing.vacate(slots, hashes, i, false);
        size--;
    }

    int size() {
        return size;
    }
}
