package sensor.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import sensor.metrics.MetricNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import sensor.pairs.PairsConfig;

/**
 * One {@code aggregate} instance: makes sure the fleet's topics exist, then runs the
 * {@link AggregateTopology} under Kafka Streams. Instances with the same application id share the
 * work by partition and take over each other's tasks (state restored from the changelog).
 *
 * @see AggregateTopology
 */
public final class FleetAggregation implements AutoCloseable {
    /**
     * @param bootstrap     Kafka bootstrap servers
     * @param applicationId the Kafka Streams application id: instances with the same id share the work
     * @param stateDir      where this instance keeps its state stores
     * @param outDir        where the pairs/servers/events files are rewritten, or null
     * @param emitInterval  how often the tables are published
     * @param grace         how far behind the newest capture time a record may arrive and still be
     *                      applied without a rebuild
     * @param window        how much capture time the tables cover (before the newest record), or
     *                      zero for everything
     * @param partitions    partitions of the input topics when this instance creates them
     * @param replication   replication factor of the topics it creates (-1: the broker's default)
     * @param standbys      standby replicas of the aggregate's state on other instances
     * @param client        further Kafka client properties (TLS, SASL ...), applied last
     */
    public record Settings(String bootstrap, String applicationId, Path stateDir, Path outDir, Duration emitInterval,
            Duration grace, Duration window, int partitions, short replication, int standbys,
            Map<String, String> client) {

        public Settings {
            client = Map.copyOf(client);
        }
    }

    private final Settings settings;
    private final AggregateTopology.Progress progress = new AggregateTopology.Progress();
    private final KafkaStreams streams;
    private final String instanceId;
    private volatile Throwable failure;
    private KafkaStreamsMetrics kafkaMetrics;
    private volatile boolean started;

    /** Kafka Streams refused to make the instance (another instance holds its --state-dir, say). */
    public static final class CannotStart extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CannotStart(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The instance, or {@link CannotStart} with Kafka's reason: the command that calls it then names
     * no Kafka class, so that it loads where the Kafka jars (lib/fleet) are not on the class path.
     */
    public static FleetAggregation open(Settings settings, PairsConfig config) {
        try {
            return new FleetAggregation(settings, config);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CannotStart(e.getMessage(), e);
        }
    }

    public FleetAggregation(Settings settings, PairsConfig config) {
        this.settings = settings;
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(settings.replication()));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, String.valueOf(settings.standbys()));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        p.put(StreamsConfig.producerPrefix("enable.idempotence"), "true");
        // Static membership: only a static member can leave the group on close in Kafka Streams
        // 4.1 (see close()); and an instance that crashed and comes back within the session
        // timeout gets its tasks back without a rebalance.
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId(FleetSettings.hostName(), settings.stateDir()));
        p.putAll(settings.client());
        this.instanceId = p.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        this.streams = new KafkaStreams(AggregateTopology.build(config, settings.emitInterval(), settings.grace(),
                settings.window(), settings.outDir(), progress), p);
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
    }

    /**
     * The instance's static member id: its host and state directory. Two running instances never
     * share both (Kafka Streams locks a state directory), and a restart on the same host and
     * directory is the same member again (see the constructor). Kafka allows {@code [a-zA-Z0-9._-]}, at most 249.
     */
    static String instanceId(String host, Path stateDir) {
        String raw = host + "-" + stateDir.toAbsolutePath().normalize();
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? c : '_');
        }
        // Streams appends "-<thread>" to it, so leave room; a long one keeps its end and a hash.
        if (b.length() > 200) {
            return String.format("%08x", raw.hashCode()) + "-" + b.substring(b.length() - 180);
        }
        return b.toString();
    }

    /** Creates missing topics and starts processing. */
    public void start() throws Exception {
        Topics.create(settings.bootstrap(), settings.client(), settings.partitions(), settings.replication(), 30_000);
        if (settings.outDir() != null) {
            Files.createDirectories(settings.outDir());
        }
        streams.start();
        started = true;
    }

    /** The static member id its stream threads join the group with (plus "-" and a thread number). */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Registers the aggregation's meters (names in {@link MetricNames}) and Kafka Streams' own
     * client metrics (consumer lag per input partition among them).
     */
    public void bindTo(MeterRegistry registry) {
        AggregateTopology.Progress p = progress;
        counter(registry, MetricNames.AGGREGATE_UNREADABLE, "Records in the input topics that could not be read, skipped",
                p, AggregateTopology.Progress::badRecords);
        counter(registry, MetricNames.AGGREGATE_EMISSIONS, "Times the tables were published", p,
                AggregateTopology.Progress::emissions);
        counter(registry, MetricNames.AGGREGATE_REBUILDS, "Times the tables were rebuilt for a record older than --grace",
                p, AggregateTopology.Progress::rebuilds);
        counter(registry, MetricNames.AGGREGATE_PRUNED, "Records that left the --window", p,
                AggregateTopology.Progress::pruned);
        counter(registry, MetricNames.AGGREGATE_EXPIRED, "Records that arrived after the --window had passed them", p,
                AggregateTopology.Progress::expired);
        Gauge.builder(MetricNames.AGGREGATE_RECORDS, p, g -> Math.max(0, g.emittedRecords()))
                .description("Records in the tables last published").register(registry);
        Gauge.builder(MetricNames.AGGREGATE_PENDING, p, AggregateTopology.Progress::pending)
                .description("Records waiting for the watermark").register(registry);
        Gauge.builder(MetricNames.AGGREGATE_EMISSION_TIME, p, g -> g.lastEmissionMillis() / 1e3).baseUnit("seconds")
                .description("How long the last publication of the tables took").register(registry);
        Gauge.builder(MetricNames.AGGREGATE_SETTLED, p, FleetAggregation::settledSeconds).baseUnit("seconds")
                .description("Since the tables last covered every record that arrived, or -1").register(registry);
        kafkaMetrics = new KafkaStreamsMetrics(streams);
        kafkaMetrics.bindTo(registry);
    }

    private static double settledSeconds(AggregateTopology.Progress p) {
        long n = p.settledForNanos(System.nanoTime());
        return n < 0 ? -1 : n / 1e9;
    }

    private static void counter(MeterRegistry registry, String name, String help, AggregateTopology.Progress p,
            java.util.function.ToDoubleFunction<AggregateTopology.Progress> f) {
        FunctionCounter.builder(name, p, f).description(help).register(registry);
    }

    public AggregateTopology.Progress progress() {
        return progress;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The error that stopped processing, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Stops and leaves the group, so another instance takes the tasks over at once. Kafka Streams
     * stays in the group by default (and in 4.1 leaves it only as a static member, which is why
     * the instance is one), so the others would wait for the consumer session timeout
     * ({@code session.timeout.ms}, 45 s by default) and a rolling restart would stall the tables.
     * An instance that dies without closing is still noticed only after that timeout. One that
     * never started has no group to leave (and asking the broker would wait for it).
     */
    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(started));
        if (kafkaMetrics != null) {
            kafkaMetrics.close();
        }
    }

    /** Tests: removes this instance's local state after {@link #close()}. */
    public void cleanUp() {
        streams.cleanUp();
    }
}
