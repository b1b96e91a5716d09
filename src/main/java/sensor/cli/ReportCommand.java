package sensor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sensor.SensorConfig;
import sensor.anonymize.AnonymizeKey;
import sensor.anonymize.Anonymization;
import sensor.anonymize.RecordAnonymizer;
import sensor.output.JsonLine;
import sensor.pairs.PairsConfig;
import sensor.report.Analysis;
import sensor.report.Drilldown;
import sensor.report.FullReport;
import sensor.report.HtmlReport;
import sensor.report.Records;
import sensor.report.Table;
import sensor.report.TableFormat;
import sensor.report.Window;

/**
 * {@code sensor report}: the report of finished output directories, recomputed from their
 * dns.jsonl and smtp.jsonl by the aggregation a replay runs, over a window if asked, or
 * everything known of one server, name or client.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the report of replay or live output directories, recomputed from their dns.jsonl and"
                + " smtp.jsonl (several directories: one report over all), or everything known of one server, name"
                + " or client.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "output directories of replay or live")
    List<Path> directories;

    @Option(names = "--server", paramLabel = "ADDR", description = "everything known of this DNS or SMTP server")
    String server;

    @Option(names = "--name", paramLabel = "NAME", description = "everything known of this DNS name")
    String name;

    @Option(names = "--client", paramLabel = "CLIENT", description = "everything known of this client (an address,"
            + " or an organisation of --groups)")
    String client;

    @Option(names = "--since", paramLabel = "TIME", description = "only records from this time on (ISO-8601:"
            + " 2016-09-27T00:00:00Z, or a date)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "only records before this time")
    String until;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, tsv (a #fields header per section, like"
            + " Zeek's logs) or json (one object) (default: ${DEFAULT-VALUE})")
    String format = "text";

    @Mixin
    ReportOptions report;

    @Option(names = "--anonymize-key", paramLabel = "FILE", description = "the key the records were anonymized with:"
            + " --groups blocks and a name's SMTP servers are mapped to their pseudonyms as the run mapped them")
    Path anonymizeKey;

    @Mixin
    PairsOptions pairsOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TableFormat.Format how;
        Window window;
        PairsConfig config;
        SensorConfig sensor;
        try {
            how = TableFormat.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--format must be text, tsv or json, not '" + format + "'");
        }
        if ((server != null ? 1 : 0) + (name != null ? 1 : 0) + (client != null ? 1 : 0) > 1) {
            throw usage("--server, --name and --client ask about one subject: give one of them");
        }
        try {
            window = new Window(since == null ? null : Window.parse("--since", since),
                    until == null ? null : Window.parse("--until", until));
            sensor = SensorConfig.defaults(Path.of(".")).withPairs(pairsOptions.toConfig()).withAnonymization(
                    anonymizeKey == null ? null : new Anonymization(AnonymizeKey.load(anonymizeKey), false));
            config = sensor.aggregationPairs();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (window.sinceNanos() != null && window.untilNanos() != null && window.sinceNanos() >= window.untilNanos()) {
            throw usage("--since must come before --until");
        }
        try {
            return report(Records.open(directories, window), window, how, config, sensor);
        } catch (Records.Unreadable e) {
            System.err.println("sensor: " + e.getMessage());
            return 1;
        }
    }

    private int report(Records records, Window window, TableFormat.Format how, PairsConfig config, SensorConfig sensor) {
        Analysis analysis = Analysis.of(records, config, RecordAnonymizer.addressText(sensor.anonymization()));
        if (records.stats().dns() == 0 && records.stats().smtp() == 0) {
            System.err.println("sensor: no records " + (window.isAll() ? "in " + directories.get(0)
                    + (directories.size() > 1 ? " and the others" : "")
                    : String.format("within the window (%,d outside it)", records.stats().outside())));
            return 1;
        }
        if (report.html != null && writeHtml(analysis, report.reportTop, report.html) != 0) {
            return 1;
        }
        PrintStream out = System.out;
        TableFormat tables = new TableFormat(records.nanoPrecision());
        Drilldown.Subject subject = server != null ? Drilldown.Subject.SERVER
                : name != null ? Drilldown.Subject.NAME : client != null ? Drilldown.Subject.CLIENT : null;
        String who = subject == Drilldown.Subject.NAME ? normalName(name) : server != null ? server : client;
        List<Table> sections;
        if (subject == null) {
            if (how == TableFormat.Format.TEXT) {
                FullReport.text(out, analysis, report.reportTop);
                return 0;
            }
            sections = FullReport.tables(analysis);
        } else {
            sections = new Drilldown(analysis).of(subject, who);
            if (sections.isEmpty()) {
                System.err.println("sensor: no record in " + records.directories().size() + " director"
                        + (records.directories().size() == 1 ? "y" : "ies") + (window.isAll() ? "" : " within the window")
                        + " names " + subject.name().toLowerCase(Locale.ROOT) + " " + who);
                return 1;
            }
        }
        switch (how) {
            case TEXT -> {
                FullReport.head(out, records);
                out.printf("%nEverything known of %s %s:%n", subject.name().toLowerCase(Locale.ROOT), who);
                sections.forEach(t -> tables.text(out, t, report.reportTop));
            }
            case TSV -> sections.forEach(t -> tables.tsv(out, t));
            case JSON -> tables.json(out, head(records, subject, who), sections);
        }
        return 0;
    }

    /** The HTML page, or one line on stderr and 1 when it cannot be written. */
    static int writeHtml(Analysis analysis, int top, Path file) {
        try {
            HtmlReport page = new HtmlReport(analysis, top);
            page.write(file);
            if (page.warning() != null) {
                System.err.println("sensor: warning: --html " + file + ": " + page.warning());
            }
            return 0;
        } catch (IOException e) {
            System.err.println("sensor: cannot write --html " + file + ": " + e.getMessage());
            return 1;
        }
    }

    private Map<String, Object> head(Records r, Drilldown.Subject subject, String who) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("directories", r.directories().stream().map(String::valueOf).toList());
        Window w = r.window();
        head.put("since", w.sinceNanos() == null ? null : JsonLine.time(w.sinceNanos(), r.nanoPrecision()));
        head.put("until", w.untilNanos() == null ? null : JsonLine.time(w.untilNanos(), r.nanoPrecision()));
        head.put("dns_transactions", r.stats().dns());
        head.put("smtp_sessions", r.stats().smtp());
        if (subject != null) {
            head.put(subject.name().toLowerCase(Locale.ROOT), who);
        }
        return head;
    }

    /** A name as the records write it: lower case, no trailing dot. */
    private static String normalName(String n) {
        String lower = n.toLowerCase(Locale.ROOT);
        return lower.length() > 1 && lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
