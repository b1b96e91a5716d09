package sensor.smtp;

/**
 * Cuts one direction of an SMTP stream into lines (CRLF, or a bare LF). Memory is bounded: a
 * line longer than {@link #MAX_LINE} is handed over cut, flagged, and the rest of it discarded
 * up to the next newline. After a gap the partial line is lost; the server's side also discards
 * up to the next newline, while the client's next line is handed over for the dialogue to judge.
 */
final class LineSplitter {
    /** RFC 5321 allows 1000 octets a line; 4 KiB leaves room for the non-conforming. */
    static final int MAX_LINE = 4096;

    /** Receives whole lines (without the line end): {@code len} bytes of {@code buf} from {@code off}. */
    interface LineSink {
        void line(byte[] buf, int off, int len, boolean cut, long ts);
    }

    /** The first line's buffer; it doubles up to {@link #MAX_LINE} as longer lines arrive. */
    private static final int FIRST_BUFFER = 256;

    /** Allocated with the first byte: a connection that sends nothing holds nothing. */
    private byte[] buf = new byte[0];
    private final LineSink sink;
    private int have;
    private boolean discarding;
    private long rawToSkip;

    LineSplitter(LineSink sink) {
        this.sink = sink;
    }

    /** Skips the next {@code n} bytes without looking at them (BDAT chunks, RFC 3030). */
    void skipRaw(long n) {
        rawToSkip += n;
    }

    void data(byte[] b, int off, int len, long ts) {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (rawToSkip > 0) {
                int n = (int) Math.min(rawToSkip, end - pos);
                rawToSkip -= n;
                pos += n;
                continue;
            }
            if (have == 0 && !discarding) {
                // A whole line inside the segment (nearly every line) goes to the sink where it
                // lies: no copy into the buffer, and a connection of such lines allocates none.
                int nl = newline(b, pos, Math.min(end, pos + MAX_LINE + 1));
                if (nl >= 0) {
                    int n = nl > pos && b[nl - 1] == '\r' ? nl - 1 - pos : nl - pos;
                    sink.line(b, pos, n, false, ts);
                    pos = nl + 1;
                    continue;
                }
            }
            byte c = b[pos++];
            if (c == '\n') {
                if (!discarding) {
                    int n = have > 0 && buf[have - 1] == '\r' ? have - 1 : have;
                    sink.line(buf, 0, n, false, ts);
                }
                have = 0;
                discarding = false;
                continue;
            }
            if (discarding) {
                continue;
            }
            if (have == MAX_LINE) {
                sink.line(buf, 0, have, true, ts);
                have = 0;
                discarding = true;
                continue;
            }
            if (have == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, Math.max(FIRST_BUFFER, 2 * have)));
            }
            buf[have++] = c;
        }
    }

    /** Where the first newline in {@code b[from, to)} is, or -1. */
    private static int newline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * A hole in the stream: the partial line is lost; with {@code discardPartial} parsing resumes
     * after the next newline, else at the next byte (for a reader that judges every line anyway).
     */
    void gap(boolean discardPartial) {
        have = 0;
        discarding = discardPartial;
        rawToSkip = 0;
    }

    /** Bytes of buffer held. */
    int capacity() {
        return buf.length;
    }

    /** Bytes of an unfinished line (the stream ended without a newline). */
    int pending() {
        return have;
    }
}
