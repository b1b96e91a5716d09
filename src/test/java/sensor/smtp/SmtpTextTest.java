package sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SMTP text is UTF-8; a byte that is not part of a valid sequence is written as \xNN. */
class SmtpTextTest {

    private static String decode(byte[] b) {
        return SmtpText.decode(b, 0, b.length);
    }

    @Test
    void utf8IsDecodedAndInvalidBytesAreEscaped() {
        assertEquals("EHLO mail.example.com", decode("EHLO mail.example.com".getBytes(StandardCharsets.US_ASCII)));
        // SMTPUTF8 (RFC 6531): "é" is C3 A9 and must not become "Ã©" (Latin-1).
        assertEquals("MAIL FROM:<josé@example.com>", decode("MAIL FROM:<josé@example.com>".getBytes(StandardCharsets.UTF_8)));
        // Latin-1 "é" (E9) alone is no UTF-8: escaped, the rest kept.
        assertEquals("caf\\xe9 ok", decode(new byte[] {'c', 'a', 'f', (byte) 0xe9, ' ', 'o', 'k'}));
        // A truncated three-byte sequence at the end, and a lone continuation byte.
        assertEquals("a\\xe2\\x82", decode(new byte[] {'a', (byte) 0xe2, (byte) 0x82}));
        assertEquals("\\x80x", decode(new byte[] {(byte) 0x80, 'x'}));
        // An offset into a larger buffer.
        byte[] buf = "xx220 h\u00e9llo".getBytes(StandardCharsets.UTF_8);
        assertEquals("220 héllo", SmtpText.decode(buf, 2, buf.length - 2));
    }

    /**
     * A command line read from its bytes (the dialogue's path for ASCII lines) gives the verb and
     * argument the String path gives: {@code toUpperCase(Locale.ROOT)} of the text before the
     * first space, {@code trim()} of the rest.
     */
    @Test
    void aCommandReadFromItsBytesReadsAsItsText() {
        SplittableRandom rnd = new SplittableRandom(5321);
        String[] verbs = {"ehlo", "EHLO", "HeLo", "mail", "RCPT", "data", "bdat", "Quit", "STARTTLS", "xforward",
            "MAILX", "RCP", "", "X-LINK2STATE"};
        String alphabet = " \t\u0000\u001f:<>@.-aZz09";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder(verbs[rnd.nextInt(verbs.length)]);
            int n = rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                sb.append(rnd.nextInt(3) == 0 ? ' ' : alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            byte[] b = ("..." + text + "..").getBytes(StandardCharsets.US_ASCII);
            int off = 3;
            int len = text.length();
            int sp = text.indexOf(' ');
            int verbEnd = sp < 0 ? len : sp;
            String wantVerb = text.substring(0, verbEnd).toUpperCase(Locale.ROOT);
            String wantArg = sp < 0 ? "" : text.substring(sp + 1).trim();
            assertEquals(wantVerb, SmtpVerbs.verb(b, off, verbEnd), text);
            if (sp >= 0) {
                assertEquals(wantArg, SmtpText.trimmed(b, off + sp + 1, off + len), text);
            }
        }
    }
}
