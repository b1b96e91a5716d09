package sensor.pairs;

import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
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
 * The tables a flood of distinct names churns, hand-written (hashes beside the keys) against
 * fastutil, full at the default bound of 250,000: a share of lookups find their name, the others
 * add one and drop another. A name table's servers (ServerIndex against an open hash map) drop a
 * random one, as Space-Saving's eviction forgets a name; the rename detector's histories
 * (FifoTable against a linked open hash map) drop the oldest. In this package for the tables'
 * package-private API; run with {@code ./sensor bench jmh NameTablesBenchmark}. Never part of the
 * test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class NameTablesBenchmark {
    private static final int OPS = 4096;
    private static final int NAMES = 250_000;

    /** Of every ten lookups, how many find their name (names-5m's name table: about two). */
    @Param({"2", "8"})
    public int hits;

    private final PairIndex pairs = new PairIndex();
    private final ServerIndex servers = new ServerIndex();
    private final Object2ObjectOpenHashMap<String, PairTable.Server> serverMap = new Object2ObjectOpenHashMap<>();
    private final FifoTable<String> histories = new FifoTable<>();
    private final Object2ObjectLinkedOpenHashMap<String, String> historyMap = new Object2ObjectLinkedOpenHashMap<>();
    /** The servers held, for a random one to be forgotten (one array per table: their objects differ). */
    private final PairTable.Server[] heldServers = new PairTable.Server[NAMES];
    private final PairTable.Server[] heldMapServers = new PairTable.Server[NAMES];
    private String[] opName;
    private SplittableRandom rnd;
    private int next;
    private int made;

    @Setup
    public void setUp() {
        rnd = new SplittableRandom(2016);
        String[] held = new String[NAMES];
        for (int i = 0; i < NAMES; i++) {
            String name = name();
            held[i] = name;
            heldServers[i] = new PairTable.Server(name, pairs);
            servers.put(heldServers[i]);
            heldMapServers[i] = new PairTable.Server(name, pairs);
            serverMap.put(name, heldMapServers[i]);
            histories.put(name, name);
            historyMap.put(name, name);
        }
        opName = new String[OPS * 16];
        for (int i = 0; i < opName.length; i++) {
            opName[i] = i % 10 < hits ? held[rnd.nextInt(NAMES)] : name();
        }
    }

    private String name() {
        String s = "host" + made++ + ".example" + rnd.nextInt(97) + ".com";
        s.hashCode();
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long serversHandWritten() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            String name = opName[next++ & (opName.length - 1)];
            PairTable.Server s = servers.get(name);
            if (s != null) {
                found += s.total;
            } else {
                int v = rnd.nextInt(NAMES);
                servers.remove(heldServers[v]);
                heldServers[v] = new PairTable.Server(name, pairs);
                servers.put(heldServers[v]);
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long serversLibrary() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            String name = opName[next++ & (opName.length - 1)];
            PairTable.Server s = serverMap.get(name);
            if (s != null) {
                found += s.total;
            } else {
                int v = rnd.nextInt(NAMES);
                serverMap.remove(heldMapServers[v].name);
                heldMapServers[v] = new PairTable.Server(name, pairs);
                serverMap.put(name, heldMapServers[v]);
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long historiesHandWritten() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            String name = opName[next++ & (opName.length - 1)];
            if (histories.get(name) != null) {
                found++;
            } else {
                histories.put(name, name);
                histories.removeFirst();
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long historiesLibrary() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            String name = opName[next++ & (opName.length - 1)];
            if (historyMap.get(name) != null) {
                found++;
            } else {
                historyMap.put(name, name);
                historyMap.removeFirst();
            }
        }
        return found;
    }
}
