package sensor.output;

import java.io.PrintStream;
import sensor.Pipeline;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/** The short human report {@code replay} prints on stdout at the end. */
public final class Report {
    private Report() {}

    public static void print(PrintStream out, Tallies t, Pipeline pipeline, double elapsedSeconds) {
        long packets = t.value("capture", "packets");
        out.printf("Replayed %,d frames (%,d bytes) in %.2f s, %,.0f frames/s%n", packets, t.value("capture", "bytes"),
                elapsedSeconds, elapsedSeconds > 0 ? packets / elapsedSeconds : 0.0);
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
        ExclusivityReport.print(out, pipeline.snapshot(), pipeline.nanoPrecision());
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
        out.println("Records in " + pipeline.config().outDir());
    }
}
