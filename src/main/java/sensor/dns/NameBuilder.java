package sensor.dns;

/**
 * A name's presentation text while {@link NameText} reads it, as bytes: the text is ASCII (the
 * escapes see to that), so there is no char coding to check and, the room being fixed, no
 * capacity to check per byte. A StringBuilder had cost a fifth of parsing a message.
 */
final class NameBuilder {
    // 255 bytes on the wire give at most 1020 of text: every byte escaped as \DDD.
    private final byte[] text = new byte[1024];
    private int length;
    /**
     * The text's String hash ({@link String#hashCode}: 31 times over the bytes, Latin-1), kept
     * as the bytes are appended, so the interner can check a slot's String by its cached hash
     * without a second pass over the text or an array of hashes beside its slots.
     */
    private int hash;
    /** Where {@link #contentEquals} copies the other text to compare it. */
    private final byte[] other = new byte[1024];

    void clear() {
        length = 0;
        hash = 0;
    }

    int length() {
        return length;
    }

    /** The text's bytes, the first {@link #length} of them. */
    byte[] bytes() {
        return text;
    }

    void append(char c) {
        text[length++] = (byte) c;
        hash = 31 * hash + (c & 0xff);
    }

    /** What {@code toString().hashCode()} would be. */
    int hash() {
        return hash;
    }

    /** Whether {@code s} is this text. */
    boolean contentEquals(String s) {
        return sameText(s, text, length, other);
    }

    /**
     * Whether {@code s} (Latin-1) is the first {@code len} of {@code b}: its chars are copied out
     * to {@code scratch} (at least {@code len} long) and compared in one vectorised call, where a
     * loop over charAt had been slower than String.contentEquals.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): a plain copy of Latin-1 text
    static boolean sameText(String s, byte[] b, int len, byte[] scratch) {
        if (s.length() != len) {
            return false;
        }
        s.getBytes(0, len, scratch, 0);
        return java.util.Arrays.equals(b, 0, len, scratch, 0, len);
    }

    @Override
    public String toString() {
        return new String(text, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
