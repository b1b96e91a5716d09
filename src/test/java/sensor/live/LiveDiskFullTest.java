package sensor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;
import sensor.testutil.SmallTmpfs;

/**
 * live on {@code lo} writing to a disk that fills up and then has room again: capture and
 * counting go on, /metrics says writing fails, writing resumes by itself, and no file holds half a
 * line. Before, the process died on the first failed write and did not recover. Needs root (a
 * tmpfs) and the capability to capture on lo; skipped with the reason otherwise. No packet
 * leaves loopback.
 */
class LiveDiskFullTest {

    private static long writeFailing(String url) throws Exception {
        return LiveSensorProcess.metric(LiveSensorProcess.scrape(url), "sensor_output_write_failing");
    }

    private static boolean await(long seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.call();
    }

    @Test
    void captureGoesOnWhileTheDiskIsFullAndWritingResumes(@TempDir Path tmp) throws Exception {
        LoopbackCapture.require();
        try (SmallTmpfs disk = new SmallTmpfs(tmp, 512); LoopbackDnsServer dns = new LoopbackDnsServer()) {
            Path out = disk.dir().resolve("out");
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "live", "-i", "lo",
                    "--dns-ports", Integer.toString(dns.port()), "--metrics-port", "0", "--immediate",
                    "--duration", "120", "--flush-interval", "1", "-o", out.toString());
            try (LiveSensorProcess.Child child = LiveSensorProcess.start(cmd)) {
                Process sensor = child.process();
                StringBuilder stderr = new StringBuilder();
                String url = LiveSensorProcess.awaitMetricsUrl(sensor, stderr);
                Path filler = disk.dir().resolve("filler");
                try (OutputStream o = Files.newOutputStream(filler)) {
                    byte[] chunk = new byte[4096];
                    while (true) {
                        o.write(chunk);
                        o.flush();
                    }
                } catch (IOException full) {
                    // the disk is full
                }
                int id = 3000;
                for (int i = 0; i < 300 && writeFailing(url) == 0; i++) {
                    LoopbackDnsServer.query(dns.port(), "full" + i + "." + "x".repeat(50) + ".test", id++);
                }
                assertTrue(await(10, () -> writeFailing(url) == 1), "write_failing while the disk is full");
                Files.delete(filler);
                assertTrue(await(10, () -> writeFailing(url) == 0), "writing resumed");
                for (int i = 0; i < 5; i++) {
                    LoopbackDnsServer.query(dns.port(), "after" + i + ".test", id++);
                }
                long messages = 0;
                for (int i = 0; i < 50 && messages < 10; i++) {
                    Thread.sleep(200);
                    messages = LiveSensorProcess.metric(LiveSensorProcess.scrape(url), "sensor_dns_messages_total{opcode=\"QUERY\"}");
                }
                new ProcessBuilder("kill", "-INT", Long.toString(sensor.pid())).start().waitFor();
                assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGINT");
                assertEquals(0, sensor.exitValue(), stderr.toString());
                String err;
                synchronized (stderr) {
                    err = stderr.toString();
                }
                assertTrue(err.contains("No space left on device; capture goes on"), err);
                assertTrue(err.contains("again;"), err);
                Set<String> names = new HashSet<>();
                ObjectMapper json = new ObjectMapper();
                for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
                    names.add(json.readTree(line).get("qname").asText()); // whole lines only
                }
                for (int i = 0; i < 5; i++) {
                    assertTrue(names.contains("after" + i + ".test"), "after" + i);
                }
            }
        }
    }
}
