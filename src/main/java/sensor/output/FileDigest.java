package sensor.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A record file as summary.json vouches for it: its SHA-256 and its line count, so a published
 * result can be checked against the files it rests on.
 */
public record FileDigest(String file, long lines, long bytes, String sha256) {

    /**
     * Starts reading an input on a thread of its own while the replay decodes it; a pipe or stdin
     * (whose bytes only libpcap sees) has no digest: the future holds null.
     */
    public static CompletableFuture<FileDigest> start(String input) {
        Path path = "-".equals(input) ? null : Path.of(input);
        if (path == null || !Files.isRegularFile(path)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<FileDigest> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(of(path, false)), "input-digest");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** {@code countLines}: a record file's lines; an input's are no lines (-1). */
    static FileDigest of(Path file, boolean countLines) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            long lines = 0;
            long bytes = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                bytes += n;
                if (countLines) {
                    for (int i = 0; i < n; i++) {
                        lines += buf[i] == '\n' ? 1 : 0; // branch-free: the compiler vectorizes it
                    }
                }
            }
            return new FileDigest(file.getFileName().toString(), countLines ? lines : -1, bytes,
                    HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            return new FileDigest(file.getFileName().toString(), -1, -1, null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
