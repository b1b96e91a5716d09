package sensor.report;

import static sensor.report.Table.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import sensor.pairs.ClientGroups;
import sensor.pairs.Event;
import sensor.pairs.Exclusivity;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairTable;
import sensor.pairs.Verdicts;
import sensor.report.Table.Kind;
import sensor.smtp.SmtpSession;

/**
 * Everything the analysis knows of one server, name or client, as tables: the verdicts and
 * pairs come from the aggregation's snapshot, the SMTP outcomes from the window's records.
 */
public final class Drilldown {
    /** What is asked about: a DNS or SMTP server's address, a DNS name, or a client (address or organisation). */
    public enum Subject { SERVER, NAME, CLIENT }

    private final Analysis analysis;

    public Drilldown(Analysis analysis) {
        this.analysis = analysis;
    }

    /** The tables for the subject; none at all when the records never name it. */
    public List<Table> of(Subject subject, String who) {
        return switch (subject) {
            case NAME -> served(who, Set.of(PairAggregator.NAME));
            case SERVER -> served(who, Set.of(PairAggregator.RESOLVER, PairAggregator.SMTP));
            case CLIENT -> client(who);
        };
    }

    private List<Table> served(String who, Set<String> kinds) {
        List<Verdicts.ServerView> views = new ArrayList<>();
        for (Verdicts.ServerView v : analysis.snapshot().views()) {
            if (kinds.contains(v.table().kind()) && v.server().name.equals(who)) {
                views.add(v);
            }
        }
        boolean isName = kinds.contains(PairAggregator.NAME);
        List<String> addresses = new ArrayList<>();
        List<Verdicts.ServerView> names = new ArrayList<>();
        for (Verdicts.ServerView v : isName ? views : analysis.snapshot().views()) {
            if (v.table().kind().equals(PairAggregator.NAME) && !v.table().groupLevel()) {
                if (isName) {
                    addresses.addAll(v.server().addresses());
                } else if (v.server().addresses().contains(who)) {
                    names.add(v);
                }
            }
        }
        Set<String> smtpServers = isName ? addresses.stream().map(analysis.smtpServerOf()).collect(Collectors.toSet())
                : Set.of(who);
        List<Event> events = events(e -> isName ? who.equals(e.oldName()) || who.equals(e.newName())
                : who.equals(e.address()));
        if (views.isEmpty() && names.isEmpty() && events.isEmpty()) {
            return List.of();
        }
        List<Table> out = new ArrayList<>();
        out.add(verdicts(views));
        out.add(clients(views));
        if (isName) {
            Table t = Table.of("addresses", "Addresses it resolved to", col("address", Kind.TEXT),
                    col("smtp_attempts", Kind.COUNT));
            PairTable smtp = analysis.snapshot().aggregate().table(PairAggregator.SMTP, false);
            for (String a : addresses) {
                PairTable.Server s = smtp.server(analysis.smtpServerOf().apply(a));
                t.row(a, s == null ? 0L : s.total);
            }
            out.add(t);
        } else {
            Table t = Table.of("names", "Names that resolved to it", col("name", Kind.TEXT), col("lookups", Kind.COUNT),
                    col("exclusive", Kind.FLAG));
            for (Verdicts.ServerView v : names) {
                t.row(v.server().name, v.verdict().total(), v.verdict().exclusive());
            }
            out.add(t);
        }
        out.add(smtpOutcomes("SMTP outcomes per client", "client",
                s -> smtpServers.contains(s.server().toString()), s -> s.client().toString()));
        out.add(events(events));
        return out;
    }

    private List<Table> client(String who) {
        ClientGroups groups = analysis.config().groups();
        Table servers = Table.of("servers", "Servers and names it used", col("kind", Kind.TEXT), col("level", Kind.TEXT),
                col("server", Kind.TEXT), col("count", Kind.COUNT), col("share_of_client", Kind.SHARE),
                col("share_of_server", Kind.SHARE), col("lift", Kind.RATIO), col("first_seen", Kind.TIME),
                col("last_seen", Kind.TIME));
        // Views come table by table (kind, then level): within each, the servers it used most first.
        record Used(int table, long count, Object[] cells) {}
        List<PairTable> tables = new ArrayList<>();
        List<Used> used = new ArrayList<>();
        for (Verdicts.ServerView v : analysis.snapshot().views()) {
            for (PairTable.Pair p : v.pairs()) {
                if (p.client.equals(who)) {
                    if (!tables.contains(v.table())) {
                        tables.add(v.table());
                    }
                    Object[] cells = pairRow(v, p, false);
                    used.add(new Used(tables.size(), (Long) cells[3], cells));
                }
            }
        }
        used.sort(Comparator.comparingInt(Used::table).thenComparingLong(u -> -u.count()));
        used.forEach(u -> servers.row(u.cells()));
        Predicate<SmtpSession> mine = s -> s.client().toString().equals(who)
                || (groups != null && who.equals(groups.groupOf(s.client())));
        Table attempts = Table.of("smtp_attempts", "SMTP attempts", col("ts", Kind.TIME), col("client", Kind.TEXT),
                col("server", Kind.TEXT), col("server_port", Kind.COUNT), col("tcp", Kind.TEXT), col("outcome", Kind.TEXT),
                col("reject_stage", Kind.TEXT), col("helo", Kind.TEXT), col("replies", Kind.LIST));
        analysis.records().scan(null, s -> {
            if (mine.test(s)) {
                attempts.row(s.tsNanos(), s.client().toString(), s.server().toString(), (long) s.serverPort(),
                        s.tcp().wire(), s.outcome().wire(), s.rejectStage(), s.helo(),
                        s.replies().stream().map(String::valueOf).toList());
            }
        });
        List<Event> events = events(e -> who.equals(e.firstClient()) || who.equals(e.firstClientGroup()));
        if (servers.rows().isEmpty() && attempts.rows().isEmpty() && events.isEmpty()) {
            return List.of();
        }
        List<Table> out = new ArrayList<>();
        out.add(servers);
        out.add(smtpOutcomes("SMTP outcomes per server", "server", mine, s -> s.server().toString()));
        out.add(attempts);
        out.add(events(events));
        return out;
    }

