package sensor.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The public captures in {@code ../shared/captures/public} (beside the repository, as in CI).
 * Tests that need them skip loudly when the folder is absent, as it is in a user's clone; in CI
 * ({@code CI=true}, as GitHub Actions, GitLab and most others set it) a missing corpus fails them
 * instead, so a broken checkout cannot turn the oracle tests into a green run of skips.
 */
public final class SharedCorpus {
    private SharedCorpus() {}

    public static Path root() {
        String prop = System.getProperty("sensor.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of(System.getProperty("user.dir")).resolve("../shared");
        return shared.resolve("captures/public").normalize();
    }

    /** Whether the corpus is there; in CI its absence fails the calling test (see {@link #require}). */
    public static boolean present() {
        if (!Files.isDirectory(root())) {
            failInCi(root(), System.getenv("CI"));
            return false;
        }
        return true;
    }

    /**
     * The corpus root. When the corpus is not beside the repository the calling test fails in CI
     * and is skipped, loudly, elsewhere.
     */
    public static Path require() {
        if (!present()) {
            String msg = "SKIPPED: shared corpus not found at " + root()
                    + " (clone the repository beside ../shared to run the tshark-oracle tests)";
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        return root();
    }

    /**
     * Fails when {@code ci} says this is a CI run ("true" or "1", any case): there a skip would
     * hide a broken checkout.
     */
    static void failInCi(Path root, String ci) {
        if (ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"))) {
            Assertions.fail("shared corpus not found at " + root + " and CI=" + ci
                    + ": a CI run must have ../shared/captures/public (the tshark-oracle tests would be skipped)");
        }
    }

    /** Every capture file (pcap, pcapng) below the corpus, sorted. */
    public static List<Path> captures() {
        Path root = require();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".pcap") || n.endsWith(".pcapng");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of a capture relative to the corpus root, e.g. {@code dnscap/dns.pcap}. */
    public static String name(Path capture) {
        return root().relativize(capture).toString();
    }
}
