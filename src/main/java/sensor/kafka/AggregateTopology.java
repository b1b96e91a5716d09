package sensor.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import sensor.output.JsonlFile;
import sensor.pairs.PairsConfig;

/**
 * The fleet's Kafka Streams topology, in two sub-topologies:
 *
 * <ol>
 *   <li><b>order</b> — one task per partition of {@code sensor.dns} and {@code sensor.smtp}
 *       (spread over every {@code aggregate} instance): checks each line converts, counts and
 *       skips those that do not, and re-keys it by its {@link FleetAggregate#key sort key};</li>
 *   <li><b>aggregate</b> — one task, fed through a one-partition repartition topic: stores every
 *       record in the {@code fleet-records} state store (RocksDB, changelogged, so another
 *       instance takes over with the same state), keeps the {@link FleetAggregate} over them and,
 *       every emit interval, publishes the lines that changed to {@code sensor.pairs},
 *       {@code sensor.servers} and {@code sensor.events} (a tombstone for a line that went away)
 *       and, with an output folder, rewrites the three files.</li>
 * </ol>
 *
 * One aggregation task is what makes the tables exact: lift, share of client, renames and SMTP
 * evidence join every server and name, so no partition of the pairs could compute them alone.
 */
public final class AggregateTopology {
    public static final String STORE = "fleet-records";
    static final String TABLE_HEADER = "table";

    /** What the running aggregation has done, for the command's log line and for tests. */
    public static final class Progress {
        final AtomicLong emittedRecords = new AtomicLong(-1);
        final AtomicLong badRecords = new AtomicLong();
        final AtomicLong emissions = new AtomicLong();
        final AtomicLong rebuilds = new AtomicLong();
        final AtomicLong expired = new AtomicLong();
        final AtomicLong pruned = new AtomicLong();
        /** System.nanoTime() of the last record the aggregate task took. */
        volatile long lastArrivalNanos = System.nanoTime();
        /** System.nanoTime() of the last emission that left nothing buffered or stale, or 0. */
        volatile long settledNanos;
        volatile long lastEmissionMillis;
        /** Records waiting in the reorder buffer, as of the last emission. */
        volatile long pending;

        /** Records in the aggregate when the tables were last published, or -1 before. */
        public long emittedRecords() {
            return emittedRecords.get();
        }

        /** Lines that did not convert to a record (skipped). */
        public long badRecords() {
            return badRecords.get();
        }

        public long emissions() {
            return emissions.get();
        }

        public long rebuilds() {
            return rebuilds.get();
        }

        /** Records that arrived older than the window's last cut: counted, not applied. */
        public long expired() {
            return expired.get();
        }

        /** Records the window dropped from the store (and so from the tables). */
        public long pruned() {
            return pruned.get();
        }

        /** Records waiting for the watermark in the reorder buffer, as of the last emission. */
        public long pending() {
            return pending;
        }

        /** How long the last emission took to build and publish the tables, in milliseconds. */
        public long lastEmissionMillis() {
            return lastEmissionMillis;
        }

        /**
         * Nanoseconds since the tables were last published over every record that had arrived, or
         * -1 while records arrived since (or some wait in the reorder buffer).
         */
        public long settledForNanos(long nowNanos) {
            long settled = settledNanos;
            return settled == 0 || settled < lastArrivalNanos ? -1 : nowNanos - settled;
        }
    }

    private AggregateTopology() {}

