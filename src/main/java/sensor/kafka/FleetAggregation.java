package sensor.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
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
     * @param partitions    partitions of the input topics when this instance creates them
     * @param replication   replication factor of the topics it creates (-1: the broker's default)
     * @param standbys      standby replicas of the aggregate's state on other instances
     * @param client        further Kafka client properties (TLS, SASL ...), applied last
     */
    public record Settings(String bootstrap, String applicationId, Path stateDir, Path outDir, Duration emitInterval,
            Duration grace, int partitions, short replication, int standbys, Map<String, String> client) {

        public Settings {
            client = Map.copyOf(client);
        }
    }

    private final Settings settings;
    private final AggregateTopology.Progress progress = new AggregateTopology.Progress();
    private final KafkaStreams streams;
    private volatile Throwable failure;

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
        p.putAll(settings.client());
        this.streams = new KafkaStreams(AggregateTopology.build(config, settings.emitInterval(), settings.grace(), settings.outDir(),
                progress), p);
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
    }

    /** Creates missing topics and starts processing. */
    public void start() throws Exception {
        Topics.create(settings.bootstrap(), settings.client(), settings.partitions(), settings.replication(), 30_000);
        if (settings.outDir() != null) {
            Files.createDirectories(settings.outDir());
        }
        streams.start();
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
     * Stops. Kafka Streams does not leave the group on close, so another instance takes the tasks
     * over after the consumer session timeout ({@code session.timeout.ms}, 45 s by default).
     */
    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** Tests: removes this instance's local state after {@link #close()}. */
    public void cleanUp() {
        streams.cleanUp();
    }
}
