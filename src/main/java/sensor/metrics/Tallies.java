package sensor.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every count of a run, by group and name. Stages look their tallies up once, at construction,
 * and increment plain fields on the hot path. Group {@link #WEIRD} holds the named reasons for
 * input we could not decode (Zeek's "weirds"), for example {@code truncated_ip_header}.
 */
public final class Tallies {
    public static final String WEIRD = "weird";

    private final Map<String, Tally> byKey = new LinkedHashMap<>();

    public synchronized Tally get(String group, String name) {
        return byKey.computeIfAbsent(group + '\u0000' + name, k -> new Tally(group, name));
    }

    /** A named reason for input that could not be decoded. */
    public Tally weird(String reason) {
        return get(WEIRD, reason);
    }

    public synchronized List<Tally> all() {
        return Collections.unmodifiableList(new ArrayList<>(byKey.values()));
    }

    public synchronized List<Tally> group(String group) {
        List<Tally> out = new ArrayList<>();
        for (Tally t : byKey.values()) {
            if (t.group().equals(group)) {
                out.add(t);
            }
        }
        return out;
    }

    public long value(String group, String name) {
        Tally t;
        synchronized (this) {
            t = byKey.get(group + '\u0000' + name);
        }
        return t == null ? 0 : t.get();
    }
}
