package sensor.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sensor.output.PairsOutput;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairsConfig;

/**
 * The fleet's aggregate: every dns and smtp record of every sensor, fed to the project's own
 * {@link PairAggregator} in one order that does not depend on how the sensors' records
 * interleaved on the way, so the result is the one a single replay of all the captures gives.
 *
 * <p>The order is the {@link #key sort key}: capture time, then where the record sat in its
 * input topic. Sensors deliver late and out of step with each other, so a record waits in a
 * reorder buffer until the watermark (the newest capture time seen minus a grace period, or
 * everything once the input is quiet) passes it, and is then applied in key order: the
 * incremental, common case. A record arriving behind what was already applied marks the
 * aggregate stale: it is rebuilt from the stored records, in key order, before the next
 * emission. Lookup episodes, first clients and NXDOMAIN after the last answer depend on order;
 * counts, totals and sets do not.
 */
public final class FleetAggregate {
    public static final char DNS = 'd';
    public static final char SMTP = 's';

    /** The lines of pairs.jsonl, servers.jsonl and events.jsonl, in their file order. */
    public record Lines(List<String> pairs, List<String> servers, List<String> events) {}

    private final PairsConfig config;
    private final TreeMap<String, String> pending = new TreeMap<>();
    private PairAggregator aggregate;
    private String lastKey;
    private boolean stale;
    private boolean nano;
    private long records;
    private long rebuilds;

    public FleetAggregate(PairsConfig config) {
        this.config = config;
        this.aggregate = new PairAggregator(config);
    }

    /**
     * The sort key of a record: capture time (hex of the sign-flipped nanoseconds, so text order
     * is time order), then kind, input partition and offset, which make it unique: a record
     * processed twice (at-least-once) is stored once.
     */
    public static String key(long tsNanos, char kind, int partition, long offset) {
        return String.format("%016x|%c|%08x|%016x", tsNanos ^ Long.MIN_VALUE, kind, partition, offset);
    }

    static char kindOf(String key) {
        return key.charAt(17);
    }

    /** The capture time a sort key starts with. */
    public static long timeOf(String key) {
        return Long.parseUnsignedLong(key.substring(0, 16), 16) ^ Long.MIN_VALUE;
    }

    /**
     * Takes one stored record: into the reorder buffer when it comes after everything applied so
     * far, else the aggregate is stale.
     */
    public void add(String key, String line) {
        if (stale || (lastKey != null && key.compareTo(lastKey) <= 0)) {
            stale = true;
            pending.clear(); // the rebuild reads the store
            return;
        }
        pending.put(key, line);
    }

    /** Applies, in key order, the buffered records whose capture time is before {@code watermark}. */
    public void advance(long watermark) {
        while (!pending.isEmpty() && timeOf(pending.firstKey()) < watermark) {
            Map.Entry<String, String> e = pending.pollFirstEntry();
            apply(e.getKey(), e.getValue());
        }
    }

    /** Records waiting for the watermark. */
    public int pending() {
        return pending.size();
    }

    /** Whether a record arrived out of order since the last rebuild. */
    public boolean stale() {
        return stale;
    }

    /**
     * Starts over from every stored record, in key order: what was applied before and what the
     * watermark has passed are applied, the rest is buffered (a rebuild never takes a record back).
     */
    public void rebuild(Iterator<Map.Entry<String, String>> ordered, long watermark) {
        String appliedBefore = lastKey;
        aggregate = new PairAggregator(config);
        pending.clear();
        lastKey = null;
        records = 0;
        nano = false;
        while (ordered.hasNext()) {
            Map.Entry<String, String> e = ordered.next();
            if ((appliedBefore != null && e.getKey().compareTo(appliedBefore) <= 0) || timeOf(e.getKey()) < watermark) {
                apply(e.getKey(), e.getValue());
            } else {
                pending.put(e.getKey(), e.getValue());
            }
        }
        stale = false;
        rebuilds++;
    }

    private void apply(String key, String line) {
        if (kindOf(key) == DNS) {
            aggregate.onDns(RecordConverter.dns(line));
        } else {
            aggregate.onSmtp(RecordConverter.smtp(line));
        }
        if (!nano) {
            String ts = Topics.stringField(line, "ts");
            nano = ts != null && RecordConverter.nanoPrecision(ts);
        }
        lastKey = key;
        records++;
    }

    /** Records applied to the aggregate. */
    public long records() {
        return records;
    }

    public long rebuilds() {
        return rebuilds;
    }

    /** The three files' lines, written by the same {@link PairsOutput} a replay uses. */
    public Lines lines() {
        List<String> pairs = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        List<String> events = new ArrayList<>();
        new PairsOutput(nano).write(aggregate, line -> pairs.add(line.toString()), line -> servers.add(line.toString()),
                line -> events.add(line.toString()));
        return new Lines(pairs, servers, events);
    }
}
