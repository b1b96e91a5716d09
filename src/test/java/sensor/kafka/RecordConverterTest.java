package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sensor.output.JsonLine;

/** Lines read back through Jackson: what JsonLine writes comes back, anything else is a BadRecord. */
class RecordConverterTest {
    @Test
    void whatJsonLineQuotesIsReadBack() {
        String nasty = "tab\there \u0001 \"q\" back\\slash \ud83d\ude00 é";
        String line = new JsonLine().begin().str("v", nasty).end();
        assertEquals(nasty, RecordConverter.object(line).get("v"));
    }

    @Test
    void badJsonIsAnIllegalArgument() {
        for (String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":}", "\"open", "{\"a\":1}x", "tru", "[1]",
                "{\"a\":\"\\x\"}", "{1:2}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordConverter.object(bad),
                    bad);
            assertEquals(true, e.getMessage().startsWith("bad JSON"), e.getMessage());
        }
    }

    @Test
    void aLineOfTheWrongKindIsABadRecord() {
        assertThrows(RecordConverter.BadRecord.class, () -> RecordConverter.dns("{\"ts\":\"x\"}"));
        assertThrows(RecordConverter.BadRecord.class, () -> RecordConverter.smtp("not json"));
        assertThrows(RecordConverter.BadRecord.class, () -> RecordConverter.dns("null"));
        assertThrows(RecordConverter.BadRecord.class, () -> RecordConverter.dns("{\"ts\":\"2016-09-23T14:02:11.123456Z\","
                + "\"status\":\"answered\",\"client\":\"nope\"}"));
    }
}
