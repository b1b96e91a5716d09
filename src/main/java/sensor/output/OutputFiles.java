package sensor.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * How the sensor puts files into its output directory: each is written under a new temporary name
 * (created exclusively, so an existing file or symlink is never opened, let alone truncated) and
 * renamed over its own name, which replaces a symlink there rather than following it.
 */
public final class OutputFiles {
    /** Every file a run writes, by its final name (live rotation adds NAME.SUFFIX.jsonl). */
    public static final List<String> NAMES = List.of("dns.jsonl", "smtp.jsonl", "pdns.jsonl", "pairs.jsonl",
            "servers.jsonl", "events.jsonl", "summary.json");

    private OutputFiles() {}

    /** A new empty file beside {@code target}, named {@code .NAME.RANDOM.tmp}. */
    static Path createTemp(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + ".";
        try {
            // rw-r--r-- less the umask, as a file created the ordinary way would be
            return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-r--r--")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, prefix, ".tmp");
        }
    }

    /**
     * A temporary file for {@code target} with {@code bytes} of disk space already taken, so that
     * {@link #writeReserved} can still write it when the disk has filled up meanwhile.
     */
    public static Path reserve(Path target, int bytes) throws IOException {
        Path temp = createTemp(target);
        try (FileChannel ch = openNew(temp)) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(bytes);
            while (zeros.hasRemaining()) {
                ch.write(zeros);
            }
            ch.force(false);
        }
        return temp;
    }

    /**
     * Writes {@code text} into a reservation from {@link #reserve} (over the blocks it holds, then
     * cut to length) and renames it to {@code target}; a text longer than the reservation is
     * written the ordinary way.
     */
    public static void writeReserved(Path reserved, Path target, String text) throws IOException {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (reserved == null || !Files.exists(reserved, LinkOption.NOFOLLOW_LINKS) || b.length > Files.size(reserved)) {
            if (reserved != null) {
                Files.deleteIfExists(reserved);
            }
            writeString(target, text);
            return;
        }
        try (FileChannel ch = FileChannel.open(reserved, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            ch.truncate(b.length);
        }
        moveIntoPlace(reserved, target);
    }

    /** Opens a file this process has just created, refusing a symlink put there meanwhile. */
    static FileChannel openNew(Path temp) throws IOException {
        return FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    static void moveIntoPlace(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes {@code text} to {@code target} through a temporary file and a rename. */
    public static void writeString(Path target, String text) throws IOException {
        Path temp = createTemp(target);
        try (FileChannel ch = openNew(temp)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        moveIntoPlace(temp, target);
    }

    /** The operating system's words for an I/O error ("No space left on device"), without the path. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            return "cannot create it (" + e.getClass().getSimpleName() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Null when {@code input} may be read while writing to {@code outDir}, else why not: an input
     * that is one of the output files would be replaced by the run that reads it.
     */
    public static String clash(Path input, Path outDir) {
        for (String name : NAMES) {
            Path out = outDir.resolve(name);
            try {
                if (Files.exists(input) && Files.exists(out, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(input, out)) {
                    return "is the output file " + out + "; choose another --out";
                }
            } catch (IOException e) {
                // cannot compare: nothing there to clash with
            }
            if (input.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                return "is the output file " + out + "; choose another --out";
            }
        }
        return null;
    }
}
