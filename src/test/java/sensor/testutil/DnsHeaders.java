package sensor.testutil;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import sensor.capture.CaptureException;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;
import sensor.decode.Layer;
import sensor.decode.Packet;
import sensor.decode.PacketDecoder;
import sensor.metrics.Tallies;

/**
 * The DNS header flags and the full rcode (with the OPT record's upper bits, RFC 6891 6.1.3) of
 * every unfragmented UDP datagram of a capture, by frame number, read straight from the bytes:
 * what the stored tshark oracle has no columns for. Only the link and IP layers go through the
 * sensor's decoder; nothing of dns/ or txn/. Records are walked by their length fields alone.
 */
public final class DnsHeaders {
    public static final int AA = 0x0400;
    public static final int TC = 0x0200;
    public static final int RD = 0x0100;
    public static final int RA = 0x0080;
    public static final int AD = 0x0020;
    public static final int CD = 0x0010;
    private static final int OPT = 41;

    /**
     * @param flags the header's second 16 bits (QR, opcode, AA ... rcode)
     * @param rcode the header's 4 bits, extended by an OPT record's upper 8 when there is one;
     *              -1 when the message ends before its sections do
     */
    public record Header(int flags, int rcode) {}

    private DnsHeaders() {}

    /** Frame number → header, for UDP frames whose payload holds at least the 12-byte header. */
    public static Map<Long, Header> udp(Path capture) throws CaptureException {
        Map<Long, Header> out = new HashMap<>();
        PacketDecoder decoder = new PacketDecoder(new Tallies());
        Frame frame = new Frame();
        Packet p = new Packet();
        try (PcapFileSource source = new PcapFileSource(capture, null)) {
            while (source.next(frame)) {
                if (decoder.decode(frame, p) == Layer.UDP && p.payloadLength >= 12) {
                    out.put(frame.number, header(p.buf, p.payloadOffset, p.payloadOffset + p.payloadLength));
                }
            }
        }
        return out;
    }

    static Header header(byte[] b, int start, int end) {
        int flags = u16(b, start + 2);
        int rcode = flags & 0xf;
        int at = start + 12;
        int questions = u16(b, start + 4);
        int records = u16(b, start + 6) + u16(b, start + 8) + u16(b, start + 10);
        for (int i = 0; i < questions; i++) {
            at = skipName(b, at, end) + 4;
            if (at > end) {
                return new Header(flags, -1);
            }
        }
        for (int i = 0; i < records; i++) {
            at = skipName(b, at, end);
            if (at + 10 > end) {
                return new Header(flags, -1);
            }
            if (u16(b, at) == OPT) {
                rcode |= (b[at + 4] & 0xff) << 4; // the TTL's first byte: the rcode's upper 8 bits
            }
            at += 10 + u16(b, at + 8);
        }
        return new Header(flags, at > end ? -1 : rcode);
    }

    /** The offset after a name: labels up to the root label or a compression pointer. */
    private static int skipName(byte[] b, int at, int end) {
        while (at < end) {
            int len = b[at] & 0xff;
            if (len == 0) {
                return at + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return at + 2;
            }
            at += 1 + len;
        }
        return end + 1;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
