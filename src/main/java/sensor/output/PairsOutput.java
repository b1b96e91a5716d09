package sensor.output;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.UnaryOperator;
import sensor.pairs.Event;
import sensor.pairs.Exclusivity;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairTable;
import sensor.pairs.Verdicts;
import sensor.pairs.Verdicts.ServerView;
import sensor.pairs.Verdicts.Snapshot;

/**
 * {@code pairs.jsonl}, {@code servers.jsonl} and {@code events.jsonl} from the aggregate, in a
 * stable order (so a golden file compares line by line): kind, level, then the largest first, ties
 * by address as in {@code dominant_clients}.
 */
public final class PairsOutput {
    private final boolean nano;
    private final UnaryOperator<String> smtpServerOf;

    public PairsOutput(boolean nanoPrecision) {
        this(nanoPrecision, UnaryOperator.identity());
    }

    /**
     * {@code smtpServerOf} gives the text an SMTP server at a DNS answer's address is counted under:
     * its pseudonym when the records are anonymized (answers keep their public addresses).
     */
    public PairsOutput(boolean nanoPrecision, UnaryOperator<String> smtpServerOf) {
        this.nano = nanoPrecision;
        this.smtpServerOf = smtpServerOf;
    }

    public Snapshot write(PairAggregator agg, LineSink pairsFile, LineSink serversFile, LineSink eventsFile) {
        // Everything here only reads the finished aggregate, so the work runs side by side: the
        // events are found and written on one thread while this one judges the servers; then
        // pairs.jsonl (the largest) is formatted on another while this one writes the servers.
        FutureTask<List<Event>> events = beside("events-writer", () -> {
            List<Event> found = agg.events();
            JsonLine line = new JsonLine();
            for (Event e : found) {
                eventsFile.write(event(line, e));
            }
            return found;
        });
        List<ServerView> views = Verdicts.servers(agg);
        FutureTask<Void> pairs = beside("pairs-writer", () -> {
            JsonLine line = new JsonLine();
            for (ServerView v : views) {
                for (PairTable.Pair p : v.pairs()) {
                    pairsFile.write(pair(line, v.table(), v.server(), p));
                }
            }
            return null;
        });
        // A line naming thousands of dominant clients runs to hundreds of KB. Room for them from
        // the start: a buffer first growing late, in compiled code, made the JIT redo server().
        JsonLine line = new JsonLine(1 << 20);
        for (ServerView v : views) {
            serversFile.write(server(line, v, agg));
        }
        result(pairs);
        return new Snapshot(agg, views, result(events));
    }

