package sensor.scenario;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file (microsecond time stamps, little-endian), the format every tool
 * reads. The project's generated captures are written with it, deterministically: same input,
 * same bytes.
 */
public final class PcapWriter implements FrameSink, AutoCloseable {
    public static final int LINKTYPE_ETHERNET = 1;

    private final OutputStream out;
    private final byte[] header = new byte[16];
    private long frames;

    public PcapWriter(Path file, int linkType) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        byte[] g = new byte[24];
        putLe32(g, 0, 0xa1b2c3d4);
        putLe16(g, 4, 2);
        putLe16(g, 6, 4);
        putLe32(g, 16, 65535);
        putLe32(g, 20, linkType);
        out.write(g);
    }

    /** Writes one frame; {@code tsMicros} is microseconds since the epoch. */
    @Override
    public void write(long tsMicros, byte[] frame, int length) throws IOException {
        write(tsMicros, frame, length, length);
    }

    /** Writes the first {@code captured} bytes of a frame of {@code original} bytes (a snap length). */
    public void write(long tsMicros, byte[] frame, int captured, int original) throws IOException {
        putLe32(header, 0, (int) (tsMicros / 1_000_000L));
        putLe32(header, 4, (int) (tsMicros % 1_000_000L));
        putLe32(header, 8, captured);
        putLe32(header, 12, original);
        out.write(header);
        out.write(frame, 0, captured);
        frames++;
    }

    public long frames() {
        return frames;
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putLe16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
