package sensor.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison itself: where it says two files differ, and what it stores. */
class GoldenFilesTest {

    @Test
    void aDifferenceIsNamedByFileLineAndColumn() {
        List<String> d = GoldenFiles.differences("x.jsonl", "a\n{\"n\":1}\nc\n", "a\n{\"n\":2}\nc\n");
        assertEquals(List.of("x.jsonl:2:6\n  expected: {\"n\":1}\n  actual:   {\"n\":2}"), d);
        assertEquals(List.of(), GoldenFiles.differences("x.jsonl", "a\nb\n", "a\nb\n"));
    }

    @Test
    void aMissingOrExtraLineIsADifference() {
        assertEquals(List.of("x:3:1\n  expected: c\n  actual:   <no line>"), GoldenFiles.differences("x", "a\nb\nc\n", "a\nb\n"));
        assertEquals(List.of("x:2:1\n  expected: <no line>\n  actual:   b"), GoldenFiles.differences("x", "a\n", "a\nb\n"));
    }

    @Test
    void onlyTheFirstDifferencesAreListed() {
        List<String> d = GoldenFiles.differences("x", "1\n2\n3\n4\n5\n6\n7\n", "a\nb\nc\nd\ne\nf\ng\n");
        assertEquals(6, d.size());
        assertEquals("x: 2 more differing lines (7 expected, 7 actual)", d.get(5));
    }

    @Test
    void aLongLineIsShownAroundItsDifference() {
        String line = "x".repeat(500);
        assertEquals("..." + "x".repeat(200) + "...", GoldenFiles.excerpt(line, 250));
        assertEquals("abc", GoldenFiles.excerpt("abc", 1));
    }

    @Test
    void aBigFileIsStoredGzippedAndComparedAsText(@TempDir Path dir) throws IOException {
        String big = "{\"line\":1}\n".repeat(GoldenFiles.GZIP_ABOVE / 5);
        new GoldenFiles(dir, true).compare("dns.jsonl", big);
        new GoldenFiles(dir, true).compare("smtp.jsonl", "");
        assertTrue(Files.exists(dir.resolve("dns.jsonl.gz")));
        assertTrue(Files.size(dir.resolve("dns.jsonl.gz")) < GoldenFiles.GZIP_ABOVE);
        assertTrue(Files.exists(dir.resolve("smtp.jsonl")));
        GoldenFiles check = new GoldenFiles(dir, false);
        assertEquals(List.of(), check.compare("dns.jsonl", big));
        assertEquals(List.of(), check.compare("smtp.jsonl", ""));
        assertEquals(1, check.compare("dns.jsonl", big + "{\"line\":2}\n").size());
        assertTrue(check.compare("pairs.jsonl", "").get(0).contains("no expected file"));
    }
}
