package sensor.output;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sensor.pairs.Event;
import sensor.pairs.Exclusivity;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairTable;
import sensor.pairs.PairsConfig;
import sensor.pairs.Verdicts;

/**
 * The analysis part of the replay report: exclusive servers and names ranked by the strength of
 * their evidence, concentrations the baseline explains, renames, vanished names and SMTP outcomes.
 * Each section shows its first {@code top} entries and says how many more the files hold.
 */
public final class ExclusivityReport {
    private ExclusivityReport() {}

    /** Strongest evidence first: p-value, then the dominant clients' lift, then the larger total. */
    public static final Comparator<Verdicts.ServerView> BY_EVIDENCE = Comparator
            .comparingDouble((Verdicts.ServerView v) -> v.verdict().pValue())
            .thenComparingDouble(v -> -v.verdict().dominantLift())
            .thenComparingLong(v -> -v.verdict().total())
            .thenComparing(v -> v.table().kind())
            .thenComparing(v -> v.table().groupLevel())
            .thenComparing(v -> v.server().name);

    public static void print(PrintStream out, Verdicts.Snapshot snapshot, boolean nano, int top) {
        PairsConfig c = snapshot.aggregate().config();
        List<Verdicts.ServerView> exclusive = new ArrayList<>();
        List<Verdicts.ServerView> explained = new ArrayList<>();
        for (Verdicts.ServerView v : snapshot.views()) {
            if (v.verdict().exclusive()) {
                exclusive.add(v);
            } else if (v.verdict().concentrated()) {
                explained.add(v);
            }
        }
        exclusive.sort(BY_EVIDENCE);
        out.printf("%nExclusive (at most %d client%s make %s of the total, at least %,d transaction%s, and p <= %s that"
                + " clients with their share of all traffic get that much by chance):%n", c.exclusiveMaxClients(),
                plural(c.exclusiveMaxClients()), threshold(c.exclusiveShare()), c.minCount(), plural(c.minCount()),
                pValue(c.exclusiveP()));
        for (Verdicts.ServerView v : first(exclusive, top)) {
            printServer(out, v);
        }
        more(out, exclusive.size(), top, "servers.jsonl (\"exclusive\": true)");

        explained.sort(Comparator.comparingLong((Verdicts.ServerView v) -> -v.verdict().total())
                .thenComparing(BY_EVIDENCE));
        out.printf("%nConcentrated, but explained by the baseline (the same clients are as busy everywhere,"
                + " p > %s):%n", pValue(c.exclusiveP()));
        for (Verdicts.ServerView v : first(explained, top)) {
            Exclusivity.Verdict x = v.verdict();
            out.printf("  %-8s %s%s: %s make %s of %,d; their share of all traffic %s; p = %s%n", v.table().kind(),
                    v.server().name, level(v), names(x.dominant()), percent(x.dominantShare()), x.total(),
                    percent(x.baselineShare()), pValue(x.pValue()));
        }
        more(out, explained.size(), top, "servers.jsonl");

        printEvents(out, snapshot.events(), nano, top);
        printSmtp(out, snapshot, top);
    }

    private static void printServer(PrintStream out, Verdicts.ServerView v) {
        PairTable t = v.table();
        Exclusivity.Verdict x = v.verdict();
        out.printf("  %-8s %s%s: %,d transaction%s from %,d client%s; p = %s%s%n", t.kind(), v.server().name, level(v),
                x.total(), plural(x.total()), x.clients(), plural(x.clients()), pValue(x.pValue()),
                t.approximate() ? "; approximate, counts are lower bounds (error <= " + t.errorBound() + ")" : "");
        for (Exclusivity.ClientCount cc : x.dominant()) {
            out.printf("      %-32s %,8d  %6s of it; %6s of all traffic; lift %7.2f%n", cc.client(), cc.count(),
                    percent((double) cc.count() / x.total()), percent((double) cc.clientTotal() / t.total()),
                    Exclusivity.lift(cc.count(), x.total(), cc.clientTotal(), t.total()));
        }
    }

