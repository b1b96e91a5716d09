package sensor.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A JSON Lines record file (UTF-8, one object per line). Lines built by {@link JsonLine} are
 * copied in as bytes; a String line is encoded once. Each line may also go to a mirror (Kafka),
 * and with {@code write} false only there.
 *
 * <p>The file is written under a new temporary name in its directory ({@link OutputFiles}) and
 * renamed to its own name when closed, or at once when {@code deferred} is false (live: readers
 * follow the file while it grows); an existing file or symlink of that name is never opened.
 *
 * <p>A write that fails (disk full) never leaves half a line: the file is cut back to its last
 * whole line, the lines that could not be written are counted, and every {@link #flush()} tries
 * again, so in live writing resumes once there is space.
 *
 * <p>The file's SHA-256 and line count ({@link #digest()}) are taken from the bytes as they are
 * written, so summary.json can vouch for a file without reading it back.
 *
 * <p>Thread-safe: one thread writes dns.jsonl and another passive DNS while the decoding thread
 * writes smtp.jsonl, and in live flushes and rotates every file; an uncontended lock costs a few
 * nanoseconds a line.
 */
public final class JsonlFile implements RecordSink<String>, LineSink, AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final RecordSink<String> mirror;
    private final boolean write;
    private final boolean deferred;
    private Path temp;
    private FileChannel channel;
    private final byte[] buf = new byte[BUFFER];
    private int len;
    private int bufferedLines;
    /** Bytes of whole lines known to be in the file. */
    private long written;
    private IOException failure;
    private long linesNotWritten;
    private long writeErrors;
    private boolean closed;
    /** Of the whole lines in the file, as written. */
    private MessageDigest sha;
    private long lines;
    private FileDigest digest;

    /** A file renamed into place when closed. */
    public JsonlFile(Path path) {
        this(path, null, true, true);
    }

    public JsonlFile(Path path, RecordSink<String> mirror, boolean write) {
        this(path, mirror, write, true);
    }

    public JsonlFile(Path path, RecordSink<String> mirror, boolean write, boolean deferred) {
        this.path = path;
        this.mirror = mirror;
        this.write = write;
        this.deferred = deferred;
        if (write) {
            open();
        }
    }

    private void open() {
        try {
            temp = OutputFiles.createTemp(path);
            channel = OutputFiles.openNew(temp);
            written = 0;
            lines = 0;
            sha = sha256();
            digest = null;
            if (!deferred) {
                OutputFiles.moveIntoPlace(temp, path);
                temp = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + OutputFiles.reason(e), e);
        }
    }

    /** Closes the file, renames it to {@code archived}, and starts a new one under the same name. */
    public synchronized void rotate(Path archived) {
        if (!write) {
            return;
        }
        close();
        try {
            OutputFiles.moveIntoPlace(path, archived);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + path + ": " + OutputFiles.reason(e), e);
        }
        closed = false;
        open();
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
            if (failure == null) {
                drain();
            }
            if (len + n + 1 > BUFFER) {
                if (failure == null && n + 1 > BUFFER) {
                    byte[] line = java.util.Arrays.copyOf(b, n + 1);
                    line[n] = '\n';
                    if (!emit(line, n + 1, 1)) {
                        linesNotWritten++;
                    }
                } else {
                    linesNotWritten++; // writing fails and the buffer is full: this line is lost
                }
                return;
            }
        }
        System.arraycopy(b, 0, buf, len, n);
        len += n;
        buf[len++] = '\n';
        bufferedLines++;
    }

    private void drain() {
        if (len > 0 && emit(buf, len, bufferedLines)) {
            len = 0;
            bufferedLines = 0;
        }
    }

    /** Writes whole lines; on failure cuts the file back to its last whole line and returns false. */
    private boolean emit(byte[] b, int n, int lineCount) {
        if (closed || channel == null) {
            return false;
        }
        try {
            ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            written += n;
            sha.update(b, 0, n);
            lines += lineCount;
            failure = null;
            return true;
        } catch (IOException e) {
            if (failure == null) {
                writeErrors++;
            }
            failure = e;
            try {
                channel.truncate(written);
                channel.position(written);
            } catch (IOException cut) {
                // the cut is retried with the next write
            }
            return false;
        }
    }

    /** Writes what is buffered; while writing fails, tries again. */
    public synchronized void flush() {
        drain();
    }

    /** The error writing currently fails with, or null. */
    public synchronized IOException failure() {
        return failure;
    }

    /**
     * Lines that will not reach the file: dropped while writing failed and the buffer was full,
     * and those still buffered when the file was closed. (Buffered lines are written when
     * writing resumes.)
     */
    public synchronized long linesNotWritten() {
        return linesNotWritten;
    }

    /** Times writing began to fail (each recovery and new failure counts again). */
    public synchronized long writeErrors() {
        return writeErrors;
    }

    public Path path() {
        return path;
    }

    /** The closed file's digest; null while it is open, or when the file is not written. */
    public synchronized FileDigest digest() {
        return digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Writes what is buffered, closes, and (deferred) renames the file into place. */
    @Override
    public synchronized void close() {
        if (closed || !write) {
            closed = true;
            return;
        }
        drain();
        if (len > 0) {
            linesNotWritten += bufferedLines;
            len = 0;
            bufferedLines = 0;
        }
        closed = true;
        try {
            channel.close();
            if (temp != null) {
                OutputFiles.moveIntoPlace(temp, path);
                temp = null;
            }
            // After a failed write the file may hold more than the digest saw (a cut that failed
            // too): then the file itself is read.
            digest = writeErrors == 0
                    ? new FileDigest(path.getFileName().toString(), lines, written, HexFormat.of().formatHex(sha.digest()))
                    : FileDigest.of(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + OutputFiles.reason(e), e);
        }
    }
}
