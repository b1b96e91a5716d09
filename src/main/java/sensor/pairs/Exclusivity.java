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

    static int compareClients(String a, String b) {
        IpAddress x = parse(a);
        IpAddress y = parse(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        if (x != null || y != null) {
            return x != null ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** {@link #ORDER}, with each client's address parsed once rather than at every comparison. */
    static List<ClientCount> sort(List<ClientCount> counts) {
        return sort(counts, ClientCount::count, ClientCount::client);
    }

    /**
     * Anything with a count and a client in {@link #ORDER} (a copy; the list is left as it is).
     * The pair files use it too, so a server's pairs and its top and dominant clients come in
     * one order and are sorted once.
     */
    public static <T> List<T> sort(List<T> xs, java.util.function.ToLongFunction<T> count,
            java.util.function.Function<T, String> client) {
        if (xs.size() < 2) {
            return xs; // most names have one client: nothing to order, nothing to parse
        }
        record Keyed<T>(T x, long count, String client, IpAddress a) {}
        List<Keyed<T>> keyed = new ArrayList<>(xs.size());
        for (T x : xs) {
            String c = client.apply(x);
            keyed.add(new Keyed<>(x, count.applyAsLong(x), c, parse(c)));
        }
        keyed.sort((x, y) -> {
            int c = Long.compare(y.count(), x.count());
            if (c != 0) {
                return c;
            }
            if (x.a() != null && y.a() != null) {
                return x.a().compareTo(y.a());
            }
            if (x.a() != null || y.a() != null) {
                return x.a() != null ? -1 : 1;
            }
            return x.client().compareTo(y.client());
        });
        List<T> out = new ArrayList<>(keyed.size());
        for (Keyed<T> k : keyed) {
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
        if (sorted.size() == 1) {
            // Most names have one client: the loops below reduce to this, without their lists.
            ClientCount only = sorted.get(0);
            long total = only.count();
            List<ClientCount> one = List.of(only);
            return new Verdict(total, 1, one, total == 0 ? 0 : 1.0, total == 0 ? 0 : 1.0, one,
                    1 <= maxClients && total >= minCount && total > 0);
        }
        long total = 0;
        for (ClientCount c : sorted) {
            total += c.count();
        }
        double hhi = 0;
        for (ClientCount c : sorted) {
            double s = total == 0 ? 0 : (double) c.count() / total;
            hhi += s * s;
        }
        List<ClientCount> dominant = new ArrayList<>();
        long reached = 0;
        for (ClientCount c : sorted) {
            if (total > 0 && reached >= exclusiveShare * total) {
                break;
            }
            dominant.add(c);
            reached += c.count();
        }
        double top = sorted.isEmpty() || total == 0 ? 0 : (double) sorted.get(0).count() / total;
        boolean exclusive = dominant.size() <= maxClients && total >= minCount && total > 0;
        return new Verdict(total, sorted.size(), sorted.subList(0, Math.min(5, sorted.size())), top, hhi, dominant,
                exclusive);
    }
}
