package sensor.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few hundred KiB mounted on a fresh directory, to fill a disk in a test. Needs root
 * (CI runs as root); elsewhere the calling test is skipped with the reason.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path dir;

    public SmallTmpfs(Path parent, int kib) throws Exception {
        dir = Files.createDirectories(parent.resolve("tmpfs"));
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString());
        if (!mounted) {
            System.err.println("SKIPPED: cannot mount a tmpfs (needs root) to fill a disk");
        }
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs (needs root) to fill a disk");
    }

    public Path dir() {
        return dir;
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", dir.toString());
    }
}
