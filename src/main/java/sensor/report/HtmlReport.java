package sensor.report;

import static sensor.report.Table.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import sensor.decode.IpAddress;
import sensor.output.ExclusivityReport;
import sensor.output.JsonLine;
import sensor.pairs.ClientGroups;
import sensor.pairs.Event;
import sensor.pairs.Exclusivity;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairTable;
import sensor.pairs.PairsConfig;
import sensor.pairs.Verdicts;
import sensor.report.Table.Kind;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * One self-contained HTML page (inline CSS and SVG, nothing fetched when it opens): the exclusive
 * servers and names with their evidence, a timeline of each of the strongest by client or
 * organisation with its renames and vanishing marked, renames, SMTP outcomes and data quality.
 * Every section is cut to its top entries, so the page stays small on a large capture.
 */
public final class HtmlReport {
    static final String OTHERS = "other clients";
    /** Parties a timeline stacks before the rest become {@link #OTHERS}. */
    static final int PARTIES = 6;
    /** Timelines drawn, strongest evidence first. */
    static final int CHARTS = 6;

    private final Analysis analysis;
    private final int top;
    private final TableFormat cells;

    public HtmlReport(Analysis analysis, int top) {
        this.analysis = analysis;
        this.top = top;
        this.cells = new TableFormat(analysis.records().nanoPrecision());
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, page(), StandardCharsets.UTF_8);
    }

    public String page() {
        Records r = analysis.records();
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>sensor report: ")
                .append(escape(r.directories().stream().map(String::valueOf).collect(Collectors.joining(", "))))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Who talks to whom: the sensor's report</h1>\n<p class=\"meta\">");
        long[] span = r.span();
        h.append(escape(String.format("Recomputed from %,d DNS transactions and %,d SMTP sessions in %s", r.dns().size(),
                r.smtp().size(), r.directories().stream().map(String::valueOf).collect(Collectors.joining(", ")))));
        if (span != null) {
            h.append(escape(", " + time(span[0]) + " to " + time(span[1])));
        }
        if (!r.window().isAll()) {
            h.append(escape("; window " + (r.window().sinceNanos() == null ? "…" : time(r.window().sinceNanos()))
                    + " to " + (r.window().untilNanos() == null ? "…" : time(r.window().untilNanos()))));
        }
        h.append(".</p>\n");
        List<Verdicts.ServerView> exclusive = exclusive();
        exclusiveSection(h, exclusive);
        timelines(h, exclusive);
        List<Event> events = analysis.snapshot().events().stream()
                .filter(e -> e.isRename() || "vanished".equals(e.type())).toList();
        h.append("<h2>Renames and vanished names</h2>\n<p>A rename: the old name was seen to stop resolving to the"
                + " address, and the new one was first asked after its last answer.</p>\n");
        cells.html(h, Drilldown.events(events), top);
        smtpSection(h);
        dataQuality(h);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private List<Verdicts.ServerView> exclusive() {
        List<Verdicts.ServerView> out = new ArrayList<>();
        for (Verdicts.ServerView v : analysis.snapshot().views()) {
            if (v.verdict().exclusive()) {
                out.add(v);
            }
        }
        out.sort(ExclusivityReport.BY_EVIDENCE);
        return out;
    }

    private void exclusiveSection(StringBuilder h, List<Verdicts.ServerView> exclusive) {
        PairsConfig c = analysis.config();
        h.append("<h2>Exclusive servers and names</h2>\n<p>").append(escape(String.format("At most %d client%s make %s"
                + " of the total, at least %,d transactions, and p ≤ %s that clients with their share of all traffic get"
                + " that much by chance (binomial test against the baseline). Strongest evidence first.",
                c.exclusiveMaxClients(), c.exclusiveMaxClients() == 1 ? "" : "s",
                ExclusivityReport.percent(c.exclusiveShare()), c.minCount(), ExclusivityReport.pValue(c.exclusiveP()))))
                .append("</p>\n");
        Table t = Table.of("exclusive", "Exclusive", col("kind", Kind.TEXT), col("server", Kind.TEXT),
                col("level", Kind.TEXT), col("total", Kind.COUNT), col("clients", Kind.COUNT),
                col("dominant clients: count, share, lift", Kind.LIST), col("dominant share", Kind.SHARE),
                col("baseline share", Kind.SHARE), col("lift", Kind.RATIO), col("p-value", Kind.P));
        for (Verdicts.ServerView v : exclusive) {
            Exclusivity.Verdict x = v.verdict();
            List<String> dominant = new ArrayList<>();
            for (Exclusivity.ClientCount cc : x.dominant()) {
                dominant.add(String.format("%s %,d (%s, lift %.2f)", cc.client(), cc.count(),
                        ExclusivityReport.percent((double) cc.count() / x.total()),
                        Exclusivity.lift(cc.count(), x.total(), cc.clientTotal(), v.table().total())));
            }
            t.row(v.table().kind(), v.server().name, Drilldown.level(v.table()), x.total(), (long) x.clients(), dominant,
                    x.dominantShare(), x.baselineShare(), x.dominantLift(), x.pValue());
        }
        cells.html(h, t, top);
    }

    /** One timeline per exclusive server or name (its two levels share one), by organisation where there are groups. */
    private void timelines(StringBuilder h, List<Verdicts.ServerView> exclusive) {
        Records r = analysis.records();
        long[] span = r.span();
        if (span == null || exclusive.isEmpty()) {
            return;
        }
        ClientGroups groups = analysis.config().groups();
        Function<IpAddress, String> party = groups == null ? IpAddress::toString : groups::groupOf;
        long bin = TimelineChart.binSeconds(span[1] - span[0]);
        Set<String> drawn = new HashSet<>();
        List<Verdicts.ServerView> subjects = new ArrayList<>();
        for (Verdicts.ServerView v : exclusive) {
            if (drawn.add(v.table().kind() + " " + v.server().name)) {
                subjects.add(v);
            }
        }
        h.append("<h2>Over time</h2>\n<p>").append(escape(String.format("Transactions per %s by %s, stacked; the dashed"
                + " lines are renames and names vanishing (NXDOMAIN).", TimelineChart.binText(bin),
                groups == null ? "client" : "organisation"))).append("</p>\n");
        int n = 0;
        for (Verdicts.ServerView v : subjects.subList(0, Math.min(CHARTS, subjects.size()))) {
            String kind = v.table().kind();
            String name = v.server().name;
            Map<String, Map<Long, Long>> counts = new LinkedHashMap<>();
            if (PairAggregator.SMTP.equals(kind)) {
                for (SmtpSession s : r.smtp()) {
                    if (s.server().toString().equals(name)) {
                        add(counts, party.apply(s.client()), s.tsNanos(), bin);
                    }
                }
            } else {
                boolean byName = PairAggregator.NAME.equals(kind);
                for (DnsTransaction t : r.dns()) {
                    // What the pairs count: lookups with a query seen.
                    if (t.status() != DnsTransaction.Status.UNSOLICITED && t.isQuery()
                            && name.equals(byName ? t.qname() : t.server().toString())) {
                        add(counts, party.apply(t.client()), t.tsNanos(), bin);
                    }
                }
            }
            List<TimelineChart.Mark> marks = new ArrayList<>();
            for (Event e : analysis.snapshot().events()) {
                if (e.isRename() && (name.equals(e.oldName()) || name.equals(e.address()))) {
                    marks.add(new TimelineChart.Mark(e.tsNanos(), "renamed to " + e.newName()));
                } else if (e.isRename() && name.equals(e.newName())) {
                    marks.add(new TimelineChart.Mark(e.tsNanos(), "renamed from " + e.oldName()));
                } else if ("vanished".equals(e.type()) && name.equals(e.oldName())) {
                    marks.add(new TimelineChart.Mark(e.tsNanos(), "NXDOMAIN"));
                }
            }
            String what = PairAggregator.SMTP.equals(kind) ? "connection attempts" : "lookups";
            h.append("<figure>\n").append(TimelineChart.svg(kind + " " + name, what, largest(counts), bin, span, marks,
                    "chart" + n++ + "-", 900, 340)).append("\n<figcaption>").append(escape(String.format(
                    "%s %s: %,d %s; p = %s", kind, name, v.verdict().total(), what,
                    ExclusivityReport.pValue(v.verdict().pValue())))).append("</figcaption>\n</figure>\n");
        }
        if (subjects.size() > CHARTS) {
            h.append(String.format("<p class=\"more\">… %,d more exclusive without a chart</p>%n",
                    subjects.size() - CHARTS));
        }
    }

    private static void add(Map<String, Map<Long, Long>> counts, String party, long tsNanos, long bin) {
        long start = Math.floorDiv(Math.floorDiv(tsNanos, 1_000_000_000L), bin) * bin;
        counts.computeIfAbsent(party, k -> new TreeMap<>()).merge(start, 1L, Long::sum);
    }

    /** The parties with the most, largest first, the rest summed as {@link #OTHERS}. */
    private static Map<String, Map<Long, Long>> largest(Map<String, Map<Long, Long>> counts) {
        List<Map.Entry<String, Map<Long, Long>>> sorted = Exclusivity.sort(new ArrayList<>(counts.entrySet()),
                e -> e.getValue().values().stream().mapToLong(Long::longValue).sum(), Map.Entry::getKey);
        Map<String, Map<Long, Long>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Long, Long>> e : sorted) {
            if (out.size() < PARTIES - 1 || sorted.size() == PARTIES) {
                out.put(e.getKey(), e.getValue());
            } else {
                Map<Long, Long> rest = out.computeIfAbsent(OTHERS, k -> new TreeMap<>());
                e.getValue().forEach((b, c) -> rest.merge(b, c, Long::sum));
            }
        }
        return out;
    }

    private void smtpSection(StringBuilder h) {
        h.append("<h2>SMTP outcomes</h2>\n");
        Drilldown drill = new Drilldown(analysis);
        List<Verdicts.ServerView> servers = new ArrayList<>();
        PairTable smtp = analysis.snapshot().aggregate().table(PairAggregator.SMTP, false);
        for (Verdicts.ServerView v : analysis.snapshot().views()) {
            if (v.table() == smtp) {
                servers.add(v);
            }
        }
        for (Verdicts.ServerView v : servers.subList(0, Math.min(top, servers.size()))) {
            String server = v.server().name;
            cells.html(h, drill.smtpOutcomes("SMTP to " + server + ": " + String.format("%,d attempts", v.server().total),
                    "client", s -> s.server().toString().equals(server), s -> s.client().toString()), top);
        }
        if (servers.isEmpty()) {
            h.append("<p class=\"more\">no SMTP connection attempts</p>\n");
        } else if (servers.size() > top) {
            h.append(String.format("<p class=\"more\">… %,d more servers in servers.jsonl</p>%n", servers.size() - top));
        }
    }

    /** What the records say, and each directory's summary.json: frames, filtering, decode errors, evictions, drops. */
    private void dataQuality(StringBuilder h) {
        Records r = analysis.records();
        h.append("<h2>Data quality</h2>\n");
        cells.html(h, FullReport.quality(r), Integer.MAX_VALUE);
        ObjectMapper json = new ObjectMapper();
        for (Path dir : r.directories()) {
            Path summary = dir.resolve("summary.json");
            Table s = Table.of("summary", "summary.json of " + dir, col("measure", Kind.TEXT), col("value", Kind.COUNT));
            JsonNode j;
            try {
                j = json.readTree(summary.toFile());
            } catch (IOException e) {
                h.append("<p class=\"more\">").append(escape(dir + ": no readable summary.json (" + e.getMessage() + ")"))
                        .append("</p>\n");
                continue;
            }
            for (String f : List.of("frames_read", "frames_filtered", "frames_decoded", "decode_errors", "dns_messages",
                    "tcp_streams", "missed_bytes", "smtp_sessions", "ip_fragments_reassembled")) {
                if (j.path(f).isNumber()) {
                    s.row(f.replace('_', ' '), j.get(f).asLong());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = j.path("errors").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                s.row("decode error: " + e.getKey(), e.getValue().asLong());
            }
            // Every bounded table's evictions and expiries, and the capture's drops (live), wherever counted.
            for (Iterator<Map.Entry<String, JsonNode>> groups = j.path("counters").fields(); groups.hasNext();) {
                Map.Entry<String, JsonNode> g = groups.next();
                for (Iterator<Map.Entry<String, JsonNode>> it = g.getValue().fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getKey().matches(".*(evicted|expired|drop|overflow|_full).*") && e.getValue().isNumber()) {
                        s.row(g.getKey() + "." + e.getKey(), e.getValue().asLong());
                    }
                }
            }
            cells.html(h, s, Integer.MAX_VALUE);
        }
    }

    private String time(long nanos) {
        return JsonLine.time(nanos, analysis.records().nanoPrecision());
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
            .meta, .more { color: #555; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; }
            caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
            th, td { border: 1px solid #ddd; padding: 2px 6px; vertical-align: top; }
            th { background: #f3f3f3; } td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            figure { margin: 1em 0; } figcaption { color: #555; }
            svg { max-width: 100%; height: auto; }
            """;
}
