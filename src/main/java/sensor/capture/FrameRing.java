package sensor.capture;

/**
 * The bounded hand-off between a capture thread and the decoding thread (one producer, one
 * consumer, no locks). Frame bytes go into one slab, their headers into an index; when either is
 * full the capture thread drops the frame and counts it, so a decoder that falls behind costs
 * frames, never memory.
 */
public final class FrameRing {
    private final byte[] slab;
    private final int mask;
    private final long[] ts;
    private final int[] caplen;
    private final int[] wireLength;
    private final int[] linkType;
    private final long[] number;
    private final int[] start;
    private final long slabSize;
    // Written by the producer, read by the consumer (and the other way round).
    private volatile long head; // next entry to write
    private volatile long tail; // next entry to read
    private volatile long bytesWritten;
    private volatile long bytesRead;
    private long dropped;

    /** {@code entries} must be a power of two. */
    public FrameRing(int entries, int slabBytes) {
        if (Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("entries must be a power of two");
        }
        slab = new byte[slabBytes];
        slabSize = slabBytes;
        mask = entries - 1;
        ts = new long[entries];
        caplen = new int[entries];
        wireLength = new int[entries];
        linkType = new int[entries];
        number = new long[entries];
        start = new int[entries];
    }

    /** Producer: copies the frame in, or counts it dropped when the ring is full. */
    public boolean offer(Frame f) {
        long h = head;
        if (h - tail > mask) {
            dropped++;
            return false;
        }
        long w = bytesWritten;
        int pos = (int) (w % slabSize);
        long need = f.caplen;
        if (pos + need > slabSize) {
            need += slabSize - pos; // the tail of the slab is skipped: frames never wrap
            pos = 0;
        }
        if (w + need - bytesRead > slabSize) {
            dropped++;
            return false;
        }
        System.arraycopy(f.data, 0, slab, pos, f.caplen);
        int i = (int) (h & mask);
        ts[i] = f.tsNanos;
        caplen[i] = f.caplen;
        wireLength[i] = f.wireLength;
        linkType[i] = f.linkType;
        number[i] = f.number;
        start[i] = (int) (need - f.caplen); // bytes skipped before this frame
        bytesWritten = w + need;
        head = h + 1;
        return true;
    }

    /** Consumer: fills {@code f} with the oldest frame; false when the ring is empty. */
    public boolean poll(Frame f) {
        long t = tail;
        if (t == head) {
            return false;
        }
        int i = (int) (t & mask);
        long r = bytesRead + start[i];
        int pos = (int) (r % slabSize);
        System.arraycopy(slab, pos, f.data, 0, caplen[i]);
        f.caplen = caplen[i];
        f.wireLength = wireLength[i];
        f.tsNanos = ts[i];
        f.linkType = linkType[i];
        f.number = number[i];
        bytesRead = r + caplen[i];
        tail = t + 1;
        return true;
    }

    /** Frames the producer had to drop (read by the producer's owner or for metrics). */
    public long dropped() {
        return dropped;
    }

    public int size() {
        return (int) (head - tail);
    }
}
