package sensor.output;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Builds one JSON object as text. Records are written often, so this stays a thin builder over
 * a reused StringBuilder instead of a general JSON library.
 */
public final class JsonLine {
    // UTF-8 bytes, built in place: a record goes to its file without a String, a char encoder
    // or a second copy (dns.jsonl alone is ~200 bytes per DNS packet).
    private byte[] buf;
    private int len;
    private boolean first = true;

    public JsonLine() {
        this(512);
    }

    /** With room for {@code capacity} bytes before it grows. */
    public JsonLine(int capacity) {
        buf = new byte[capacity];
    }

    public JsonLine begin() {
        len = 0;
        put('{');
        first = true;
        return this;
    }

    /** Closes the object; its bytes are then {@link #bytes()} up to {@link #length()}. */
    public JsonLine finish() {
        put('}');
        return this;
    }

    public String end() {
        finish();
        return toString();
    }

    public byte[] bytes() {
        return buf;
    }

    public int length() {
        return len;
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * Starts a member whose value the caller appends with the methods below. Keys are the
     * sensor's own plain ASCII names, copied without the escape scan.
     */
    public JsonLine key(String k) {
        if (!first) {
            put(',');
        }
        first = false;
        put('"');
        ascii(k);
        put('"');
        put(':');
        return this;
    }

    /**
     * A string member whose value is known to be plain ASCII without quotes or backslashes
     * (addresses the sensor formatted, mnemonics): no escape scan.
     */
    public JsonLine word(String k, String v) {
        key(k);
        if (v == null) {
            return ascii("null");
        }
        put('"');
        ascii(v);
        return put('"');
    }

    public JsonLine str(String k, String v) {
        key(k);
        if (v == null) {
            ascii("null");
        } else {
            quoted(v);
        }
        return this;
    }

    public JsonLine num(String k, long v) {
        key(k);
        number(v);
        return this;
    }

    public JsonLine num(String k, Long v) {
        key(k);
        if (v == null) {
            ascii("null");
        } else {
            number(v);
        }
        return this;
    }

    public JsonLine num(String k, double v) {
        key(k);
        number(v);
        return this;
    }

    public JsonLine num(String k, Double v) {
        key(k);
        if (v == null) {
            ascii("null");
        } else {
            number(v.doubleValue());
        }
        return this;
    }

    public JsonLine bool(String k, boolean v) {
        key(k);
        ascii(v ? "true" : "false");
        return this;
    }

    public JsonLine time(String k, long epochNanos, boolean nanoPrecision) {
        key(k);
        put('"');
        long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
        long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
        second(secs);
        put('.');
        if (nanoPrecision) {
            digits(nanos, 9);
        } else {
            digits(nanos / 1000, 6);
        }
        put('Z');
        put('"');
        return this;
    }

    /** Inserts already-encoded JSON (an array or object built elsewhere). */
    public JsonLine raw(String k, CharSequence json) {
        key(k);
        chars(json);
        return this;
    }

    /** {@code n} bytes of ASCII text that need no escaping, from {@code b} at {@code off}. */
    public JsonLine ascii(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** One structural character ({@code [ ] { } , :}). */
    public JsonLine put(char c) {
        if (len == buf.length) {
            grow(1);
        }
        buf[len++] = (byte) c;
        return this;
    }

    /** An address as a JSON string, its text written straight into the line. */
    public JsonLine address(sensor.decode.IpAddress a) {
        ensure(sensor.decode.IpAddress.MAX_TEXT + 2);
        buf[len++] = '"';
        len += a.writeText(buf, len);
        buf[len++] = '"';
        return this;
    }

    /** Text known to be ASCII and to need no escaping (keys, mnemonics, JSON fragments). */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): a plain copy for ASCII text
    public JsonLine ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
        return this;
    }

    /** A JSON string: quoted, escaped, UTF-8. */
    @SuppressWarnings("deprecation")
    public JsonLine quoted(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        if (plainAscii(s)) {
            s.getBytes(0, n, buf, len); // the common case: nothing to escape or encode
            len += n;
        } else {
            escaped(s);
        }
        return put('"');
    }

