package sensor.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sensor.decode.LinkLayer;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * {@code summary.json}: the run's counters. The headline fields the contract names come first;
 * every tally follows under {@code counters}, grouped, so nothing counted is left out.
 */
public final class Summary {
    private Summary() {}

    /**
     * One input of the run and how reading it ended.
     *
     * @param framesRead    frame records read from it, -1 where a filter inside libpcap hid an
     *                      unknown number
     * @param framesDecoded frames that passed the filters and reached the decoder
     * @param sha256        the file's digest, null for a pipe
     * @param firstTsNanos  the first and last decoded frame's time (MAX/MIN_VALUE when none)
     */
    public record Input(String name, long framesRead, long framesDecoded, String warning, long size, String sha256,
            long firstTsNanos, long lastTsNanos, int linkType) {

        /** Frames the filters (the user's and the prefilter) dropped before decoding, or -1. */
        public long framesFiltered() {
            return framesRead < 0 ? -1 : Math.max(0, framesRead - framesDecoded);
        }
    }

    /** Frames read and filtered over all inputs; -1 where any input's count is unknown. */
    public record Frames(long read, long filtered) {
        public static Frames of(List<Input> inputs) {
            long read = 0;
            long filtered = 0;
            for (Input in : inputs) {
                read = read < 0 || in.framesRead() < 0 ? -1 : read + in.framesRead();
                filtered = filtered < 0 || in.framesFiltered() < 0 ? -1 : filtered + in.framesFiltered();
            }
            return new Frames(read, filtered);
        }
    }

    /**
     * Who made the records and how: the sensor's version and the command line, for provenance;
     * {@code anonymized} when the records hold pseudonyms for client and server addresses.
     */
    public record Run(String version, List<String> commandLine, boolean nanoPrecision, boolean anonymized,
            List<FileDigest> files) {

        /** A run that vouches for no files (live, where they keep growing). */
        public Run(String version, List<String> commandLine, boolean nanoPrecision, boolean anonymized) {
            this(version, commandLine, nanoPrecision, anonymized, List.of());
        }
    }

    /** The sensor's version from the jar manifest, or "development" when run from classes. */
    public static String version() {
        String v = Summary.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    public static String toJson(Tallies t, double elapsedSeconds, Run run, List<Input> inputs,
            Map<String, Object> limits) {
        StringBuilder sb = new StringBuilder(4096);
        long packets = t.value("capture", "packets");
        Frames frames = Frames.of(inputs);
        sb.append("{\n");
        // packets: the frames decoded (after the filters), as it always counted.
        field(sb, "packets", packets);
        if (!inputs.isEmpty()) {
            field(sb, "frames_read", frames.read());
            field(sb, "frames_filtered", frames.filtered());
        }
        field(sb, "frames_decoded", packets);
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
        sb.append(",\n  \"sensor_version\": ");
        JsonLine.quote(sb, run.version());
        if (run.commandLine() != null) {
            sb.append(",\n  \"command_line\": [");
            for (int i = 0; i < run.commandLine().size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                JsonLine.quote(sb, run.commandLine().get(i));
            }
            sb.append(']');
        }
        sb.append(",\n  \"anonymized\": ").append(run.anonymized());
        if (!run.files().isEmpty()) {
            sb.append(",\n  \"files\": [");
            for (int i = 0; i < run.files().size(); i++) {
                FileDigest f = run.files().get(i);
                sb.append(i == 0 ? "\n    " : ",\n    ").append(new JsonLine().begin().str("file", f.file())
                        .num("lines", f.lines()).num("bytes", f.bytes()).str("sha256", f.sha256()).end());
            }
            sb.append("\n  ]");
        }
        sb.append(",\n  \"inputs\": [");
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            boolean any = in.firstTsNanos() <= in.lastTsNanos();
            JsonLine j = new JsonLine().begin().str("file", in.name()).num("frames", in.framesDecoded())
                    .num("frames_read", in.framesRead() < 0 ? null : Long.valueOf(in.framesRead()))
                    .num("frames_filtered", in.framesFiltered() < 0 ? null : Long.valueOf(in.framesFiltered()))
                    .num("size", in.size() < 0 ? null : Long.valueOf(in.size())).str("sha256", in.sha256())
                    .str("link_type", LinkLayer.name(in.linkType()));
            if (any) {
                j.time("first_ts", in.firstTsNanos(), run.nanoPrecision()).time("last_ts", in.lastTsNanos(),
                        run.nanoPrecision());
            } else {
                j.str("first_ts", null).str("last_ts", null);
            }
            sb.append(i == 0 ? "\n    " : ",\n    ").append(j.str("warning", in.warning()).end());
        }
        sb.append(inputs.isEmpty() ? "" : "\n  ");
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
