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
    /** The first bytes of the frames below, which are all zeros. */
    private static final byte[] ZEROS = new byte[SavefileIndex.HEAD];

    @Test
    void framesOfOneLengthAndMicrosecondAreToldApartByTheirFirstBytes(@TempDir Path tmp) throws Exception {
        // An NTP packet and a DNS query of the same length 1 µs apart; the filter passes only the query.
        Path file = tmp.resolve("same.pcap");
        byte[] ntp = frame(83, 1);
        byte[] dns = frame(83, 2);
        byte[] other = frame(83, 3);
        byte[] response = frame(142, 4);
        long t = 1_464_741_591_290_252L;
        try (PcapWriter w = new PcapWriter(file, PcapWriter.LINKTYPE_ETHERNET)) {
            w.write(t, ntp, ntp.length);
            w.write(t + 1, dns, dns.length);
            w.write(t + 1, other, other.length);
            w.write(t + 16_481, response, response.length);
        }
        try (SavefileIndex idx = new SavefileIndex(file)) {
            assertEquals(2, idx.numberOf((t + 1) * 1000, 83, dns, dns.length));
            assertEquals(4, idx.numberOf((t + 16_481) * 1000, 142, response, response.length));
            assertEquals(4, idx.recordsToEnd());
        }
        // First bytes that match no record (libpcap rewrote them): the first of the right length and
        // time is taken, and the records looked at past it are still there for the next frame.
        byte[] rewritten = frame(83, 9);
        try (SavefileIndex idx = new SavefileIndex(file)) {
            assertEquals(1, idx.numberOf(t * 1000, 83, rewritten, rewritten.length));
            assertEquals(3, idx.numberOf((t + 1) * 1000, 83, other, other.length));
            assertEquals(4, idx.numberOf((t + 16_481) * 1000, 142, response, response.length));
        }
    }

    @Test
    void recordsBetweenALookalikeAndTheFrameAreNotReadAgain(@TempDir Path tmp) throws Exception {
        // Two lookalikes, then the frame, then a copy of the second lookalike: the filter passes
        // the frame and the copy, which must get its own number, not the hidden original's.
        Path file = tmp.resolve("between.pcap");
        long t = 1_464_741_591_290_252L;
        try (PcapWriter w = new PcapWriter(file, PcapWriter.LINKTYPE_ETHERNET)) {
            w.write(t, frame(83, 1), 83);
            w.write(t, frame(83, 9), 83);
            w.write(t + 1, frame(83, 2), 83);
            w.write(t, frame(83, 9), 83);
        }
        try (SavefileIndex idx = new SavefileIndex(file)) {
            assertEquals(3, idx.numberOf((t + 1) * 1000, 83, frame(83, 2), 83));
            assertEquals(4, idx.numberOf(t * 1000, 83, frame(83, 9), 83));
            assertEquals(4, idx.recordsToEnd());
        }
    }

    /** {@code n} bytes that differ from another frame's in its 40th byte (a port, say). */
    private static byte[] frame(int n, int mark) {
        byte[] b = new byte[n];
        b[39] = (byte) mark;
        return b;
    }

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
                    assertEquals(i + 1, idx.numberOf(ts, lengths.get(i), ZEROS, lengths.get(i)), "frame " + (i + 1));
                }
            }
            assertEquals(-1, idx.numberOf(0, 1, ZEROS, 1), "past the last record");
        }
    }

    @Test
    void numbersPcapngBlocksAcrossBufferEdges(@TempDir Path tmp) throws Exception {
        int b = SavefileIndex.READ_BUFFER;
        List<Integer> lengths = new ArrayList<>(List.of(b - 28 - 20 - 32 - 9, 61, b + 333, 62, 2 * b + 1));
        for (int i = 0; i < 5000; i++) {
            lengths.add(60 + (i * 41) % 1400);
        }
        Path file = tmp.resolve("edges.pcapng");
        long start = 1_464_739_200_000_000L;
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            out.write(block(0x0a0d0d0a, le32(0x1a2b3c4d), le16(1), le16(0), le64(-1))); // section header
            out.write(block(1, le16(1), le16(0), le32(0))); // interface: Ethernet, microseconds
            for (int i = 0; i < lengths.size(); i++) {
                long ts = start + 10L * i;
                int n = lengths.get(i);
                out.write(block(6, le32(0), le32((int) (ts >>> 32)), le32((int) ts), le32(n), le32(n),
                        new byte[(n + 3) & ~3]));
            }
        }
        try (SavefileIndex idx = new SavefileIndex(file)) {
            for (int i = 0; i < lengths.size(); i++) {
                if (i < 6 || i % 3 == 0) {
                    assertEquals(i + 1, idx.numberOf((start + 10L * i) * 1000, lengths.get(i), ZEROS,
                            lengths.get(i)), "frame " + (i + 1));
                }
            }
        }
    }

    /** A pcapng block: type, total length, body, total length again (little-endian). */
    private static byte[] block(int type, byte[]... body) {
        int n = 12;
        for (byte[] part : body) {
            n += part.length;
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putInt(type).putInt(n);
        for (byte[] part : body) {
            bb.put(part);
        }
        bb.putInt(n);
        return bb.array();
    }

    private static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] le32(int v) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le64(long v) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
