package sensor.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own check of an exposition, {@code promtool check metrics} from Debian's
 * {@code prometheus} package ({@code ./sensor test} installs it as root). Without it a test is
 * skipped, loudly, on a developer's machine, and fails in CI ({@code CI=true}).
 */
public final class Promtool {
    private Promtool() {}

    /** The exposition without the metric families whose names start with {@code prefix}. */
    public static String without(String exposition, String prefix) {
        return exposition.lines().filter(l -> !l.startsWith(prefix) && !l.startsWith("# HELP " + prefix)
                && !l.startsWith("# TYPE " + prefix)).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    /** promtool's complaints about {@code exposition}: empty when it finds none. */
    public static String checkMetrics(String exposition) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException missing) {
            String why = "promtool is not installed (apt-get install prometheus)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ": CI must run this check");
            }
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
            return null;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    }
}
