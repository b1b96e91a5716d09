package sensor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import sensor.capture.CaptureException;
import sensor.capture.Filters;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;
import sensor.decode.Layer;
import sensor.decode.Packet;
import sensor.decode.PacketDecoder;
import sensor.metrics.Tallies;
import sensor.testutil.SharedCorpus;

/**
 * The fuzz test's seeds come from the shared captures: per capture, its first few frames as
 * the decoder sees them, its DNS messages, and its SMTP dialogues as the fuzz target splits them
 * (directions separated by 0xff). Committed under {@code SensorFuzzTestInputs}; rewrite with
 * {@code mvn test -Dtest=FuzzSeedsTest -Dfuzz.seeds.update=true}.
 */
class FuzzSeedsTest {
    static final Path SEEDS = Path.of("src/test/resources/sensor/fuzz/SensorFuzzTestInputs");
    private static final int[] LINK_TYPES = {1, 0, 9, 10, 12, 101, 108, 113, 228, 229, 276};

    @Test
    void seedsAreThere() throws IOException, CaptureException {
        if (Boolean.getBoolean("fuzz.seeds.update")) {
            write();
        }
        for (String method : new String[] {"fuzz", "fuzzLong"}) {
            try (Stream<Path> s = Files.list(SEEDS.resolve(method))) {
                long n = s.count();
                assertTrue(n >= 50, method + " has " + n + " seeds");
            }
        }
    }

    private static void write() throws IOException, CaptureException {
        for (String method : new String[] {"fuzz", "fuzzLong"}) {
            Path dir = SEEDS.resolve(method);
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        int seed = 0;
        for (Path capture : SharedCorpus.captures()) {
            if (capture.toString().contains("libpcap-unreadable")) {
                continue;
            }
            PacketDecoder decoder = new PacketDecoder(new Tallies());
            Frame frame = new Frame();
            Packet p = new Packet();
            int frames = 0;
            int messages = 0;
            ByteArrayOutputStream smtp = new ByteArrayOutputStream();
            Boolean lastFromClient = null;
            try (PcapFileSource source = new PcapFileSource(capture.toString(), lt -> new Filters(null, null))) {
                while (source.next(frame)) {
                    int lt = Arrays.binarySearch(sortedLinkTypes(), frame.linkType);
                    if (frames < 1 && lt >= 0 && frame.caplen < 1500) {
                        seed = save(seed, 0, indexOf(frame.linkType), frame.data, 0, frame.caplen);
                        frames++;
                    }
                    Layer layer = decoder.decode(frame, p);
                    if (layer == Layer.UDP && (p.srcPort == 53 || p.dstPort == 53) && p.payloadLength > 0
                            && messages < 1) {
                        seed = save(seed, 1, 0, p.buf, p.payloadOffset, p.payloadLength);
                        messages++;
                    }
                    if (layer == Layer.TCP && (p.srcPort == 25 || p.dstPort == 25) && p.payloadLength > 0
                            && smtp.size() < 2000) {
                        boolean fromClient = p.dstPort == 25;
                        if (lastFromClient != null && lastFromClient != fromClient) {
                            smtp.write(0xff);
                        }
                        if (lastFromClient == null && fromClient) {
                            smtp.write(0xff); // the target starts with the server
                        }
                        lastFromClient = fromClient;
                        smtp.write(p.buf, p.payloadOffset, p.payloadLength);
                    }
                }
            }
            if (smtp.size() > 0) {
                byte[] b = smtp.toByteArray();
                seed = save(seed, 2, 0, b, 0, b.length);
            }
        }
    }

    private static int[] sortedLinkTypes() {
        int[] s = LINK_TYPES.clone();
        Arrays.sort(s);
        return s;
    }

    private static int indexOf(int linkType) {
        for (int i = 0; i < LINK_TYPES.length; i++) {
            if (LINK_TYPES[i] == linkType) {
                return i;
            }
        }
        throw new IllegalArgumentException("link type " + linkType);
    }

    private static int save(int n, int target, int arg, byte[] b, int off, int len) throws IOException {
        byte[] seed = new byte[len + 2];
        seed[0] = (byte) target;
        seed[1] = (byte) arg;
        System.arraycopy(b, off, seed, 2, len);
        for (String method : new String[] {"fuzz", "fuzzLong"}) {
            Files.write(SEEDS.resolve(method).resolve(String.format("seed-%03d", n)), seed);
        }
        return n + 1;
    }
}
