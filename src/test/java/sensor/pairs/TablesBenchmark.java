package sensor.pairs;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.objects.ObjectOpenCustomHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pair index (hand-written open addressing with the hashes beside the pairs) against
 * fastutil's open hash set with a strategy, on the lookups the aggregation makes: pairs of
 * servers with many clients, most lookups finding a pair, the others a client that replaces a
 * random pair, whose object is reused (a full table's eviction). In this package for the index's package-private API;
 * run with {@code ./sensor bench jmh TablesBenchmark}. Never part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TablesBenchmark {
    private static final int OPS = 4096;

    /** Pairs held: a resolver table's size, and a name table's at the default bound. */
    @Param({"20000", "250000"})
    public int pairs;

    private PairIndex handWritten;
    private ObjectOpenCustomHashSet<PairTable.Pair> library;
    private final PairTable.Pair probe = new PairTable.Pair("", "");
    private PairTable.Server[] servers;
    /** What is looked up: the held pairs by server and client, then a new client for a tenth of them. */
    private PairTable.Server[] opServer;
    private String[] opClient;
    private List<PairTable.Pair> heldHand;
    private List<PairTable.Pair> heldLib;
    private SplittableRandom rnd;
    private int next;

    /** A pair's hash as the index takes it; fastutil spreads it further itself. */
    private static final Hash.Strategy<PairTable.Pair> BY_SERVER_AND_CLIENT = new Hash.Strategy<>() {
        @Override
        public int hashCode(PairTable.Pair p) {
            return p == null ? 0 : p.indexHash;
        }

        @Override
        public boolean equals(PairTable.Pair a, PairTable.Pair b) {
            if (a == null || b == null) {
                return a == b;
            }
            return a.serverEntry == b.serverEntry && (a.client == b.client || a.client.equals(b.client));
        }
    };

    @Setup
    public void setUp() {
        rnd = new SplittableRandom(2016);
        handWritten = new PairIndex();
        // Half full at most, as the index keeps itself: fastutil would fill it to three quarters.
        library = new ObjectOpenCustomHashSet<>(16, 0.5f, BY_SERVER_AND_CLIENT);
        // Servers of Zipf-like sizes: a few with thousands of clients, many with tens.
        int n = Math.max(50, pairs / 400);
        servers = new PairTable.Server[n];
        for (int i = 0; i < n; i++) {
            servers[i] = new PairTable.Server("name-" + i + ".example", handWritten);
        }
        heldHand = new ArrayList<>(pairs);
        heldLib = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            PairTable.Server s = servers[zipf(n)];
            String c = client();
            heldHand.add(putHand(s, c));
            heldLib.add(putLib(s, c));
        }
        opServer = new PairTable.Server[OPS * 16];
        opClient = new String[OPS * 16];
        for (int i = 0; i < opServer.length; i++) {
            if (i % 10 == 9) {
                opServer[i] = servers[zipf(n)];
                opClient[i] = client();
            } else {
                PairTable.Pair p = heldHand.get(rnd.nextInt(heldHand.size()));
                opServer[i] = p.serverEntry;
                opClient[i] = p.client;
            }
        }
    }

    private int zipf(int n) {
        // Inverse of a power law with exponent about 0.9 over n ranks.
        double u = rnd.nextDouble();
        return Math.min(n - 1, (int) Math.pow(n + 1, u) - 1);
    }

    private String client() {
        int a = rnd.nextInt(1 << 24);
        String s = "10." + (a >> 16) + "." + (a >> 8 & 0xff) + "." + (a & 0xff);
        s.hashCode();
        return s;
    }

    private PairTable.Pair putHand(PairTable.Server s, String c) {
        PairTable.Pair p = new PairTable.Pair(c, s.name);
        p.serverEntry = s;
        p.indexHash = PairIndex.hash(s, c);
        handWritten.put(p);
        return p;
    }

    private PairTable.Pair putLib(PairTable.Server s, String c) {
        PairTable.Pair p = new PairTable.Pair(c, s.name);
        p.serverEntry = s;
        p.indexHash = PairIndex.hash(s, c);
        library.add(p);
        return p;
    }

    private static void reuse(PairTable.Pair p, PairTable.Server s, String c) {
        p.reuse(c, s.name);
        p.serverEntry = s;
        p.indexHash = PairIndex.hash(s, c);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long handWritten() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            int i = next++ & (opServer.length - 1);
            PairTable.Server s = opServer[i];
            String c = opClient[i];
            PairTable.Pair p = handWritten.get(s, c, PairIndex.hash(s, c));
            if (p != null) {
                found += p.count;
            } else {
                // A full table: a random pair's object is evicted and reused, as PairTable does.
                PairTable.Pair victim = heldHand.get(rnd.nextInt(heldHand.size()));
                handWritten.remove(victim);
                reuse(victim, s, c);
                handWritten.put(victim);
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long library() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            int i = next++ & (opServer.length - 1);
            PairTable.Server s = opServer[i];
            String c = opClient[i];
            probe.serverEntry = s;
            probe.client = c;
            probe.indexHash = PairIndex.hash(s, c);
            PairTable.Pair p = library.get(probe);
            if (p != null) {
                found += p.count;
            } else {
                PairTable.Pair victim = heldLib.get(rnd.nextInt(heldLib.size()));
                library.remove(victim);
                reuse(victim, s, c);
                library.add(victim);
            }
        }
        return found;
    }
}
