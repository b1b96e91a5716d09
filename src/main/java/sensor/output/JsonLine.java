package sensor.output;

import java.time.Instant;

/**
 * Builds one JSON object as text. Records are written often, so this stays a thin builder over
 * a reused StringBuilder instead of a general JSON library.
 */
public final class JsonLine {
    private final StringBuilder sb = new StringBuilder(512);
    private boolean first = true;

    public JsonLine begin() {
        sb.setLength(0);
        sb.append('{');
        first = true;
        return this;
    }

    public String end() {
        sb.append('}');
        return sb.toString();
    }

    private void key(String k) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        quote(sb, k);
        sb.append(':');
    }

    public JsonLine str(String k, String v) {
        key(k);
        if (v == null) {
            sb.append("null");
        } else {
            quote(sb, v);
        }
        return this;
    }

    public JsonLine num(String k, long v) {
        key(k);
        sb.append(v);
        return this;
    }

    public JsonLine num(String k, Long v) {
        key(k);
        sb.append(v == null ? "null" : v.toString());
        return this;
    }

    public JsonLine num(String k, double v) {
        key(k);
        appendDouble(sb, v);
        return this;
    }

    public JsonLine num(String k, Double v) {
        key(k);
        if (v == null) {
            sb.append("null");
        } else {
            appendDouble(sb, v);
        }
        return this;
    }

    public JsonLine bool(String k, boolean v) {
        key(k);
        sb.append(v);
        return this;
    }

    public JsonLine time(String k, long epochNanos, boolean nanoPrecision) {
        key(k);
        sb.append('"');
        appendTime(sb, epochNanos, nanoPrecision);
        sb.append('"');
        return this;
    }

    /** Inserts already-encoded JSON (an array or object built elsewhere). */
    public JsonLine raw(String k, CharSequence json) {
        key(k);
        sb.append(json);
        return this;
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
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff && !validSurrogate(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
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