    /**
     * @param grace how far (in capture time) records may arrive behind the newest one and still
     *              be applied in order without a rebuild; the tables lag the input by this much
     *              until the input is quiet for two emit intervals, when everything is applied
     * @param window how much capture time (before the newest record) the tables cover, or zero for
     *              everything; older records leave the store and the tables (see {@link Aggregate})
     */
    public static Topology build(PairsConfig config, Duration emitInterval, Duration grace, Duration window,
            Path outDir, Progress progress) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.String()));
        b.stream(List.of(Topics.DNS, Topics.SMTP), Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Order(progress))
                .repartition(Repartitioned.<String, String>as("ordered").withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.String()).withNumberOfPartitions(1))
                .process(() -> new Aggregate(config, emitInterval, grace, window, outDir, progress), STORE)
                .to((key, value, context) -> new String(context.headers().lastHeader(TABLE_HEADER).value(),
                        StandardCharsets.UTF_8), Produced.with(Serdes.String(), Serdes.String()));
        return b.build();
    }

    /** Sub-topology 1: validate and re-key by sort key. */
    static final class Order implements Processor<String, String, String, String> {
        private final Progress progress;
        private ProcessorContext<String, String> context;

        Order(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> r) {
            RecordMetadata m = context.recordMetadata().orElseThrow();
            char kind = Topics.SMTP.equals(m.topic()) ? FleetAggregate.SMTP : FleetAggregate.DNS;
            long ts;
            try {
                if (r.value() == null) {
                    throw new RecordConverter.BadRecord("empty record", null);
                }
                ts = kind == FleetAggregate.DNS ? RecordConverter.dns(r.value()).tsNanos()
                        : RecordConverter.smtp(r.value()).tsNanos();
            } catch (IllegalArgumentException e) {
                progress.badRecords.incrementAndGet();
                return;
            }
            context.forward(r.withKey(FleetAggregate.key(ts, kind, m.partition(), m.offset())));
        }
    }

    /**
     * Sub-topology 2: the one aggregation task.
     *
     * <p>With a window, the store keeps the records of the last {@code window} of capture time
     * before the newest one. Once the oldest stored record is a tenth of the window older than
     * that, the older ones are deleted (from the changelog too) and the aggregate is rebuilt from
     * the rest: the store stays bounded by the window, and a rebuild comes once per tenth of a
     * window of capture time. A record older than that cut (a sensor far behind the others) is
     * counted and dropped: what it would have counted has left the tables already.
     */
    static final class Aggregate implements Processor<String, String, String, String> {
        /** Keys deleted per pass over the store, so a prune holds a bounded list. */
        private static final int PRUNE_BATCH = 10_000;
        private final PairsConfig config;
        private final Duration emitInterval;
        private final long graceNanos;
        private final long windowNanos;
        /** With a window: the last prune's cut; the store holds nothing older. */
        private long horizon = Long.MIN_VALUE;
        private final Path outDir;
        private final Progress progress;
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> store;
        private FleetAggregate aggregate;
        /** What was last published per topic and key, so only changes are sent. */
        private final Map<String, Map<String, String>> published = new HashMap<>();
        private long newest = Long.MIN_VALUE;
        private long lastArrivalMillis;
        private long lastEmitEndMillis;
        private long publishedRecords = -1;

        Aggregate(PairsConfig config, Duration emitInterval, Duration grace, Duration window, Path outDir,
                Progress progress) {
            this.config = config;
            this.emitInterval = emitInterval;
            this.graceNanos = grace.toNanos();
            this.windowNanos = window.toNanos();
            this.outDir = outDir;
            this.progress = progress;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            this.aggregate = new FleetAggregate(config);
            // The store may hold what another instance (or an earlier run) stored: what its
            // watermark had passed is applied now, not after the input has been quiet again.
            try (KeyValueIterator<String, String> last = store.reverseAll()) {
                if (last.hasNext()) {
                    newest = FleetAggregate.timeOf(last.next().key);
                }
            }
            if (windowNanos > 0 && newest != Long.MIN_VALUE) {
                horizon = newest - windowNanos; // what a prune now would keep
            }
            rebuild(newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - graceNanos);
            lastArrivalMillis = context.currentSystemTimeMs();
            // Ticks of at most a second, each emitting once an emit interval has passed since the
            // last emission ended: the first comes a tick after start, so an instance that took
            // the task over publishes what it restored at once, not an interval later.
            context.schedule(emitInterval.compareTo(Duration.ofSeconds(1)) < 0 ? emitInterval : Duration.ofSeconds(1),
                    PunctuationType.WALL_CLOCK_TIME, this::emit);
        }

        private void rebuild(long upTo) {
            try (KeyValueIterator<String, String> it = store.all()) {
                aggregate.rebuild(new Iterator<Map.Entry<String, String>>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        KeyValue<String, String> kv = it.next();
                        return new AbstractMap.SimpleImmutableEntry<>(kv.key, kv.value);
                    }
                }, upTo);
            }
            progress.rebuilds.incrementAndGet();
        }

        @Override
        public void process(Record<String, String> r) {
            long ts = FleetAggregate.timeOf(r.key());
            if (ts < horizon) {
                progress.expired.incrementAndGet();
                return;
            }
            store.put(r.key(), r.value());
            aggregate.add(r.key(), r.value());
            newest = Math.max(newest, ts);
            lastArrivalMillis = context.currentSystemTimeMs();
            progress.lastArrivalNanos = System.nanoTime();
        }

        private void emit(long nowMillis) {
            // Records are processed on this thread too: a long emission postpones the next one
            // rather than leaving processing one record between back-to-back emissions.
            if (nowMillis - lastEmitEndMillis < emitInterval.toMillis() || newest == Long.MIN_VALUE) {
                return; // too soon, or no record has arrived yet
            }
            long started = System.nanoTime();
            // Quiet input (two emit intervals without a record): everything is in, apply it all.
            boolean quiet = nowMillis - Math.max(lastArrivalMillis, lastEmitEndMillis) >= 2 * emitInterval.toMillis();
            long watermark = quiet ? Long.MAX_VALUE : newest - graceNanos;
            if (prune()) {
                publishedRecords = -1; // the same number of records may be other records now
                rebuild(watermark);
            } else if (aggregate.stale()) {
                rebuild(watermark);
            } else {
                aggregate.advance(watermark);
            }
            if (aggregate.records() == publishedRecords) {
                settle(started);
                return;
            }
            FleetAggregate.Lines lines = aggregate.lines();
            publish(Topics.PAIRS, lines.pairs(), AggregateTopology::pairKey);
            publish(Topics.SERVERS, lines.servers(), AggregateTopology::serverKey);
            publish(Topics.EVENTS, lines.events(), AggregateTopology::eventKey);
            if (outDir != null) {
                write(outDir, "pairs.jsonl", lines.pairs());
                write(outDir, "servers.jsonl", lines.servers());
                write(outDir, "events.jsonl", lines.events());
            }
            publishedRecords = aggregate.records();
            progress.lastEmissionMillis = (System.nanoTime() - started) / 1_000_000;
            progress.emittedRecords.set(aggregate.records());
            progress.emissions.incrementAndGet();
            settle(started);
            // The stream thread's clock is not read again during the emission: add what it took.
            lastEmitEndMillis = nowMillis + (System.nanoTime() - started) / 1_000_000;
        }

        /**
         * With a window: once the oldest stored record is a tenth of the window older than its
         * start (the newest record's time minus the window), deletes every stored record older than
         * that start. Returns whether it did (the aggregate must then be rebuilt).
         */
        private boolean prune() {
            if (windowNanos <= 0) {
                return false;
            }
            long cut = newest - windowNanos;
            try (KeyValueIterator<String, String> it = store.all()) {
                if (!it.hasNext() || FleetAggregate.timeOf(it.next().key) >= cut - windowNanos / 10) {
                    return false;
                }
            }
            long deleted = 0;
            List<String> old = new ArrayList<>(PRUNE_BATCH);
            do {
                old.clear();
                try (KeyValueIterator<String, String> it = store.all()) {
                    while (it.hasNext() && old.size() < PRUNE_BATCH) {
                        String key = it.next().key;
                        if (FleetAggregate.timeOf(key) >= cut) {
                            break;
                        }
                        old.add(key);
                    }
                }
                old.forEach(store::delete);
                deleted += old.size();
            } while (old.size() == PRUNE_BATCH);
            horizon = cut;
            progress.pruned.addAndGet(deleted);
            return true;
        }

        /** Records arrive on this same thread, so none came in while the emission ran. */
        private void settle(long started) {
            progress.pending = aggregate.pending();
            if (aggregate.pending() == 0 && !aggregate.stale()
                    && (progress.settledNanos == 0 || progress.settledNanos < progress.lastArrivalNanos)) {
                progress.settledNanos = started;
            }
        }

        private void publish(String topic, List<String> lines, java.util.function.Function<String, String> keyOf) {
            Map<String, String> last = published.computeIfAbsent(topic, t -> new HashMap<>());
            Set<String> seen = new HashSet<>();
            long now = context.currentSystemTimeMs();
            RecordHeaders headers = new RecordHeaders();
            headers.add(TABLE_HEADER, topic.getBytes(StandardCharsets.UTF_8));
            for (String line : lines) {
                String key = keyOf.apply(line);
                seen.add(key);
                if (!line.equals(last.get(key))) {
                    last.put(key, line);
                    context.forward(new Record<>(key, line, now, headers));
                }
            }
            for (Iterator<String> it = last.keySet().iterator(); it.hasNext();) {
                String key = it.next();
                if (!seen.contains(key)) {
                    it.remove();
                    context.forward(new Record<String, String>(key, null, now, headers));
                }
            }
        }
    }

    // Keys read from the lines PairsOutput writes without parsing them: the identifying fields come
    // first, so their first occurrence is theirs (a null field reads as "null").

    /** pairs: kind|client_group|client|server. */
    static String pairKey(String line) {
        return Topics.stringField(line, "kind") + "|" + line.contains("\"client_group\":true") + "|"
                + Topics.stringField(line, "client") + "|" + Topics.stringField(line, "server");
    }

    /** servers: kind|client_group|server. */
    static String serverKey(String line) {
        return Topics.stringField(line, "kind") + "|" + line.contains("\"client_group\":true") + "|"
                + Topics.stringField(line, "server");
    }

    /** events: type|address|old_name|new_name. */
    static String eventKey(String line) {
        return Topics.stringField(line, "type") + "|" + Topics.stringField(line, "address") + "|"
                + Topics.stringField(line, "old_name") + "|" + Topics.stringField(line, "new_name");
    }

    /** Rewrites a table file atomically (temporary file, then rename), as a replay does. */
    static void write(Path dir, String name, List<String> lines) {
        Path tmp = dir.resolve(name + ".tmp");
        try (JsonlFile f = new JsonlFile(tmp)) {
            lines.forEach(f::accept);
        }
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }
}
