package sensor.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * The SHA-256 of an input file, read on a thread of its own while the replay decodes it, so a
 * published result can be tied to its capture. A pipe or stdin has none: its bytes are libpcap's.
 */
public final class InputDigest {
    private final CompletableFuture<String> hex;

    private InputDigest(CompletableFuture<String> hex) {
        this.hex = hex;
    }

    /** Starts hashing {@code name} when it is a regular file; else the digest is null. */
    public static InputDigest start(String name) {
        Path path = "-".equals(name) ? null : Path.of(name);
        if (path == null || !Files.isRegularFile(path)) {
            return new InputDigest(CompletableFuture.completedFuture(null));
        }
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(sha256(path)), "input-digest");
        t.setDaemon(true);
        t.start();
        return new InputDigest(f);
    }

    /** The hex digest, waiting for it if need be; null when the file could not be read again. */
    public String sha256() {
        return hex.join();
    }

    static String sha256(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
