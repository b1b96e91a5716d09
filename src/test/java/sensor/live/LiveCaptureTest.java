package sensor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;
import sensor.testutil.LoopbackSmtpServer;

/**
 * The sensor captures live on {@code lo} in its own process while this test sends real DNS and
 * SMTP traffic to servers on 127.0.0.1, scrapes /metrics while it runs, stops it with SIGINT and
 * checks that every transaction sent is in the records. Needs the capability to capture
 * on lo (root, or CAP_NET_RAW); skipped, with the reason, without it. No packet leaves loopback.
 */
class LiveCaptureTest {

    @Test
    void capturesLoopbackTrafficAndStopsCleanlyOnSigint(@TempDir Path out) throws Exception {
        LoopbackCapture.require();
        try (LoopbackDnsServer dns = new LoopbackDnsServer();
                LoopbackSmtpServer accepting = new LoopbackSmtpServer(false);
                LoopbackSmtpServer rejecting = new LoopbackSmtpServer(true)) {
            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            String smtpPorts = accepting.port() + "," + rejecting.port() + "," + closedPort;
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "live", "-i", "lo",
                    "--dns-ports", Integer.toString(dns.port()), "--smtp-ports", smtpPorts, "--metrics-port", "0",
                    "--immediate", "--duration", "120", "--flush-interval", "1", "-o", out.toString());
            try (LiveSensorProcess.Child child = LiveSensorProcess.start(cmd)) {
                Process sensor = child.process();
                StringBuilder stderr = new StringBuilder();
                String metricsUrl = LiveSensorProcess.awaitMetricsUrl(sensor, stderr);

                Map<String, Integer> sent = new HashMap<>();
                AtomicInteger id = new AtomicInteger(1000);
                for (int i = 0; i < 40; i++) {
                    String name = "host" + i + ".live.test";
                    sent.put(name, LoopbackDnsServer.query(dns.port(), name, id.incrementAndGet()));
                }
                for (int i = 0; i < 5; i++) {
                    String name = "nx" + i + ".live.test";
                    sent.put(name, LoopbackDnsServer.query(dns.port(), name, id.incrementAndGet()));
                }
                for (int i = 0; i < 3; i++) {
                    String name = "silent" + i + ".live.test";
                    sent.put(name, LoopbackDnsServer.query(dns.port(), name, id.incrementAndGet()));
                }
                LoopbackSmtpServer.session(accepting.port());
                LoopbackSmtpServer.session(accepting.port());
                LoopbackSmtpServer.session(rejecting.port());
                try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), closedPort)) {
                    throw new AssertionError("port " + closedPort + " should refuse");
                } catch (ConnectException expected) {
                    // RST answering the SYN
                }

                // While it runs, /metrics reports the DNS messages it decoded.
                long messages = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (System.nanoTime() < deadline && messages < 93) {
                    messages = LiveSensorProcess.metric(LiveSensorProcess.scrape(metricsUrl), "sensor_dns_messages_total{opcode=\"QUERY\"}");
                    Thread.sleep(200);
                }
                assertEquals(93, messages, "45 answered queries + 45 responses + 3 unanswered queries");
                String scraped = LiveSensorProcess.scrape(metricsUrl);
                assertTrue(scraped.contains("sensor_dns_response_time_seconds_bucket"), "response time histogram");
                assertTrue(scraped.contains("sensor_table_entries{table=\"pending_transactions\"}"), "table gauges");
                assertTrue(scraped.contains("jvm_memory_used_bytes"), "JVM metrics");
                // Aggregates are rewritten every --flush-interval while capture goes on (transactions
                // reach them once the 5 s timeout has settled the unanswered queries before them).
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                Path servers = out.resolve("servers.jsonl");
                while (System.nanoTime() < until
                        && !(Files.exists(servers) && Files.readString(servers).contains("silent2.live.test"))) {
                    Thread.sleep(200);
                }
                assertTrue(Files.readString(servers).contains("silent2.live.test"), "servers.jsonl before the stop");

                new ProcessBuilder("kill", "-INT", Long.toString(sensor.pid())).start().waitFor();
                assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGINT");
                assertEquals(0, sensor.exitValue(), stderr.toString());

                ObjectMapper json = new ObjectMapper();
                Map<String, JsonNode> byName = new HashMap<>();
                for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
                    JsonNode r = json.readTree(line);
                    byName.put(r.get("qname").asText(), r);
                }
                for (Map.Entry<String, Integer> e : sent.entrySet()) {
                    JsonNode r = byName.get(e.getKey());
                    assertTrue(r != null, "no record for " + e.getKey());
                    assertEquals("127.0.0.1", r.get("server").asText());
                    if (e.getKey().startsWith("silent")) {
                        assertEquals("unanswered", r.get("status").asText(), e.getKey());
                    } else {
                        assertEquals("answered", r.get("status").asText(), e.getKey());
                        assertEquals(e.getKey().startsWith("nx") ? "NXDOMAIN" : "NOERROR", r.get("rcode").asText());
                    }
                }
                Map<String, Integer> outcomes = new HashMap<>();
                for (String line : Files.readAllLines(out.resolve("smtp.jsonl"))) {
                    outcomes.merge(json.readTree(line).get("outcome").asText(), 1, Integer::sum);
                }
                assertEquals(Map.of("accepted", 2, "rejected", 1, "refused", 1), outcomes);
                assertTrue(Files.exists(out.resolve("summary.json")));
            }
        }
    }
}
