package sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.metrics.Tallies;

/** On a terminal the status is one line redrawn in place; the final counts begin on a line of their own. */
class LiveStatusTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aTerminalGetsOneLineRedrawnEverySecond() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Tallies tallies = new Tallies();
        LiveStatus status = new LiveStatus(err, true, 60, tallies, List.of("lo"), 0);
        status.poll(SECOND / 2);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing before the first second");
        tallies.get("capture", "packets").add(1234);
        tallies.get("txn", "answered").add(30);
        tallies.get("libpcap", "lo_dropped").set(7);
        status.poll(SECOND);
        status.poll(2 * SECOND);
        status.stopped(2.0);
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, s.chars().filter(c -> c == '\r').count(), s);
        assertTrue(s.contains("1,234 frames, 30.0 DNS transactions/s, drops: libpcap 7, interface 0, ring 0;"), s);
        assertTrue(s.contains("1,234 frames, 0.0 DNS transactions/s"), s);
        List<String> lines = List.of(s.split("\n")); // (String.lines would split at each \r too)
        assertEquals(3, lines.size(), "the redrawn line, then the two final lines: " + s);
        assertTrue(lines.get(1).startsWith("sensor: stopped after 2.0 s: 1,234 frames"), s);
    }

    @Test
    void intervalZeroPrintsNoStatus() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LiveStatus status = new LiveStatus(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0, new Tallies(),
                List.of("lo"), 0);
        for (long t = 0; t < 100 * SECOND; t += SECOND / 10) {
            status.poll(t);
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
