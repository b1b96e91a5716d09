package sensor.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte builder writes what the String path wrote: the same escapes, UTF-8 for everything
 * else, numbers as before, and a record file holds the same bytes whichever way a line came.
 */
class JsonLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 3000)
    void stringsAreEscapedAsTheStringBuilderPathEscapedThem(@ForAll String s) {
        String expected = "{\"k\":" + JsonLine.quote(s) + "}";
        JsonLine line = new JsonLine().begin().str("k", s).finish();
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.copyOf(line.bytes(), line.length()));
    }

    @Property(tries = 5000)
    void timesAreWhatInstantPrints(@ForAll long epochNanos, @ForAll boolean nano) {
        assertEquals("{\"t\":\"" + JsonLine.time(epochNanos, nano) + "\"}",
                new JsonLine().begin().time("t", epochNanos, nano).end());
    }

    @Property(tries = 5000)
    void timesOfThisCenturyAreWhatInstantPrints(
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 4_102_444_800_000_000_000L) long epochNanos) {
        assertEquals("{\"t\":\"" + JsonLine.time(epochNanos, false) + "\"}",
                new JsonLine().begin().time("t", epochNanos, false).end());
    }

    @Property(tries = 20000)
    void millionthsAreWhatDoubleToStringPrints(@ForAll @net.jqwik.api.constraints.LongRange(min = 0,
            max = 20_000_000_000_000L) long k, @ForAll boolean rounded) {
        double v = rounded ? Math.round(k / 1e6 * 1e6) / 1e6 : k / 1e6;
        String expected = "{\"v\":" + (v == Math.rint(v) ? String.valueOf((long) v) : Double.toString(v)) + "}";
        assertEquals(expected, new JsonLine().begin().num("v", v).end());
    }

    /** Every millionth below a thousandth, where Double.toString switches to E notation. */
    @Test
    void smallMillionthsAreWhatDoubleToStringPrints() {
        for (int k = 1; k < 1000; k++) {
            double v = k / 1e6;
            assertEquals("{\"v\":" + Double.toString(v) + "}", new JsonLine().begin().num("v", v).end(), "k=" + k);
            double r = Math.round(v * 1e6) / 1e6;
            assertEquals("{\"v\":" + Double.toString(r) + "}", new JsonLine().begin().num("v", r).end(), "k=" + k);
        }
        assertEquals("{\"v\":1.0E-7}", new JsonLine().begin().num("v", 1e-7).end());
        assertEquals("{\"v\":1.2345E-4}", new JsonLine().begin().num("v", 1.2345e-4).end());
    }

    @Test
    void escapesAndEncodings() throws Exception {
        String s = "a\"b\\c\nd\re\tf\u0001g\u00e9h\u20aci\ud83d\ude00j\ud800k";
        JsonLine line = new JsonLine().begin().str("s", s).finish();
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\u00e9h\u20aci\ud83d\ude00j\\ud800k\"}", line.toString());
        // A lone surrogate is escaped, so a JSON reader gets the same chars back.
        JsonNode n = JSON.readTree(line.toString());
        assertEquals(s, n.get("s").asText());
    }

    @Test
    void numbersAndNulls() throws Exception {
        JsonLine line = new JsonLine().begin().num("a", 0).num("b", -12).num("c", Long.MIN_VALUE)
                .num("d", Long.MAX_VALUE).num("e", 0.25).num("f", 3.0).num("g", 1.23e-4).num("h", Double.NaN)
                .num("i", (Double) null).num("j", (Long) null).num("k", 1_000_000_007L).str("l", null)
                .bool("m", true).time("n", 1_474_639_331_123_456_789L, false).time("o", -1L, true).finish();
        assertEquals("{\"a\":0,\"b\":-12,\"c\":-9223372036854775808,\"d\":9223372036854775807,\"e\":0.25,"
                + "\"f\":3,\"g\":1.23E-4,\"h\":null,\"i\":null,\"j\":null,\"k\":1000000007,\"l\":null,\"m\":true,"
                + "\"n\":\"2016-09-23T14:02:11.123456Z\",\"o\":\"1969-12-31T23:59:59.999999999Z\"}", line.toString());
    }

    @Test
    void longLinesGrowTheBufferAndReachTheFileWhole(@TempDir Path dir) throws Exception {
        String big = "x".repeat(200_000) + "\u00e9";
        Path p = dir.resolve("a.jsonl");
        try (JsonlFile f = new JsonlFile(p)) {
            for (int i = 0; i < 1000; i++) {
                f.write(new JsonLine().begin().num("i", i).finish());
            }
            f.write(new JsonLine().begin().str("big", big).finish());
            f.accept("{\"s\":\"\u20ac\"}");
        }
        var lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        assertEquals(1002, lines.size());
        assertEquals("{\"i\":999}", lines.get(999));
        assertEquals(big, JSON.readTree(lines.get(1000)).get("big").asText());
        assertEquals("{\"s\":\"\u20ac\"}", lines.get(1001));
    }

    /**
     * In live capture one thread writes passive DNS while another flushes every file: each line
     * must still reach the file whole and once.
     */
    @Test
    void linesWrittenWhileAnotherThreadFlushesArriveWhole(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("pdns.jsonl");
        int lines = 200_000;
        try (JsonlFile f = new JsonlFile(p)) {
            Thread writer = new Thread(() -> {
                JsonLine line = new JsonLine();
                for (int i = 0; i < lines; i++) {
                    f.write(line.begin().num("i", i).str("pad", "abcdefghijklmnopqrstuvwxyz").finish());
                }
            });
            writer.start();
            while (writer.isAlive()) {
                f.flush();
            }
            writer.join();
        }
        java.util.List<String> got = Files.readAllLines(p, StandardCharsets.UTF_8);
        assertEquals(lines, got.size());
        for (int i = 0; i < lines; i++) {
            assertEquals("{\"i\":" + i + ",\"pad\":\"abcdefghijklmnopqrstuvwxyz\"}", got.get(i));
        }
    }
}
