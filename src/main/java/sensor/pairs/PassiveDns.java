package sensor.pairs;

import java.util.List;
import java.util.function.Consumer;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Mnemonics;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;
import sensor.txn.DnsTransaction;

/**
 * Passive DNS: one entry per (rrname, rrtype, rdata) seen in the answers of NOERROR responses to
 * lookups (opcode QUERY), meta-types left out, with first and last time and count (the Passive
 * DNS Common Output Format's fields). Bounded: when the table is full the least recently seen
 * entry is written out early, so nothing is lost, only split into two records.
 */
public final class PassiveDns implements Consumer<DnsTransaction> {
    private static final int MAX_SERVERS = 8;

    /** One (rrname, rrtype, rdata) and what was seen of it. */
    public static final class Entry {
        public String rrname;
        public String rrtype;
        public String rdata;
        public long timeFirst;
        public long timeLast;
        public long count;
        public String bailiwick;
        /**
         * The servers that gave it (at most {@link #MAX_SERVERS}): the first in two fields, the
         * others as hi and lo at 2i and 2i+1 of a small array made when a second one answers.
         * Every answer asks whether its server is new; half of the entries only ever have one
         * server, and for them that question reads no array (nor does the collector copy one).
         */
        private long firstHi;
        private long firstLo;
        private long[] others;
        private int serverCount;

        /** How many servers gave it. */
        public int servers() {
            return serverCount;
        }

        /** The i-th server that gave it, in the order first seen. */
        public IpAddress server(int i) {
            return i == 0 ? new IpAddress(firstHi, firstLo) : new IpAddress(others[2 * i - 2], others[2 * i - 1]);
        }

        void addServer(IpAddress a) {
            long hi = a.hi();
            long lo = a.lo();
            if (serverCount == 0) {
                firstHi = hi;
                firstLo = lo;
                serverCount = 1;
                return;
            }
            if (firstLo == lo && firstHi == hi) {
                return;
            }
            int n = 2 * (serverCount - 1);
            for (int i = 0; i < n; i += 2) {
                if (others[i + 1] == lo && others[i] == hi) {
                    return;
                }
            }
            if (serverCount == MAX_SERVERS) {
                return;
            }
            if (others == null) {
                others = new long[2];
            } else if (n == others.length) {
                others = java.util.Arrays.copyOf(others, 2 * others.length);
            }
            others[n] = hi;
            others[n + 1] = lo;
            serverCount++;
        }

        /** Its place in the table: its hash, and when it was last seen (its latest place in {@link #recency}). */
        private int hash;
        private long touched;

        Entry(String rrname, String rrtype, String rdata) {
            reuse(rrname, rrtype, rdata);
        }

        /**
         * This object as a new entry, never seen yet. A full table reuses the written-out entry's
         * object so: it then allocates nothing per replacement, and the old generation is not left
         * with a dead entry per eviction.
         */
        Entry reuse(String name, String type, String data) {
            rrname = name;
            rrtype = type;
            rdata = data;
            hash = hash(name, type, data);
            timeFirst = 0;
            timeLast = 0;
            count = 0;
            bailiwick = null;
            firstHi = 0;
            firstLo = 0;
            serverCount = 0; // its array of other servers is kept, to be written over
            return this;
        }

        private boolean is(int h, String name, String type, String data) {
            return hash == h && same(rdata, data) && same(rrname, name) && same(rrtype, type);
        }

        private static boolean same(String a, String b) {
            return a == b || a.equals(b); // the parser shares the texts: mostly the same object
        }
    }

    private static int hash(String rrname, String rrtype, String rdata) {
        int h = (rrname.hashCode() * 31 + rrtype.hashCode()) * 31 + rdata.hashCode();
        return h ^ (h >>> 16);
    }

