package sensor.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Hand-written expected records. Expectations are JSON written with single quotes (less noise in
 * a Java string); every field named in them must be in the record with that value, numbers to
 * 1e-9 (the files round shares to 6 decimals, so the expectation is the rounded figure). Fields
 * the expectation leaves out are not checked.
 */
public final class Expect {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Expect() {}

    public static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad expectation: " + singleQuoted, e);
        }
    }

    /** Every field of {@code expected} (single-quoted JSON) is in {@code actual} with that value. */
    public static void fields(String expected, JsonNode actual) {
        JsonNode want = json(expected);
        assertNotNull(actual, "no record where one like this was expected: " + want);
        Iterator<Map.Entry<String, JsonNode>> it = want.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            assertTrue(actual.has(f.getKey()), "missing field " + f.getKey() + " in " + actual);
            same(f.getKey(), f.getValue(), actual.get(f.getKey()), actual);
        }
    }

    /** The records keyed by {@code key}, each key once. */
    public static Map<String, JsonNode> by(List<JsonNode> records, Function<JsonNode, String> key) {
        return records.stream().collect(Collectors.toMap(key, r -> r, (a, b) -> {
            throw new AssertionError("two records with one key: " + a + " and " + b);
        }));
    }

    private static void same(String path, JsonNode want, JsonNode got, JsonNode record) {
        if (want.isNumber()) {
            if (!got.isNumber()) {
                fail(path + ": expected " + want + " but was " + got + " in " + record);
            }
            assertEquals(want.asDouble(), got.asDouble(), 1e-9, path + " in " + record);
        } else if (want.isArray()) {
            assertTrue(got.isArray(), path + ": expected a list, was " + got + " in " + record);
            assertEquals(want.size(), got.size(), path + ": expected " + want + " but was " + got + " in " + record);
            for (int i = 0; i < want.size(); i++) {
                same(path + "[" + i + "]", want.get(i), got.get(i), record);
            }
        } else if (want.isObject()) {
            assertTrue(got.isObject(), path + ": expected an object, was " + got + " in " + record);
            assertEquals(fieldNames(want), fieldNames(got), path + ": fields of " + got + " in " + record);
            Iterator<Map.Entry<String, JsonNode>> it = want.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                same(path + "." + f.getKey(), f.getValue(), got.get(f.getKey()), record);
            }
        } else {
            assertEquals(want, got, path + " in " + record);
        }
    }

    private static Set<String> fieldNames(JsonNode o) {
        Set<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
