package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-20T12:00:00Z");
    private static final Duration KEEP = Duration.ofDays(14);

    private static Path file(Path dir, String name, Instant written) throws Exception {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.writeString(f, "{}\n");
        Files.setLastModifiedTime(f, FileTime.from(written));
        return f;
    }

    @Test
    void earlierRunsGoWholeOnceOlderThanTheSpanAndTheirDirectoryWithThem(@TempDir Path base) throws Exception {
        Instant old = NOW.minus(KEEP).minusSeconds(60);
        Path oldRun = base.resolve("20261201T080000Z");
        for (String name : OutputFiles.NAMES) {
            file(oldRun, name, old);
        }
        file(oldRun, "dns.20261201-08.jsonl", old);
        file(oldRun, ".summary.json.4242424242.tmp", old); // left by a run that was killed
        Path recentRun = base.resolve("20261215T080000Z");
        Path recentDns = file(recentRun, "dns.jsonl", NOW.minus(Duration.ofDays(5)));
        Path current = base.resolve("20261220T110000Z");
        Path liveDns = file(current, "dns.jsonl", old); // a quiet interface: written long ago, still this run's
        Path oldHour = file(current, "dns.20261205-10.jsonl", old);
        Path newHour = file(current, "dns.20261220-10.jsonl", NOW.minusSeconds(3600));

        Retention.Pass pass = new Retention(current, base, KEEP).expire(NOW);

        assertEquals(List.of(), pass.failures());
        assertEquals(OutputFiles.NAMES.size() + 3, pass.deleted());
        assertFalse(Files.exists(oldRun), "an expired run's directory goes once empty");
        assertTrue(Files.exists(recentDns), "a run within the span stays");
        assertTrue(Files.exists(liveDns), "the files being written are never deleted");
        assertFalse(Files.exists(oldHour));
        assertTrue(Files.exists(newHour));
    }

    @Test
    void onlyTheSensorsOwnFilesAndRunDirectoriesAreTouched(@TempDir Path base) throws Exception {
        Instant old = NOW.minus(KEEP).minus(Duration.ofDays(30));
        Path current = base.resolve("20261220T110000Z");
        Files.createDirectories(current);
        Path notes = file(base.resolve("20261101T000000Z"), "notes.txt", old);
        Path otherDir = file(base.resolve("archive"), "dns.jsonl", old);
        Path elsewhere = file(base.getParent().resolve(base.getFileName() + "-elsewhere"), "dns.20261101-00.jsonl", old);
        Path linkedRun = base.resolve("20261102T000000Z");
        Files.createSymbolicLink(linkedRun, elsewhere.getParent());

        Retention.Pass pass = new Retention(current, base, KEEP).expire(NOW);

        assertEquals(0, pass.deleted());
        assertTrue(Files.exists(notes), "a file the sensor does not write stays, and so does its directory");
        assertTrue(Files.exists(otherDir), "a directory not named like a run is not a run");
        assertTrue(Files.exists(elsewhere), "a symlink is not followed");
        Files.delete(linkedRun);
        Files.delete(elsewhere);
        Files.delete(elsewhere.getParent());
    }

    @Test
    void withoutRunDirectoriesOnlyTheHourlyFilesOfTheOutputDirectoryExpire(@TempDir Path out) throws Exception {
        Instant old = NOW.minus(KEEP).minusSeconds(1);
        Path dns = file(out, "dns.jsonl", old);
        Path summary = file(out, "summary.json", old);
        Path hour = file(out, "smtp.20261201-23.jsonl", old);
        Path keptHour = file(out, "smtp.20261206-13.jsonl", NOW.minus(KEEP).plusSeconds(1));
        Path run = file(out.resolve("20261101T000000Z"), "dns.jsonl", old);

        Retention.Pass pass = new Retention(out, null, KEEP).expire(NOW);

        assertEquals(1, pass.deleted());
        assertFalse(Files.exists(hour));
        assertTrue(Files.exists(dns) && Files.exists(summary) && Files.exists(keptHour) && Files.exists(run));
    }
}
