package sensor.pairs;

import java.util.ArrayList;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Counts of one kind of pair (resolver, name or smtp) at one level (address or organisation):
 * per pair, per server and per client, with first/last seen and lookup episodes. Exact until
 * {@code maxPairs} distinct pairs; beyond, a new pair replaces one of the smallest (Space-Saving,
 * Metwally et al.): a pair's count may then be over by at most {@link #errorBound()}, which the
 * output states. The table's total stays exact, and so do the totals of every server and client
 * that still has a pair; a server or client whose last pair was evicted is forgotten once the
 * table holds more of them than {@code maxPairs} (counted in {@link #forgotten()}), so a flood of
 * distinct names or clients cannot grow the heap.
 */
public final class PairTable {
    /** One client-server pair. */
    public static final class Pair {
        public String client;
        public String server;
        public long count;
        public long firstSeen;
        public long lastSeen;
        public long episodes;
        long episodeEnd;
        /** Over-count inherited from the pair this one replaced (Space-Saving). */
        public long error;
        /** Position in {@link #all}, for constant-time sampling and removal. */
        int slot;
        /** Position in its server's {@link Server#pairs()}, for constant-time removal. */
        int serverSlot;
        /** Position in {@link #atMin} while the count is the table's minimum, else -1. */
        int minSlot;
        /** Its {@link PairIndex#hash}, while its server is indexed. */
        int indexHash;

        /** Its server's and its client's entries, so an eviction needs no lookup. */
        Server serverEntry;
        Client clientEntry;

        Pair(String client, String server) {
            reuse(client, server);
        }

        /**
         * This object as a new pair, never seen yet. A full table reuses the evicted pair's object
         * so: it then allocates nothing per replacement, and the old generation is not left with a
         * dead pair per eviction.
         */
        Pair reuse(String newClient, String newServer) {
            client = newClient;
            server = newServer;
            count = 0;
            firstSeen = Long.MAX_VALUE;
            lastSeen = Long.MIN_VALUE;
            episodes = 0;
            episodeEnd = Long.MIN_VALUE;
            error = 0;
            minSlot = -1;
            return this;
        }

        /**
         * The count it surely has: Space-Saving's count less what it inherited. The verdicts use
         * it, so an approximate table never claims more concentration than it saw.
         */
        public long guaranteed() {
            return count - error;
        }

        /** Its client's count in the table ({@link PairTable#clientTotal}) without a lookup. */
        public long clientTotal() {
            return clientEntry.total;
        }
    }

    /**
     * One server (or name) and what is known about it beyond its pairs. The sets are made when
     * first needed: a name has no SMTP outcomes and an SMTP server no qtypes, and with hundreds of
     * thousands of servers five empty trees each were a tenth of the heap.
     */
    public static final class Server {
        public final String name;
        public long total;
        /**
         * Qtypes and their counts, and addresses, as short unsorted arrays: a name has a type or
         * three and an address or three, seen again at nearly every lookup, and a scan of a few
         * shared strings is cheaper than a tree's comparisons (and a boxed count). Sorted when
         * read, at output.
         */
        private String[] qtypeNames;
        private long[] qtypeCounts;
        private int qtypeCount;
        private String[] addressList;
        private int addressCount;
        private TreeSet<String> accepted;
        private TreeSet<String> rejected;
        private TreeSet<String> refused;
        /** Which of its lists reached {@link #MAX_SET} and left a value out: bits of {@link #CAPPED}. */
        private int capped;
        /** For a name: its rename history, so a lookup needs no second map (see PairAggregator). */
        NameHistory history;
        /**
         * This server's pairs, kept as they come so the output need not regroup them: the first
         * {@link #pairCount} of a plain array (a list object in between had been one more cache
         * miss on every lookup, addition and eviction).
         */
        private Pair[] pairs;
        private int pairCount;
        /** The table's index, where this server's pairs go once a scan would cover too many. */
        private final PairIndex index;
        private boolean indexed;
        /** The name's hash, for the index (the name itself is one cache miss away). */
        final int nameHash;
        /**
         * While the server is not {@link #indexed}: the hashes of the pairs' clients from the
         * second pair on, in the same order. A scan reads this one small array and touches a pair
         * only when its client's hash matches (a new pair, the common miss, touches none).
         */
        private int[] scanHashes;
        /**
         * While the server is not {@link #indexed}: its first pair and that client's hash, beside
         * the name. Most names keep one client, and a lookup of it then reads neither array.
         */
        private Pair first;
        private int firstHash;

        Server(String name, PairIndex index) {
            this.name = name;
            this.nameHash = name.hashCode();
            this.index = index;
        }

        /** The pairs of this server, in no particular order. */
        public List<Pair> pairs() {
            return pairCount == 0 ? List.of() : java.util.Arrays.asList(pairs).subList(0, pairCount);
        }

        /** The pair of {@code client} with this server, or null. */
        Pair find(String client) {
            if (indexed) {
                return index.get(this, client, PairIndex.hash(this, client));
            }
            int h = client.hashCode();
            if (pairCount > 0 && firstHash == h && (first.client == client || first.client.equals(client))) {
                return first;
            }
            for (int i = 1; i < pairCount; i++) {
                if (scanHashes[i] == h) {
                    Pair p = pairs[i];
                    if (p.client == client || p.client.equals(client)) {
                        return p;
                    }
                }
            }
            return null;
        }

        void addPair(Pair p) {
            if (pairs == null) {
                pairs = new Pair[1]; // most names keep one client
            } else if (pairCount == pairs.length) {
                pairs = java.util.Arrays.copyOf(pairs, 2 * pairCount);
            }
            p.serverSlot = pairCount;
            pairs[pairCount++] = p;
            if (indexed) {
                putInIndex(p);
            } else if (pairCount > SCAN) {
                indexed = true;
                for (int i = 0; i < pairCount; i++) {
                    putInIndex(pairs[i]);
                }
                scanHashes = null;
                first = null;
            } else if (p.serverSlot == 0) {
                first = p;
                firstHash = p.client.hashCode();
            } else {
                if (scanHashes == null) {
                    scanHashes = new int[pairs.length];
                } else if (scanHashes.length < pairs.length) {
                    scanHashes = java.util.Arrays.copyOf(scanHashes, pairs.length);
                }
                scanHashes[p.serverSlot] = p.client.hashCode();
            }
        }

        private void putInIndex(Pair p) {
            p.indexHash = PairIndex.hash(this, p.client);
            index.put(p);
        }

        void removePair(Pair p) {
            int lastSlot = --pairCount;
            Pair last = pairs[lastSlot];
            pairs[lastSlot] = null;
            if (last != p) {
                pairs[p.serverSlot] = last;
                last.serverSlot = p.serverSlot;
            }
            if (indexed) {
                index.remove(p);
            } else if (lastSlot == 0) {
                first = null; // it was the only one
            } else {
                int moved = scanHashes[lastSlot];
                if (p.serverSlot == 0) {
                    first = last;
                    firstHash = moved;
                } else {
                    scanHashes[p.serverSlot] = moved;
                }
            }
        }

        /** How many pairs it holds. */
        int pairCount() {
            return pairCount;
        }

        /** The i-th qtype asked of a name (in order), and how often. */
        @FunctionalInterface
        public interface QtypeCount {
            void accept(int i, String qtype, long count);
        }

        /**
         * The qtypes asked of this name and how often, in type-name order: the few of a name are
         * put in order in place, where a sorted map was a tree and a boxed count per name at output.
         */
        public void forEachQtype(QtypeCount visitor) {
            int n = qtypeCount;
            if (n > 1) {
                for (int i = 1; i < n; i++) { // insertion sort: a name has a type or three
                    String name = qtypeNames[i];
                    long count = qtypeCounts[i];
                    int j = i - 1;
                    for (; j >= 0 && qtypeNames[j].compareTo(name) > 0; j--) {
                        qtypeNames[j + 1] = qtypeNames[j];
                        qtypeCounts[j + 1] = qtypeCounts[j];
                    }
                    qtypeNames[j + 1] = name;
                    qtypeCounts[j + 1] = count;
                }
            }
            for (int i = 0; i < n; i++) {
                visitor.accept(i, qtypeNames[i], qtypeCounts[i]);
            }
        }

        /** The name's addresses in text order: a sorted copy (they are distinct as added). */
        public List<String> addresses() {
            if (addressCount < 2) {
                return addressCount == 0 ? List.of() : List.of(addressList[0]);
            }
            String[] a = java.util.Arrays.copyOf(addressList, addressCount);
            java.util.Arrays.sort(a);
            return java.util.Arrays.asList(a);
        }

        public SortedSet<String> accepted() {
            return orEmpty(accepted);
        }

        public SortedSet<String> rejected() {
            return orEmpty(rejected);
        }

        public SortedSet<String> refused() {
            return orEmpty(refused);
        }

        /** Counts a qtype asked of this name (at most {@link #MAX_SET} distinct). */
        void countQtype(String qtype) {
            int i = indexOf(qtypeNames, qtypeCount, qtype);
            if (i >= 0) {
                qtypeCounts[i]++;
                return;
            }
            if (qtypeCount == MAX_SET) {
                capped |= CAPPED_QTYPES;
                return;
            }
            if (qtypeNames == null || qtypeCount == qtypeNames.length) {
                int n = qtypeNames == null ? 2 : Math.min(MAX_SET, qtypeCount * 2);
                qtypeNames = qtypeNames == null ? new String[n] : java.util.Arrays.copyOf(qtypeNames, n);
                qtypeCounts = qtypeCounts == null ? new long[n] : java.util.Arrays.copyOf(qtypeCounts, n);
            }
            qtypeNames[qtypeCount] = qtype;
            qtypeCounts[qtypeCount++] = 1;
        }

        /** Records an address this name answered with (at most {@link #MAX_SET} distinct). */
        void addAddress(String a) {
            if (indexOf(addressList, addressCount, a) >= 0) {
                return;
            }
            if (addressCount == MAX_SET) {
                capped |= CAPPED_ADDRESSES;
                return;
            }
            if (addressList == null || addressCount == addressList.length) {
                addressList = addressList == null ? new String[2]
                        : java.util.Arrays.copyOf(addressList, Math.min(MAX_SET, addressCount * 2));
            }
            addressList[addressCount++] = a;
        }

        void addAccepted(String client) {
            accepted = addBounded(accepted, client, CAPPED_ACCEPTED);
        }

        void addRejected(String client) {
            rejected = addBounded(rejected, client, CAPPED_REJECTED);
        }

        void addRefused(String client) {
            refused = addBounded(refused, client, CAPPED_REFUSED);
        }

        private TreeSet<String> addBounded(TreeSet<String> set, String v, int bit) {
            if (set == null) {
                set = new TreeSet<>();
            }
            if (set.size() < MAX_SET || set.contains(v)) {
                set.add(v);
            } else {
                capped |= bit;
            }
            return set;
        }

        /**
         * The lists that hold only the first {@link #MAX_SET} distinct values seen, by their
         * servers.jsonl names ({@code addresses}, {@code qtypes}, {@code accepted_clients} ...).
         */
        public List<String> capped() {
            if (capped == 0) {
                return List.of();
            }
            List<String> out = new ArrayList<>(CAPPED.size());
            for (int i = 0; i < CAPPED.size(); i++) {
                if ((capped >>> i & 1) != 0) {
                    out.add(CAPPED.get(i));
                }
            }
            return out;
        }

        private static SortedSet<String> orEmpty(TreeSet<String> s) {
            return s == null ? Collections.emptySortedSet() : s;
        }
    }

    /** A client's count in the table and how many pairs it holds, updated in place. */
    static final class Client {
        long total;
        int held;
        /** Its place in address order among the table's clients, from {@link #rankClients()}. */
        int rank = -1;
    }

    /**
     * Pairs are found through their server: most servers (names) have a client or two, found by
     * a scan of a short list, and one map lookup fewer per transaction is one cache miss fewer.
     */
    static final int SCAN = 8;

    static final int MAX_SET = 64;

    /** The bounded lists of a server, in the order of their bits in {@link Server#capped()}. */
    static final List<String> CAPPED = List.of("addresses", "qtypes", "accepted_clients", "rejected_clients",
            "refused_clients");
    private static final int CAPPED_ADDRESSES = 1;
    private static final int CAPPED_QTYPES = 1 << 1;
    private static final int CAPPED_ACCEPTED = 1 << 2;
    private static final int CAPPED_REJECTED = 1 << 3;
    private static final int CAPPED_REFUSED = 1 << 4;

    private final String kind;
    private final boolean groupLevel;
    private final int maxPairs;
    private final List<Pair> all = new ArrayList<>();
    /**
     * The pairs whose count is {@link #minCount}, the smallest: Space-Saving's victims, found
     * without sampling. Until the table first fills these are the pairs seen once; when they
     * are used up the table is scanned for the next smallest count (at most once per
     * 1/16 of the table's evictions; between scans a random sample stands in).
     */
    private final ArrayList<Pair> atMin = new ArrayList<>();
    private long minCount = 1;
    private long evictionsSinceScan;
    private final ServerIndex servers = new ServerIndex();
    /** The pairs of servers with more than {@link #SCAN} clients, by server and client. */
    private final PairIndex index = new PairIndex();
    /** Per client: its count and the pairs it holds, incremented in place. */
    private final Map<String, Client> clients = new Object2ObjectOpenHashMap<>();
    private final SplittableRandom rnd = new SplittableRandom(7);
    private long total;
    private long errorBound;
    private long replaced;
    private long forgotten;

    public PairTable(String kind, boolean groupLevel, int maxPairs) {
        this.kind = kind;
        this.groupLevel = groupLevel;
        this.maxPairs = maxPairs;
    }

    /**
     * Counts one transaction of {@code client} with {@code server} at {@code ts}; lookups within
     * {@code episodeNanos} of the episode's first one belong to that episode. Returns the
     * server's entry, for what the caller records of it.
     */
    public Server add(String client, String server, long ts, long episodeNanos) {
        total++;
        Server s = servers.get(server);
        if (s == null) {
            s = new Server(server, index);
            servers.put(s);
        }
        s.total++;
        Pair p = s.find(client);
        // A pair seen before knows its client's entry: the client map is asked only for a new
        // pair (one hash lookup fewer for most transactions of a resolver or a popular name).
        Client c = p != null ? p.clientEntry : clients.get(client);
        if (c == null) {
            c = new Client();
            clients.put(client, c);
        }
        c.total++;
        if (p == null) {
            if (all.size() >= maxPairs) {
                if (atMin.isEmpty() && evictionsSinceScan >= all.size() / 16) {
                    scanForMinimum();
                }
                Pair victim = atMin.isEmpty() ? smallest() : atMin.get(rnd.nextInt(atMin.size()));
                leaveMin(victim);
                evictionsSinceScan++;
                evict(victim, s, c);
                Pair last = all.remove(all.size() - 1);
                if (last != victim) {
                    all.set(victim.slot, last);
                    last.slot = victim.slot;
                }
                long inherited = victim.count;
                p = victim.reuse(client, server);
                p.count = inherited;
                p.error = inherited;
                errorBound = Math.max(errorBound, inherited);
                replaced++;
            } else {
                p = new Pair(client, server);
            }
            p.serverEntry = s;
            p.clientEntry = c;
            p.slot = all.size();
            all.add(p);
            s.addPair(p);
            c.held++;
        }
        p.count++;
        if (p.minSlot >= 0) {
            leaveMin(p); // it was at the minimum, and is now above it
        } else if (p.count == minCount) {
            p.minSlot = atMin.size(); // a new pair seen once, while the minimum is 1
            atMin.add(p);
        }
        p.firstSeen = Math.min(p.firstSeen, ts);
        p.lastSeen = Math.max(p.lastSeen, ts);
        if (ts >= p.episodeEnd) {
            p.episodes++;
            p.episodeEnd = ts + Math.max(episodeNanos, 1);
        }
        return s;
    }

    /** Takes {@code victim} out of its server and client, forgetting either once it has no pair left. */
    private void evict(Pair victim, Server adding, Client addingClient) {
        Server vs = victim.serverEntry;
        vs.removePair(victim);
        if (vs != adding && vs.pairCount() == 0 && servers.size() > maxPairs) {
            servers.remove(vs);
            forgotten++;
        }
        Client vc = victim.clientEntry;
        if (--vc.held == 0 && vc != addingClient && clients.size() > maxPairs) {
            clients.remove(victim.client);
            forgotten++;
        }
    }

    private void leaveMin(Pair p) {
        if (p.minSlot < 0) {
            return;
        }
        Pair last = atMin.remove(atMin.size() - 1);
        if (last != p) {
            atMin.set(p.minSlot, last);
            last.minSlot = p.minSlot;
        }
        p.minSlot = -1;
    }

    private void scanForMinimum() {
        long min = Long.MAX_VALUE;
        for (Pair p : all) {
            min = Math.min(min, p.count);
        }
        minCount = min;
        for (Pair p : all) {
            if (p.count == min) {
                p.minSlot = atMin.size();
                atMin.add(p);
            }
        }
        evictionsSinceScan = 0;
    }

    /** The smallest of a random sample, between scans. */
    private Pair smallest() {
        Pair min = null;
        for (int i = 0; i < 64; i++) {
            Pair p = all.get(rnd.nextInt(all.size()));
            if (min == null || p.count < min.count) {
                min = p;
            }
        }
        return min;
    }

    /** Pairs by their client's rank, while a server's pairs are sorted (see {@link #sortedPairs}). */
    private Pair[] byRank = new Pair[0];

    /**
     * Numbers the clients in {@link Exclusivity#ORDER}'s tie order (addresses numerically, then
     * names), so that every server's pairs then sort by two numbers: each client's text is parsed
     * once per table instead of once per pair, and the sort compares primitives.
     */
    public void rankClients() {
        List<Exclusivity.Ranked<Client>> ranked = new ArrayList<>(clients.size());
        for (Map.Entry<String, Client> e : clients.entrySet()) {
            ranked.add(new Exclusivity.Ranked<>(e.getValue(), e.getKey()));
        }
        ranked.sort(Exclusivity.Ranked.ORDER);
        for (int i = 0; i < ranked.size(); i++) {
            ranked.get(i).x().rank = i;
        }
        if (byRank.length < ranked.size()) {
            byRank = new Pair[ranked.size()];
        }
    }

    /**
     * A copy of the server's pairs in {@link Exclusivity#ORDER} of their guaranteed counts (the
     * counts while the table is exact): largest first, ties by client address. Needs
     * {@link #rankClients()} since the last client was added.
     */
    public List<Pair> sortedPairs(Server s) {
        Pair[] ps = s.pairs;
        int n = s.pairCount;
        if (n < 2) {
            // Every server's list is of one class, so the code that walks them is compiled once:
            // a second class showing up later had the JIT throw away and redo the output loops.
            return java.util.Arrays.asList(n == 0 ? new Pair[0] : new Pair[] {ps[0]});
        }
        // A client holds one pair per server, so (count, rank) is unique and names its pair.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            Pair p = ps[i];
            int rank = p.clientEntry.rank;
            if (p.count > Integer.MAX_VALUE || rank < 0) {
                return Exclusivity.sort(s.pairs(), Pair::guaranteed, q -> q.client); // a count beyond 31 bits
            }
            byRank[rank] = p;
            keys[i] = (long) (Integer.MAX_VALUE - (int) p.guaranteed()) << 32 | rank;
        }
        java.util.Arrays.sort(keys);
        Pair[] out = new Pair[n];
        for (int i = 0; i < n; i++) {
            out[i] = byRank[(int) keys[i]];
        }
        return java.util.Arrays.asList(out);
    }

    /** The pair's count, 0 when it was never seen (or was evicted). */
    public long count(String client, String server) {
        Server s = servers.get(server);
        Pair p = s == null ? null : s.find(client);
        return p == null ? 0 : p.count;
    }

    public String kind() {
        return kind;
    }

    public boolean groupLevel() {
        return groupLevel;
    }

    public long total() {
        return total;
    }

    public long clientTotal(String client) {
        Client c = clients.get(client);
        return c == null ? 0 : c.total;
    }

    /** The server (or name) called {@code name}, or null. */
    public Server server(String name) {
        return servers.get(name);
    }

    /** Every server, in no particular order. */
    public List<Server> servers() {
        return servers.all();
    }

    public int serverCount() {
        return servers.size();
    }

    public List<Pair> pairs() {
        return new ArrayList<>(all);
    }

    /** The largest over-count any pair may carry; 0 while the table is exact. */
    public long errorBound() {
        return errorBound;
    }

    /** Servers and clients forgotten after their last pair was evicted. */
    public long forgotten() {
        return forgotten;
    }

    public boolean approximate() {
        return replaced > 0;
    }

    public int size() {
        return all.size();
    }

    /**
     * Where {@code x} is among the first {@code n} of {@code xs}, or -1: by identity first, as
     * texts are shared (PairAggregator, the parser's interner), then by equality.
     */
    static int indexOf(String[] xs, int n, String x) {
        return indexOf(xs, n, 1, x);
    }

    /** {@link #indexOf(String[], int, String)} over every {@code stride}-th of {@code xs}, from 0. */
    static int indexOf(Object[] xs, int n, int stride, String x) {
        for (int i = 0; i < n; i++) {
            if (xs[stride * i] == x) {
                return i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (x.equals(xs[stride * i])) {
                return i;
            }
        }
        return -1;
    }
}
