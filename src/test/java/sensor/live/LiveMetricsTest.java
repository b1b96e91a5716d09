package sensor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;
import sensor.testutil.Promtool;

/**
 * A live sensor's /metrics, scraped on 127.0.0.1 while it captures DNS on {@code lo}: Prometheus'
 * own checker accepts it, and the quantities are where a Prometheus user looks for them (one
 * metric per quantity, real labels, base units, HELP on each, build info, a short RTT histogram).
 */
class LiveMetricsTest {

    @Test
    void metricsPassPromtoolAndNameEachQuantityOnce(@TempDir Path out) throws Exception {
        LoopbackCapture.require();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "live", "-i", "lo",
                    "--dns-ports", Integer.toString(dns.port()), "--metrics-port", "0", "--immediate",
                    "--duration", "60", "-o", out.toString());
            try (LiveSensorProcess.Child child = LiveSensorProcess.start(cmd)) {
                String url = LiveSensorProcess.awaitMetricsUrl(child.process(), new StringBuilder());
                for (int i = 0; i < 10; i++) {
                    LoopbackDnsServer.query(dns.port(), (i < 8 ? "host" : "nx") + i + ".metrics.test", 3000 + i);
                }
                String page = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                // (a transaction is counted when matched, its response time when written, after the reorder window)
                while (System.nanoTime() < deadline
                        && LiveSensorProcess.metric(page, "sensor_dns_response_time_seconds_count") < 10) {
                    Thread.sleep(200);
                    page = LiveSensorProcess.scrape(url);
                }
                assertEquals(10, LiveSensorProcess.metric(page, "sensor_dns_transactions_total{status=\"answered\"}"), page);
                assertEquals("", Promtool.checkMetrics(page), "promtool check metrics");

                assertEquals(20, LiveSensorProcess.metric(page, "sensor_capture_packets_total"), page);
                assertTrue(LiveSensorProcess.metric(page, "sensor_capture_bytes_total") > 20 * 40, page);
                assertEquals(20, LiveSensorProcess.metric(page, "sensor_interface_packets_total{interface=\"lo\"}"), page);
                assertTrue(page.contains("sensor_libpcap_dropped_packets_total{interface=\"lo\"} "), page);
                assertTrue(page.contains("sensor_libpcap_interface_dropped_packets_total{interface=\"lo\"} "), page);
                assertEquals(10, LiveSensorProcess.metric(page, "sensor_dns_queries_total"), page);
                assertEquals(8, LiveSensorProcess.metric(page, "sensor_dns_responses_total{rcode=\"NOERROR\"}"), page);
                assertEquals(2, LiveSensorProcess.metric(page, "sensor_dns_responses_total{rcode=\"NXDOMAIN\"}"), page);
                assertEquals(20, LiveSensorProcess.metric(page, "sensor_dns_questions_total{qtype=\"A\"}"), page);
                assertTrue(page.contains("sensor_decode_errors_total{reason=\"truncated_ip_header\"} 0.0"), page);
                assertTrue(page.contains("sensor_build_info{java=\""), page);
                assertTrue(page.contains("sensor_dns_response_time_seconds_bucket{le=\"0.005\"}"), page);
                assertEquals(10, LiveSensorProcess.metric(page, "sensor_dns_response_time_seconds_count"), page);
                assertEquals(12, page.lines().filter(l -> l.startsWith("sensor_dns_response_time_seconds_bucket")).count(),
                        "eleven buckets and +Inf");
                assertTrue(page.contains("process_cpu_seconds_total "), page);
                // No generic label, no interface inside a label value, no metric without its help.
                assertFalse(page.contains("name=\""), page);
                assertFalse(page.lines().anyMatch(l -> l.startsWith("# HELP sensor_") && l.endsWith("(summary.json counters)")),
                        page);
                assertFalse(page.lines().anyMatch(l -> l.matches("# HELP sensor_\\S+ ?$")), page);
            }
        }
    }
}
