package sensor.kafka;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;
import sensor.output.RecordMirror;
import sensor.output.RecordSink;

/**
 * Publishes the sensor's record lines to Kafka ({@code sensor.dns}, {@code sensor.smtp},
 * {@code sensor.pdns}) beside or instead of the files. The decoding thread only offers a line to a
 * bounded queue and never waits for Kafka: when the queue is full the line is dropped and
 * counted. One sender thread hands lines to an idempotent producer ({@code acks=all}, so a
 * retry after a lost connection neither loses nor duplicates a record). A record counts as
 * {@code sent} only once the broker acknowledged it; {@code failed} when the producer gave up
 * (timeout, broker gone) and {@code dropped} when the queue was full. Counters in group
 * {@code kafka}: {@code records = sent + failed + dropped} at the end of a run.
 */
public final class RecordProducer implements RecordMirror {
    private record Item(String topic, String key, String line) {}

    private static final Item STOP = new Item(null, null, null);
    /** Partitions of the topics a sensor creates when they are missing. */
    static final int TOPIC_PARTITIONS = 6;

    private final FleetSettings settings;
    private final PrintStream err;
    private final Producer<String, String> producer;
    private final BlockingQueue<Item> queue;
    private final Thread sender;
    private final byte[] sensorId;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Tally recordsTally;
    private final Tally sentTally;
    private final Tally failedTally;
    private final Tally droppedTally;
    private volatile Consumer<String> acknowledged = line -> { };
    private boolean finished;

    /** @throws IllegalArgumentException naming {@code --kafka} when no producer can be made for it */
    public RecordProducer(FleetSettings settings, Tallies tallies, PrintStream err) {
        this(settings, tallies, err, producer(settings));
    }

    /**
     * A producer for the bootstrap servers; one that cannot be made (no name of them resolves, a
     * bad port) is the user's setting at fault, said in one line, never a Kafka stack trace.
     */
    private static Producer<String, String> producer(FleetSettings settings) {
        try {
            return new KafkaProducer<>(properties(settings), new StringSerializer(), new StringSerializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("--kafka " + settings.bootstrap() + ": " + root.getMessage(), e);
        }
    }

    RecordProducer(FleetSettings settings, Tallies tallies, PrintStream err, Producer<String, String> producer) {
        this.settings = settings;
        this.err = err;
        this.producer = producer;
        this.queue = new ArrayBlockingQueue<>(settings.bufferRecords());
        this.sensorId = settings.sensorId().getBytes(StandardCharsets.UTF_8);
        this.recordsTally = tallies.get("kafka", "records");
        this.sentTally = tallies.get("kafka", "sent");
        this.failedTally = tallies.get("kafka", "failed");
        this.droppedTally = tallies.get("kafka", "dropped");
        this.sender = new Thread(this::run, "kafka-sender");
        sender.setDaemon(true);
        sender.start();
    }

    static Properties properties(FleetSettings s) {
        long timeout = Math.max(2_000, s.timeoutMillis());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "sensor-" + s.sensorId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 << 10));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(32L << 20));
        // delivery.timeout.ms must cover linger + one request; the rest is retries.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        // How long the sender thread may wait for metadata or buffer space per record.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(timeout, 5_000)));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.putAll(s.client());
        return p;
    }

    @Override
    public RecordSink<String> mirror(String fileName) {
        String topic = Topics.forFile(fileName);
        if (topic == null) {
            return null;
        }
        return line -> offer(topic, line);
    }

    @Override
    public boolean writeFiles() {
        return settings.writeFiles();
    }

    private void offer(String topic, String line) {
        records.incrementAndGet();
        if (!queue.offer(new Item(topic, Topics.keyOf(topic, line), line))) {
            dropped.incrementAndGet();
            noteError("buffer of " + settings.bufferRecords() + " records full");
        }
    }

    /** Tests: called (on the producer's thread) with every line the broker acknowledged. */
    void onAcknowledged(Consumer<String> hook) {
        this.acknowledged = hook;
    }

    private void run() {
        try {
            // Best effort: with auto-creation off, a sensor started before aggregate would lose
            // its first records. Topics another party created stay as they are.
            Topics.create(settings.bootstrap(), settings.client(), TOPIC_PARTITIONS, (short) -1,
                    Math.min(settings.timeoutMillis(), 10_000));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            // not allowed, or Kafka unreachable: the sends say what they can
        }
        while (true) {
            Item it;
            try {
                it = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (it == STOP) {
                return;
            }
            if (it != null) {
                send(it);
            }
            publish();
        }
    }

    private void send(Item it) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.SENSOR_HEADER, sensorId);
        ProducerRecord<String, String> r = new ProducerRecord<>(it.topic(), null, it.key(), it.line(), headers);
        try {
            producer.send(r, (metadata, e) -> {
                if (e == null) {
                    sent.incrementAndGet();
                    acknowledged.accept(it.line());
                } else {
                    failed.incrementAndGet();
                    noteError(e.toString());
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            // Thrown (not passed to the callback): the producer is closed or interrupted.
            failed.incrementAndGet();
            noteError(e.toString());
        }
    }

    private void noteError(String reason) {
        firstError.compareAndSet(null, reason);
    }

    /** Copies the counts into the run's tallies (only this thread, then the finishing one, writes them). */
    private void publish() {
        recordsTally.set(records.get());
        sentTally.set(sent.get());
        failedTally.set(failed.get());
        droppedTally.set(dropped.get());
    }

    @Override
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMillis());
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            sleep(20);
        }
        // What the sender could not even hand to the producer in time is given up on.
        List<Item> left = new ArrayList<>();
        queue.drainTo(left);
        failed.addAndGet(left.size());
        if (!left.isEmpty()) {
            noteError(left.size() + " records still queued at the end of the run");
        }
        queue.offer(STOP);
        try {
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long remaining = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        // close() waits for acknowledgements up to the deadline, then fails what is left (the
        // callbacks count it) and returns.
        producer.close(Duration.ofMillis(remaining));
        publish();
        long unsent = failed.get() + dropped.get();
        if (unsent > 0) {
            err.println("sensor: kafka " + settings.bootstrap() + ": " + unsent + " of " + records.get()
                    + " records not sent (" + failed.get() + " failed, " + dropped.get() + " dropped): "
                    + firstError.get());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long records() {
        return records.get();
    }

    @Override
    public void close() {
        finish();
    }
}
