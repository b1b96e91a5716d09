package sensor;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import sensor.capture.PcapLiveSource;
import sensor.decode.LinkLayer;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * What {@code live} says on stderr: one line per interface when capture starts, a status while
 * it runs (redrawn in place on a terminal every second, else a log line every status interval,
 * as a journal wants it), and the final counts when it stops. Reads the tallies from the main
 * thread while the decoder counts: a status a moment stale is fine.
 */
final class LiveStatus {
    private static final long SECOND = 1_000_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final long intervalNanos;
    private final Tallies tallies;
    private final List<String> interfaces;
    private long lastNanos;
    private long lastTransactions;
    private long nextNanos;
    private boolean drawn;

    /**
     * @param intervalSeconds how often a status is printed when {@code terminal} is false; 0: never
     *                        (nor redrawn on a terminal)
     */
    LiveStatus(PrintStream err, boolean terminal, long intervalSeconds, Tallies tallies, List<String> interfaces,
            long startNanos) {
        this.err = err;
        this.terminal = terminal;
        this.intervalNanos = intervalSeconds * SECOND;
        this.tallies = tallies;
        this.interfaces = interfaces;
        this.lastNanos = startNanos;
        this.nextNanos = startNanos + (terminal ? SECOND : intervalNanos);
    }

    /** True when stderr is probably a terminal: the JVM's console, and on JDK 22+ one that says it is a terminal. */
    static boolean onTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException beforeJdk22) {
            return true; // before JDK 22 there is a console only on a terminal
        }
    }

    /** The line that says how one interface is captured. */
    static String started(PcapLiveSource source, PcapLiveSource.Options o, String userFilter, boolean prefilter) {
        return String.format(Locale.ROOT, "sensor: capturing on %s: link type %s (%d), snaplen %d, filter %s%s,"
                        + " buffer %s, %s%s", source.name(), LinkLayer.name(source.linkType()), source.linkType(),
                o.snaplen(), userFilter == null || userFilter.isBlank() ? "none" : "'" + userFilter + "'",
                prefilter && source.filterNote() == null ? " and the DNS/SMTP prefilter" : "",
                bytes(o.bufferSize()), o.promiscuous() ? "promiscuous" : "not promiscuous",
                o.immediate() ? ", immediate" : "");
    }

    /** Called by the main thread a few times a second: prints a status when one is due. */
    void poll(long now) {
        if (intervalNanos == 0 || now < nextNanos) {
            return;
        }
        long transactions = sum("txn");
        double rate = (transactions - lastTransactions) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastTransactions = transactions;
        lastNanos = now;
        nextNanos = now + (terminal ? SECOND : intervalNanos);
        Runtime rt = Runtime.getRuntime();
        String line = String.format(Locale.ROOT,
                "sensor: %s %,d frames, %.1f DNS transactions/s, drops: libpcap %,d, interface %,d, ring %,d;"
                        + " heap %s of %s", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                tallies.value("capture", "packets"), rate, perInterface("_dropped"), perInterface("_ifdropped"),
                tallies.value("capture", "ring_dropped"), bytes(rt.totalMemory() - rt.freeMemory()),
                bytes(rt.maxMemory()));
        if (terminal) {
            err.print("\r" + line + "\033[K");
            err.flush();
            drawn = true;
        } else {
            err.println(line);
        }
    }

    /** The final counts, in two lines. */
    void stopped(double elapsedSeconds) {
        if (drawn) {
            err.println();
        }
        err.println(String.format(Locale.ROOT, "sensor: stopped after %.1f s: %,d frames (%s), %,d DNS transactions"
                        + " (%,d answered, %,d unanswered, %,d unsolicited), %,d SMTP sessions, %,d decode errors",
                elapsedSeconds, tallies.value("capture", "packets"), bytes(tallies.value("capture", "bytes")), sum("txn"),
                tallies.value("txn", "answered"), tallies.value("txn", "unanswered"), tallies.value("txn", "unsolicited"),
                tallies.value("smtp", "sessions"), sum(Tallies.WEIRD)));
        err.println(String.format(Locale.ROOT, "sensor: drops: libpcap %,d, interface %,d, ring %,d (decoding"
                        + " behind capture); libpcap received %,d", perInterface("_dropped"), perInterface("_ifdropped"),
                tallies.value("capture", "ring_dropped"), perInterface("_received")));
    }

    private long perInterface(String suffix) {
        long n = 0;
        for (String i : interfaces) {
            n += Math.max(0, tallies.value("libpcap", i + suffix));
        }
        return n;
    }

    private long sum(String group) {
        return tallies.group(group).stream().mapToLong(Tally::get).sum();
    }

    static String bytes(long n) {
        if (n < 1 << 20) {
            return String.format(Locale.ROOT, "%,d KiB", n >> 10);
        }
        return n < 1L << 30 ? String.format(Locale.ROOT, "%,d MiB", n >> 20)
                : String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
    }
}
