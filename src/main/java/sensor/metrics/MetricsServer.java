package sensor.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
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
        io.micrometer.core.instrument.Timer rtt = io.micrometer.core.instrument.Timer.builder("sensor.dns.response.time")
                .description("DNS response time, first query transmission to response")
                .publishPercentileHistogram().register(registry);
        pipeline.onResponseTime(nanos -> rtt.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        for (String table : pipeline.tableSizes().keySet()) {
            io.micrometer.core.instrument.Gauge.builder("sensor.table.size", pipeline,
                    p -> p.tableSizes().get(table).doubleValue()).tag("table", table).register(registry);
        }
        io.micrometer.core.instrument.Gauge.builder("sensor.capture.ring.frames", framesInRings,
                java.util.function.IntSupplier::getAsInt).strongReference(true).register(registry);
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
