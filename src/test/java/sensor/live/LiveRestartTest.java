package sensor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.ChildJvm;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;

/**
 * A service restarts {@code live} with the same options: with {@code --dir-per-run} the second
 * run writes a directory of its own and the first run's records stay whole. Captures on
 * {@code lo} only; skipped, with the reason, where it cannot.
 */
class LiveRestartTest {

    @Test
    void aRestartKeepsThePreviousRunsRecords(@TempDir Path base) throws Exception {
        LoopbackCapture.require();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            run(base, dns, "first.restart.test");
            run(base, dns, "second.restart.test");
        }
        List<Path> runs = new ArrayList<>();
        try (Stream<Path> s = Files.list(base)) {
            s.filter(p -> !Files.isSymbolicLink(p)).sorted().forEach(runs::add);
        }
        assertEquals(2, runs.size(), "one directory per start: " + runs);
        assertTrue(Files.readString(runs.get(0).resolve("dns.jsonl")).contains("first.restart.test"),
                "the first run's records are still there");
        assertTrue(Files.readString(runs.get(1).resolve("dns.jsonl")).contains("second.restart.test"));
        assertTrue(Files.isSameFile(runs.get(1), base.resolve("current")));
    }

    private static void run(Path base, LoopbackDnsServer dns, String name) throws Exception {
        List<String> cmd = new ArrayList<>(ChildJvm.java());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "live", "-i", "lo",
                "--dns-ports", Integer.toString(dns.port()), "--metrics-port", "0", "--immediate",
                "--duration", "60", "--dir-per-run", "--retain", "14d", "-o", base.toString()));
        try (LiveSensorProcess.Child child = LiveSensorProcess.start(cmd)) {
            Process sensor = child.process();
            StringBuilder stderr = new StringBuilder();
            String url = LiveSensorProcess.awaitMetricsUrl(sensor, stderr);
            // Asked again until the sensor has decoded it: on a loaded machine the first lookup can
            // pass before capture reads, and the test is about restarts, not about that race.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long seen = 0;
            while (seen == 0 && System.nanoTime() < deadline) {
                LoopbackDnsServer.query(dns.port(), name, 4242);
                Thread.sleep(300);
                seen = LiveSensorProcess.metric(LiveSensorProcess.scrape(url), "sensor_dns_messages_total{opcode=\"QUERY\"}");
            }
            assertTrue(seen > 0, "the sensor decoded no lookup of " + name + " in 30 s");
            // Its record reaches dns.jsonl while capture goes on (within the reorder window and a
            // tick), not only at the stop or at the next --flush-interval (60 s).
            Path dnsFile = base.resolve("current").resolve("dns.jsonl");
            long written = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < written && !(Files.exists(dnsFile) && Files.readString(dnsFile).contains(name))) {
                Thread.sleep(200);
            }
            assertTrue(Files.readString(dnsFile).contains(name), "dns.jsonl has " + name + " before the stop");
            new ProcessBuilder("kill", "-INT", Long.toString(sensor.pid())).start().waitFor();
            assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "sensor did not stop on SIGINT");
            assertEquals(0, sensor.exitValue(), stderr.toString());
        }
    }
}