    private static <T> FutureTask<T> beside(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** The task's result; what it threw is thrown here, on the thread that answers for the files. */
    private static <T> T result(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the aggregate", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private JsonLine pair(JsonLine line, PairTable t, PairTable.Server server, PairTable.Pair p) {
        long serverTotal = server.total;
        long clientTotal = p.clientTotal();
        // Space-Saving's count may exceed what the server or the client was seen with (an
        // inherited count): never more than either, so no share passes 1.
        long count = Math.min(p.count, Math.min(serverTotal, clientTotal));
        double shareOfServer = serverTotal == 0 ? 0 : (double) count / serverTotal;
        double shareOfClient = clientTotal == 0 ? 0 : (double) count / clientTotal;
        JsonLine j = line.begin().str("kind", t.kind()).bool("client_group", t.groupLevel())
                .str("client", p.client).str("server", p.server).num("count", count)
                .time("first_seen", p.firstSeen, nano).time("last_seen", p.lastSeen, nano)
                .num("share_of_server", round(shareOfServer)).num("share_of_client", round(shareOfClient))
                .num("lift", round(Exclusivity.lift(count, serverTotal, clientTotal, t.total())));
        if (PairAggregator.NAME.equals(t.kind())) {
            j.num("episodes", p.episodes);
        }
        if (t.approximate()) {
            j.bool("approximate", true).num("error_bound", t.errorBound())
                    .num("guaranteed_count", Math.min(p.guaranteed(), count));
        }
        return j.finish();
    }

    private JsonLine server(JsonLine line, ServerView v, PairAggregator agg) {
        PairTable t = v.table();
        PairTable.Server s = v.server();
        Exclusivity.Verdict x = v.verdict();
        JsonLine j = line.begin().str("kind", t.kind()).bool("client_group", t.groupLevel())
                .str("server", s.name).num("total", s.total).num("clients", x.clients());
        clients(j.key("top_clients"), x.top(), x.total());
        j.num("top_share", round(x.topShare())).num("hhi", round(x.hhi()));
        clients(j.key("dominant_clients"), x.dominant(), x.total());
        j.num("dominant_share", round(x.dominantShare())).num("baseline_share", round(x.baselineShare()))
                .num("p_value", pValue(x.pValue())).bool("exclusive", x.exclusive());
        if (PairAggregator.NAME.equals(t.kind())) {
            List<String> addresses = s.addresses();
            strings(j.key("addresses"), addresses);
            j.key("qtypes").put('{');
            s.forEachQtype((i, qtype, count) -> (i > 0 ? j.put(',') : j).quoted(qtype).put(':').number(count));
            j.put('}');
            j.num("episodes", v.episodes());
            evidence(j.key("smtp_evidence"), addresses, agg, t.groupLevel());
        }
        if (PairAggregator.SMTP.equals(t.kind())) {
            outcomes(j, s);
        }
        List<String> capped = s.capped();
        if (!capped.isEmpty()) {
            strings(j.key("capped"), capped);
        }
        if (t.approximate()) {
            j.bool("approximate", true).num("error_bound", t.errorBound());
        }
        return j.finish();
    }

    private static void outcomes(JsonLine j, PairTable.Server s) {
        strings(j.ascii(",\"accepted_clients\":"), s.accepted());
        strings(j.ascii(",\"rejected_clients\":"), s.rejected());
        strings(j.ascii(",\"refused_clients\":"), s.refused());
    }

    /** Where DNS evidence meets connection evidence: SMTP to the name's addresses. */
    private void evidence(JsonLine j, List<String> addresses, PairAggregator agg, boolean group) {
        PairTable smtp = agg.table(PairAggregator.SMTP, group);
        j.put('[');
        if (smtp != null) {
            boolean first = true;
            for (String addr : addresses) {
                PairTable.Server s = smtp.server(smtpServerOf.apply(addr));
                if (s == null) {
                    continue;
                }
                if (!first) {
                    j.put(',');
                }
                first = false;
                j.ascii("{\"address\":").quoted(addr).ascii(",\"attempts\":").number(s.total);
                outcomes(j, s);
                j.put('}');
            }
        }
        j.put(']');
    }

    private JsonLine event(JsonLine line, Event e) {
        JsonLine j = line.begin().str("type", e.type()).time("ts", e.tsNanos(), nano)
                .str("address", e.address()).str("old_name", e.oldName()).str("new_name", e.newName())
                .str("first_client", e.firstClient()).num("delay_s", e.delayS())
                .num("address_names", e.addressNames() == null ? null : Long.valueOf(e.addressNames()))
                .num("first_client_old_share", e.firstClientOldShare());
        if (e.firstClientGroup() != null) {
            j.str("first_client_group", e.firstClientGroup());
        }
        return j.finish();
    }

    private static void clients(JsonLine j, List<Exclusivity.ClientCount> cs, long total) {
        j.put('[');
        for (int i = 0; i < cs.size(); i++) {
            Exclusivity.ClientCount c = cs.get(i);
            if (i > 0) {
                j.put(',');
            }
            j.ascii("{\"client\":").quoted(c.client()).ascii(",\"count\":").number(c.count())
                    .ascii(",\"share\":").number(round(total == 0 ? 0 : (double) c.count() / total)).put('}');
        }
        j.put(']');
    }

    /** A JSON array of texts, in the collection's (sorted) order. */
    private static void strings(JsonLine j, java.util.Collection<String> xs) {
        j.put('[');
        boolean first = true;
        for (String x : xs) {
            if (!first) {
                j.put(',');
            }
            first = false;
            j.quoted(x);
        }
        j.put(']');
    }

    /**
     * {@link #significant} of p-values seen recently, by their bits (+0.0, never held, marks a free
     * slot): the many servers with one or two clients share a few p-values, and the decimal
     * rounding costs more than the rest of their line.
     */
    private final long[] pValueBits = new long[4096];
    private final double[] pValueRounded = new double[4096];

    private double pValue(double p) {
        long bits = Double.doubleToRawLongBits(p);
        if (bits == 0 || !Double.isFinite(p)) {
            return significant(p);
        }
        int i = (int) (bits ^ bits >>> 29 ^ bits >>> 47) & (pValueBits.length - 1);
        if (pValueBits[i] != bits) {
            pValueBits[i] = bits;
            pValueRounded[i] = significant(p);
        }
        return pValueRounded[i];
    }

    /**
     * A p-value to six significant digits: fixed decimals would print every strong verdict as 0
     * (one that underflows a double is 0).
     */
    public static double significant(double p) {
        if (p == 0 || !Double.isFinite(p)) {
            return p;
        }
        double quick = significantInDoubles(p);
        return quick == quick ? quick : new java.math.BigDecimal(p).round(new java.math.MathContext(6)).doubleValue();
    }

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10; // exact up to 10^22
        }
    }

    /**
     * {@link #significant} without BigDecimal, or NaN where doubles cannot be sure of the same
     * result: p scaled by an exact power of ten to six integer digits is off by far less than
     * 1e-6, so unless it lies that close to a half its rounding is the exact value's, and the
     * rounded digits divided by the exact power is the correctly rounded double BigDecimal gives.
     */
    static double significantInDoubles(double p) {
        if (!(p > 0 && p < 1e6)) {
            return Double.NaN;
        }
        int k = 5 - (int) Math.floor(Math.log10(p));
        if (k < 0 || k >= POWERS_OF_TEN.length) {
            return Double.NaN;
        }
        double x = p * POWERS_OF_TEN[k];
        if (x < 1e5 || x >= 1e6) {
            return Double.NaN; // log10 was off by one near a power of ten
        }
        double whole = Math.floor(x);
        double fraction = x - whole;
        if (Math.abs(fraction - 0.5) < 1e-6) {
            return Double.NaN;
        }
        return (fraction > 0.5 ? whole + 1 : whole) / POWERS_OF_TEN[k];
    }

    public static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
