package sensor.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * {@code summary.json}: the run's counters. The headline fields the contract names come first;
 * every tally follows under {@code counters}, grouped, so nothing counted is left out.
 */
public final class Summary {
    private Summary() {}

    /** One input of the run and how reading it ended. */
    public record Input(String name, long frames, String warning) {}

    public static String toJson(Tallies t, double elapsedSeconds, List<Input> inputs, Map<String, Object> limits) {
        StringBuilder sb = new StringBuilder(4096);
        long packets = t.value("capture", "packets");
        sb.append("{\n");
        field(sb, "packets", packets);
        field(sb, "bytes", t.value("capture", "bytes"));
        sb.append("  \"link_types\": ").append(groupObject(t, "linktype")).append(",\n");
        sb.append("  \"errors\": ").append(groupObject(t, Tallies.WEIRD)).append(",\n");
        field(sb, "decode_errors", sum(t, Tallies.WEIRD));
        field(sb, "dns_messages", t.value("dns", "messages"));
        sb.append("  \"transactions\": ").append(groupObject(t, "txn")).append(",\n");
        field(sb, "tcp_streams", t.value("tcp", "connections"));
        field(sb, "missed_bytes", t.value("tcp", "missed_bytes"));
        field(sb, "smtp_sessions", t.value("smtp", "sessions"));
        field(sb, "ip_fragments", t.value("ip", "fragments"));
        field(sb, "ip_fragments_reassembled", t.value("ip", "reassembled"));
        sb.append("  \"elapsed_s\": ");
        JsonLine.appendDouble(sb, Math.round(elapsedSeconds * 1000) / 1000.0);
        sb.append(",\n  \"packets_per_s\": ");
        JsonLine.appendDouble(sb, elapsedSeconds > 0 ? Math.round(packets / elapsedSeconds) : 0);
        sb.append(",\n  \"inputs\": [");
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            sb.append(i == 0 ? "" : ", ").append(new JsonLine().begin().str("file", in.name())
                    .num("frames", in.frames()).str("warning", in.warning()).end());
        }
        sb.append("],\n  \"limits\": {");
        int i = 0;
        for (Map.Entry<String, Object> e : limits.entrySet()) {
            sb.append(i++ == 0 ? "" : ", ");
            JsonLine.quote(sb, e.getKey());
            sb.append(": ");
            if (e.getValue() instanceof Number n) {
                sb.append(n);
            } else {
                JsonLine.quote(sb, String.valueOf(e.getValue()));
            }
        }
        sb.append("},\n  \"counters\": {");
        Map<String, StringBuilder> groups = new LinkedHashMap<>();
        for (Tally tally : t.all()) {
            StringBuilder g = groups.computeIfAbsent(tally.group(), k -> new StringBuilder());
            g.append(g.length() == 0 ? "" : ", ");
            JsonLine.quote(g, tally.name());
            g.append(": ").append(tally.get());
        }
        i = 0;
        for (Map.Entry<String, StringBuilder> e : groups.entrySet()) {
            sb.append(i++ == 0 ? "\n    " : ",\n    ");
            JsonLine.quote(sb, e.getKey());
            sb.append(": {").append(e.getValue()).append('}');
        }
        sb.append("\n  }\n}\n");
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, long value) {
        sb.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static long sum(Tallies t, String group) {
        return t.group(group).stream().mapToLong(Tally::get).sum();
    }

    private static String groupObject(Tallies t, String group) {
        StringBuilder sb = new StringBuilder("{");
        for (Tally tally : t.group(group)) {
            if (tally.get() == 0) {
                continue;
            }
            sb.append(sb.length() == 1 ? "" : ", ");
            JsonLine.quote(sb, tally.name());
            sb.append(": ").append(tally.get());
        }
        return sb.append('}').toString();
    }

    /** Writes atomically (temporary file, then rename), so a reader never sees half a file. */
    public static void write(Path file, String json) {
        try {
            OutputFiles.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + OutputFiles.reason(e), e);
        }
    }
}
