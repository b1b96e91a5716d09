package sensor.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * One direction of a TCP connection: delivers payload bytes in sequence order exactly once.
 * Retransmitted and overlapping bytes are trimmed (the first copy wins); segments ahead of the
 * next expected byte wait in a bounded buffer; a hole that cannot be filled is skipped and
 * reported as missed bytes (Zeek's content gap). Sequence numbers wrap at 2^32.
 */
final class TcpReassembler {
    /** Where in-order bytes and gaps of this direction go. */
    interface Sink {
        void data(byte[] buf, int off, int len, long tsNanos);

        void gap(long missedBytes, long tsNanos);
    }

    private record Segment(long seq, byte[] data) {}

    private final Sink sink;
    private final int maxBuffered;
    /** Made without an array: most connections never have a segment ahead. */
    private final List<Segment> ahead = new ArrayList<>();
    private boolean started;
    private boolean finSeen;
    private long finSeq;
    private long nextSeq;
    private int buffered;
    long delivered;
    long missed;
    long overlapBytes;

    TcpReassembler(Sink sink, int maxBuffered) {
        this.sink = sink;
        this.maxBuffered = maxBuffered;
    }

    /** The SYN fixes the first data byte at ISN + 1. */
    void syn(long seq) {
        if (!started) {
            started = true;
            nextSeq = (seq + 1) & 0xffffffffL;
        }
    }

    boolean started() {
        return started;
    }

    int buffered() {
        return buffered;
    }

    /** The sequence number the next byte of this direction will carry (after the FIN: FIN + 1). */
    long nextSeq() {
        return finSeen && finSeq == nextSeq ? (nextSeq + 1) & 0xffffffffL : nextSeq;
    }

    /**
     * A segment's payload. Returns the change in buffered bytes (for the tracker's global
     * bound).
     */
    int segment(long seq, byte[] buf, int off, int len, long ts) {
        if (len <= 0) {
            return 0;
        }
        if (!started) {
            // Mid-stream start: the first payload seen defines the stream's beginning.
            started = true;
            nextSeq = seq;
        }
        int before = buffered;
        int d = (int) (seq - nextSeq);
        if (d <= 0) {
            // As a long: a segment exactly 2^31 behind gives d = MIN_VALUE, whose int negation
            // is still negative.
            long skip = -(long) d;
            if (skip >= len) {
                overlapBytes += len;
                return 0;
            }
            overlapBytes += skip;
            deliver(buf, off + (int) skip, len - (int) skip, ts);
            drain(ts);
        } else {
            insert(seq, buf, off, len);
            if (buffered > maxBuffered) {
                skipToFirstBuffered(ts);
            }
        }
        return buffered - before;
    }

    private void deliver(byte[] buf, int off, int len, long ts) {
        nextSeq = (nextSeq + len) & 0xffffffffL;
        delivered += len;
        sink.data(buf, off, len, ts);
    }

    private void insert(long seq, byte[] buf, int off, int len) {
        int d = (int) (seq - nextSeq);
        int i = 0;
        while (i < ahead.size() && (int) (ahead.get(i).seq() - nextSeq) <= d) {
            i++;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        ahead.add(i, new Segment(seq, copy));
        buffered += len;
    }

    /** Delivers buffered segments that have become contiguous. */
    private void drain(long ts) {
        while (!ahead.isEmpty()) {
            Segment s = ahead.get(0);
            int d = (int) (s.seq() - nextSeq);
            if (d > 0) {
                return;
            }
            ahead.remove(0);
            buffered -= s.data().length;
            long skip = -(long) d; // as in segment(): d may be MIN_VALUE
            if (skip < s.data().length) {
                overlapBytes += skip;
                deliver(s.data(), (int) skip, s.data().length - (int) skip, ts);
            } else {
                overlapBytes += s.data().length;
            }
        }
    }

    /** Gives up on the hole before the first buffered segment: reports it, moves past it. */
    private void skipToFirstBuffered(long ts) {
        if (ahead.isEmpty()) {
            return;
        }
        long hole = (ahead.get(0).seq() - nextSeq) & 0xffffffffL;
        missed += hole;
        sink.gap(hole, ts);
        nextSeq = ahead.get(0).seq();
        drain(ts);
    }

    /** The sequence number the FIN occupies: every byte before it was sent. */
    void fin(long seq) {
        finSeq = seq & 0xffffffffL;
        finSeen = true;
    }

    /**
     * The connection is over: whatever is still buffered is delivered across its holes, and
     * bytes missing before the FIN are reported as a last gap.
     */
    int flush(long ts) {
        int before = buffered;
        while (!ahead.isEmpty()) {
            skipToFirstBuffered(ts);
        }
        if (finSeen && started) {
            int d = (int) (finSeq - nextSeq);
            if (d > 0) {
                missed += d;
                sink.gap(d, ts);
                nextSeq = finSeq;
            }
        }
        return buffered - before;
    }
}
