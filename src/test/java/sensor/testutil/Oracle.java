package sensor.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tshark oracle file (*.dns.tsv, *.smtp.tsv ...): rows of named columns (see ORACLE.md). */
public final class Oracle {
    private Oracle() {}

    /** The rows of an oracle file, or an empty list when it does not exist. */
    public static List<Map<String, String>> rows(Path tsv) {
        if (!Files.exists(tsv)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(tsv);
            if (lines.isEmpty()) {
                return List.of();
            }
            String[] head = lines.get(0).split("\t", -1);
            List<Map<String, String>> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < head.length; i++) {
                    row.put(head[i], i < f.length ? f[i] : "");
                }
                out.add(row);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when a comma-joined port column (tunnels list outer and inner) holds {@code port}. */
    public static boolean hasPort(String column, int port) {
        if (column == null || column.isEmpty()) {
            return false;
        }
        for (String p : column.split(",")) {
            if (p.equals(Integer.toString(port))) {
                return true;
            }
        }
        return false;
    }
}
