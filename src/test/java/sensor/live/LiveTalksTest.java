package sensor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.ChildJvm;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;

/**
 * {@code live} says what it does on stderr, as a service's journal shows it: how each interface
 * is captured, a status line every --status-interval, the final counts; {@code --quiet} none of it.
 */
class LiveTalksTest {
    private static final String STATUS = "sensor: \\d\\d:\\d\\d:\\d\\d [\\d,]+ frames, \\d+\\.\\d DNS transactions/s,"
            + " drops: libpcap \\d+, interface \\d+, ring \\d+; heap [\\d,.]+ [KMG]iB of [\\d,.]+ [KMG]iB";

    @Test
    void startStatusAndFinalLinesOnStderr(@TempDir Path out) throws Exception {
        LoopbackCapture.require();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            List<String> err = run(out, dns, false);
            assertEquals("sensor: capturing on lo: link type ethernet (1), snaplen 65535, filter none and the DNS/SMTP"
                    + " prefilter, buffer 16 MiB, promiscuous, immediate", err.get(0), String.join("\n", err));
            assertTrue(err.stream().filter(l -> l.matches(STATUS)).count() >= 2, String.join("\n", err));
            String stopped = err.get(err.size() - 2);
            assertTrue(stopped.matches("sensor: stopped after \\d+\\.\\d s: 20 frames \\([\\d,]+ KiB\\), 10 DNS transactions"
                    + " \\(10 answered, 0 unanswered, 0 unsolicited\\), 0 SMTP sessions, 0 decode errors"), stopped);
            assertTrue(err.get(err.size() - 1).matches("sensor: drops: libpcap 0, interface 0, ring 0 \\(decoding behind"
                    + " capture\\); libpcap received \\d+"), err.get(err.size() - 1));
            assertFalse(String.join("\n", err).contains("\033[K"), "not a terminal: log lines, nothing redrawn");
        }
    }

    @Test
    void quietSaysNothing(@TempDir Path out) throws Exception {
        LoopbackCapture.require();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            assertEquals(List.of(), run(out, dns, true));
        }
    }

    private static List<String> run(Path out, LoopbackDnsServer dns, boolean quiet) throws Exception {
        List<String> cmd = ChildJvm.java();
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "live", "-i", "lo",
                "--dns-ports", Integer.toString(dns.port()), "--immediate", "--status-interval", "1",
                "--duration", "4", "-o", out.toString()));
        if (quiet) {
            cmd.add("--quiet");
        }
        try (LiveSensorProcess.Child child = LiveSensorProcess.start(cmd)) {
            Process p = child.process();
            BufferedReader stderr = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String first = quiet ? "" : stderr.readLine(); // lo is open once it is said (quiet: after a second)
            if (quiet) {
                Thread.sleep(1000);
            }
            for (int i = 0; i < 10; i++) {
                LoopbackDnsServer.query(dns.port(), "host" + i + ".talks.test", 4000 + i);
            }
            String err = (quiet ? "" : first + "\n") + stderr.lines().collect(java.util.stream.Collectors.joining("\n"));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "live did not stop after --duration");
            assertEquals(0, p.exitValue(), err);
            return err.lines().filter(l -> !l.startsWith("INFO: ") && !l.startsWith("WARNING: ")).toList();
        }
    }
}
