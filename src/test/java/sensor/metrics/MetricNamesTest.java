package sensor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalogue covers every count the sensor keeps: each has a meter, with help text of its own. */
class MetricNamesTest {
    private static final Pattern TALLY = Pattern.compile("tallies\\.get\\(\"([a-z_]+)\", \"([a-z_]+)\"\\)");

    @Test
    void everyTallyInTheSourcesHasItsOwnHelp() throws IOException {
        List<String> undocumented = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = TALLY.matcher(Files.readString(f));
                while (m.find()) {
                    found++;
                    if (!MetricNames.documented(m.group(1), m.group(2))) {
                        undocumented.add(m.group(1) + "/" + m.group(2) + " in " + f.getFileName());
                    }
                }
            }
        }
        assertTrue(found > 60, found + " tallies found");
        assertEquals(List.of(), undocumented);
    }

    @Test
    void anInterfaceIsALabelNotPartOfTheName() {
        MetricNames.Exposed dropped = MetricNames.of("libpcap", "veth_a1_dropped");
        assertEquals("sensor.libpcap.dropped.packets", dropped.name());
        assertEquals("interface", dropped.tagKey());
        assertEquals("veth_a1", dropped.tagValue());
        assertEquals("veth_a1", MetricNames.of("libpcap", "veth_a1_ifdropped").tagValue());
        assertEquals("sensor.libpcap.interface.dropped.packets", MetricNames.of("libpcap", "veth_a1_ifdropped").name());
        assertNull(MetricNames.of("dns", "messages"), "the sum over opcodes, not a metric of its own");
    }
}
