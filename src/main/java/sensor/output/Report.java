package sensor.output;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;
import sensor.pairs.Verdicts;

/** The short human report {@code replay} prints on stdout at the end. */
public final class Report {
    private Report() {}

    /** {@code aggregates}: the pair, server and event records as written; {@code outDir}: where they are. */
    public static void print(PrintStream out, Tallies t, List<Summary.Input> inputs, Verdicts.Snapshot aggregates,
            boolean nanoPrecision, Path outDir, double elapsedSeconds, int top) {
        long decoded = t.value("capture", "packets");
        Summary.Frames frames = Summary.Frames.of(inputs);
        long read = frames.read();
        long filtered = frames.filtered();
        out.printf("Read %s frame%s from %d input%s (%,d bytes decoded); %s; decoded %,d frame%s in %.2f s,"
                + " %,.0f frames/s%n", read < 0 ? "an unknown number of" : String.format("%,d", read),
                read == 1 ? "" : "s", inputs.size(), inputs.size() == 1 ? "" : "s", t.value("capture", "bytes"),
                filtered < 0 ? "a filter inside libpcap dropped some" : filtered == 0 ? "none filtered out"
                        : String.format("%,d filtered out (no DNS or SMTP port, or -f)", filtered),
                decoded, decoded == 1 ? "" : "s", elapsedSeconds, elapsedSeconds > 0 ? decoded / elapsedSeconds : 0.0);
        out.printf("DNS: %,d messages; transactions: %,d answered, %,d unanswered, %,d unsolicited%n",
                t.value("dns", "messages"), t.value("txn", "answered"), t.value("txn", "unanswered"),
                t.value("txn", "unsolicited"));
        out.printf("SMTP: %,d sessions; TCP: %,d streams, %,d missed bytes%n", t.value("smtp", "sessions"),
                t.value("tcp", "connections"), t.value("tcp", "missed_bytes"));
        StringBuilder weird = new StringBuilder();
        for (Tally w : t.group(Tallies.WEIRD)) {
            if (w.get() > 0) {
                weird.append(weird.length() == 0 ? "" : ", ").append(w.name()).append(' ').append(w.get());
                if (w.firstFrame() > 0) {
                    weird.append(" (first at frame ").append(w.firstFrame()).append(')');
                }
            }
        }
        ExclusivityReport.print(out, aggregates, nanoPrecision, top);
        out.println();
        out.printf("Data quality: %,d malformed DNS messages, %,d unanswered and %,d unsolicited transactions,"
                + " %,d TCP bytes missed%n", t.value("dns", "malformed"), t.value("txn", "unanswered"),
                t.value("txn", "unsolicited"), t.value("tcp", "missed_bytes"));
        long evicted = t.value("dns", "pending_evicted") + t.value("dns", "pending_evicted_flow_cap")
                + t.value("dns", "unsolicited_after_eviction");
        if (evicted > 0) {
            out.printf("  of which %,d written from state the sensor evicted (table full, \"evicted\": true),"
                    + " not the network's%n", evicted);
        }
        out.println("Decode errors: " + (weird.length() == 0 ? "none" : weird));
        out.println("Records in " + outDir);
    }
}
