package sensor.report;

import static sensor.report.Table.col;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import sensor.output.ExclusivityReport;
import sensor.output.JsonLine;
import sensor.pairs.Event;
import sensor.pairs.Exclusivity;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairTable;
import sensor.pairs.Verdicts;
import sensor.report.Table.Kind;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * The report of {@code sensor report} without a subject: what the records say, then the very
 * analysis sections the replay prints ({@link ExclusivityReport}), then what the records tell of
 * data quality.
 */
public final class FullReport {
    private FullReport() {}

    /** Three lines of what was read, in place of the replay's three lines of frames, which records cannot know. */
    public static void head(PrintStream out, Records r) {
        long[] span = r.span();
        out.printf("Recomputed from %,d DNS transaction%s and %,d SMTP session%s in %s%s%n", r.dns().size(),
                plural(r.dns().size()), r.smtp().size(), plural(r.smtp().size()),
                r.directories().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                span == null ? "" : " (" + JsonLine.time(span[0], r.nanoPrecision()) + " to "
                        + JsonLine.time(span[1], r.nanoPrecision()) + ")");
        Window w = r.window();
        out.println(w.isAll() ? "Window: every record"
                : String.format("Window: %s to %s; %,d record%s outside it left out",
                        w.sinceNanos() == null ? "the first record" : JsonLine.time(w.sinceNanos(), r.nanoPrecision()),
                        w.untilNanos() == null ? "the last" : JsonLine.time(w.untilNanos(), r.nanoPrecision()) + " (excluded)",
                        r.outside(), plural(r.outside())));
        long[] status = new long[DnsTransaction.Status.values().length];
        for (DnsTransaction t : r.dns()) {
            status[t.status().ordinal()]++;
        }
        out.printf("DNS transactions: %,d answered, %,d unanswered, %,d unsolicited; SMTP: %,d session%s%n",
                status[0], status[1], status[2], r.smtp().size(), plural(r.smtp().size()));
    }

    public static void text(PrintStream out, Analysis a, int top) {
        Records r = a.records();
        head(out, r);
        ExclusivityReport.print(out, a.snapshot(), r.nanoPrecision(), top);
        out.println();
        Quality q = Quality.of(r);
        out.printf("Data quality (from the records; frames and decode errors are in summary.json): %,d transaction%s"
                + " with a malformed message, %,d unanswered and %,d unsolicited, %,d TCP byte%s missed in SMTP%n",
                q.malformed(), plural(q.malformed()), q.unanswered(), q.unsolicited(), q.smtpMissedBytes(),
                plural(q.smtpMissedBytes()));
        if (r.evicted() > 0) {
            out.printf("  of which %,d written from state the sensor evicted (table full, \"evicted\": true),"
                    + " not the network's%n", r.evicted());
        }
        if (r.unreadable() > 0) {
            out.printf("Unreadable lines skipped: %,d (a live file's last line cut mid-write, or not a record)%n",
                    r.unreadable());
        }
    }

    /** What the records themselves tell of the data's quality. */
    record Quality(long malformed, long unanswered, long unsolicited, long smtpMissedBytes) {
        static Quality of(Records r) {
            long malformed = 0;
            long unanswered = 0;
            long unsolicited = 0;
            for (DnsTransaction t : r.dns()) {
                malformed += t.malformed() != null ? 1 : 0;
                unanswered += t.status() == DnsTransaction.Status.UNANSWERED ? 1 : 0;
                unsolicited += t.status() == DnsTransaction.Status.UNSOLICITED ? 1 : 0;
            }
            return new Quality(malformed, unanswered, unsolicited, r.smtp().stream().mapToLong(SmtpSession::missedBytes).sum());
        }
    }

    /** The same as a table (the HTML panel, TSV and JSON). */
    static Table quality(Records r) {
        Quality q = Quality.of(r);
        Table t = Table.of("data_quality", "From the records", col("measure", Kind.TEXT), col("value", Kind.COUNT));
        t.row("DNS transactions with a malformed message", q.malformed());
        t.row("unanswered queries", q.unanswered());
        t.row("unsolicited responses", q.unsolicited());
        t.row("SMTP bytes missed (capture gaps)", q.smtpMissedBytes());
        t.row("records written from state the sensor evicted", r.evicted());
        t.row("unreadable record lines skipped", r.unreadable());
        return t;
    }

    /** The report's sections as tables, every entry: for TSV and JSON. */
    public static List<Table> tables(Analysis a) {
        List<Verdicts.ServerView> exclusive = new ArrayList<>();
        List<Verdicts.ServerView> explained = new ArrayList<>();
        for (Verdicts.ServerView v : a.snapshot().views()) {
            if (v.verdict().exclusive()) {
                exclusive.add(v);
            } else if (v.verdict().concentrated()) {
                explained.add(v);
            }
        }
        exclusive.sort(ExclusivityReport.BY_EVIDENCE);
        explained.sort(Comparator.comparingLong((Verdicts.ServerView v) -> -v.verdict().total())
                .thenComparing(ExclusivityReport.BY_EVIDENCE));
        Table servers = Table.of("servers", "Exclusive, then concentrated but explained by the baseline",
                col("kind", Kind.TEXT), col("level", Kind.TEXT), col("server", Kind.TEXT), col("total", Kind.COUNT),
                col("clients", Kind.COUNT), col("dominant_clients", Kind.LIST), col("dominant_share", Kind.SHARE),
                col("baseline_share", Kind.SHARE), col("lift", Kind.RATIO), col("p_value", Kind.P),
                col("exclusive", Kind.FLAG));
        exclusive.addAll(explained);
        for (Verdicts.ServerView v : exclusive) {
            Exclusivity.Verdict x = v.verdict();
            servers.row(v.table().kind(), Drilldown.level(v.table()), v.server().name, x.total(), (long) x.clients(),
                    x.dominant().stream().map(Exclusivity.ClientCount::client).toList(), x.dominantShare(),
                    x.baselineShare(), x.dominantLift(), x.pValue(), x.exclusive());
        }
        List<Event> events = a.snapshot().events().stream()
                .filter(e -> e.isRename() || "vanished".equals(e.type())).toList();
        Table smtp = Table.of("smtp", "SMTP by server", col("server", Kind.TEXT), col("attempts", Kind.COUNT),
                col("accepted_clients", Kind.LIST), col("rejected_clients", Kind.LIST), col("refused_clients", Kind.LIST));
        PairTable table = a.snapshot().aggregate().table(PairAggregator.SMTP, false);
        for (Verdicts.ServerView v : a.snapshot().views()) {
            if (v.table() == table) {
                PairTable.Server s = v.server();
                smtp.row(s.name, s.total, List.copyOf(s.accepted()), List.copyOf(s.rejected()), List.copyOf(s.refused()));
            }
        }
        return List.of(servers, Drilldown.events(events), smtp, quality(a.records()));
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
