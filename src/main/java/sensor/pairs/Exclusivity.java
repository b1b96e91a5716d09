package sensor.pairs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import sensor.decode.IpAddress;

/**
 * Connection exclusivity of one server, as pure functions of its clients' counts: shares,
 * Herfindahl index, the dominant clients and the verdict, exactly as CONTRACT.md defines them.
 */
public final class Exclusivity {
    private Exclusivity() {}

    /**
     * How a server is judged exclusive (CONTRACT.md): its fewest clients reaching {@code share}
     * of its total are at most {@code maxClients}, it has at least {@code minCount}
     * transactions, and a binomial test against the baseline gives at most {@code maxP}.
     */
    public record Rule(double share, int maxClients, long minCount, double maxP) {}

    /** A client's count at a server, and its count in the whole kind (for the baseline and lift). */
    public record ClientCount(String client, long count, long clientTotal) {}

    /**
     * What servers.jsonl says of a server's clients.
     *
     * @param dominantShare the dominant clients' combined count over the total
     * @param baselineShare the dominant clients' combined share of the whole kind
     * @param pValue        P[X >= their combined count], X ~ Binomial(total, baselineShare)
     * @param concentrated  every condition of "exclusive" but the p-value holds: where it is not
     *                      exclusive, the baseline explains the concentration
     */
    public record Verdict(long total, int clients, List<ClientCount> top, double topShare, double hhi,
            List<ClientCount> dominant, double dominantShare, double baselineShare, double pValue,
            boolean concentrated, boolean exclusive) {

        /** The dominant clients' combined lift: their share here over their share of the whole kind. */
        public double dominantLift() {
            return baselineShare == 0 ? 0 : dominantShare / baselineShare;
        }
    }

    /** Largest first; ties by address (numerically for addresses, else by name). */
    public static final Comparator<ClientCount> ORDER = (a, b) -> {
        int c = Long.compare(b.count(), a.count());
        return c != 0 ? c : compareClients(a.client(), b.client());
    };

    /** Something keyed by a client's text, with the text parsed once for {@link #ORDER}'s ties. */
    record Ranked<T>(T x, String client, IpAddress a) {
        Ranked(T x, String client) {
            this(x, client, parse(client));
        }

        /** Addresses numerically, before names; names by their text. */
        static final Comparator<Ranked<?>> ORDER = (x, y) -> {
            if (x.a() != null && y.a() != null) {
                return x.a().compareTo(y.a());
            }
            if (x.a() != null || y.a() != null) {
                return x.a() != null ? -1 : 1;
            }
            return x.client().compareTo(y.client());
        };
    }

    static int compareClients(String a, String b) {
        return Ranked.ORDER.compare(new Ranked<>(a, a), new Ranked<>(b, b));
    }

    /** {@link #ORDER}, with each client's address parsed once rather than at every comparison. */
    static List<ClientCount> sort(List<ClientCount> counts) {
        return sort(counts, ClientCount::count, ClientCount::client);
    }

    /**
     * Anything with a count and a client in {@link #ORDER} (a copy; the list is left as it is).
     * A server's pairs go through {@link PairTable#sortedPairs}, which falls back to this.
     */
    public static <T> List<T> sort(List<T> xs, java.util.function.ToLongFunction<T> count,
            java.util.function.Function<T, String> client) {
        if (xs.size() < 2) {
            return xs; // most names have one client: nothing to order, nothing to parse
        }
        List<Ranked<T>> keyed = new ArrayList<>(xs.size());
        for (T x : xs) {
            keyed.add(new Ranked<>(x, client.apply(x)));
        }
        keyed.sort((x, y) -> {
            int c = Long.compare(count.applyAsLong(y.x()), count.applyAsLong(x.x()));
            return c != 0 ? c : Ranked.ORDER.compare(x, y);
        });
        List<T> out = new ArrayList<>(keyed.size());
        for (Ranked<T> k : keyed) {
            out.add(k.x());
        }
        return out;
    }

