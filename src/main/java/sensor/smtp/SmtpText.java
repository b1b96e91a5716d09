package sensor.smtp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * SMTP line text as UTF-8 (RFC 6531's SMTPUTF8; plain ASCII is the same), with every byte that is
 * not part of a valid sequence written as {@code \xNN}, as Zeek escapes it: nothing is guessed, and
 * nothing is lost.
 */
final class SmtpText {
    private SmtpText() {}

    /** The ASCII text of {@code b[from, to)} as {@link String#trim()} has it; "" when none. */
    static String trimmed(byte[] b, int from, int to) {
        while (from < to && (b[from] & 0xff) <= ' ') {
            from++;
        }
        while (to > from && (b[to - 1] & 0xff) <= ' ') {
            to--;
        }
        return from == to ? "" : new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    /** Whether {@code len} bytes from {@code off} are all ASCII. */
    static boolean ascii(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    static String decode(byte[] b, int off, int len) {
        if (ascii(b, off, len)) {
            return new String(b, off, len, StandardCharsets.US_ASCII); // nearly every line
        }
        // A decoder only for the rare line that is not ASCII: a flood of connections makes none.
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(4 * len);
        while (true) {
            CoderResult r = utf8.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put(String.format("\\x%02x", in.get() & 0xff));
                }
            } else {
                throw new IllegalStateException("the output buffer holds four characters a byte");
            }
        }
        utf8.flush(out);
        out.flip();
        return out.toString();
    }
}
