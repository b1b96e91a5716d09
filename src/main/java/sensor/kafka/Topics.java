package sensor.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The fleet's topics and their keys. Sensors publish the record lines, keyed so that the records
 * of one server or name land in one partition; {@code aggregate} publishes the tables, keyed by
 * what identifies a line, to compacted topics (the latest line per key is the table).
 */
public final class Topics {
    private Topics() {}

    /** dns.jsonl lines; key: the qname (the server address when there is no question). */
    public static final String DNS = "sensor.dns";
    /** smtp.jsonl lines; key: the server address. */
    public static final String SMTP = "sensor.smtp";
    /** pdns.jsonl lines; key: the rrname. */
    public static final String PDNS = "sensor.pdns";
    /** pairs.jsonl lines; key: kind|client_group|client|server. Compacted. */
    public static final String PAIRS = "sensor.pairs";
    /** servers.jsonl lines; key: kind|client_group|server. Compacted. */
    public static final String SERVERS = "sensor.servers";
    /** events.jsonl lines; key: type|address|old_name|new_name. Compacted. */
    public static final String EVENTS = "sensor.events";

    /** Header naming the sensor that produced a record. */
    public static final String SENSOR_HEADER = "sensor";

    /** Creates the fleet's topics that do not exist yet: inputs partitioned, tables compacted. */
    public static void create(String bootstrap, int partitions, short replication, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        create(bootstrap, Map.of(), partitions, replication, timeoutMillis);
    }

    /** {@link #create(String, int, short, long)} with further client properties (TLS, SASL ...). */
    public static void create(String bootstrap, Map<String, String> client, int partitions, short replication,
            long timeoutMillis) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, 30_000));
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
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
                admin.createTopics(create).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e; // another instance creating them at the same time is fine
                }
            }
            if (!create.isEmpty()) {
                awaitLeaders(admin, create.stream().map(NewTopic::name).toList(), timeoutMillis);
            }
        }
    }

    /**
     * Waits until the leader of every partition of new topics answers for it. Right after
     * creation the metadata already names a leader that may still refuse writes
     * (NOT_LEADER_OR_FOLLOWER); an idempotent producer's retries into that window were seen to end
     * in OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout. Listing offsets is answered
     * only by a leader that took the partition over.
     */
    private static void awaitLeaders(Admin admin, List<String> topics, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS)
                        .forEach((name, d) -> d.partitions().forEach(
                                p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(50);
        }
    }

    /** The topic a record file is mirrored to, or null. */
    public static String forFile(String fileName) {
        return switch (fileName) {
            case "dns.jsonl" -> DNS;
            case "smtp.jsonl" -> SMTP;
            case "pdns.jsonl" -> PDNS;
            default -> null;
        };
    }

    /**
     * The partitioning key of a record line, read from the line without parsing it all: the
     * fields before it are addresses, ports and mnemonics, so the first occurrence is the field.
     */
    public static String keyOf(String topic, String line) {
        return switch (topic) {
            case DNS -> {
                String q = stringField(line, "qname");
                yield q != null ? q : stringField(line, "server");
            }
            case SMTP -> stringField(line, "server");
            case PDNS -> stringField(line, "rrname");
            default -> null;
        };
    }

    static String stringField(String line, String name) {
        String marker = "\"" + name + "\":\"";
        int i = line.indexOf(marker);
        if (i < 0) {
            return null;
        }
        int from = i + marker.length();
        int to = line.indexOf('"', from);
        while (to > 0 && line.charAt(to - 1) == '\\') {
            to = line.indexOf('"', to + 1);
        }
        return to < 0 ? null : line.substring(from, to);
    }
}
