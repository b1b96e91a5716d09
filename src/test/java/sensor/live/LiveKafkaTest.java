package sensor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.kafka.Topics;
import sensor.testutil.KafkaBroker;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;

/**
 * {@code live --kafka --no-files} in its own process on {@code lo}: the transactions it sees go
 * to {@code sensor.dns} (and nowhere on disk), /metrics counts them as sent while it runs, and
 * the summary after SIGINT agrees. Needs the capability to capture on
 * lo (root, or CAP_NET_RAW); skipped, with the reason, without it.
 */
class LiveKafkaTest {

    @Test
    void liveRecordsGoToKafkaAndAreCountedInMetrics(@TempDir Path out) throws Exception {
        LoopbackCapture.require();
        try (KafkaBroker broker = KafkaBroker.start(); LoopbackDnsServer dns = new LoopbackDnsServer()) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "live", "-i", "lo",
                    "--dns-ports", Integer.toString(dns.port()), "--metrics-port", "0", "--immediate",
                    "--duration", "120", "-o", out.toString(), "--kafka", broker.bootstrap(), "--sensor-id", "live-lo",
                    "--no-files");
            try (LiveSensorProcess.Child child = LiveSensorProcess.start(cmd)) {
                Process sensor = child.process();
                StringBuilder stderr = new StringBuilder();
                String metricsUrl = LiveSensorProcess.awaitMetricsUrl(sensor, stderr);
                Set<String> names = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    String name = "k" + i + ".live.test";
                    names.add(name);
                    LoopbackDnsServer.query(dns.port(), name, 2000 + i);
                }
                long sent = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && sent < 20) {
                    sent = LiveSensorProcess.metric(LiveSensorProcess.scrape(metricsUrl), "sensor_kafka_sent_total");
                    Thread.sleep(200);
                }
                assertEquals(20, sent, "20 answered transactions acknowledged by the broker");
                new ProcessBuilder("kill", "-INT", Long.toString(sensor.pid())).start().waitFor();
                assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGINT");
                assertEquals(0, sensor.exitValue(), stderr.toString());

                assertTrue(Files.notExists(out.resolve("dns.jsonl")), "--no-files");
                ObjectMapper json = new ObjectMapper();
                JsonNode k = json.readTree(out.resolve("summary.json").toFile()).get("counters").get("kafka");
                assertEquals(k.get("records").asLong(), k.get("sent").asLong());
                Set<String> inTopic = new HashSet<>();
                for (ConsumerRecord<String, String> r : broker.readAll(Topics.DNS)) {
                    JsonNode line = json.readTree(r.value());
                    assertEquals(line.get("qname").asText(), r.key());
                    assertEquals("live-lo", new String(r.headers().lastHeader(Topics.SENSOR_HEADER).value(),
                            StandardCharsets.UTF_8));
                    assertEquals("answered", line.get("status").asText());
                    inTopic.add(line.get("qname").asText());
                }
                assertEquals(names, inTopic);
            }
        }
    }
}
