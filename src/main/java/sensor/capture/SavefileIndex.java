package sensor.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame numbers as tshark counts them, even when the BPF prefilter hides frames from us:
 * libpcap does not say how many records its filter skipped, so this walks the savefile's record
 * headers alongside (headers and the first {@link #HEAD} bytes of each frame, the rest skipped)
 * and finds each delivered frame by its time stamp, original length and first bytes. Costs a
 * sequential read of the headers, no native call.
 */
final class SavefileIndex implements AutoCloseable {
    private static final int PCAPNG_SHB = 0x0a0d0d0a;
    /** What {@link Headers} reads at a time. */
    static final int READ_BUFFER = 256 << 10;

    private final Headers in;
    private final boolean pcapng;
    private boolean bigEndian;
    private boolean nanos;
    private final List<long[]> interfaces = new ArrayList<>(); // {units per second}
    /** How many of a frame's first bytes are kept to tell it from another of its length and time. */
    static final int HEAD = 64;
    /**
     * How far past a record of the right length and time, whose first bytes differ, a record that
     * matches in full is looked for before the first is taken (libpcap rewrites the first bytes of
     * a few link types read from a file of the other byte order).
     */
    private static final int LOOKAHEAD = 64;
    /** Time stamps may differ by libpcap's rounding to the precision it delivers. */
    private static final long SAME_TIME_NANOS = 1000;

    /** A frame record's number in the file, time, original length and first bytes. */
    private static final class Record {
        long number;
        long ts;
        long len;
        final byte[] head = new byte[HEAD];
        int headLen;

        boolean sameStart(byte[] data, int caplen) {
            int n = Math.min(headLen, caplen);
            return java.util.Arrays.equals(head, 0, n, data, 0, n);
        }
    }

    private long number;
    private boolean broken;
    /** Records read from the file but not yet passed: the next ones, in file order. */
    private final java.util.ArrayDeque<Record> ahead = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Record> spare = new java.util.ArrayDeque<>();
    private final List<Record> passed = new ArrayList<>();
    /** The record being read from the file. */
    private Record reading;

    SavefileIndex(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            in = new Headers(ch, file);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        int magic = in.readInt();
        if (magic == PCAPNG_SHB) {
            pcapng = true;
            readShbRest();
        } else {
            pcapng = false;
            bigEndian = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
            int m = bigEndian ? magic : Integer.reverseBytes(magic);
            nanos = m == 0xa1b23c4d;
            skip(20);
        }
    }

    /**
     * The 1-based number in the file of the next delivered frame, or -1 when the headers could
     * not be followed (the caller then counts delivered frames). Frames that share a length and
     * a time stamp (an NTP packet and a DNS query in the same microsecond) are told apart by
     * their first bytes.
     */
    long numberOf(long tsNanos, int wireLength, byte[] data, int caplen) {
        if (broken) {
            return -1;
        }
        try {
            Record candidate = null;
            passed.clear();
            while (true) {
                Record r = next();
                if (r == null) {
                    if (candidate != null) {
                        return take(candidate);
                    }
                    broken = true;
                    return -1;
                }
                boolean close = r.len == wireLength
                        && (r.ts == Long.MIN_VALUE || Math.abs(r.ts - tsNanos) <= SAME_TIME_NANOS);
                if (close && r.sameStart(data, caplen)) {
                    // The records before it in the file, the candidate's too, were the filter's:
                    // none is read again.
                    if (candidate != null) {
                        spare.add(candidate);
                        spare.addAll(passed);
                        passed.clear();
                    }
                    return take(r);
                }
                if (candidate == null) {
                    if (close) {
                        candidate = r;
                    } else {
                        spare.add(r); // a record the filter hid
                    }
                } else {
                    passed.add(r);
                    if (passed.size() >= LOOKAHEAD || (r.ts != Long.MIN_VALUE && r.ts > tsNanos + SAME_TIME_NANOS)) {
                        return take(candidate);
                    }
                }
            }
        } catch (IOException e) {
            broken = true;
            return -1;
        }
    }

    /** {@code r}'s number; the records looked at past it go back to be read next. */
    private long take(Record r) {
        for (int i = passed.size() - 1; i >= 0; i--) {
            ahead.addFirst(passed.get(i));
        }
        passed.clear();
        spare.add(r);
        return r.number;
    }

    /** The next record in file order, or null at the end of the file. */
    private Record next() throws IOException {
        Record r = ahead.pollFirst();
        if (r != null) {
            return r;
        }
        reading = spare.isEmpty() ? new Record() : spare.poll();
        return readRecord() ? reading : null;
    }

    /**
     * How many frame records the file holds, walking the headers left after the last delivered
     * frame; -1 when they could not be followed.
     */
    long recordsToEnd() {
        if (broken) {
            return -1;
        }
        try {
            ahead.clear();
            while (next() != null) {
                spare.add(reading);
            }
            return number;
        } catch (IOException e) {
            broken = true;
            return -1;
        }
    }

    /** Reads the next frame record's header; false at the end of the file. */
    private boolean readRecord() throws IOException {
        try {
            return pcapng ? readBlock() : readPcapRecord();
        } catch (EOFException e) {
            return false;
        }
    }

    private boolean readPcapRecord() throws IOException {
        long sec = u32();
        long frac = u32();
        long caplen = u32();
        long len = u32();
        Record r = reading;
        r.ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
        r.len = len;
        readHead(r, caplen);
        skip(caplen - r.headLen);
        r.number = ++number;
        return true;
    }

    private boolean readBlock() throws IOException {
        while (true) {
            int type = (int) u32();
            long total = u32();
            if (type == PCAPNG_SHB) {
                // A new section may change the byte order; its length was read in the old one.
                int raw = bigEndian ? (int) total : Integer.reverseBytes((int) total);
                readShbRest(raw);
                continue;
            }
            if (total < 12) {
                throw new IOException("bad block length");
            }
            long body = total - 12;
            switch (type) {
                case 1 -> readIdb(body);
                case 6, 2 -> {
                    int iface = type == 6 ? (int) u32() : u16();
                    if (type == 2) {
                        u16();
                    }
                    long hi = u32();
                    long lo = u32();
                    long caplen = u32();
                    long len = u32();
                    long units = iface < interfaces.size() ? interfaces.get(iface)[0] : 1_000_000L;
                    long t = (hi << 32) | lo;
                    Record r = reading;
                    r.ts = units == 1_000_000_000L ? t : (t / units) * 1_000_000_000L + (t % units) * 1_000_000_000L / units;
                    r.len = len;
                    readHead(r, Math.min(caplen, body - 20));
                    skip(body - 20 - r.headLen);
                    u32();
                    r.number = ++number;
                    return true;
                }
                case 3 -> {
                    long len = u32();
                    Record r = reading;
                    r.ts = Long.MIN_VALUE; // simple packet blocks carry no time stamp
                    r.len = len;
                    readHead(r, Math.min(len, body - 4));
                    skip(body - 4 - r.headLen);
                    u32();
                    r.number = ++number;
                    return true;
                }
                default -> {
                    skip(body);
                    u32();
                }
            }
        }
    }

    private void readShbRest() throws IOException {
        byte[] lenBytes = new byte[4];
        in.readFully(lenBytes);
        int bom = in.readInt();
        bigEndian = bom == 0x1a2b3c4d;
        long total = bigEndian ? be(lenBytes) : le(lenBytes);
        skip(total - 12);
        interfaces.clear();
    }

    private void readShbRest(int rawTotal) throws IOException {
        int bom = in.readInt();
        bigEndian = bom == 0x1a2b3c4d;
        long total = (bigEndian ? rawTotal : Integer.reverseBytes(rawTotal)) & 0xffffffffL;
        skip(total - 12);
        interfaces.clear();
    }

    private void readIdb(long body) throws IOException {
        u16();
        u16();
        u32();
        long left = body - 8;
        long units = 1_000_000L;
        while (left >= 4) {
            int code = u16();
            int olen = u16();
            left -= 4;
            int padded = (olen + 3) & ~3;
            if (code == 9 && olen >= 1) {
                int v = in.readUnsignedByte();
                skip(padded - 1);
                units = (v & 0x80) == 0 ? pow(10, v) : 1L << Math.min(62, v & 0x7f);
            } else {
                skip(padded);
            }
            left -= padded;
            if (code == 0) {
                break;
            }
        }
        skip(Math.max(0, left));
        u32();
        interfaces.add(new long[] {units});
    }

    private static long pow(long b, int e) {
        long r = 1;
        for (int i = 0; i < e && r < Long.MAX_VALUE / b; i++) {
            r *= b;
        }
        return r;
    }

    private long u32() throws IOException {
        int v = in.readInt();
        return (bigEndian ? v : Integer.reverseBytes(v)) & 0xffffffffL;
    }

    private int u16() throws IOException {
        int v = in.readUnsignedShort();
        return bigEndian ? v : ((v & 0xff) << 8) | (v >>> 8);
    }

    private static long be(byte[] b) {
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private static long le(byte[] b) {
        return ((b[3] & 0xffL) << 24) | ((b[2] & 0xff) << 16) | ((b[1] & 0xff) << 8) | (b[0] & 0xff);
    }

    private void skip(long n) throws IOException {
        in.skip(n);
    }

    /** The first bytes of a frame of {@code captured} bytes (a corrupt length reads none). */
    private void readHead(Record r, long captured) throws IOException {
        int n = (int) Math.max(0, Math.min(captured, HEAD));
        in.readFully(r.head, n);
        r.headLen = n;
    }

    /**
     * Big-endian reads over the file, read through a buffer of 256 KiB: a kernel copy streams and
     * the walk then reads cached memory, where through a memory map each header is a load that
     * must come back before the next header's place is known. A payload longer than the buffer
     * is skipped without reading it.
     * Only a regular file: a named pipe's bytes are libpcap's to read (this then fails and frames
     * are counted as delivered).
     */
    private static final class Headers implements AutoCloseable {

        private final FileChannel ch;
        private final long size;
        // Direct, so the kernel reads into it without a copy through a temporary buffer.
        private final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(READ_BUFFER);
        private long base; // file offset of the buffer's first byte

        Headers(FileChannel ch, Path file) throws IOException {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new IOException("not a regular file: " + file);
            }
            this.ch = ch;
            this.size = ch.size();
            buf.limit(0);
        }

        private void need(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            long at = base + buf.position();
            if (at + n > size) {
                throw new EOFException();
            }
            buf.clear();
            base = at;
            while (buf.hasRemaining()) {
                int got = ch.read(buf, base + buf.position());
                if (got < 0) {
                    break;
                }
            }
            buf.flip();
            if (buf.remaining() < n) {
                throw new EOFException(); // the file shrank since it was opened
            }
        }

        int readInt() throws IOException {
            need(4);
            return buf.getInt(); // a ByteBuffer is big-endian unless told otherwise
        }

        int readUnsignedShort() throws IOException {
            need(2);
            return buf.getShort() & 0xffff;
        }

        int readUnsignedByte() throws IOException {
            need(1);
            return buf.get() & 0xff;
        }

        void readFully(byte[] out) throws IOException {
            readFully(out, out.length);
        }

        void readFully(byte[] out, int n) throws IOException {
            need(n);
            buf.get(out, 0, n);
        }

        void skip(long n) throws IOException {
            if (n <= 0) {
                return; // a corrupt length: the next header read finds out
            }
            if (n <= buf.remaining()) {
                buf.position(buf.position() + (int) n);
                return;
            }
            long target = base + buf.position() + n;
            if (target > size) {
                throw new EOFException();
            }
            base = target; // read from there at the next header
            buf.limit(0);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
