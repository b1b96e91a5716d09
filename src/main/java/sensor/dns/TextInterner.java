package sensor.dns;

/**
 * One String per recent name or address text: a name asked for again, and its answers, come
 * back as the same object. The tables downstream (pairs, rename histories, passive DNS) then
 * find it by its cached hash and an identity check instead of comparing bytes, and the parser
 * allocates nothing for a text it saw recently. Direct-mapped and fixed in size: a collision
 * replaces the older text, which costs only a new String.
 */
final class TextInterner {
    /**
     * Each slot's text is also held as bytes in a line of its own, its length plus one first (0:
     * too long for a line), so a hit compares the bytes in that one line and never reads the
     * String, whose object and bytes lie elsewhere in the heap: a cache miss fewer per name.
     */
    private static final int LINE = 64;
    private final String[] table;
    /** Where {@link #sameBytes} copies a long text out to compare it. */
    private byte[] scratch = new byte[256];
    private final byte[] lines;
    private final int mask;

    /** {@code slots}: a power of two. */
    TextInterner(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        table = new String[slots];
        lines = new byte[slots * LINE];
        mask = slots - 1;
    }

    /** The text of {@code name}. */
    String of(NameBuilder name) {
        return of(name.bytes(), name.length(), name.key());
    }

    /** The text of {@code name}, whose {@link NameBuilder#key} the caller has already. */
    String of(NameBuilder name, long key) {
        return of(name.bytes(), name.length(), key);
    }

    /** The text of {@code len} ASCII bytes. */
    String of(byte[] b, int len) {
        return of(b, len, NameBuilder.key(b, len));
    }

    /** {@code key}: {@link NameBuilder#key} of the bytes, which picks the slot. */
    private String of(byte[] b, int len, long key) {
        int slot = Long.hashCode(key) & mask;
        String s = table[slot];
        if (s != null && (held(slot, b, len) || lines[slot * LINE] == 0 && sameBytes(s, b, len))) {
            return s;
        }
        s = new String(b, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        s.hashCode(); // cached in the String now, while its bytes are at hand
        keep(slot, s, b, len);
        return s;
    }

    private boolean held(int slot, byte[] b, int len) {
        int at = slot * LINE;
        return lines[at] == len + 1 && java.util.Arrays.equals(lines, at + 1, at + 1 + len, b, 0, len);
    }

    private void keep(int slot, String s, byte[] b, int len) {
        table[slot] = s;
        int at = slot * LINE;
        if (len < LINE - 1) {
            lines[at] = (byte) (len + 1);
            System.arraycopy(b, 0, lines, at + 1, len);
        } else {
            lines[at] = 0;
        }
    }

    /** Whether {@code s}, a text too long for its line, is these bytes. */
    private boolean sameBytes(String s, byte[] b, int len) {
        if (scratch.length < len) {
            scratch = new byte[len];
        }
        return NameBuilder.sameText(s, b, len, scratch);
    }
}
