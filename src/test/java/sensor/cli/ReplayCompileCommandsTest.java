package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's compile commands for {@code replay} (src/main/jvm/replay.compilecommands): the
 * JVM must take them without a word on stdout, and every pattern must still name code here, so a
 * rename cannot quietly lose the saving.
 */
class ReplayCompileCommandsTest {
    private static final Path FILE = Path.of("src/main/jvm/replay.compilecommands");

    private static List<String[]> patterns() throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(FILE)) {
            if (line.isBlank() || line.startsWith("#") || line.equals("quiet")) {
                continue;
            }
            String[] f = line.split(",");
            assertEquals(3, f.length, line);
            assertEquals("MaxNodeLimit", f[0], line);
            assertEquals("1", f[2], line);
            int dot = f[1].lastIndexOf('.');
            out.add(new String[] {f[1].substring(0, dot), f[1].substring(dot + 1)});
        }
        return out;
    }

    @Test
    void everyPatternNamesCode() throws Exception {
        List<String[]> ps = patterns();
        assertTrue(ps.size() > 10, "the file lists the end-of-run code");
        for (String[] p : ps) {
            String cls = p[0];
            if (cls.startsWith("jdk/")) {
                continue; // the JDK's internals differ between 17 and 25; a miss there costs only time
            }
            String name = (cls.endsWith("*") ? cls.substring(0, cls.length() - 1) : cls).replace('/', '.');
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            String m = p[1];
            if (m.equals("*")) {
                continue;
            }
            String prefix = m.endsWith("*") ? m.substring(0, m.length() - 1) : null;
            boolean found = Arrays.stream(c.getDeclaredMethods()).map(Method::getName)
                    .anyMatch(n -> prefix != null ? n.startsWith(prefix) : n.equals(m));
            assertTrue(found, "no method " + m + " in " + name + " (renamed? update " + FILE + ")");
        }
    }

    @Test
    void theJvmTakesThemQuietly(@TempDir Path tmp) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:CompileCommandFile=" + FILE, "-cp", System.getProperty("java.class.path"),
                "sensor.cli.SensorCommand", "replay", "--quiet", "-o", tmp.toString(), "captures/demo-2016.pcap");
        Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "replay did not finish");
        String err = Files.readString(tmp.resolve("stderr"));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", Files.readString(tmp.resolve("stdout")), "--quiet prints nothing, nor may the JVM");
        assertFalse(err.contains("CompileCommand"), err);
        assertTrue(Files.size(tmp.resolve("pairs.jsonl")) > 0);
    }
}
