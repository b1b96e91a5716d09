package sensor.decode;

/** Text forms of addresses, without ever touching the resolver (InetAddress would). */
final class IpText {
    private IpText() {}

    /** The longest text {@link #write} makes: a full IPv6 address. */
    static final int MAX_LENGTH = 39;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static String format(long hi, long lo) {
        byte[] b = new byte[MAX_LENGTH];
        return new String(b, 0, write(hi, lo, b, 0), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the text of {@code hi, lo} into {@code dst} at {@code off} (room for
     * {@link #MAX_LENGTH} bytes) and returns its length: a line copies an address in without a
     * String made for it.
     */
    static int write(long hi, long lo, byte[] dst, int off) {
        if (IpAddress.isV4(hi, lo)) {
            int v = (int) lo;
            int at = off;
            for (int shift = 24; shift >= 0; shift -= 8) {
                at = decimal((v >>> shift) & 0xff, dst, at);
                if (shift > 0) {
                    dst[at++] = '.';
                }
            }
            return at - off;
        }
        // RFC 5952 4.2: compress the longest run of two or more zero groups, the first if tied.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (group(hi, lo, i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(hi, lo, j) == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        int at = off;
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                dst[at++] = ':';
                dst[at++] = ':';
                i += bestLen - 1;
                continue;
            }
            if (at > off && dst[at - 1] != ':') {
                dst[at++] = ':';
            }
            at = hex(group(hi, lo, i), dst, at);
        }
        return at - off;
    }

    private static int group(long hi, long lo, int i) {
        return (int) ((i < 4 ? hi : lo) >>> (48 - 16 * (i & 3))) & 0xffff;
    }

    private static int decimal(int v, byte[] dst, int at) {
        if (v >= 100) {
            dst[at++] = (byte) ('0' + v / 100);
        }
        if (v >= 10) {
            dst[at++] = (byte) ('0' + v / 10 % 10);
        }
        dst[at++] = (byte) ('0' + v % 10);
        return at;
    }

    /** A group in hex without leading zeros, as {@link Integer#toHexString} writes it. */
    private static int hex(int v, byte[] dst, int at) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int d = (v >>> shift) & 0xf;
            if (d != 0 || started || shift == 0) {
                dst[at++] = HEX[d];
                started = true;
            }
        }
        return at;
    }

    /** Returns 4 or 16 bytes, or null when the text is not an address. */
    static byte[] parse(String s) {
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        int[] groups = new int[8];
        byte[] tailV4 = null;
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        String[] hp = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tp = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        String[] last = dbl >= 0 ? tp : hp;
        if (last.length > 0 && last[last.length - 1].indexOf('.') >= 0) {
            tailV4 = parseV4(last[last.length - 1]);
            if (tailV4 == null) {
                return null;
            }
        }
        int hn = hp.length - (dbl < 0 && tailV4 != null ? 1 : 0);
        int tn = tp.length - (dbl >= 0 && tailV4 != null ? 1 : 0);
        int total = hn + tn + (tailV4 != null ? 2 : 0);
        if (total > 8 || (dbl < 0 && total != 8) || (dbl >= 0 && total == 8)) {
            return null;
        }
        for (int i = 0; i < hn; i++) {
            if ((groups[i] = hex(hp[i])) < 0) {
                return null;
            }
        }
        int tailStart = 8 - tn - (tailV4 != null ? 2 : 0);
        for (int i = 0; i < tn; i++) {
            if ((groups[tailStart + i] = hex(tp[i])) < 0) {
                return null;
            }
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (groups[i] >>> 8);
            b[2 * i + 1] = (byte) groups[i];
        }
        if (tailV4 != null) {
            System.arraycopy(tailV4, 0, b, 12, 4);
        }
        return b;
    }

    private static int hex(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static byte[] parseV4(String s) {
        long v = v4(s);
        if (v < 0) {
            return null;
        }
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** The value of a dotted quad (four decimal parts of at most three digits, each ≤ 255), or -1. */
    static long v4(String s) {
        long v = 0;
        int parts = 0;
        int part = 0;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || parts > 3) {
                    return -1;
                }
                v = (v << 8) | part;
                parts++;
                part = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                part = part * 10 + (c - '0');
                digits++;
                if (part > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return parts == 4 ? v : -1;
    }
}
