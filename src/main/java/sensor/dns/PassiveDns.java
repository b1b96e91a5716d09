package sensor.dns;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import sensor.decode.IpAddress;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;
import sensor.output.RecordSink;
import sensor.txn.DnsTransaction;

/**
 * Passive DNS: one entry per (rrname, rrtype, rdata) seen in the answers of NOERROR responses,
 * with first and last time and count (the Passive DNS Common Output Format's fields). Bounded:
 * when the table is full the least recently seen entry is written out early, so nothing is
 * lost, only split into two records.
 */
public final class PassiveDns implements RecordSink<DnsTransaction> {
    private static final int MAX_SERVERS = 8;

    /** One (rrname, rrtype, rdata) and what was seen of it. */
    public static final class Entry {
        public final String rrname;
        public final String rrtype;
        public final String rdata;
        public long timeFirst;
        public long timeLast;
        public long count;
        public String bailiwick;
        /**
         * The servers that gave it (at most {@link #MAX_SERVERS}), as hi and lo at 2i and 2i+1:
         * every answer asks whether its server is new, and a scan of one small array costs no
         * cache miss per address object.
         */
        private long[] servers = new long[2];
        private int serverCount;

        /** How many servers gave it. */
        public int servers() {
            return serverCount;
        }

        /** The i-th server that gave it, in the order first seen. */
        public IpAddress server(int i) {
            return new IpAddress(servers[2 * i], servers[2 * i + 1]);
        }

        void addServer(IpAddress a) {
            long hi = a.hi();
            long lo = a.lo();
            for (int i = 0; i < 2 * serverCount; i += 2) {
                if (servers[i + 1] == lo && servers[i] == hi) {
                    return;
                }
            }
            if (serverCount == MAX_SERVERS) {
                return;
            }
            if (2 * serverCount == servers.length) {
                servers = java.util.Arrays.copyOf(servers, 2 * servers.length);
            }
            servers[2 * serverCount] = hi;
            servers[2 * serverCount + 1] = lo;
            serverCount++;
        }

        Entry(String rrname, String rrtype, String rdata) {
            this.rrname = rrname;
            this.rrtype = rrtype;
            this.rdata = rdata;
        }
    }

    private record Key(String rrname, String rrtype, String rdata) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.rdata.equals(rdata) && k.rrname.equals(rrname) && k.rrtype.equals(rrtype);
        }

        @Override
        public int hashCode() {
            return (rrname.hashCode() * 31 + rrtype.hashCode()) * 31 + rdata.hashCode();
        }
    }

    private final int maxEntries;
    private final RecordSink<Entry> out;
    private final LinkedHashMap<Key, Entry> table = new LinkedHashMap<>(1024, 0.75f, true);
    private final Tally evicted;
    private final Tally entries;

    public PassiveDns(int maxEntries, RecordSink<Entry> out, Tallies tallies) {
        this.maxEntries = maxEntries;
        this.out = out;
        this.evicted = tallies.get("pdns", "evicted_early");
        this.entries = tallies.get("pdns", "records");
    }

    @Override
    public void accept(DnsTransaction t) {
        if (t.responseTsNanos() == 0 || !"NOERROR".equals(t.rcode()) || t.answers().isEmpty()) {
            return;
        }
        long ts = t.responseTsNanos();
        for (DnsTransaction.Answer a : t.answers()) {
            Key k = new Key(a.name(), a.type(), a.data());
            Entry e = table.get(k);
            if (e == null) {
                if (table.size() >= maxEntries) {
                    Iterator<Entry> it = table.values().iterator();
                    Entry old = it.next();
                    it.remove();
                    evicted.inc();
                    write(old);
                }
                e = new Entry(a.name(), a.type(), a.data());
                e.timeFirst = ts;
                table.put(k, e);
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

    /** Writes every entry (end of input, or a periodic flush in live). */
    public void flush() {
        inFlushOrder(table.values()).forEach(this::write);
        table.clear();
    }

    /**
     * The entries in {@link #FLUSH_ORDER}: mostly time, so the times sort as packed numbers and
     * only entries sharing one (the records of one response) are compared by their texts.
     */
    static List<Entry> inFlushOrder(java.util.Collection<Entry> entries) {
        return sensor.output.PackedOrder.sorted(entries, e -> e.timeFirst, FLUSH_ORDER);
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
        return table.size();
    }
}
