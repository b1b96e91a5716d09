package sensor.decode;

/**
 * An IPv4 or IPv6 address as two longs, so that keys and records need no byte arrays.
 * IPv4 is stored IPv4-mapped (::ffff:a.b.c.d) and printed dotted.
 */
public record IpAddress(long hi, long lo) implements Comparable<IpAddress> {

    private static final long V4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    public static IpAddress ofV4(int address) {
        return new IpAddress(0, V4_MAPPED_PREFIX | (address & 0xffff_ffffL));
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_PREFIX;
    }

    public static long v4Lo(int address) {
        return V4_MAPPED_PREFIX | (address & 0xffff_ffffL);
    }

    public boolean isV4() {
        return isV4(hi, lo);
    }

    /** Parses dotted IPv4 or any textual IPv6 form; no DNS lookup is ever made. */
    public static IpAddress parse(String text) {
        byte[] b = IpText.parse(text);
        if (b == null) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        return ofBytes(b);
    }

    /** A plain dotted quad without the general parser's allocations, or null when not one. */
    public static IpAddress ofDottedQuad(String text) {
        long v = IpText.v4(text);
        return v < 0 ? null : ofV4((int) v);
    }

    public static IpAddress ofBytes(byte[] b) {
        if (b.length == 4) {
            return ofV4(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
        }
        if (b.length != 16) {
            throw new IllegalArgumentException("address of " + b.length + " bytes");
        }
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (b[i] & 0xff);
            l = (l << 8) | (b[i + 8] & 0xff);
        }
        return new IpAddress(h, l);
    }

    public byte[] toBytes() {
        if (isV4()) {
            int v = (int) lo;
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    // Written out: a record's generated equals/hashCode go through invokedynamic bootstraps that
    // the hot keys (flows, transactions, pairs) do not need.
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.hi == hi && a.lo == lo;
    }

    @Override
    public int hashCode() {
        return hash(hi, lo);
    }

    /**
     * The hash of the address {@code hi, lo}, without making one. The high half of a product:
     * its low bits depend on every bit of the address, which direct-mapped caches index by (the
     * low bits of {@code lo} alone are the last octets, the same for a whole numbering plan).
     */
    static int hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L + lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h >>> 32);
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /**
     * Writes {@link #toString()}'s text as ASCII into {@code dst} at {@code off}, which has room
     * for {@link #MAX_TEXT} bytes, and returns its length.
     */
    public int writeText(byte[] dst, int off) {
        return IpText.write(hi, lo, dst, off);
    }

    /** The longest text of an address (a full IPv6 one), in bytes. */
    public static final int MAX_TEXT = IpText.MAX_LENGTH;

    /** Dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
    @Override
    public String toString() {
        return IpText.format(hi, lo);
    }
}
