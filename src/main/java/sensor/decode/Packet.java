package sensor.decode;

/**
 * The decoded headers of the current packet: offsets into {@link #buf} and header fields.
 * One instance is reused for every frame (no per-frame garbage); stages that keep anything
 * copy it out. Addresses are two longs each (see {@link IpAddress}).
 */
public final class Packet {
    public static final int TCP = 6;
    public static final int UDP = 17;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    // --- frame
    public long frameNumber;
    public long tsNanos;
    public int input;
    /** The bytes the offsets below point into: the frame buffer, or a reassembled datagram. */
    public byte[] buf;

    // --- network layer (innermost IP header when tunnelled)
    /** 4 or 6; 0 when no IP header was found. */
    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    public int ipOffset;
    /** IP protocol / IPv6 next header of the transport layer. */
    public int protocol;
    /** How many tunnel encapsulations were removed to reach this IP header. */
    public int tunnelDepth;
    /** True when this packet was rebuilt from IP fragments. */
    public boolean reassembled;

    // --- IP fragment (valid when the decoder returned FRAGMENT)
    /** IPv4 identification (16 bits) or IPv6 fragment identification (32 bits). */
    public long fragId;
    /** Byte offset of this fragment's data within the original datagram's payload. */
    public int fragOffset;
    public boolean moreFragments;

    // --- transport layer
    public int srcPort;
    public int dstPort;
    /**
     * Offset and length of the transport payload within {@link #buf}; for a fragment, of the
     * fragment's data.
     */
    public int payloadOffset;
    public int payloadLength;
    /** TCP only. */
    public int tcpFlags;
    public long seq;
    public long ack;

    public void clear() {
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        ipOffset = 0;
        protocol = 0;
        tunnelDepth = 0;
        reassembled = false;
        srcPort = dstPort = 0;
        payloadOffset = payloadLength = 0;
        tcpFlags = 0;
        seq = ack = 0;
        fragId = 0;
        fragOffset = 0;
        moreFragments = false;
    }

    public IpAddress src() {
        return address(srcHi, srcLo);
    }

    public IpAddress dst() {
        return address(dstHi, dstLo);
    }

    // Addresses recur packet after packet (the resolvers, the busy clients): recent ones are
    // handed out again, immutable and shared, instead of a new object per packet and side.
    private final IpAddress[] recent = new IpAddress[1024];

    private IpAddress address(long hi, long lo) {
        int i = IpAddress.hash(hi, lo) & (recent.length - 1);
        IpAddress a = recent[i];
        if (a == null || a.hi() != hi || a.lo() != lo) {
            a = new IpAddress(hi, lo);
            recent[i] = a;
        }
        return a;
    }

    public boolean has(int flag) {
        return (tcpFlags & flag) != 0;
    }
}
