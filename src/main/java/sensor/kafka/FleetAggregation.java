package sensor.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
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
     * @param partitions    partitions of the input topics when this instance creates them
     * @param replication   replication factor of the topics it creates (-1: the broker's default)
     * @param standbys      standby replicas of the aggregate's state on other instances
     */
    public record Settings(String bootstrap, String applicationId, Path stateDir, Path outDir, Duration emitInterval,
            int partitions, short replication, int standbys) {}

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
        this.streams = new KafkaStreams(AggregateTopology.build(config, settings.emitInterval(), settings.outDir(),
                progress), p);
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
    }

    /** Creates the fleet's topics that do not exist yet: inputs partitioned, tables compacted. */
    public static void createTopics(String bootstrap, int partitions, short replication)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            Optional<Short> rf = replication < 0 ? Optional.empty() : Optional.of(replication);
            List<NewTopic> create = new ArrayList<>();
            for (String t : List.of(Topics.DNS, Topics.SMTP, Topics.PDNS)) {
                if (!existing.contains(t)) {
                    create.add(new NewTopic(t, Optional.of(partitions), rf));
                }
            }
            for (String t : List.of(Topics.PAIRS, Topics.SERVERS, Topics.EVENTS)) {
                if (!existing.contains(t)) {
                    create.add(new NewTopic(t, Optional.of(partitions), rf)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                }
            }
            try {
                admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e; // another instance creating them at the same time is fine
                }
            }
        }
    }

    /** Creates missing topics and starts processing. */
    public void start() throws Exception {
        createTopics(settings.bootstrap(), settings.partitions(), settings.replication());
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

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** Tests: removes this instance's local state after {@link #close()}. */
    public void cleanUp() {
        streams.cleanUp();
    }
}
