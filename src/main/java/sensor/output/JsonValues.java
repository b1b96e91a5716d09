package sensor.output;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sensor.decode.IpAddress;

/**
 * A field's value as a JSON reader gives it (maps, lists, strings, numbers, booleans, null), read
 * into the value's type: a value of the wrong shape is an IllegalArgumentException or a
 * ClassCastException, which the reader of the line reports as a bad record.
 */
final class JsonValues {
    private JsonValues() {}

    /** A time text in epoch nanoseconds. */
    static long time(Object v, String field) {
        String t = (String) v;
        try {
            Instant i = Instant.parse(t);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException | NullPointerException e) {
            throw new IllegalArgumentException("bad time '" + t + "' in " + field);
        }
    }

    static String str(Object v) {
        return (String) v;
    }

    /**
     * A text that recurs from record to record (a type, an rcode, a popular name or address), one
     * copy for all: records read back by the hundred thousand are held at once by {@code report}.
     */
    static String shared(Object v) {
        String s = (String) v;
        return s == null ? null : s.intern();
    }

    static long lng(Object v, String field) {
        if (v == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return ((Number) v).longValue();
    }

    static boolean bool(Object v) {
        return Boolean.TRUE.equals(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v, String field) {
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("missing " + field);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v, String field) {
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("missing " + field);
        }
        return (List<Object>) v;
    }

    static List<String> strings(Object v, String field) {
        List<String> out = new ArrayList<>();
        for (Object o : list(v, field)) {
            out.add((String) o);
        }
        return List.copyOf(out);
    }

    static IpAddress ip(Object v, String field) {
        if (v == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return IpAddress.parse((String) v);
    }

    /** The constant of {@code values} whose wire text is {@code wire}. */
    static <E extends Enum<E>> E wire(E[] values, java.util.function.Function<E, String> text, Object wire,
            String field) {
        for (E e : values) {
            if (text.apply(e).equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("bad " + field + " '" + wire + "'");
    }
}