    private static Table verdicts(List<Verdicts.ServerView> views) {
        Table t = Table.of("verdicts", "Verdicts (servers.jsonl)", col("kind", Kind.TEXT), col("level", Kind.TEXT),
                col("total", Kind.COUNT), col("clients", Kind.COUNT), col("dominant_clients", Kind.LIST),
                col("dominant_share", Kind.SHARE), col("baseline_share", Kind.SHARE), col("lift", Kind.RATIO),
                col("p_value", Kind.P), col("exclusive", Kind.FLAG));
        for (Verdicts.ServerView v : views) {
            Exclusivity.Verdict x = v.verdict();
            t.row(v.table().kind(), level(v.table()), x.total(), (long) x.clients(),
                    x.dominant().stream().map(Exclusivity.ClientCount::client).toList(), x.dominantShare(),
                    x.baselineShare(), x.dominantLift(), x.pValue(), x.exclusive());
        }
        return t;
    }

    private static Table clients(List<Verdicts.ServerView> views) {
        Table t = Table.of("clients", "Clients (pairs.jsonl), largest first", col("kind", Kind.TEXT),
                col("level", Kind.TEXT), col("client", Kind.TEXT), col("count", Kind.COUNT), col("share", Kind.SHARE),
                col("share_of_client", Kind.SHARE), col("lift", Kind.RATIO), col("first_seen", Kind.TIME),
                col("last_seen", Kind.TIME));
        for (Verdicts.ServerView v : views) {
            for (PairTable.Pair p : v.pairs()) {
                t.row(pairRow(v, p, true));
            }
        }
        return t;
    }

    /** A pair as pairs.jsonl counts it: never more than its server's or client's total. */
    private static Object[] pairRow(Verdicts.ServerView v, PairTable.Pair p, boolean byClient) {
        PairTable t = v.table();
        long serverTotal = v.server().total;
        long clientTotal = p.clientTotal();
        long count = Math.min(p.count, Math.min(serverTotal, clientTotal));
        double ofServer = serverTotal == 0 ? 0 : (double) count / serverTotal;
        double ofClient = clientTotal == 0 ? 0 : (double) count / clientTotal;
        double lift = Exclusivity.lift(count, serverTotal, clientTotal, t.total());
        return byClient
                ? new Object[] {t.kind(), level(t), p.client, count, ofServer, ofClient, lift, p.firstSeen, p.lastSeen}
                : new Object[] {t.kind(), level(t), p.server, count, ofClient, ofServer, lift, p.firstSeen, p.lastSeen};
    }

    Table smtpOutcomes(String title, String by, Predicate<SmtpSession> which, Function<SmtpSession, String> key) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        SmtpSession.Outcome[] outcomes = SmtpSession.Outcome.values();
        analysis.records().scan(null, s -> {
            if (which.test(s)) {
                long[] c = counts.computeIfAbsent(key.apply(s), k -> new long[outcomes.length + 3]);
                c[0]++;
                c[1 + s.outcome().ordinal()]++;
                c[outcomes.length + 1] = c[0] == 1 ? s.tsNanos() : c[outcomes.length + 1];
                c[outcomes.length + 2] = s.tsNanos();
            }
        });
        Table t = Table.of("smtp_outcomes", title, col(by, Kind.TEXT), col("attempts", Kind.COUNT),
                col("accepted", Kind.COUNT), col("rejected", Kind.COUNT), col("refused", Kind.COUNT),
                col("no_answer", Kind.COUNT), col("incomplete", Kind.COUNT), col("first", Kind.TIME),
                col("last", Kind.TIME));
        List<Map.Entry<String, long[]>> sorted = Exclusivity.sort(new ArrayList<>(counts.entrySet()),
                e -> e.getValue()[0], Map.Entry::getKey);
        for (Map.Entry<String, long[]> e : sorted) {
            long[] c = e.getValue();
            t.row(e.getKey(), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
        }
        return t;
    }

    private List<Event> events(Predicate<Event> which) {
        return analysis.snapshot().events().stream().filter(which).toList();
    }

    static Table events(List<Event> events) {
        Table t = Table.of("events", "Events (events.jsonl)", col("type", Kind.TEXT), col("ts", Kind.TIME),
                col("address", Kind.TEXT), col("old_name", Kind.TEXT), col("new_name", Kind.TEXT),
                col("first_client", Kind.TEXT), col("delay", Kind.SECONDS), col("address_names", Kind.COUNT));
        for (Event e : events) {
            t.row(e.type(), e.tsNanos(), e.address(), e.oldName(), e.newName(), e.firstClient(), e.delayS(),
                    e.addressNames() == null ? null : (long) e.addressNames());
        }
        return t;
    }

    static String level(PairTable t) {
        return t.groupLevel() ? "organisation" : "address";
    }
}
