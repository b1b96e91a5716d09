package sensor.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import sensor.capture.CaptureException;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;
import sensor.output.FileDigest;

/**
 * What a replay costs before it decodes anything, for the benchmark script to time: every frame
 * of a capture read through libpcap into the sensor's frame buffer, the capture's SHA-256 on a
 * thread of its own, and as many bytes as the replay's record files held written to new files
 * with their SHA-256 taken as they are written, as the sensor does. Neither writing nor hashing
 * depends on what the bytes are, so they are random. Arguments: the capture, a directory to
 * write in (made, and removed at the end), and the size of each record file.
 */
public final class OutputFloor {
    private static final int BUFFER = 1 << 16;

    private OutputFloor() {}

    public static void main(String[] args) throws CaptureException, IOException, NoSuchAlgorithmException {
        Path dir = Files.createDirectory(Path.of(args[1]));
        CompletableFuture<FileDigest> input = FileDigest.start(args[0]);
        try {
            Frame frame = new Frame();
            try (PcapFileSource src = new PcapFileSource(Path.of(args[0]), null)) {
                while (src.next(frame)) {
                    // only read: the frame is what decoding would start from
                }
            }
            for (int i = 2; i < args.length; i++) {
                write(dir.resolve(i + ".jsonl"), Long.parseLong(args[i]));
            }
        } finally {
            try (Stream<Path> made = Files.walk(dir)) {
                List<Path> all = made.sorted(Comparator.reverseOrder()).toList();
                for (Path p : all) {
                    Files.delete(p);
                }
            }
        }
        input.join();
    }

    /** Writes {@code bytes} bytes to a new file a buffer at a time, taking their SHA-256 as written. */
    private static void write(Path file, long bytes) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[BUFFER];
        new SplittableRandom(bytes).nextBytes(buf);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= BUFFER) {
                int n = (int) Math.min(BUFFER, left);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                sha.update(buf, 0, n);
            }
        }
        sha.digest();
    }
}
