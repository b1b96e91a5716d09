package sensor.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import sensor.testutil.SharedCorpus;

/** The two bindings of pcap_next_ex read the same frames from every capture. */
class NextExTest {

    @Test
    void foreignAndJnaBindingsReadTheSameFrames() throws Exception {
        if (!NextEx.foreignAvailable()) {
            String msg = "SKIPPED: the foreign-function binding needs a build and a run on JDK 22+ (this is JDK "
                    + Runtime.version().feature() + ")";
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        List<Path> captures = new ArrayList<>(SharedCorpus.captures());
        captures.add(Path.of("captures/demo-2016.pcap"));
        long frames = 0;
        for (Path capture : captures) {
            if (capture.toString().contains("/libpcap-unreadable/")) {
                continue;
            }
            List<byte[]> foreign = read(capture, true);
            List<byte[]> jna = read(capture, false);
            assertEquals(jna.size(), foreign.size(), capture.toString());
            for (int i = 0; i < jna.size(); i++) {
                assertArrayEquals(jna.get(i), foreign.get(i), capture + " frame " + (i + 1));
            }
            frames += jna.size();
        }
        assertTrue(frames > 10_000, "frames compared: " + frames);
    }

    /** Every frame as its time stamp, lengths and bytes. */
    private static List<byte[]> read(Path capture, boolean foreign) throws Exception {
        System.setProperty(NextEx.FOREIGN_PROPERTY, String.valueOf(foreign));
        List<byte[]> out = new ArrayList<>();
        Frame f = new Frame();
        try (PcapFileSource src = new PcapFileSource(capture, null)) {
            assertEquals(foreign ? "foreign" : "jna", src.binding());
            while (src.next(f)) {
                byte[] rec = Arrays.copyOf(f.data, f.caplen + 24);
                java.nio.ByteBuffer.wrap(rec, f.caplen, 24).putLong(f.tsNanos).putLong(f.wireLength)
                        .putLong(f.number);
                out.add(rec);
            }
        } finally {
            System.clearProperty(NextEx.FOREIGN_PROPERTY);
        }
        return out;
    }
}
