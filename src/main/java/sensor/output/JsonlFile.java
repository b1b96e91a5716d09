package sensor.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JSON Lines record file (UTF-8, one object per line); each line may also go to a mirror
 * (Kafka), and with {@code write} false only there.
 */
public final class JsonlFile implements RecordSink<String>, AutoCloseable {
    private final Path path;
    private final RecordSink<String> mirror;
    private final boolean write;
    private Writer out;

    public JsonlFile(Path path) {
        this(path, null, true);
    }

    public JsonlFile(Path path, RecordSink<String> mirror, boolean write) {
        this.path = path;
        this.mirror = mirror;
        this.write = write;
        this.out = write ? open(path) : Writer.nullWriter();
    }

    private static Writer open(Path path) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Closes the file, renames it to {@code archived}, and starts a new one under the same name. */
    public void rotate(Path archived) {
        if (!write) {
            return;
        }
        try {
            out.close();
            Files.move(path, archived, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + path, e);
        }
        out = open(path);
    }

    @Override
    public void accept(String jsonObject) {
        try {
            out.write(jsonObject);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        if (mirror != null) {
            mirror.accept(jsonObject);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
