package sensor.dns;

import it.unimi.dsi.fastutil.HashCommon;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A name's presentation text while {@link NameText} reads it, as bytes: the text is ASCII (the
 * escapes see to that), so there is no char coding to check and, the room being fixed, no
 * capacity to check per byte. A StringBuilder had cost a fifth of parsing a message.
 */
final class NameBuilder {
    // 255 bytes on the wire give at most 1020 of text: every byte escaped as \DDD.
    private final byte[] text = new byte[1024];
    private int length;
    /** Where {@link #contentEquals} copies the other text to compare it. */
    private final byte[] other = new byte[1024];

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** The text's bytes, the first {@link #length} of them. */
    byte[] bytes() {
        return text;
    }

    /**
     * Each byte's text in a name when it is one plain char (upper case folded), else 0: the
     * label's bytes then copy through one table lookup each, and only the rare byte that needs
     * an escape takes {@link NameText#appendByte}.
     */
    private static final byte[] PLAIN = new byte[256];

    static {
        NameBuilder one = new NameBuilder();
        for (int c = 0; c < 256; c++) {
            one.clear();
            NameText.appendByte(one, c);
            PLAIN[c] = one.length == 1 ? one.text[0] : 0;
        }
    }

    /** Appends the text of a label's bytes {@code b[from, to)}. */
    void appendLabel(byte[] b, int from, int to) {
        byte[] t = text;
        int n = length;
        for (int i = from; i < to; i++) {
            byte c = PLAIN[b[i] & 0xff];
            if (c == 0) {
                length = n;
                NameText.appendByte(this, b[i] & 0xff);
                n = length;
            } else {
                t[n++] = c;
            }
        }
        length = n;
    }

    void append(char c) {
        text[length++] = (byte) c;
    }

    /** {@link #key(byte[], int)} of the text. */
    long key() {
        return key(text, length);
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * A 64-bit hash of the first {@code len} bytes of {@code b}, eight bytes a step: the interner
     * picks a text's slot by it, and the matcher keys a transaction by its question with it, so
     * that neither computes the String's own hash nor reads the name's String (a cache miss when
     * the interner found it in its line).
     */
    static long key(byte[] b, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h = step(h, (long) LONG.get(b, i));
        }
        if (i < len) {
            long tail;
            if (len >= 8) {
                tail = (long) LONG.get(b, len - 8); // the last eight bytes, overlapping the words before
            } else {
                tail = 0;
                for (; i < len; i++) {
                    tail = tail << 8 | (b[i] & 0xff);
                }
            }
            h = step(h, tail);
        }
        return HashCommon.murmurHash3(h);
    }

    /** One word into the hash: a multiply and a fold, the full mix left to the end. */
    private static long step(long h, long word) {
        h = (h ^ word) * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 29);
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
