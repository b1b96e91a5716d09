package sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.scenario.PcapWriter;

/**
 * Frame numbers across the index's read buffer: a header split by the buffer's end, a payload
 * longer than the buffer, and frames the filter hid before and after them. The shared captures
 * are smaller than one buffer, so only this file crosses its edges.
 */
class SavefileIndexTest {
    private static final int GLOBAL = 24;
    private static final int RECORD = 16;

    @Test
    void numbersFramesAcrossBufferEdges(@TempDir Path tmp) throws Exception {
        int b = SavefileIndex.READ_BUFFER;
        List<Integer> lengths = new ArrayList<>();
        // The second header starts 7 bytes before the first buffer's end, so it is split.
        lengths.add(b - GLOBAL - RECORD - 7);
        lengths.add(60);
        lengths.add(b + 1000); // skipped beyond the buffer
        lengths.add(61);
        lengths.add(3 * b); // beyond the next buffer too
        for (int i = 0; i < 5000; i++) {
            lengths.add(60 + (i * 37) % 1400); // many small ones, over several more buffers
        }
        lengths.add(62);
        Path file = tmp.resolve("edges.pcap");
        long start = 1_464_739_200_000_000L;
        try (PcapWriter w = new PcapWriter(file, PcapWriter.LINKTYPE_ETHERNET)) {
            for (int i = 0; i < lengths.size(); i++) {
                byte[] frame = new byte[lengths.get(i)];
                w.write(start + 10L * i, frame, frame.length);
            }
        }
        try (SavefileIndex idx = new SavefileIndex(file)) {
            // The filter delivered every third frame and each of the edge cases.
            for (int i = 0; i < lengths.size(); i++) {
                if (i < 6 || i % 3 == 0 || i == lengths.size() - 1) {
                    long ts = (start + 10L * i) * 1000;
                    assertEquals(i + 1, idx.numberOf(ts, lengths.get(i)), "frame " + (i + 1));
                }
            }
            assertEquals(-1, idx.numberOf(0, 1), "past the last record");
        }
    }
}