    private static void printEvents(PrintStream out, List<Event> events, boolean nano, int top) {
        List<Event> renames = new ArrayList<>();
        List<Event> vanished = new ArrayList<>();
        long possible = 0;
        long aliases = 0;
        for (Event e : events) {
            switch (e.type()) {
                case "rename" -> renames.add(e);
                case "vanished" -> vanished.add(e);
                case "possible_rename" -> possible++;
                default -> aliases++;
            }
        }
        out.println();
        out.println("Renames (the old name seen to stop resolving to the address, the new one first asked after):");
        for (Event e : first(renames, top)) {
            out.printf("  %s on %s (%d name%s seen there): %s -> %s; first asked by %s%s %s after the old name's last"
                    + " answer; that client made %s of the old name's lookups%n", JsonLine.time(e.tsNanos(), nano),
                    e.address(), e.addressNames(), plural(e.addressNames()), e.oldName(), e.newName(),
                    e.firstClient() == null ? "nobody seen" : e.firstClient(),
                    e.firstClientGroup() == null ? "" : " (" + e.firstClientGroup() + ")", duration(e.delayS()),
                    percent(e.firstClientOldShare() == null ? 0 : e.firstClientOldShare()));
        }
        more(out, renames.size(), top, "events.jsonl");
        if (possible + aliases > 0) {
            out.printf("  (events.jsonl also holds %,d possible rename%s without evidence that the old name stopped, and"
                    + " %,d alias%s: names sharing an address)%n", possible, plural(possible), aliases,
                    aliases == 1 ? "" : "es");
        }
        out.println();
        out.println("Vanished names (NXDOMAIN after they had resolved):");
        for (Event e : first(vanished, top)) {
            out.printf("  %s %s (was %s)%n", JsonLine.time(e.tsNanos(), nano), e.oldName(), e.address());
        }
        more(out, vanished.size(), top, "events.jsonl");
    }

    private static void printSmtp(PrintStream out, Verdicts.Snapshot snapshot, int top) {
        out.println();
        out.println("SMTP by server (distinct clients accepted / rejected / refused):");
        PairTable smtp = snapshot.aggregate().table(PairAggregator.SMTP, false);
        List<Verdicts.ServerView> servers = new ArrayList<>();
        for (Verdicts.ServerView v : snapshot.views()) {
            if (v.table() == smtp) {
                servers.add(v); // largest first already
            }
        }
        for (Verdicts.ServerView v : first(servers, top)) {
            PairTable.Server s = v.server();
            out.printf("  %-40s %,6d attempt%s  accepted %s  rejected %s  refused %s%n", s.name, s.total,
                    plural(s.total), s.accepted(), s.rejected(), s.refused());
        }
        more(out, servers.size(), top, "servers.jsonl");
    }

    private static <T> List<T> first(List<T> xs, int top) {
        return xs.subList(0, Math.min(top, xs.size()));
    }

    /** "none", or how many more a file holds than the section showed. */
    private static void more(PrintStream out, int size, int top, String where) {
        if (size == 0) {
            out.println("  none");
        } else if (size > top) {
            out.printf("  ... %,d more in %s%n", size - top, where);
        }
    }

    private static String level(Verdicts.ServerView v) {
        return v.table().groupLevel() ? " (organisations)" : "";
    }

    private static String names(List<Exclusivity.ClientCount> cs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cs.size(); i++) {
            sb.append(i == 0 ? "" : i == cs.size() - 1 ? " and " : ", ").append(cs.get(i).client());
        }
        return sb.toString();
    }

    static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    public static String percent(double share) {
        return String.format("%.1f%%", 100 * share);
    }

    /** A threshold as the user gave it: 0.8 is "80%", 0.825 "82.5%". */
    static String threshold(double share) {
        return new BigDecimal(100 * share).round(new MathContext(6)).stripTrailingZeros()
                .toPlainString() + "%";
    }

    /**
     * A p-value as a reader compares them: two significant digits, plain down to 0.0001, then
     * in powers of ten, and "< 1e-300" where a double ends.
     */
    public static String pValue(double p) {
        if (p == 0) {
            return "< 1e-300";
        }
        if (p >= 1e-4) {
            return new BigDecimal(p).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        }
        return String.format("%.1e", p);
    }

    /** Seconds as a person reads a delay: "42.0 s", "5 min 3 s", "2 h 5 min", "3 d 21 h 17 min". */
    public static String duration(Double seconds) {
        if (seconds == null) {
            return "an unknown time";
        }
        double s = seconds;
        if (s < 60) {
            return String.format("%.1f s", s);
        }
        long whole = Math.round(s);
        long d = whole / 86_400;
        long h = whole % 86_400 / 3600;
        long min = whole % 3600 / 60;
        if (d > 0) {
            return d + " d " + h + " h " + min + " min";
        }
        if (h > 0) {
            return h + " h " + min + " min";
        }
        return min + " min " + whole % 60 + " s";
    }
}
