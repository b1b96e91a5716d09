package sensor.decode;

/**
 * Link types whose header only wraps Ethernet, LLC/SNAP or IP: Cisco HDLC, OpenBSD pflog,
 * Hilscher netANALYZER (plain and transparent), ATM RFC 1483 and IP over InfiniBand.
 */
final class WiredLinks {
    static final int ATM_RFC1483 = 11;
    static final int LINKTYPE_ATM_RFC1483 = 100;
    static final int C_HDLC = 104;
    static final int PFLOG = 117;
    static final int NETANALYZER = 240;
    static final int NETANALYZER_TRANSPARENT = 241;
    static final int IPOIB = 242;

    private final LinkLayer link;

    WiredLinks(LinkLayer link) {
        this.link = link;
    }

    /** Returns the offset of the network header, or -1 (counted); only for the types above. */
    int decode(int linkType, byte[] b, int len, long frame) {
        return switch (linkType) {
            // address, control, then an EtherType
            case C_HDLC -> len < 4 ? link.truncated(frame) : link.ethertype(Bytes.u16(b, 2), 4, frame);
            case PFLOG -> pflog(b, len, frame);
            // a 4-byte status header; the transparent type adds the preamble and start delimiter
            case NETANALYZER -> link.ethernet(b, 4, len, frame);
            case NETANALYZER_TRANSPARENT -> link.ethernet(b, 12, len, frame);
            case ATM_RFC1483, LINKTYPE_ATM_RFC1483 -> link.llc(b, 0, len, frame);
            // RFC 4391: an EtherType and two reserved bytes
            case IPOIB -> len < 4 ? link.truncated(frame) : link.ethertype(Bytes.u16(b, 0), 4, frame);
            default -> throw new IllegalArgumentException("not a wired link type: " + linkType);
        };
    }

    /** pflog: the header's own length at byte 0, padded to 4 bytes; the address family's values differ by OS. */
    private int pflog(byte[] b, int len, long frame) {
        if (len < 4) {
            return link.truncated(frame);
        }
        int header = ((b[0] & 0xff) + 3) & ~3;
        if (header < 4 || header >= len) {
            return link.truncated(frame);
        }
        return link.raw(b, header, len, frame);
    }
}
