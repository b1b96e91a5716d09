package sensor.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * summary.json without what changes from run to run or machine to machine, one value per line so
 * a difference names its field.
 */
final class StableSummary {
    /** Top-level fields that depend on the run, not on the capture: timing, version, how it was started. */
    static final List<String> VOLATILE = List.of("elapsed_s", "packets_per_s", "sensor_version", "command_line");
    /** {@code limits} derived from the JVM's heap, which the test JVM's settings choose. */
    static final List<String> HEAP_LIMITS = List.of("heap_max_bytes", "tcp_connections_max",
            "tcp_buffered_per_direction_max", "tcp_buffered_total_max", "ip_fragment_datagrams_max",
            "ip_fragment_bytes_max");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StableSummary() {}

    /** {@code summary} with the volatile fields removed and each input's path replaced by {@code input}. */
    static String of(String summary, String input) throws java.io.IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(summary);
        root.remove(VOLATILE);
        ((ObjectNode) root.get("limits")).remove(HEAP_LIMITS);
        for (JsonNode in : root.get("inputs")) {
            ((ObjectNode) in).put("file", input);
        }
        return JSON.writeValueAsString(root) + "\n";
    }
}
