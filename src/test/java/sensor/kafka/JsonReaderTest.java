package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sensor.output.JsonLine;

/** The small reader of the sensor's own lines: what JsonLine writes comes back, anything else is named. */
class JsonReaderTest {
    @Test
    void valuesComeBack() {
        Map<String, Object> m = JsonReader.object(
                "{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\",\"i\":-12,\"d\":0.25,\"e\":1e-3,\"t\":true,\"f\":false,"
                        + "\"n\":null,\"l\":[1,[],{}],\"o\":{\"k\":\"v\"}}");
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("s", "a\"b\\c\né😀");
        want.put("i", -12L);
        want.put("d", 0.25);
        want.put("e", 0.001);
        want.put("t", true);
        want.put("f", false);
        want.put("n", null);
        want.put("l", Arrays.asList(1L, List.of(), Map.of()));
        want.put("o", Map.of("k", "v"));
        assertEquals(want, m);
        assertEquals(Map.of(), JsonReader.object(" { } "));
        assertEquals(1e19, JsonReader.parse("10000000000000000000"), "too long for a long: a double");
    }

    @Test
    void whatJsonLineQuotesIsReadBack() {
        String nasty = "tab\there \u0001 \"q\" back\\slash \ud800 lone";
        String line = new JsonLine().begin().str("v", nasty).end();
        String back = (String) JsonReader.object(line).get("v");
        assertEquals(nasty, back);
    }

    @Test
    void badJsonIsAnIllegalArgumentNamingTheOffset() {
        for (String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":}", "[1,]", "\"open", "{\"a\":1}x", "tru",
                "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "-", "{1:2}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
            assertEquals(true, e.getMessage().startsWith("bad JSON at offset"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> JsonReader.object("[1]"));
    }

    @Test
    void aLineOfTheWrongKindIsABadRecord() {
        assertThrows(RecordConverter.BadRecord.class, () -> RecordConverter.dns("{\"ts\":\"x\"}"));
        assertThrows(RecordConverter.BadRecord.class, () -> RecordConverter.smtp("not json"));
        assertThrows(RecordConverter.BadRecord.class, () -> RecordConverter.dns("{\"ts\":\"2016-09-23T14:02:11.123456Z\","
                + "\"status\":\"answered\",\"client\":\"nope\"}"));
    }
}
