package sensor.flow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sensor.decode.Packet;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Rebuilds IPv4 and IPv6 datagrams from fragments, in any order, with duplicates and overlaps
 * (the first copy of a byte wins, as in Linux). What it returns is a complete datagram behind a
 * minimal IP header of the same version, for the decoder to read again. Bounded: datagrams
 * pending and bytes held; incomplete datagrams expire on packet time.
 */
public final class IpDefragmenter implements Expiring {
    public static final int MAX_DATAGRAM = 65_535;

    /** Bounds and timeout. */
    public record Limits(int maxDatagrams, long maxBytes, long timeoutNanos) {
        public static Limits defaults() {
            return new Limits(4096, 32L << 20, 30_000_000_000L);
        }

        /** The defaults, fragment bytes held within a thirty-second of a heap of {@code maxHeapBytes}. */
        public static Limits forHeap(long maxHeapBytes) {
            Limits d = defaults();
            return new Limits(d.maxDatagrams(), Math.max(1L << 20, Math.min(d.maxBytes(), maxHeapBytes / 32)),
                    d.timeoutNanos());
        }
    }

    private record Key(int version, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol) {}

    /** One datagram being rebuilt. */
    private static final class Pending {
        final long firstSeen;
        byte[] data = new byte[1024];
        /** Covered byte ranges [start, end), sorted and disjoint. */
        final List<int[]> ranges = new ArrayList<>(4);
        int total = -1;
        int held;

