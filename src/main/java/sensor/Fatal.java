package sensor;

import java.io.PrintStream;
import sensor.pairs.AggregationThread;

/**
 * An error that ends the run (out of memory, a stage's thread gone): one line on stderr, never a
 * half-alive process. The runners then write what was decoded and exit 1.
 */
public final class Fatal {
    private Fatal() {}

    /** The one line for {@code t}, which ended {@code thread}. */
    public static String line(Throwable t, String thread) {
        Throwable cause = t instanceof AggregationThread.Failed && t.getCause() != null ? t.getCause() : t;
        if (t instanceof AggregationThread.Failed) {
            thread = "aggregation";
        }
        String what = cause instanceof OutOfMemoryError
                ? "out of memory (" + (cause.getMessage() == null ? "heap" : cause.getMessage()) + ")"
                : cause.toString();
        return "sensor: fatal: " + what.replace('\n', ' ') + " in the " + thread
                + " thread; stopping with the records decoded so far written";
    }

    public static void report(PrintStream err, Throwable t, String thread) {
        err.println(line(t, thread));
        err.flush();
    }
}
