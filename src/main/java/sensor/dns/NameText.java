package sensor.dns;

/**
 * Presentation form of wire-format names, as the records print them: lower case, no trailing dot,
 * "." for the root, and dnsjava's escapes for bytes that are not plain text ({@code \DDD},
 * {@code \.}), so a name reads the same whichever path decoded it.
 */
final class NameText {
    /** RFC 1035 4.1.4: more pointers than this is a loop. */
    static final int MAX_POINTERS = 64;

    private NameText() {}

    /**
     * Reads the name at {@code off} (following compression pointers) into {@code out};
     * returns the offset just past the name where it stands, or a negative error code.
     */
    static int read(byte[] b, int start, int off, int end, NameBuilder out) {
        int pos = off;
        int after = -1;
        int pointers = 0;
        int total = 0;
        while (true) {
            if (pos >= end) {
                return ERR_TRUNCATED;
            }
            int len = b[pos] & 0xff;
            if (len == 0) {
                if (after < 0) {
                    after = pos + 1;
                }
                break;
            }
            int kind = len & 0xc0;
            if (kind == 0xc0) {
                if (pos + 1 >= end) {
                    return ERR_TRUNCATED;
                }
                if (++pointers > MAX_POINTERS) {
                    return ERR_LOOP;
                }
                if (after < 0) {
                    after = pos + 2;
                }
                int target = start + (((len & 0x3f) << 8) | (b[pos + 1] & 0xff));
                if (target >= end) {
                    return ERR_TRUNCATED;
                }
                pos = target;
                continue;
            }
            if (kind != 0) {
                return ERR_BAD_LABEL;
            }
            if (pos + 1 + len > end) {
                return ERR_TRUNCATED;
            }
            total += len + 1;
            if (total > 255) {
                return ERR_TOO_LONG;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.appendLabel(b, pos + 1, pos + 1 + len);
            pos += 1 + len;
        }
        if (out.length() == 0) {
            out.append('.');
        }
        return after;
    }

    static final int ERR_TRUNCATED = -1;
    static final int ERR_LOOP = -2;
    static final int ERR_BAD_LABEL = -3;
    static final int ERR_TOO_LONG = -4;

    static Malformation reason(int err) {
        return switch (err) {
            case ERR_LOOP -> Malformation.COMPRESSION_LOOP;
            case ERR_BAD_LABEL -> Malformation.BAD_LABEL;
            case ERR_TOO_LONG -> Malformation.NAME_TOO_LONG;
            default -> Malformation.TRUNCATED_MESSAGE;
        };
    }

    static void appendByte(NameBuilder out, int c) {
        if (c <= 0x20 || c >= 0x7f) {
            out.append('\\');
            out.append((char) ('0' + c / 100));
            out.append((char) ('0' + c / 10 % 10));
            out.append((char) ('0' + c % 10));
        } else if (c == '"' || c == '(' || c == ')' || c == '.' || c == ';' || c == '\\' || c == '@' || c == '$') {
            out.append('\\');
            out.append((char) c);
        } else if (c >= 'A' && c <= 'Z') {
            out.append((char) (c + 32));
        } else {
            out.append((char) c);
        }
    }

    /** dnsjava's Name.toString (with omitFinalDot) to our form. */
    static String fromDnsjava(String s) {
        if (s.isEmpty() || s.equals(".")) {
            return ".";
        }
        String t = s.endsWith(".") && !s.endsWith("\\.") ? s.substring(0, s.length() - 1) : s;
        StringBuilder sb = null;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (sb == null) {
                    sb = new StringBuilder(t);
                }
                sb.setCharAt(i, (char) (c + 32));
            }
        }
        return sb == null ? t : sb.toString();
    }
}