        Pending(long firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private final Limits limits;
    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private long bytesHeld;
    private final byte[] out = new byte[60 + MAX_DATAGRAM];
    private int outLength;

    private final Tally fragments;
    private final Tally reassembled;
    private final Tally expired;
    private final Tally tableFull;
    private final Tally bytesFull;
    private final Tally overlap;
    private final Tally tooLarge;
    private final Tally inconsistent;

    public IpDefragmenter(Limits limits, Tallies tallies) {
        this.limits = limits;
        fragments = tallies.get("ip", "fragments");
        reassembled = tallies.get("ip", "reassembled");
        expired = tallies.get("ip", "fragments_expired");
        tableFull = tallies.weird("fragment_table_full");
        bytesFull = tallies.weird("fragment_bytes_full");
        overlap = tallies.weird("fragment_overlap");
        tooLarge = tallies.weird("fragment_too_large");
        inconsistent = tallies.weird("fragment_inconsistent_length");
    }

    /**
     * Takes a fragment (the decoder returned FRAGMENT for {@code p}); returns true when it
     * completed a datagram, which is then in {@link #datagram()} until the next call.
     */
    public boolean add(Packet p) {
        fragments.inc();
        int start = p.fragOffset;
        int end = start + p.payloadLength;
        if (end > MAX_DATAGRAM - 60) {
            tooLarge.hit(p.frameNumber);
            return false;
        }
        Key key = new Key(p.ipVersion, p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.fragId, p.protocol);
        Pending d = pending.get(key);
        if (d == null) {
            if (pending.size() >= limits.maxDatagrams()) {
                evictOldest();
                tableFull.hit(p.frameNumber);
            }
            d = new Pending(p.tsNanos);
            pending.put(key, d);
        }
        if (!p.moreFragments) {
            if (d.total >= 0 && d.total != end) {
                inconsistent.hit(p.frameNumber);
                drop(key, d);
                return false;
            }
            d.total = end;
        }
        if (d.total >= 0 && end > d.total) {
            inconsistent.hit(p.frameNumber);
            drop(key, d);
            return false;
        }
        if (!copyNew(d, p.buf, p.payloadOffset, start, end, p.frameNumber)) {
            drop(key, d);
            return false;
        }
        if (d.total >= 0 && d.ranges.size() == 1 && d.ranges.get(0)[0] == 0 && d.ranges.get(0)[1] == d.total) {
            build(key, d);
            drop(key, d);
            reassembled.inc();
            return true;
        }
        return false;
    }

    /** Copies the bytes of [start, end) that no earlier fragment supplied; merges the ranges. */
    private boolean copyNew(Pending d, byte[] src, int srcOff, int start, int end, long frame) {
        if (end <= start) {
            return true;
        }
        if (d.data.length < end) {
            int size = Math.min(MAX_DATAGRAM, Math.max(end, d.data.length * 2));
            byte[] bigger = new byte[size];
            System.arraycopy(d.data, 0, bigger, 0, d.data.length);
            long grown = size - d.data.length;
            if (bytesHeld + grown > limits.maxBytes()) {
                bytesFull.hit(frame);
                return false;
            }
            bytesHeld += grown;
            d.held += (int) grown;
            d.data = bigger;
        }
        int pos = start;
        boolean overlapped = false;
        for (int[] r : d.ranges) {
            if (r[1] <= pos) {
                continue;
            }
            if (r[0] >= end) {
                break;
            }
            if (r[0] > pos) {
                System.arraycopy(src, srcOff + (pos - start), d.data, pos, r[0] - pos);
            }
            overlapped = true;
            pos = Math.max(pos, r[1]);
            if (pos >= end) {
                break;
            }
        }
        if (pos < end) {
            System.arraycopy(src, srcOff + (pos - start), d.data, pos, end - pos);
        }
        if (overlapped) {
            overlap.hit(frame);
        }
        insertRange(d.ranges, start, end);
        return true;
    }

    private static void insertRange(List<int[]> ranges, int start, int end) {
        int i = 0;
        while (i < ranges.size() && ranges.get(i)[1] < start) {
            i++;
        }
        int s = start;
        int e = end;
        while (i < ranges.size() && ranges.get(i)[0] <= e) {
            int[] r = ranges.remove(i);
            s = Math.min(s, r[0]);
            e = Math.max(e, r[1]);
        }
        ranges.add(i, new int[] {s, e});
    }

    private void build(Key k, Pending d) {
        int hdr = k.version() == 4 ? 20 : 40;
        byte[] o = out;
        java.util.Arrays.fill(o, 0, hdr, (byte) 0);
        if (k.version() == 4) {
            o[0] = 0x45;
            put16(o, 2, hdr + d.total);
            o[8] = 64;
            o[9] = (byte) k.protocol();
            put32(o, 12, (int) k.srcLo());
            put32(o, 16, (int) k.dstLo());
        } else {
            o[0] = 0x60;
            put16(o, 4, d.total);
            o[6] = (byte) k.protocol();
            o[7] = 64;
            put64(o, 8, k.srcHi());
            put64(o, 16, k.srcLo());
            put64(o, 24, k.dstHi());
            put64(o, 32, k.dstLo());
        }
        System.arraycopy(d.data, 0, o, hdr, d.total);
        outLength = hdr + d.total;
    }

    /** The datagram completed by the last {@link #add} that returned true. */
    public byte[] datagram() {
        return out;
    }

    public int datagramLength() {
        return outLength;
    }

    public int pendingDatagrams() {
        return pending.size();
    }

    public long bytesHeld() {
        return bytesHeld;
    }

    private void drop(Key k, Pending d) {
        pending.remove(k);
        bytesHeld -= d.held;
    }

    private void evictOldest() {
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        if (it.hasNext()) {
            Pending d = it.next().getValue();
            bytesHeld -= d.held;
            it.remove();
        }
    }

    @Override
    public void advance(long nowNanos) {
        // Insertion order is first-seen order, so the scan stops at the first young datagram.
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Pending d = it.next().getValue();
            if (nowNanos - d.firstSeen < limits.timeoutNanos()) {
                break;
            }
            bytesHeld -= d.held;
            it.remove();
            expired.inc();
        }
    }

    @Override
    public void finish(long nowNanos) {
        expired.add(pending.size());
        pending.clear();
        bytesHeld = 0;
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) (v >>> 32));
        put32(b, off + 4, (int) v);
    }
}
