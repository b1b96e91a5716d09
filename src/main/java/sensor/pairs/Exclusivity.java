package sensor.pairs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sensor.decode.IpAddress;

/**
 * Connection exclusivity of one server, as pure functions of its clients' counts: shares,
 * Herfindahl index, the dominant clients and the verdict, exactly as CONTRACT.md defines them.
 */
public final class Exclusivity {
    private Exclusivity() {}

    /** A client's count at a server. */
    public record ClientCount(String client, long count) {}

    /** What servers.jsonl says of a server's clients. */
    public record Verdict(long total, int clients, List<ClientCount> top, double topShare, double hhi,
            List<ClientCount> dominant, boolean exclusive) {}

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

    public static Verdict judge(List<ClientCount> counts, double exclusiveShare, int maxClients, long minCount) {
        return judgeSorted(sort(counts), exclusiveShare, maxClients, minCount);
    }

    /** {@link #judge} of counts already in {@link #ORDER}. */
    public static Verdict judgeSorted(List<ClientCount> sorted, double exclusiveShare, int maxClients,
            long minCount) {
        long[] counts = new long[sorted.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = sorted.get(i).count();
        }
        return judgeSorted(counts, sorted::get, exclusiveShare, maxClients, minCount);
    }

    /**
     * {@link #judge} of {@code counts} already in {@link #ORDER}; {@code client(i)} is the i-th
     * client's entry, asked for only the top and dominant clients (a name's pairs are many, the
     * clients the verdict lists few).
     */
    public static Verdict judgeSorted(long[] counts, java.util.function.IntFunction<ClientCount> client,
            double exclusiveShare, int maxClients, long minCount) {
        int n = counts.length;
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double hhi = 0;
        for (long c : counts) {
            double s = total == 0 ? 0 : (double) c / total;
            hhi += s * s;
        }
        int dominant = 0;
        long reached = 0;
        while (dominant < n && !(total > 0 && reached >= exclusiveShare * total)) {
            reached += counts[dominant++];
        }
        // The top five and the dominant clients are both a prefix of the order: one list serves
        // both, and every verdict's lists are of one class (see PairTable.sortedPairs).
        int listed = Math.max(Math.min(5, n), dominant);
        List<ClientCount> first = new ArrayList<>(listed);
        for (int i = 0; i < listed; i++) {
            first.add(client.apply(i));
        }
        double top = n == 0 || total == 0 ? 0 : (double) counts[0] / total;
        boolean exclusive = dominant <= maxClients && total >= minCount && total > 0;
        return new Verdict(total, n, first.subList(0, Math.min(5, n)), top, hhi, first.subList(0, dominant),
                exclusive);
    }
}