    private static IpAddress parse(String s) {
        IpAddress v4 = IpAddress.ofDottedQuad(s);
        if (v4 != null) {
            return v4; // most clients: no byte array, no exception path
        }
        try {
            return IpAddress.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A server's verdict from its clients' counts (each with its count in the whole kind) and the
     * kind's total, {@code kindTotal}: together the baseline.
     */
    public static Verdict judge(List<ClientCount> counts, Rule rule, long kindTotal) {
        List<ClientCount> sorted = sort(counts);
        long[] cs = new long[sorted.size()];
        long total = 0;
        for (int i = 0; i < cs.length; i++) {
            cs[i] = sorted.get(i).count();
            total += cs[i];
        }
        return judgeSorted(cs, total, sorted::get, kindTotal, rule);
    }

    /**
     * {@link #judge} of {@code counts} already in {@link #ORDER}, out of the server's
     * {@code total} (at least their sum: in an approximate table the counts are the guaranteed
     * ones, and the total stays exact); {@code client(i)} is the i-th client's entry, asked for
     * only the top and dominant clients (a name's pairs are many, the clients the verdict lists
     * few).
     */
    public static Verdict judgeSorted(long[] counts, long total, java.util.function.IntFunction<ClientCount> client,
            long kindTotal, Rule rule) {
        int n = counts.length;
        double hhi = 0;
        for (long c : counts) {
            double s = total == 0 ? 0 : (double) c / total;
            hhi += s * s;
        }
        int dominant = 0;
        long reached = 0;
        while (dominant < n && !(total > 0 && reached >= rule.share() * total)) {
            reached += counts[dominant++];
        }
        // The top five and the dominant clients are both a prefix of the order: one list serves
        // both, and every verdict's lists are of one class (see PairTable.sortedPairs).
        int listed = Math.max(Math.min(5, n), dominant);
        List<ClientCount> first = new ArrayList<>(listed);
        long dominantClientsTotal = 0;
        for (int i = 0; i < listed; i++) {
            ClientCount c = client.apply(i);
            first.add(c);
            if (i < dominant) {
                dominantClientsTotal += c.clientTotal();
            }
        }
        double top = n == 0 || total == 0 ? 0 : (double) counts[0] / total;
        double dominantShare = total == 0 ? 0 : (double) reached / total;
        double baseline = kindTotal == 0 ? 0 : Math.min(1.0, (double) dominantClientsTotal / kindTotal);
        double p = upperTail(total, reached, baseline);
        // Guaranteed counts of an approximate table may never reach the share: then nothing is claimed.
        boolean reachedShare = total > 0 && reached >= rule.share() * total;
        boolean concentrated = reachedShare && dominant <= rule.maxClients() && total >= rule.minCount();
        return new Verdict(total, n, first.subList(0, Math.min(5, n)), top, hhi, first.subList(0, dominant),
                dominantShare, baseline, p, concentrated, concentrated && p <= rule.maxP());
    }

    /**
     * P[X >= k] for X ~ Binomial(n, p): how likely clients whose share of the whole kind is
     * {@code p} reach {@code k} of a server's {@code n} transactions by chance. The regularized
     * incomplete beta keeps its precision far into the tail, where 1 - CDF would round to 0.
     */
    public static double upperTail(long n, long k, double p) {
        if (k <= 0 || p >= 1) {
            return 1;
        }
        if (k > n || p <= 0) {
            return 0;
        }
        if (k == n) {
            return Math.pow(p, n); // every draw: most names have one client, and this is their case
        }
        if (n <= Integer.MAX_VALUE) {
            return BinomialDistribution.of((int) n, p).survivalProbability((int) k - 1);
        }
        return RegularizedBeta.value(p, k, n - k + 1.0);
    }

    /** A client's over-representation at a server: its share there over its share of the whole kind. */
    public static double lift(long count, long serverTotal, long clientTotal, long kindTotal) {
        if (serverTotal == 0 || clientTotal == 0 || kindTotal == 0) {
            return 0;
        }
        return ((double) count / serverTotal) / ((double) clientTotal / kindTotal);
    }
}
