package sensor.pairs;

import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
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
 * The rename detector's bounded table (FifoTable: hashes beside the keys, the order in a ring)
 * against fastutil's linked open hash map, full at the default bound of 250,000 names: a share
 * of lookups find their name, the others add one and drop the oldest. In this package for the
 * table's package-private API; run with {@code ./sensor bench jmh HistoriesBenchmark}. Never
 * part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class HistoriesBenchmark {
    private static final int OPS = 4096;
    private static final int NAMES = 250_000;

    /** Of every ten lookups, how many find their name. */
    @Param({"2", "8"})
    public int hits;

    private FifoTable<Object> handWritten;
    private Object2ObjectLinkedOpenHashMap<String, Object> library;
    private String[] held;
    private String[] opName;
    private SplittableRandom rnd;
    private int next;
    private int made;

    @Setup
    public void setUp() {
        rnd = new SplittableRandom(2016);
        handWritten = new FifoTable<>();
        library = new Object2ObjectLinkedOpenHashMap<>();
        held = new String[NAMES];
        for (int i = 0; i < NAMES; i++) {
            String name = name();
            held[i] = name;
            handWritten.put(name, name);
            library.put(name, name);
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
    public long handWritten() {
        long found = 0;
        for (int k = 0; k < OPS; k++) {
            String name = opName[next++ & (opName.length - 1)];
            if (handWritten.get(name) != null) {
                found++;
            } else {
                handWritten.put(name, name);
                handWritten.removeFirst();
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
            if (library.get(name) != null) {
                found++;
            } else {
                library.put(name, name);
                library.removeFirst();
            }
        }
        return found;
    }
}
