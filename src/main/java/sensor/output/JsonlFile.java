package sensor.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A JSON Lines record file (UTF-8, one object per line). Lines built by {@link JsonLine} are
 * copied in as bytes; a String line is encoded once. Each line may also go to a mirror (Kafka),
 * and with {@code write} false only there.
 *
 * <p>Thread-safe: in live capture the decoding thread writes dns.jsonl, and flushes and rotates
 * every file, while the aggregation thread writes passive DNS; an uncontended lock costs a few
 * nanoseconds a line.
 */
public final class JsonlFile implements RecordSink<String>, LineSink, AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final RecordSink<String> mirror;
    private final boolean write;
    private OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int len;

    public JsonlFile(Path path) {
        this(path, null, true);
    }

    public JsonlFile(Path path, RecordSink<String> mirror, boolean write) {
        this.path = path;
        this.mirror = mirror;
        this.write = write;
        this.out = write ? open(path) : OutputStream.nullOutputStream();
    }

    private static OutputStream open(Path path) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Closes the file, renames it to {@code archived}, and starts a new one under the same name. */
    public synchronized void rotate(Path archived) {
        if (!write) {
            return;
        }
        close();
        try {
            Files.move(path, archived, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + path, e);
        }
        out = open(path);
    }

    @Override
    public synchronized void accept(String jsonObject) {
        if (write) {
            byte[] b = jsonObject.getBytes(StandardCharsets.UTF_8);
            write(b, b.length);
        }
        if (mirror != null) {
            mirror.accept(jsonObject);
        }
    }

    /** One finished line from {@link JsonLine#finish()}. */
    @Override
    public synchronized void write(JsonLine line) {
        if (write) {
            write(line.bytes(), line.length());
        }
        if (mirror != null) {
            mirror.accept(line.toString());
        }
    }

    private void write(byte[] b, int n) {
        if (len + n + 1 > BUFFER) {
            drain();
            if (n + 1 > BUFFER) {
                emit(b, 0, n);
                emit(new byte[] {'\n'}, 0, 1);
                return;
            }
        }
        System.arraycopy(b, 0, buf, len, n);
        len += n;
        buf[len++] = '\n';
    }

    private void drain() {
        if (len > 0) {
            emit(buf, 0, len);
            len = 0;
        }
    }

    private void emit(byte[] b, int off, int n) {
        try {
            out.write(b, off, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public synchronized void flush() {
        drain();
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
    public synchronized void close() {
        drain();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }
}