    private final int maxEntries;
    private final Consumer<Entry> out;
    /**
     * The entries by (rrname, rrtype, rdata), open-addressed (linear probing, at most half full)
     * with their hashes beside them, and in a list from least to most recently seen: each entry is
     * its own node, where a linked hash map had a key object and a node beside it, and a lookup
     * reads an entry only when its hash matches (a chain had read every entry on it).
     */
    private Entry[] slots = new Entry[1024];
    private int[] hashes = new int[1024];
    private int size;
    /**
     * The entries in the order they were seen, each appended again whenever it is seen: its
     * earlier places are stale (their number is not its {@link Entry#touched}), so the first live
     * place is the least recently seen entry. A linked list had read both neighbours of every
     * entry seen again, two cache misses per answer; this writes one slot at the end.
     */
    private Entry[] recency = new Entry[1024];
    private long[] recencySeq = new long[1024];
    private int recencyHead;
    private int recencyCount;
    private long seq;
    private final Tally evicted;
    private final Tally entries;

    /** {@code out} takes each entry written; it must not keep the entry, whose object is reused. */
    public PassiveDns(int maxEntries, Consumer<Entry> out, Tallies tallies) {
        this.maxEntries = maxEntries;
        this.out = out;
        this.evicted = tallies.get("pdns", "evicted_early");
        this.entries = tallies.get("pdns", "records");
    }

