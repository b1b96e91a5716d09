package sensor.decode;

import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Linux NFLOG (LINKTYPE_NFLOG): a 4-byte header (address family, version, resource id), then
 * type-length-value attributes, each padded to 4 bytes, whose type 9 (NFULA_PAYLOAD) holds the
 * packet from its IP header on. The lengths and types are in the writing host's byte order
 * (libpcap swaps them for a reader of the other order), so the order is taken from the first
 * attribute's type, which is always below 256.
 */
final class Nflog {
    static final int NFLOG = 239;
    private static final int HEADER = 4;
    private static final int NFULA_PAYLOAD = 9;

    private final LinkLayer link;
    private final Tally noPayload;

    Nflog(LinkLayer link, Tallies tallies) {
        this.link = link;
        noPayload = tallies.get("link", "nflog_no_payload");
    }

    int decode(byte[] b, int len, long frame) {
        if (len < HEADER + 4) {
            return link.truncated(frame);
        }
        boolean littleEndian = b[HEADER + 3] == 0 || b[HEADER + 2] != 0;
        int pos = HEADER;
        while (len - pos >= 4) {
            int length = littleEndian ? Bytes.u16le(b, pos) : Bytes.u16(b, pos);
            int type = littleEndian ? Bytes.u16le(b, pos + 2) : Bytes.u16(b, pos + 2);
            if (length < 4 || length > len - pos) {
                return link.truncated(frame);
            }
            if (type == NFULA_PAYLOAD) {
                return link.raw(b, pos + 4, pos + length, frame);
            }
            pos += (length + 3) & ~3;
        }
        noPayload.inc(); // logged without the packet (a copy range of 0)
        return -1;
    }
}
