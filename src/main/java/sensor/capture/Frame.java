package sensor.capture;

/**
 * One frame as libpcap delivered it. A single instance is refilled for every frame so that the
 * hot path allocates nothing; a stage that keeps bytes beyond the current frame copies them.
 */
public final class Frame {
    /** Largest frame we keep whole; libpcap's own maximum snapshot length. */
    public static final int MAX_SNAPLEN = 262_144;

    public final byte[] data = new byte[MAX_SNAPLEN];
    /** Bytes captured (what {@link #data} holds from offset 0). */
    public int caplen;
    /** Length on the wire; larger than caplen when the snapshot length cut the frame. */
    public int wireLength;
    /** Capture time, nanoseconds since the epoch (UTC). */
    public long tsNanos;
    /** libpcap DLT_/LINKTYPE_ value of the interface the frame came from. */
    public int linkType;
    /** 1-based frame number within its input, as tshark and Wireshark count. */
    public long number;
    /** Index of the input (file or interface) within this run. */
    public int input;
}
