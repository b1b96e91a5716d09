package sensor.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the file header says about timestamp precision. libpcap hands every timestamp over in
 * nanoseconds (we open with nanosecond precision); records print at the file's own precision.
 */
final class CaptureFormat {
    private static final int PCAP_US = 0xa1b2c3d4;
    private static final int PCAP_NS = 0xa1b23c4d;
    private static final int PCAPNG_SHB = 0x0a0d0d0a;
    private static final int PCAPNG_IDB = 1;
    private static final int IF_TSRESOL = 9;
    private static final int SCAN_LIMIT = 1 << 20;

    private CaptureFormat() {}

    /** True when the file stores timestamps finer than microseconds. */
    static boolean nanoPrecision(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SCAN_LIMIT);
        } catch (IOException e) {
            return false;
        }
        if (head.length < 4) {
            return false;
        }
        ByteBuffer bb = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
        int magic = bb.getInt(0);
        if (magic == PCAP_NS || magic == Integer.reverseBytes(PCAP_NS)) {
            return true;
        }
        if (magic == PCAP_US || magic == Integer.reverseBytes(PCAP_US)) {
            return false;
        }
        return magic == PCAPNG_SHB && pcapngHasFineInterface(bb);
    }

    private static boolean pcapngHasFineInterface(ByteBuffer bb) {
        if (bb.limit() < 12) {
            return false;
        }
        // The byte-order magic of the section header decides the order of everything after it.
        bb.order(bb.getInt(8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (pos + 12 <= bb.limit()) {
            int type = bb.getInt(pos);
            int len = bb.getInt(pos + 4);
            if (len < 12 || (len & 3) != 0 || pos + len > bb.limit()) {
                return false;
            }
            if (type == PCAPNG_IDB && idbIsFine(bb, pos, len)) {
                return true;
            }
            if (type != PCAPNG_IDB && type != PCAPNG_SHB) {
                return false;
            }
            pos += len;
        }
        return false;
    }

    private static boolean idbIsFine(ByteBuffer bb, int block, int len) {
        int pos = block + 16;
        int end = block + len - 4;
        while (pos + 4 <= end) {
            int code = bb.getShort(pos) & 0xffff;
            int olen = bb.getShort(pos + 2) & 0xffff;
            if (code == 0) {
                break;
            }
            if (code == IF_TSRESOL && olen >= 1 && pos + 4 < end) {
                int v = bb.get(pos + 4) & 0xff;
                // High bit clear: 10^-v seconds; set: 2^-v. Finer than 1 µs means nanosecond output.
                return (v & 0x80) == 0 ? v > 6 : (v & 0x7f) > 19;
            }
            pos += 4 + ((olen + 3) & ~3);
        }
        return false;
    }
}