    @Override
    public void accept(DnsTransaction t) {
        if (t.responseTsNanos() == 0 || !"NOERROR".equals(t.rcode()) || t.answers().isEmpty() || !t.isQuery()
                || !answersWhole(t)) {
            return;
        }
        long ts = t.responseTsNanos();
        List<Answer> answers = t.answers();
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            if (Mnemonics.isMetaType(a.type())) {
                continue;
            }
            Entry e = seen(a.name(), a.type(), a.data());
            if (e == null) {
                Entry written = null;
                if (size >= maxEntries) {
                    written = leastRecent();
                    remove(written);
                    evicted.inc();
                    write(written);
                }
                e = written == null ? new Entry(a.name(), a.type(), a.data())
                        : written.reuse(a.name(), a.type(), a.data());
                e.timeFirst = ts;
                add(e);
            }
            e.timeFirst = Math.min(e.timeFirst, ts);
            e.timeLast = Math.max(e.timeLast, ts);
            e.count++;
            if (e.bailiwick == null) {
                e.bailiwick = bailiwick(t, a.name());
            }
            e.addServer(t.server());
        }
    }

    /**
     * Whether a response's answers can be facts: it read whole, or it broke only after its answer
     * section, or its bytes merely ran out (a snap length, a datagram cut short) after the records
     * kept, each of which read whole. A response that broke inside its answer section for another
     * reason (a bad label, a compression loop, bad rdata) gives none.
     */
    static boolean answersWhole(DnsTransaction t) {
        return t.malformed() == null || !t.malformedInResponse() || "dns_truncated_message".equals(t.malformed())
                || !"answer".equals(t.malformedSection());
    }

    /** The zone that answered, when the response names one that contains the record's name. */
    private static String bailiwick(DnsTransaction t, String rrname) {
        String zone = t.authority();
        if (zone == null) {
            return null;
        }
        if (zone.equals(".") || rrname.equals(zone) || (rrname.endsWith(zone)
                && rrname.length() > zone.length() && rrname.charAt(rrname.length() - zone.length() - 1) == '.')) {
            return zone;
        }
        return null;
    }

    /** The entry of these texts, now the most recently seen; null when there is none. */
    private Entry seen(String name, String type, String data) {
        int h = hash(name, type, data);
        int mask = slots.length - 1;
        for (int i = OpenAddressing.home(h) & mask;; i = (i + 1) & mask) {
            Entry e = slots[i];
            if (e == null) {
                return null;
            }
            if (hashes[i] == h && e.is(h, name, type, data)) {
                if (e.touched != seq) {
                    touch(e);
                }
                return e;
            }
        }
    }

    private void add(Entry e) {
        if (2 * (size + 1) > slots.length) {
            Entry[] old = slots;
            slots = new Entry[2 * old.length];
            hashes = new int[2 * old.length];
            for (Entry x : old) {
                if (x != null) {
                    insert(x);
                }
            }
        }
        insert(e);
        touch(e);
        size++;
    }

    private void insert(Entry e) {
        int i = OpenAddressing.freeSlot(slots, OpenAddressing.home(e.hash));
        slots[i] = e;
        hashes[i] = e.hash;
    }

    /** Takes {@code e} out; the entries after it in its run move back, so no lookup stops short. */
    private void remove(Entry e) {
        int i = OpenAddressing.slotOf(slots, OpenAddressing.home(e.hash), e); // always there: e is held
        OpenAddressing.vacate(slots, hashes, i, true);
        size--;
    }

    /** Marks {@code e} as the most recently seen entry. */
    private void touch(Entry e) {
        if (recencyCount == recency.length) {
            if (recencyCount >= 2 * size + 1024) {
                compactRecency();
            } else {
                growRecency();
            }
        }
        int at = (recencyHead + recencyCount++) & (recency.length - 1);
        recency[at] = e;
        recencySeq[at] = e.touched = ++seq;
    }

    /** The least recently seen entry, taken off the front of {@link #recency}. */
    private Entry leastRecent() {
        int mask = recency.length - 1;
        while (true) {
            Entry e = recency[recencyHead];
            long at = recencySeq[recencyHead];
            recency[recencyHead] = null;
            recencyHead = (recencyHead + 1) & mask;
            recencyCount--;
            if (e.touched == at) {
                e.touched = 0; // no longer anywhere in the order
                return e;
            }
        }
    }

    /** The live places only, in order, from the front. */
    private void compactRecency() {
        int mask = recency.length - 1;
        int kept = 0;
        for (int i = 0; i < recencyCount; i++) {
            int from = (recencyHead + i) & mask;
            Entry e = recency[from];
            long at = recencySeq[from];
            recency[from] = null;
            if (e.touched == at) { // moved up to the next free place, never past an unread one
                int to = (recencyHead + kept++) & mask;
                recency[to] = e;
                recencySeq[to] = at;
            }
        }
        recencyCount = kept;
    }

    private void growRecency() {
        int mask = recency.length - 1;
        Entry[] entries = new Entry[2 * recency.length];
        long[] seqs = new long[2 * recency.length];
        for (int i = 0; i < recencyCount; i++) {
            entries[i] = recency[(recencyHead + i) & mask];
            seqs[i] = recencySeq[(recencyHead + i) & mask];
        }
        recency = entries;
        recencySeq = seqs;
        recencyHead = 0;
    }

    /** Writes every entry (end of input, or a periodic flush in live). */
    public void flush() {
        List<Entry> all = new java.util.ArrayList<>(size);
        int mask = recency.length - 1;
        for (int i = 0; i < recencyCount; i++) {
            Entry e = recency[(recencyHead + i) & mask];
            if (e.touched == recencySeq[(recencyHead + i) & mask]) {
                all.add(e);
            }
        }
        inFlushOrder(all).forEach(this::write);
        java.util.Arrays.fill(slots, null);
        java.util.Arrays.fill(recency, null);
        recencyHead = 0;
        recencyCount = 0;
        size = 0;
    }

    /**
     * The entries in {@link #FLUSH_ORDER}: mostly time, so the times sort as packed numbers and
     * only entries sharing one (the records of one response) are compared by their texts.
     */
    static List<Entry> inFlushOrder(java.util.Collection<Entry> entries) {
        return PackedOrder.sorted(entries, e -> e.timeFirst, FLUSH_ORDER);
    }

    static final java.util.Comparator<Entry> FLUSH_ORDER = (a, b) -> {
        int c = Long.compare(a.timeFirst, b.timeFirst);
        if (c == 0) {
            c = a.rrname.compareTo(b.rrname);
        }
        if (c == 0) {
            c = a.rrtype.compareTo(b.rrtype);
        }
        return c != 0 ? c : a.rdata.compareTo(b.rdata);
    };

    private void write(Entry e) {
        entries.inc();
        out.accept(e);
    }

    public int size() {
        return size;
    }
}
