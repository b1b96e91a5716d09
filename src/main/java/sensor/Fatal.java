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

    /**
     * The one line for a bug that cost one frame (or one batch of records) and not the run: what
     * was thrown and the sensor's own method it came from, enough for a report; the user gets no
     * stack trace.
     */
    public static String internal(RuntimeException e, String where) {
        StringBuilder line = new StringBuilder("sensor: internal error ").append(where).append(": ")
                .append(e.toString().replace('\n', ' '));
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("sensor.")) {
                line.append(" (in ").append(f.getClassName()).append('.').append(f.getMethodName());
                if (f.getLineNumber() > 0) {
                    line.append(':').append(f.getLineNumber());
                }
                line.append(')');
                break;
            }
        }
        return line.append("; the run goes on, and summary.json counts it as internal_error").toString();
    }

    public static void report(PrintStream err, Throwable t, String thread) {
        err.println(line(t, thread));
        err.flush();
    }
}
