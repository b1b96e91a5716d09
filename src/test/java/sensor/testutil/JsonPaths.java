package sensor.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The field paths of a record, as output.md and the field definitions name them. */
public final class JsonPaths {
    private JsonPaths() {
    }

    /** Every field path of one record: object keys joined by '.', an array's elements as '[]'; returns {@code into}. */
    public static Set<String> of(JsonNode node, String prefix, Set<String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                into.add(p);
                of(e.getValue(), p, into);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                of(element, prefix + "[]", into);
            }
        }
        return into;
    }
}
