package sensor.decode;

/** Text forms of addresses, without ever touching the resolver (InetAddress would). */
final class IpText {
    private IpText() {}

    static String format(long hi, long lo) {
        if (IpAddress.isV4(hi, lo)) {
            int v = (int) lo;
            return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        // RFC 5952 4.2: compress the longest run of two or more zero groups, the first if tied.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
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
