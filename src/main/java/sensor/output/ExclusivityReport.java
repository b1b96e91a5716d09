package sensor.output;

import java.io.PrintStream;
import java.util.List;
import sensor.pairs.Event;
import sensor.pairs.Exclusivity;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairTable;
import sensor.pairs.PairsConfig;

/** The analysis part of the replay report: exclusive servers and names, renames, SMTP outcomes. */
public final class ExclusivityReport {
    private static final int TOP = 10;

    private ExclusivityReport() {}

    public static void print(PrintStream out, PairsOutput.Snapshot snapshot, boolean nano) {
        PairAggregator agg = snapshot.aggregate();
        PairsConfig c = agg.config();
        List<PairsOutput.ServerView> views = snapshot.views();
        // The most concentrated first: HHI, then the evidence behind it.
        List<PairsOutput.ServerView> ranked = new java.util.ArrayList<>(views);
        ranked.sort(java.util.Comparator.comparingDouble((PairsOutput.ServerView v) -> -v.verdict().hhi())
                .thenComparingLong(v -> -v.verdict().total()).thenComparing(v -> v.table().kind())
                .thenComparing(v -> v.table().groupLevel()).thenComparing(v -> v.server().name));
        out.printf("%nMost exclusive (dominant clients reach %.0f%% of the total, at most %d of them, at least %d"
                + " transactions):%n", c.exclusiveShare() * 100, c.exclusiveMaxClients(), c.minCount());
        int shown = 0;
        for (PairsOutput.ServerView v : ranked) {
            if (!v.verdict().exclusive() || shown >= TOP) {
                continue;
            }
            shown++;
            PairTable t = v.table();
            Exclusivity.Verdict x = v.verdict();
            out.printf("  %-8s %s%s: %,d from %d client%s, top share %.1f%%, HHI %.3f%s%n", t.kind(),
                    v.server().name, t.groupLevel() ? " (organisations)" : "", x.total(), x.clients(),
                    x.clients() == 1 ? "" : "s", 100 * x.topShare(), x.hhi(),
                    t.approximate() ? ", approximate (error <= " + t.errorBound() + ")" : "");
            for (Exclusivity.ClientCount cc : x.top()) {
                long clientTotal = t.clientTotal(cc.client());
                double share = (double) cc.count() / x.total();
                double base = (double) clientTotal / t.total();
                out.printf("      %-40s %,8d  %5.1f%%  lift %6.2f%n", cc.client(), cc.count(), 100 * share,
                        base == 0 ? 0 : share / base);
            }
        }
        if (shown == 0) {
            out.println("  none");
        }
        out.println();
        out.println("Renames and vanished names:");
        List<Event> events = snapshot.events();
        if (events.isEmpty()) {
            out.println("  none");
        }
        for (Event e : events) {
            String ts = JsonLine.time(e.tsNanos(), nano);
            switch (e.type()) {
                case "rename" -> out.printf("  %s rename on %s: %s -> %s; first asked by %s%s %.1f s after the old"
                        + " name's last answer; it made %.1f%% of the old name's lookups%n", ts, e.address(),
                        e.oldName(), e.newName(), e.firstClient(),
                        e.firstClientGroup() == null ? "" : " (" + e.firstClientGroup() + ")", e.delayS(),
                        100 * (e.firstClientOldShare() == null ? 0 : e.firstClientOldShare()));
                case "alias" -> out.printf("  %s alias on %s: %s and %s%n", ts, e.address(), e.oldName(), e.newName());
                default -> out.printf("  %s vanished: %s (was %s)%n", ts, e.oldName(), e.address());
            }
        }
        out.println();
        out.println("SMTP by server (distinct clients accepted / rejected / refused):");
        PairTable smtp = agg.table(PairAggregator.SMTP, false);
        boolean any = false;
        for (PairsOutput.ServerView v : views) {
            if (v.table() != smtp) {
                continue;
            }
            any = true;
            PairTable.Server s = v.server();
            out.printf("  %-40s %,6d attempts  accepted %s  rejected %s  refused %s%n", s.name, s.total,
                    s.accepted(), s.rejected(), s.refused());
        }
        if (!any) {
            out.println("  none");
        }
    }
}
