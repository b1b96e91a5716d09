package sensor.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code /metrics} in Prometheus text format with the JDK's HTTP server, against slow or
 * hostile clients: requests are read on a small pool of threads (one client that never finishes
 * its header cannot hold the others up), a request must arrive within {@link #REQUEST_MILLIS},
 * at most {@link #MAX_CONNECTIONS} connections are open at once, and only GET and HEAD are
 * answered (405 otherwise).
 */
public final class MetricsServer implements AutoCloseable {
    static final int REQUEST_MILLIS = 5_000;
    static final int MAX_CONNECTIONS = 32;
    private static final int THREADS = 4;

    static {
        // The JDK's HTTP server reads these once, when its first server is created; a value the
        // user set on the command line wins.
        // (in seconds, whatever some versions of the documentation say)
        defaultProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_MILLIS / 1000));
        defaultProperty("sun.net.httpserver.maxRspTime", Integer.toString(4 * REQUEST_MILLIS / 1000));
        defaultProperty("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        // Kept-alive idle connections count against the bound too: few are kept, not for long.
        defaultProperty("sun.net.httpserver.maxIdleConnections", "8");
        defaultProperty("sun.net.httpserver.idleInterval", "10");
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TallyMeters tallyMeters;
    private final HttpServer server;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final java.util.concurrent.ExecutorService pool;

    public MetricsServer(Tallies tallies, String bind, int port) throws IOException {
        bindProcess(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        tallyMeters = new TallyMeters(tallies, registry);
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                boolean head = "HEAD".equals(method);
                if (!head && !"GET".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                tallyMeters.sync();
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                if (head) {
                    exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "metrics-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.start();
    }

    /**
     * The pipeline's own meters: a response-time histogram, gauges for its bounded tables and for
     * the capture rings. Gauges read sizes another thread changes: a slightly stale value is fine.
     */
    public void bindPipeline(PipelineGauges pipeline, java.util.function.IntSupplier framesInRings) {
        Timer rtt = Timer.builder(MetricNames.RESPONSE_TIME).description(MetricNames.RESPONSE_TIME_HELP)
                .serviceLevelObjectives(MetricNames.RESPONSE_TIME_BUCKETS).register(registry);
        pipeline.onResponseTime(nanos -> rtt.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        for (String table : pipeline.tableSizes().keySet()) {
            if (table.equals(MetricNames.TCP_BUFFERED_TABLE)) {
                Gauge.builder(MetricNames.TCP_BUFFERED, pipeline, p -> p.tableSizes().get(table).doubleValue())
                        .description(MetricNames.TCP_BUFFERED_HELP).baseUnit("bytes").register(registry);
            } else {
                Gauge.builder(MetricNames.TABLE_ENTRIES, pipeline, p -> p.tableSizes().get(table).doubleValue())
                        .tag("table", table).description(MetricNames.TABLE_ENTRIES_HELP).register(registry);
            }
        }
        Gauge.builder(MetricNames.RING_FRAMES, framesInRings, java.util.function.IntSupplier::getAsInt)
                .strongReference(true).description(MetricNames.RING_FRAMES_HELP).register(registry);
    }

    /**
     * The build, and the process's CPU in seconds under the name Prometheus' own clients use:
     * Micrometer's {@code process.cpu.time} (nanoseconds) and {@code system.cpu.count} (a gauge
     * ending in {@code _count}) are what promtool's lint refuses.
     */
    private static void bindProcess(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
                    }
                });
        Gauge.builder(MetricNames.BUILD_INFO, () -> 1).description(MetricNames.BUILD_INFO_HELP)
                .tag("version", version()).tag("java", Runtime.version().toString())
                .register(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder(MetricNames.CPU_TIME, os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description(MetricNames.CPU_TIME_HELP).register(registry);
        }
    }

    /** The version in the jar's manifest (the one summary.json states), or "development" when run from classes. */
    private static String version() {
        String v = MetricsServer.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** True when {@code bind} is a loopback address: anything else exposes the metrics to the network. */
    public static boolean loopback(String bind) {
        try {
            return java.net.InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        gc.close();
        registry.close();
    }
}
