package sensor.dns;

/**
 * One String per recent name or address text: a name asked for again, and its answers, come
 * back as the same object. The tables downstream (pairs, rename histories, passive DNS) then
 * find it by its cached hash and an identity check instead of comparing bytes, and the parser
 * allocates nothing for a text it saw recently. Direct-mapped and fixed in size: a collision
 * replaces the older text, which costs only a new String.
 */
final class TextInterner {
    // A slot's String is checked by its own cached hash: an array of hashes beside the slots was
    // one more cache miss on every hit.
    private final String[] table;
    private final int mask;

    /** {@code slots}: a power of two. */
    TextInterner(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        table = new String[slots];
        mask = slots - 1;
    }

    /** The text of {@code name}. */
    String of(NameBuilder name) {
        int hash = name.hash();
        int slot = spread(hash);
        String s = table[slot];
        if (s != null && s.hashCode() == hash && name.contentEquals(s)) {
            return s;
        }
        s = name.toString();
        s.hashCode(); // cached in the String now, while its bytes are at hand
        table[slot] = s;
        return s;
    }

    /** The text of {@code len} ASCII bytes. */
    String of(byte[] b, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + (b[i] & 0xff);
        }
        int slot = spread(h);
        String s = table[slot];
        if (s != null && s.hashCode() == h && s.length() == len && sameBytes(s, b, len)) {
            return s;
        }
        s = new String(b, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        s.hashCode();
        table[slot] = s;
        return s;
    }

    private static boolean sameBytes(String s, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (b[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private int spread(int h) {
        return (h ^ (h >>> 16)) & mask;
    }
}
