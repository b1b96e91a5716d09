package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * summary.json vouches for a record file with the digest taken while it was written: it must be
 * the digest of the bytes on disk, across many buffer drains, a line longer than the buffer and
 * a rotation.
 */
class JsonlFileDigestTest {

    @Test
    void theDigestIsOfTheBytesOnDisk(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("dns.jsonl");
        JsonlFile f = new JsonlFile(path);
        long lines = 0;
        for (int i = 0; i < 20_000; i++) { // about 600 KB: the 64 KB buffer drains many times
            f.accept("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 37) + "\"}");
            lines++;
        }
        f.accept("{\"big\":\"" + "y".repeat(200_000) + "\"}"); // longer than the buffer: written alone
        lines++;
        f.accept("{\"after\":1}");
        lines++;
        assertNull(f.digest(), "no digest while the file is open");
        f.close();
        assertMatchesDisk(f.digest(), path, lines);
    }

    @Test
    void aRotatedFileStartsAFreshDigest(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("smtp.jsonl");
        JsonlFile f = new JsonlFile(path, null, true, false);
        f.accept("{\"first\":1}");
        f.rotate(dir.resolve("smtp.1.jsonl"));
        f.accept("{\"second\":2}");
        f.accept("{\"third\":3}");
        f.close();
        assertMatchesDisk(f.digest(), path, 2);
    }

    @Test
    void anEmptyFileHasTheEmptyDigest(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("events.jsonl");
        JsonlFile f = new JsonlFile(path);
        f.close();
        // SHA-256 of no bytes (FIPS 180-4 test vector).
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", f.digest().sha256());
        assertEquals(0, f.digest().lines());
    }

    private static void assertMatchesDisk(FileDigest d, Path path, long lines) throws Exception {
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(path.getFileName().toString(), d.file());
        assertEquals(bytes.length, d.bytes());
        assertEquals(lines, d.lines());
        assertEquals(Files.readAllLines(path).size(), d.lines());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), d.sha256());
    }
}
