package sensor.txn;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The answered-keys set (hand-written linear probing over a ring of 65,536 fingerprints) against
 * fastutil's long set beside the same ring, as the matcher uses it: every answered transaction
 * adds its fingerprint (the oldest goes), and a response with no query asks whether it was
 * answered already. In this package for the set's package-private API; run with
 * {@code ./sensor bench jmh AnsweredKeysBenchmark}. Never part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class AnsweredKeysBenchmark {
    private static final int CAPACITY = 65_536;
    private static final int OPS = 4096;

    private AnsweredKeys handWritten;
    private LongOpenHashSet library;
    private long[] ring;
    private int ringNext;
    private int ringSize;
    private long[] keys;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(2016);
        handWritten = new AnsweredKeys(CAPACITY);
        library = new LongOpenHashSet(CAPACITY);
        ring = new long[CAPACITY];
        keys = new long[1 << 20];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = rnd.nextLong();
        }
        for (int i = 0; i < CAPACITY; i++) {
            handWritten.add(keys[i]);
            libraryAdd(keys[i]);
        }
        next = CAPACITY;
    }

    private void libraryAdd(long f) {
        if (!library.add(f)) {
            return;
        }
        if (ringSize == CAPACITY) {
            library.remove(ring[ringNext]);
        } else {
            ringSize++;
        }
        ring[ringNext] = f;
        ringNext = (ringNext + 1) & (CAPACITY - 1);
    }

    /** An answer added, and one in four responses asked about: half a recent key, half a new one. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int handWritten() {
        int found = 0;
        for (int k = 0; k < OPS; k++) {
            int i = next++ & (keys.length - 1);
            handWritten.add(keys[i]);
            if ((k & 3) == 0 && handWritten.contains(keys[(i - (k & 4) * 2000) & (keys.length - 1)] + (k & 8))) {
                found++;
            }
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int library() {
        int found = 0;
        for (int k = 0; k < OPS; k++) {
            int i = next++ & (keys.length - 1);
            libraryAdd(keys[i]);
            if ((k & 3) == 0 && library.contains(keys[(i - (k & 4) * 2000) & (keys.length - 1)] + (k & 8))) {
                found++;
            }
        }
        return found;
    }
}
