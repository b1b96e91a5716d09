package sensor.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) inside the test JVM, on
 * 127.0.0.1 and free ports, from Maven Central's kafka_2.13 artifact: no container, no network
 * beyond loopback. {@link #stop()} and {@link #restart()} keep the log directory and the ports, so
 * a test can take the broker away mid-run and bring it back with everything it had acknowledged.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final KafkaConfig config;
    private KafkaRaftServer server;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "2");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "2");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        
        this.config = KafkaConfig.fromProps(p, false);
    }

    /** Formats a fresh log directory under a temporary folder and starts the broker. */
    public static KafkaBroker start() {
        try {
            Path dir = Files.createTempDirectory("sensor-kafka");
            KafkaBroker b = new KafkaBroker(dir, freePort(), freePort());
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.resolve("log").toString()))
                    .setMetadataLogDirectory(dir.resolve("log").toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .run();
            b.restart();
            return b;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker", e);
        }
    }

    /**
     * A broker for trying the fleet by hand: prints its bootstrap address and runs until killed.
     * {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
     * -Dmdep.includeScope=test}, then {@code java -cp target/test-classes:target/classes:$(cat
     * target/test-cp.txt) sensor.testutil.KafkaBroker}.
     */
    public static void main(String[] args) throws InterruptedException {
        KafkaBroker b = start();
        Runtime.getRuntime().addShutdownHook(new Thread(b::close));
        System.out.println(b.bootstrap());
        Thread.currentThread().join();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker again on the same ports and log directory. */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker; what it acknowledged stays in its log directory. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Creates topics of {@code partitions} partitions (replication 1). */
    public void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            List<NewTopic> ts = new ArrayList<>();
            for (String t : topics) {
                ts.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(ts).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + List.of(topics), e);
        }
    }

    /** Every record of a topic, from the beginning up to its end offsets as of now. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap());
        c.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> k = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : k.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, p.partition()));
            }
            k.assign(parts);
            k.seekToBeginning(parts);
            Map<TopicPartition, Long> end = k.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && parts.stream().anyMatch(p -> k.position(p) < end.get(p))) {
                k.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
