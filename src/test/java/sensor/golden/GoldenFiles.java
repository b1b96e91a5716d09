package sensor.golden;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One folder of expected files under {@code src/test/resources/golden}: compares a run's text
 * with them line by line, or rewrites them with {@code -Dgolden.update=true}. A file above
 * {@link #GZIP_ABOVE} bytes is stored gzipped ({@code NAME.gz}), so the big record files of the
 * demo and the benchmark mixes stay small in the repository while a mismatch still prints lines.
 */
public final class GoldenFiles {
    /** The folder the expected files live in, relative to the project (Maven's working directory). */
    public static final Path ROOT = Path.of("src/test/resources/golden");
    static final int GZIP_ABOVE = 64 * 1024;
    /** Differing lines printed before the message stops listing them. */
    private static final int SHOWN = 5;
    /** Characters shown of a differing line before and after its first difference. */
    private static final int EXCERPT_BEFORE = 80;
    private static final int EXCERPT_AFTER = 120;

    private final Path dir;
    private final boolean update;

    public GoldenFiles(String name) {
        this(ROOT.resolve(name), Boolean.getBoolean("golden.update"));
    }

    GoldenFiles(Path dir, boolean update) {
        this.dir = dir;
        this.update = update;
    }

    /**
     * Differences between {@code actual} and the stored file {@code name}, as readable lines (empty
     * when equal); in update mode the stored file is rewritten and nothing differs.
     */
    public List<String> compare(String name, String actual) throws IOException {
        if (update) {
            store(name, actual);
            return List.of();
        }
        String expected = read(name);
        if (expected == null) {
            return List.of(where(name) + ": no expected file (run with -Dgolden.update=true and review the diff)");
        }
        return differences(where(name), expected, actual);
    }

    /** Fails with every difference of the files in {@code problems}, first lines first. */
    public static void assertNone(List<String> problems) {
        if (!problems.isEmpty()) {
            fail(problems.size() + " difference(s) from the golden files (refresh with -Dgolden.update=true and"
                    + " review the diff):\n" + String.join("\n", problems));
        }
    }

    private String where(String name) {
        return dir.resolve(name).toString();
    }

    /** The first {@link #SHOWN} differing lines, each with its file and line number. */
    public static List<String> differences(String file, String expected, String actual) {
        List<String> exp = expected.lines().toList();
        List<String> act = actual.lines().toList();
        List<String> out = new ArrayList<>();
        int n = Math.max(exp.size(), act.size());
        int differing = 0;
        for (int i = 0; i < n; i++) {
            String e = i < exp.size() ? exp.get(i) : "<no line>";
            String a = i < act.size() ? act.get(i) : "<no line>";
            if (!e.equals(a)) {
                if (differing++ < SHOWN) {
                    int col = firstDifference(e, a);
                    out.add(file + ":" + (i + 1) + ":" + (col + 1) + "\n  expected: " + excerpt(e, col)
                            + "\n  actual:   " + excerpt(a, col));
                }
            }
        }
        if (differing > SHOWN) {
            out.add(file + ": " + (differing - SHOWN) + " more differing lines (" + exp.size() + " expected, "
                    + act.size() + " actual)");
        }
        if (differing == 0 && !expected.equals(actual)) {
            out.add(file + ": same lines, different line ends");
        }
        return out;
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    /** A long record line around column {@code col}, so the difference is on screen. */
    static String excerpt(String line, int col) {
        int from = Math.max(0, col - EXCERPT_BEFORE);
        int to = Math.min(line.length(), col + EXCERPT_AFTER);
        return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
    }

    private String read(String name) throws IOException {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        if (Files.exists(plain)) {
            return Files.readString(plain);
        }
        if (Files.exists(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void store(String name, String text) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        if (bytes.length > GZIP_ABOVE) {
            Files.deleteIfExists(plain);
            // GZIPOutputStream writes no time stamp, so the same text gives the same bytes.
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(buf)) {
                out.write(bytes);
            }
            Files.write(gz, buf.toByteArray());
        } else {
            Files.deleteIfExists(gz);
            Files.write(plain, bytes);
        }
    }
}
