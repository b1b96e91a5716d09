package sensor.pairs;

import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
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
 * A table's servers by name, the hand-written index (hashes beside the servers) against
 * fastutil's open hash map of Strings, on what a flood of distinct names makes of a full name
 * table: a share of lookups find their name, the others add a new one and forget a random one.
 * In this package for the index's package-private API; run with
 * {@code ./sensor bench jmh ServersBenchmark}. Never part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ServersBenchmark {
    private static final int OPS = 4096;
    private static final int SERVERS = 250_000;

    /** Of every ten lookups, how many find their name (names-5m: about two). */
    @Param({"2", "8"})
    public int hits;

    private final PairIndex pairs = new PairIndex();
    private ServerIndex handWritten;
    private Object2ObjectOpenHashMap<String, PairTable.Server> library;
    private List<PairTable.Server> heldHand;
    private List<PairTable.Server> heldLib;
    private String[] opName;
    private SplittableRandom rnd;
    private int next;
    private int made;

    @Setup
    public void setUp() {
        rnd = new SplittableRandom(2016);
        handWritten = new ServerIndex();
        library = new Object2ObjectOpenHashMap<>();
        heldHand = new ArrayList<>(SERVERS);
        heldLib = new ArrayList<>(SERVERS);
        for (int i = 0; i < SERVERS; i++) {
            String name = name();
            PairTable.Server a = new PairTable.Server(name, pairs);
            handWritten.put(a);
            heldHand.add(a);
            PairTable.Server b = new PairTable.Server(name, pairs);
            library.put(name, b);
            heldLib.add(b);
        }
        opName = new String[OPS * 16];
        for (int i = 0; i < opName.length; i++) {
            opName[i] = i % 10 < hits ? heldHand.get(rnd.nextInt(SERVERS)).name : name();
        }
    }

    private String name() {
        String s = "host" + made++ + ".example" + rnd.nextInt(97) + ".com";
        s.hashCode();
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long handWritten() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            String name = opName[next++ & (opName.length - 1)];
            PairTable.Server s = handWritten.get(name);
            if (s != null) {
                found += s.total;
            } else {
                int v = rnd.nextInt(heldHand.size());
                handWritten.remove(heldHand.get(v));
                PairTable.Server added = new PairTable.Server(name, pairs);
                handWritten.put(added);
                heldHand.set(v, added);
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long library() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            String name = opName[next++ & (opName.length - 1)];
            PairTable.Server s = library.get(name);
            if (s != null) {
                found += s.total;
            } else {
                int v = rnd.nextInt(heldLib.size());
                library.remove(heldLib.get(v).name);
                PairTable.Server added = new PairTable.Server(name, pairs);
                library.put(name, added);
                heldLib.set(v, added);
            }
        }
        return found;
    }
}