    public JsonLine number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return ascii(Long.toString(v));
            }
            put('-');
            v = -v;
        }
        int n = 1;
        for (long p = 10; n < 19 && v >= p; p *= 10) {
            n++;
        }
        ensure(n);
        for (int i = len + n - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += n;
        return this;
    }

    public JsonLine number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return ascii("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return number((long) v);
        } else if (v >= 1e-3 && v < 1e7) {
            // Shares, HHI and lift are rounded to millionths and rtt_ms is nanoseconds / 1e6: for
            // such a value k / 1e6 the digits of k are what Double.toString prints, without its
            // big-number arithmetic and garbage (checked on 40 million values; a test keeps it so).
            long k = Math.round(v * 1e6);
            if (k / 1e6 == v) {
                return micros(k);
            }
        } else if (v > 0 && v < 1e-3) {
            // Small shares (a client's share of a busy server) are millionths below 1,000, which
            // Double.toString prints in its computerized scientific notation: 1.23E-4.
            long k = Math.round(v * 1e6);
            if (k >= 1 && k / 1e6 == v) {
                return smallMicros((int) k);
            }
        }
        return ascii(Double.toString(v));
    }

    /** {@code k / 1e6} for k in 1..999 as Double.toString prints it: {@code d.ddE-n}. */
    private JsonLine smallMicros(int k) {
        int n = k >= 100 ? 3 : k >= 10 ? 2 : 1;
        int scale = n == 3 ? 100 : n == 2 ? 10 : 1;
        put((char) ('0' + k / scale));
        put('.');
        int rest = k % scale;
        if (rest == 0) {
            put('0');
        } else {
            int m = n - 1;
            while (rest % 10 == 0) {
                rest /= 10;
                m--;
            }
            digits(rest, m);
        }
        put('E').put('-');
        return put((char) ('0' + 7 - n));
    }

    /** {@code k / 1e6} as {@code int.frac}, trailing zeros dropped, at least one fraction digit. */
    private JsonLine micros(long k) {
        number(k / 1_000_000);
        put('.');
        long frac = k % 1_000_000;
        if (frac == 0) {
            return put('0');
        }
        int n = 6;
        while (frac % 10 == 0) {
            frac /= 10;
            n--;
        }
        digits(frac, n);
        return this;
    }

    /**
     * {@code yyyy-mm-ddThh:mm:ss} of a UTC second, computed in place (the days-to-civil algorithm
     * of H. Hinnant): pair records name seconds in no order, so a cache of recent ones misses.
     * Years outside 0..9999 take Instant's form.
     */
    private void second(long secs) {
        long days = Math.floorDiv(secs, 86_400L);
        long sod = Math.floorMod(secs, 86_400L);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            ascii(secondText(secs));
            return;
        }
        ensure(19);
        digits(year, 4);
        buf[len++] = '-';
        digits(month, 2);
        buf[len++] = '-';
        digits(day, 2);
        buf[len++] = 'T';
        digits(sod / 3600, 2);
        buf[len++] = ':';
        digits(sod / 60 % 60, 2);
        buf[len++] = ':';
        digits(sod % 60, 2);
    }

    /** {@code v} in exactly {@code n} digits, zero-padded. */
    private void digits(long v, int n) {
        ensure(n);
        for (int i = len + n - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            grow(n);
        }
    }

    private void grow(int n) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The escapes of {@link #quote(StringBuilder, String)}, then UTF-8. */
    private void escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            String e = escape(s, i);
            char c = s.charAt(i);
            if (e != null) {
                ascii(e);
            } else if (Character.isHighSurrogate(c)) {
                utf8(Character.toCodePoint(c, s.charAt(++i)));
            } else {
                utf8(c);
            }
        }
    }

    /**
     * JSON's escape for the char at {@code i} of {@code s}, or null when it stands as it is: one
     * rule for both the byte lines and the StringBuilder texts (summary, smtp lists).
     */
    private static String escape(String s, int i) {
        char c = s.charAt(i);
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 || (c >= 0xd800 && c <= 0xdfff && !validSurrogate(s, i))
                    ? String.format("\\u%04x", (int) c) : null;
        };
    }

    /** Already-escaped JSON text. */
    private void chars(CharSequence cs) {
        for (int i = 0; i < cs.length(); i++) {
            char c = cs.charAt(i);
            if (c < 0x80) {
                put(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < cs.length() && Character.isLowSurrogate(cs.charAt(i + 1))) {
                utf8(Character.toCodePoint(c, cs.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                put('?'); // what the UTF-8 encoder writes for a lone surrogate
            } else {
                utf8(c);
            }
        }
    }

    private void utf8(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xc0 | (cp >> 6));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xe0 | (cp >> 12));
            buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        } else {
            buf[len++] = (byte) (0xf0 | (cp >> 18));
            buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        }
    }

    public static void appendDouble(StringBuilder sb, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            sb.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else {
            sb.append(v);
        }
    }

    /** ISO-8601 UTC with 6 or 9 fraction digits: {@code 2016-09-23T14:02:11.123456Z}. */
    public static void appendTime(StringBuilder sb, long epochNanos, boolean nanoPrecision) {
        long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
        long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
        sb.append(secondText(secs)).append('.');
        if (nanoPrecision) {
            pad(sb, nanos, 9);
        } else {
            pad(sb, nanos / 1000, 6);
        }
        sb.append('Z');
    }

    // Many records share a second: keep the text of recent seconds (a small direct-mapped cache,
    // per thread) instead of formatting the date each time.
    private static final int CACHE = 4096;
    private static final ThreadLocal<Object[]> SECONDS = ThreadLocal.withInitial(() -> {
        long[] keys = new long[CACHE];
        java.util.Arrays.fill(keys, Long.MIN_VALUE);
        return new Object[] {keys, new String[CACHE]};
    });

    private static String secondText(long secs) {
        Object[] c = SECONDS.get();
        long[] keys = (long[]) c[0];
        String[] texts = (String[]) c[1];
        int i = (int) (secs & (CACHE - 1));
        if (keys[i] != secs) {
            String base = Instant.ofEpochSecond(secs).toString(); // yyyy-mm-ddThh:mm:ssZ
            keys[i] = secs;
            texts[i] = base.substring(0, base.length() - 1);
        }
        return texts[i];
    }

    private static void pad(StringBuilder sb, long v, int digits) {
        long p = 1;
        for (int i = 1; i < digits; i++) {
            p *= 10;
        }
        while (p > 1 && v < p) {
            sb.append('0');
            p /= 10;
        }
        sb.append(v);
    }

    public static String time(long epochNanos, boolean nanoPrecision) {
        StringBuilder sb = new StringBuilder(32);
        appendTime(sb, epochNanos, nanoPrecision);
        return sb.toString();
    }

    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        if (plain(s)) {
            sb.append(s).append('"'); // the common case: nothing to escape
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            String e = escape(s, i);
            if (e != null) {
                sb.append(e);
            } else {
                sb.append(s.charAt(i));
            }
        }
        sb.append('"');
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || (c >= 0xd800 && c <= 0xdfff)) {
                return false;
            }
        }
        return true;
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }
}
