package sensor.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The SMTP command vocabulary (RFC 5321 and the extensions in use) and the shape of each
 * command's argument: what {@code commands} may hold, which line may resynchronise a dialogue
 * after a gap, and the fixed set of {@code reject_stage} names.
 */
final class SmtpVerbs {
    /** What {@code commands} holds for a line whose verb is not in the vocabulary: never its text. */
    static final String UNRECOGNISED = "UNKNOWN";

    private static final Set<String> KNOWN = Set.of("EHLO", "HELO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET",
            "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "STARTTLS", "AUTH", "ETRN", "ATRN", "TURN", "BURL", "XCLIENT",
            "XFORWARD");

    private SmtpVerbs() {}

    private static final String[] KNOWN_ORDER = KNOWN.toArray(new String[0]);

    /**
     * The verb of {@code len} ASCII bytes, in upper case as {@code toUpperCase(Locale.ROOT)} has
     * it: the vocabulary's own String when it is a known verb, so a command line costs no String
     * for its verb.
     */
    static String verb(byte[] b, int off, int len) {
        for (String k : KNOWN_ORDER) {
            if (k.length() == len && sameIgnoringAsciiCase(k, b, off)) {
                return k;
            }
        }
        byte[] upper = new byte[len];
        for (int i = 0; i < len; i++) {
            byte c = b[off + i];
            upper[i] = c >= 'a' && c <= 'z' ? (byte) (c - 32) : c;
        }
        return new String(upper, StandardCharsets.US_ASCII);
    }

    private static boolean sameIgnoringAsciiCase(String upper, byte[] b, int off) {
        for (int i = 0; i < upper.length(); i++) {
            int c = b[off + i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a command's argument matters to the dialogue: the verbs whose argument
     * {@code SmtpDialogue.command} reads (the others are not kept, so not made).
     */
    static boolean keepsArgument(String verb) {
        return switch (verb) {
            case "EHLO", "HELO", "LHLO", "MAIL", "RCPT", "BDAT" -> true;
            default -> false;
        };
    }

    /** The verb as {@code commands} records it: a known verb, or {@link #UNRECOGNISED}. */
    static String recorded(String verb) {
        return KNOWN.contains(verb) ? verb : UNRECOGNISED;
    }

    /**
     * A line a client sends as this command, argument included: message text rarely has this
     * shape ("Data is here", "From: a@b" and "HELLO!" do not).
     */
    static boolean wellFormed(String verb, String arg) {
        return switch (verb) {
            case "EHLO", "HELO", "LHLO", "VRFY", "EXPN", "AUTH", "ETRN" -> !arg.isEmpty();
            case "MAIL" -> arg.regionMatches(true, 0, "FROM:", 0, 5);
            case "RCPT" -> arg.regionMatches(true, 0, "TO:", 0, 3);
            case "DATA", "RSET", "QUIT", "STARTTLS", "TURN" -> arg.isEmpty();
            case "BDAT" -> chunkSize(arg) >= 0;
            case "NOOP", "HELP", "ATRN", "BURL", "XCLIENT", "XFORWARD" -> true;
            default -> false;
        };
    }

    /** The size a {@code BDAT size [LAST]} argument names, or -1 when it names none. */
    static long chunkSize(String arg) {
        String[] p = arg.trim().split("\\s+");
        if (p.length > 2 || (p.length == 2 && !p[1].equalsIgnoreCase("LAST")) || p[0].isEmpty()
                || p[0].length() > 18) {
            return -1;
        }
        for (int i = 0; i < p[0].length(); i++) {
            if (p[0].charAt(i) < '0' || p[0].charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(p[0]);
    }

    /**
     * The stage a rejection of this command names: {@code helo}, {@code mail}, {@code rcpt},
     * {@code data}, {@code auth}, {@code starttls}, another known verb in lower case, or
     * {@code other} for a line outside the vocabulary.
     */
    static String stage(String verb) {
        return switch (verb) {
            case "EHLO", "HELO", "LHLO" -> "helo";
            case "DATA", "DATA-END", "BDAT" -> "data";
            default -> KNOWN.contains(verb) ? verb.toLowerCase(Locale.ROOT) : "other";
        };
    }
}
