package sensor.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MANIFEST.tsv of the shared corpus: one row per capture, columns by name. */
public final class Manifest {
    private Manifest() {}

    /** Rows keyed by the capture's relative path; each row maps column name to value. */
    public static Map<String, Map<String, String>> rows() {
        try {
            List<String> lines = Files.readAllLines(SharedCorpus.require().resolve("MANIFEST.tsv"));
            String[] head = lines.get(0).split("\t", -1);
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < head.length && i < f.length; i++) {
                    row.put(head[i], f[i]);
                }
                out.put(f[0], row);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
