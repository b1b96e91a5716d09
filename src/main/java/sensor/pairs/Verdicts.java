package sensor.pairs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every server's exclusivity verdict, judged on the aggregate in the order the files and the
 * report list them: kind, level, then the largest first, ties by name. The output only formats
 * what is judged here.
 */
public final class Verdicts {
    private Verdicts() {}

    /** A server's verdict and its pairs (largest first), kept for the files and the report. */
    public record ServerView(PairTable table, PairTable.Server server, Exclusivity.Verdict verdict, long episodes,
            List<PairTable.Pair> pairs) {}

    public static List<ServerView> servers(PairAggregator agg) {
        Exclusivity.Rule rule = agg.config().rule();
        int n = 0;
        for (PairTable t : agg.tables()) {
            n += t.serverCount();
        }
        List<ServerView> out = new ArrayList<>(n);
        List<PairTable> tables = new ArrayList<>(agg.tables());
        tables.sort(Comparator.comparingInt((PairTable t) -> kindOrder(t.kind())).thenComparing(PairTable::groupLevel));
        for (PairTable t : tables) {
            int first = out.size();
            t.rankClients();
            for (PairTable.Server server : t.servers()) {
                // A copy (the table goes on counting in live mode), largest first and ties by
                // address, the order of the top and dominant clients: one sort serves both.
                List<PairTable.Pair> pairs = t.sortedPairs(server);
                long[] counts = new long[pairs.size()];
                long episodes = 0;
                for (int i = 0; i < counts.length; i++) {
                    PairTable.Pair p = pairs.get(i);
                    counts[i] = p.guaranteed();
                    episodes += p.episodes;
                }
                Exclusivity.Verdict v = Exclusivity.judgeSorted(counts, server.total,
                        i -> new Exclusivity.ClientCount(pairs.get(i).client, counts[i], pairs.get(i).clientTotal()),
                        t.total(), rule);
                out.add(new ServerView(t, server, v, episodes, pairs));
            }
            // Tables come in output order, so only each table's own servers need sorting.
            List<ServerView> mine = out.subList(first, out.size());
            ServerView[] views = mine.toArray(new ServerView[0]);
            long[] largestFirst = new long[views.length];
            String[] names = new String[views.length];
            for (int i = 0; i < views.length; i++) {
                largestFirst[i] = -views[i].verdict().total();
                names[i] = views[i].server().name;
            }
            // Servers of equal total by name (a table's keys, so never equal).
            int[] order = TextOrder.sorted(largestFirst, names);
            for (int i = 0; i < order.length; i++) {
                mine.set(i, views[order[i]]);
            }
        }
        return out;
    }

    private static int kindOrder(String kind) {
        return switch (kind) {
            case PairAggregator.NAME -> 0;
            case PairAggregator.RESOLVER -> 1;
            default -> 2;
        };
    }

    /** What the files were written from, kept so the report does not compute it again. */
    public record Snapshot(PairAggregator aggregate, List<ServerView> views, List<Event> events) {}

    /** The snapshot without writing the files (a report recomputed from the records). */
    public static Snapshot snapshot(PairAggregator agg) {
        return new Snapshot(agg, servers(agg), agg.events());
    }
}
