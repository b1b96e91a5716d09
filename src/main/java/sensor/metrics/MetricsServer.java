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

/** Serves {@code /metrics} in Prometheus text format with the JDK's HTTP server. */
public final class MetricsServer implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TallyMeters tallyMeters;
    private final HttpServer server;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public MetricsServer(Tallies tallies, String bind, int port) throws IOException {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        tallyMeters = new TallyMeters(tallies, registry);
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/metrics", exchange -> {
            tallyMeters.sync();
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    /**
     * The pipeline's own meters: a response-time histogram, gauges for its bounded tables and for
     * the capture rings. Gauges read sizes another thread changes: a slightly stale value is fine.
     */
    public void bindPipeline(sensor.Pipeline pipeline, java.util.List<sensor.capture.FrameRing> rings) {
        io.micrometer.core.instrument.Timer rtt = io.micrometer.core.instrument.Timer.builder("sensor.dns.response.time")
                .description("DNS response time, first query transmission to response")
                .publishPercentileHistogram().register(registry);
        pipeline.onResponseTime(nanos -> rtt.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
        for (String table : pipeline.tableSizes().keySet()) {
            io.micrometer.core.instrument.Gauge.builder("sensor.table.size", pipeline,
                    p -> p.tableSizes().get(table).doubleValue()).tag("table", table).register(registry);
        }
        io.micrometer.core.instrument.Gauge.builder("sensor.capture.ring.frames", rings,
                rs -> rs.stream().mapToInt(sensor.capture.FrameRing::size).sum()).register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        gc.close();
        registry.close();
    }
}
