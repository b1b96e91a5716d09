package sensor.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sensor.capture.StopSignals;
import sensor.kafka.AggregateTopology;
import sensor.kafka.FleetAggregation;
import sensor.metrics.MetricsServer;
import sensor.metrics.Tallies;
import sensor.pairs.PairsConfig;

/**
 * {@code sensor aggregate}: the fleet's pairs, servers and events from every sensor's records in
 * Kafka, by Kafka Streams (see {@link sensor.kafka.AggregateTopology}). Runs until SIGINT/SIGTERM,
 * {@code --duration} or {@code --idle-exit}.
 */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "Aggregate the records of every sensor in Kafka into pairs, servers and events"
                + " (topics sensor.pairs, sensor.servers, sensor.events; files with -o).")
public final class AggregateCommand implements Callable<Integer> {
    @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP", converter = BootstrapConverter.class, description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, ssl.*, sasl.* ...), applied last")
    Path clientConfig;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", converter = OutputPaths.Directory.class,
            description = "also rewrite pairs.jsonl, servers.jsonl and events.jsonl here (by the instance that aggregates)")
    Path out;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE})")
    String applicationId = "sensor-aggregate";

    @Option(names = "--state-dir", paramLabel = "DIR", converter = OutputPaths.Directory.class, description = "this instance's state stores (default: ${DEFAULT-VALUE})")
    Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "sensor-aggregate");

    @Option(names = "--emit-interval", paramLabel = "SECONDS",
            description = "publish the tables this often when they changed (default: ${DEFAULT-VALUE})")
    @Range(min = 0, minExclusive = true, max = 86400)
    double emitInterval = 5;

    @Option(names = "--grace", paramLabel = "SECONDS",
            description = "capture time a record may lag the newest and still be applied in order without a rebuild;"
                    + " the tables lag by this much while records keep coming (default: ${DEFAULT-VALUE})")
    @Range(min = 0, max = 31536000)
    double grace = 60;

    @Option(names = "--window", paramLabel = "SPAN", converter = SpanConverter.class,
            description = "the tables cover this much capture time before the newest record (90m, 36h, 30d ...);"
                    + " older records leave the store, its changelog and the tables. Default: everything, and the"
                    + " store keeps every record")
    java.time.Duration window = java.time.Duration.ZERO;

    @Option(names = "--partitions", paramLabel = "N",
            description = "partitions of the topics this instance creates when missing (default: ${DEFAULT-VALUE})")
    @Range(min = 1, max = 100000)
    int partitions = 6;

    @Option(names = "--replication", paramLabel = "N",
            description = "replication factor of the topics it creates; -1 is the broker's default (default: ${DEFAULT-VALUE})")
    @Range(min = -1)
    short replication = -1;

    @Option(names = "--standbys", paramLabel = "N",
            description = "standby copies of the aggregation state on other instances (default: ${DEFAULT-VALUE})")
    @Range(min = 0, max = 100)
    int standbys = 0;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop by itself after this many seconds")
    @Range(min = 1)
    long duration;

    @Option(names = "--idle-exit", paramLabel = "SECONDS",
            description = "stop once the published tables cover every record that arrived and none arrived for this many seconds")
    @Range(min = 1)
    long idleExit;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "serve Prometheus metrics at http://BIND:PORT/metrics")
    @Range(min = 0, max = 65535)
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", converter = BindAddressConverter.class, description = "address the metrics server binds (default: ${DEFAULT-VALUE})")
    String metricsBind = "127.0.0.1";

    @Mixin
    PairsOptions pairsOptions;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PairsConfig config = pairsConfig();
        if (!applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new ParameterException(spec.commandLine(), "--application-id may hold letters, digits, '.', '_' and '-', not '" + applicationId + "'");
        }
        if (replication == 0) {
            throw new ParameterException(spec.commandLine(), "--replication must be -1 (the broker's default) or at least 1, not 0");
        }
        java.util.Map<String, String> client;
        try {
            client = KafkaOptions.clientProperties(clientConfig);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        FleetAggregation.Settings settings = new FleetAggregation.Settings(bootstrap, applicationId, stateDir, out,
                Duration.ofMillis((long) (emitInterval * 1000)), Duration.ofMillis((long) (grace * 1000)), window,
                partitions, replication, standbys, client);
        StopSignals.install(stop::countDown);
        FleetAggregation created;
        try {
            created = FleetAggregation.open(settings, config);
        } catch (FleetAggregation.CannotStart e) {
            // e.g. another instance runs on the same --state-dir (Kafka Streams locks it)
            System.err.println("sensor: cannot start the aggregate on --state-dir " + stateDir + ": " + e.getMessage());
            return 1;
        }
        try (FleetAggregation agg = created) {
            MetricsServer metrics = null;
            try {
                if (metricsPort != null) {
                    metrics = new MetricsServer(new Tallies(), metricsBind, metricsPort);
                    agg.bindTo(metrics.registry());
                    if (!quiet) {
                        System.err.println("sensor: metrics on http://" + metricsBind + ":" + metrics.port() + "/metrics");
                    }
                }
                try {
                    agg.start();
                } catch (Exception e) {
                    System.err.println("sensor: cannot reach Kafka at " + bootstrap + ": " + rootMessage(e));
                    return 1;
                }
                return watch(agg);
            } catch (java.io.IOException e) {
                System.err.println("sensor: cannot serve metrics on " + metricsBind + ":" + metricsPort + " (" + e.getMessage() + ")");
                return 1;
            } finally {
                if (metrics != null) {
                    metrics.close();
                }
            }
        }
    }

    private int watch(FleetAggregation agg) throws InterruptedException {
        long start = System.nanoTime();
        long lastEmissions = 0;
        AggregateTopology.Progress p = agg.progress();
        while (!stop.await(200, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            if (agg.failure() != null) {
                System.err.println("sensor: aggregate failed: " + agg.failure());
                return 1;
            }
            if (p.emissions() != lastEmissions) {
                lastEmissions = p.emissions();
                if (!quiet) {
                    System.err.println("sensor: aggregate: tables published over " + p.emittedRecords()
                            + " records in " + p.lastEmissionMillis() + " ms (" + p.badRecords()
                            + " unreadable skipped, " + p.rebuilds() + " rebuilds"
                            + (window.isZero() ? "" : ", " + p.pruned() + " left the window, " + p.expired()
                                    + " arrived after it")
                            + ")");
                }
            }
            if (duration > 0 && now - start >= TimeUnit.SECONDS.toNanos(duration)) {
                break;
            }
            if (idleExit > 0 && p.emittedRecords() > 0 && p.settledForNanos(now) >= TimeUnit.SECONDS.toNanos(idleExit)) {
                break;
            }
        }
        return 0;
    }

    /** The innermost cause's message: what went wrong, without the exception classes that carried it. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private PairsConfig pairsConfig() {
        try {
            return pairsOptions.toConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
