package sensor.output;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import sensor.pairs.Event;
import sensor.pairs.Exclusivity;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairTable;
import sensor.pairs.PairsConfig;

/**
 * {@code pairs.jsonl}, {@code servers.jsonl} and {@code events.jsonl} from the aggregate, in a
 * stable order (so a golden file compares line by line): kind, level, then the largest first.
 */
public final class PairsOutput {
    private final boolean nano;

    public PairsOutput(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    /** A server's verdict and its pairs (largest first), kept for the files and the report. */
    public record ServerView(PairTable table, PairTable.Server server, Exclusivity.Verdict verdict, long episodes,
            List<PairTable.Pair> pairs) {}

    public List<ServerView> servers(PairAggregator agg) {
        PairsConfig c = agg.config();
        List<ServerView> out = new ArrayList<>();
        List<PairTable> tables = new ArrayList<>(agg.tables());
        tables.sort(Comparator.comparingInt((PairTable t) -> kindOrder(t.kind())).thenComparing(PairTable::groupLevel));
        for (PairTable t : tables) {
            int first = out.size();
            Map<String, List<PairTable.Pair>> byServer = new HashMap<>();
            for (PairTable.Pair p : t.pairs()) {
                byServer.computeIfAbsent(p.server, k -> new ArrayList<>(2)).add(p);
            }
            for (PairTable.Server server : t.servers().values()) {
                List<PairTable.Pair> pairs = byServer.getOrDefault(server.name, List.of());
                List<Exclusivity.ClientCount> counts = new ArrayList<>(pairs.size());
                long episodes = 0;
                for (PairTable.Pair p : pairs) {
                    counts.add(new Exclusivity.ClientCount(p.client, p.count));
                    episodes += p.episodes;
                }
                Exclusivity.Verdict v = Exclusivity.judge(counts, c.exclusiveShare(), c.exclusiveMaxClients(),
                        c.minCount());
                if (pairs.size() > 1) {
                    pairs.sort(PAIR_ORDER);
                }
                out.add(new ServerView(t, server, v, episodes, pairs));
            }
            // Tables come in output order, so only each table's own servers need sorting.
            out.subList(first, out.size()).sort(SERVER_ORDER);
        }
        return out;
    }

    // Comparators written out rather than chained: with hundreds of thousands of servers the
    // chained lambdas' boxing and indirection were a fifth of the end-of-run time.
    private static final Comparator<ServerView> SERVER_ORDER = (a, b) -> {
        int c = Long.compare(b.verdict().total(), a.verdict().total());
        return c != 0 ? c : a.server().name.compareTo(b.server().name);
    };

    private static final Comparator<PairTable.Pair> PAIR_ORDER = (a, b) -> {
        int c = Long.compare(b.count, a.count);
        return c != 0 ? c : a.client.compareTo(b.client);
    };

    private static int kindOrder(String kind) {
        return switch (kind) {
            case PairAggregator.NAME -> 0;
            case PairAggregator.RESOLVER -> 1;
            default -> 2;
        };
    }

    /** What the files were written from, kept so the report does not compute it again. */
    public record Snapshot(PairAggregator aggregate, List<ServerView> views, List<Event> events) {}

    public Snapshot write(PairAggregator agg, RecordSink<String> pairsFile, RecordSink<String> serversFile,
            RecordSink<String> eventsFile) {
        List<ServerView> views = servers(agg);
        // pairs.jsonl (the largest) is formatted on a second thread while this one writes the
        // servers and events: both only read the finished aggregate.
        Thread pairsWriter = new Thread(() -> {
            JsonLine line = new JsonLine();
            for (ServerView v : views) {
                for (PairTable.Pair p : v.pairs()) {
                    pairsFile.accept(pair(line, v.table(), v.server(), p));
                }
            }
        }, "pairs-writer");
        pairsWriter.start();
        for (ServerView v : views) {
            serversFile.accept(server(v, agg));
        }
        try {
            pairsWriter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Event> events = agg.events();
        for (Event e : events) {
            eventsFile.accept(event(e));
        }
        return new Snapshot(agg, views, events);
    }

    private String pair(JsonLine line, PairTable t, PairTable.Server server, PairTable.Pair p) {
        long serverTotal = server.total;
        long clientTotal = t.clientTotal(p.client);
        double shareOfServer = serverTotal == 0 ? 0 : (double) p.count / serverTotal;
        double shareOfClient = clientTotal == 0 ? 0 : (double) p.count / clientTotal;
        double clientShareOfAll = t.total() == 0 ? 0 : (double) clientTotal / t.total();
        JsonLine j = line.begin().str("kind", t.kind()).bool("client_group", t.groupLevel())
                .str("client", p.client).str("server", p.server).num("count", p.count)
                .time("first_seen", p.firstSeen, nano).time("last_seen", p.lastSeen, nano)
                .num("share_of_server", round(shareOfServer)).num("share_of_client", round(shareOfClient))
                .num("lift", clientShareOfAll == 0 ? 0 : round(shareOfServer / clientShareOfAll));
        if (PairAggregator.NAME.equals(t.kind())) {
            j.num("episodes", p.episodes);
        }
        if (t.approximate()) {
            j.bool("approximate", true).num("error_bound", t.errorBound());
        }
        return j.end();
    }

    private String server(ServerView v, PairAggregator agg) {
        PairTable t = v.table();
        PairTable.Server s = v.server();
        Exclusivity.Verdict x = v.verdict();
        JsonLine j = new JsonLine().begin().str("kind", t.kind()).bool("client_group", t.groupLevel())
                .str("server", s.name).num("total", s.total).num("clients", x.clients())
                .raw("top_clients", clients(x.top(), x.total())).num("top_share", round(x.topShare()))
                .num("hhi", round(x.hhi())).raw("dominant_clients", clients(x.dominant(), x.total()))
                .bool("exclusive", x.exclusive());
        if (PairAggregator.NAME.equals(t.kind())) {
            j.raw("addresses", strings(s.addresses));
            StringBuilder q = new StringBuilder("{");
            s.qtypes.forEach((k, n) -> {
                if (q.length() > 1) {
                    q.append(',');
                }
                JsonLine.quote(q, k);
                q.append(':').append(n);
            });
            j.raw("qtypes", q.append('}'));
            j.num("episodes", v.episodes());
            j.raw("smtp_evidence", evidence(s, agg, t.groupLevel()));
        }
        if (PairAggregator.SMTP.equals(t.kind())) {
            j.raw("accepted_clients", strings(s.accepted)).raw("rejected_clients", strings(s.rejected))
                    .raw("refused_clients", strings(s.refused));
        }
        if (t.approximate()) {
            j.bool("approximate", true).num("error_bound", t.errorBound());
        }
        return j.end();
    }

    /** Where DNS evidence meets connection evidence: SMTP to the name's addresses. */
    private static String evidence(PairTable.Server name, PairAggregator agg, boolean group) {
        PairTable smtp = agg.table(PairAggregator.SMTP, group);
        StringBuilder sb = new StringBuilder("[");
        if (smtp == null) {
            return "[]";
        }
        for (String addr : name.addresses) {
            PairTable.Server s = smtp.servers().get(addr);
            if (s == null) {
                continue;
            }
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(new JsonLine().begin().str("address", addr).num("attempts", s.total)
                    .raw("accepted_clients", strings(s.accepted)).raw("rejected_clients", strings(s.rejected))
                    .raw("refused_clients", strings(s.refused)).end());
        }
        return sb.append(']').toString();
    }

    private String event(Event e) {
        JsonLine j = new JsonLine().begin().str("type", e.type()).time("ts", e.tsNanos(), nano)
                .str("address", e.address()).str("old_name", e.oldName()).str("new_name", e.newName())
                .str("first_client", e.firstClient()).num("delay_s", e.delayS())
                .num("first_client_old_share", e.firstClientOldShare());
        if (e.firstClientGroup() != null) {
            j.str("first_client_group", e.firstClientGroup());
        }
        return j.end();
    }

    private static String clients(List<Exclusivity.ClientCount> cs, long total) {
        StringBuilder sb = new StringBuilder("[");
        for (Exclusivity.ClientCount c : cs) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            JsonLine j = new JsonLine().begin().str("client", c.client()).num("count", c.count());
            j.num("share", round(total == 0 ? 0 : (double) c.count() / total));
            sb.append(j.end());
        }
        return sb.append(']').toString();
    }

    private static String strings(TreeSet<String> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (String x : xs) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            JsonLine.quote(sb, x);
        }
        return sb.append(']').toString();
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
