package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoriesTest {
    private static final Instant START = Instant.parse("2026-12-06T10:15:00.250Z");

    @Test
    void everyStartGetsANewDirectoryEvenWithinOneSecond(@TempDir Path base) throws Exception {
        Path first = RunDirectories.create(base.resolve("lo"), START);
        Files.writeString(first.resolve("dns.jsonl"), "{\"qname\":\"first.run\"}\n");
        Path second = RunDirectories.create(base.resolve("lo"), START.plusMillis(500));
        assertEquals("20261206T101500Z", first.getFileName().toString());
        assertEquals("20261206T101500Z-1", second.getFileName().toString());
        assertNotEquals(first, second);
        assertEquals("{\"qname\":\"first.run\"}\n", Files.readString(first.resolve("dns.jsonl")));
        assertTrue(RunDirectories.isRun(second.getFileName().toString()));
    }

    @Test
    void currentLinksToTheNewestRun(@TempDir Path base) throws Exception {
        Path first = RunDirectories.create(base, START);
        RunDirectories.linkCurrent(base, first);
        Path second = RunDirectories.create(base, START.plusSeconds(3600));
        RunDirectories.linkCurrent(base, second);
        Path current = base.resolve(RunDirectories.CURRENT);
        assertTrue(Files.isSymbolicLink(current));
        assertEquals(Path.of("20261206T111500Z"), Files.readSymbolicLink(current), "relative, so the tree can move");
        assertTrue(Files.isSameFile(second, current));
        try (var s = Files.list(base)) {
            assertEquals(3, s.count(), "two runs and the link, no temporary left");
        }
    }

    @Test
    void aRunThatWroteNothingLeavesNoDirectoryAndCurrentGoesBack(@TempDir Path base) throws Exception {
        Path kept = RunDirectories.create(base, START);
        RunDirectories.linkCurrent(base, kept);
        Files.writeString(kept.resolve("dns.jsonl"), "{}\n");
        for (int restart = 0; restart < 3; restart++) {
            Path failed = RunDirectories.create(base, START.plusSeconds(5));
            RunDirectories.linkCurrent(base, failed);
            RunDirectories.discardIfEmpty(base, failed);
            assertTrue(Files.notExists(failed));
        }
        assertTrue(Files.isSameFile(kept, base.resolve(RunDirectories.CURRENT)));
        try (var s = Files.list(base)) {
            assertEquals(2, s.count(), "the run that wrote and the link");
        }
        RunDirectories.discardIfEmpty(base, kept);
        assertTrue(Files.exists(kept), "a run that wrote stays");

        Path only = RunDirectories.create(base.resolve("other"), START);
        RunDirectories.linkCurrent(base.resolve("other"), only);
        RunDirectories.discardIfEmpty(base.resolve("other"), only);
        try (var s = Files.list(base.resolve("other"))) {
            assertEquals(0, s.count(), "no run left: no link either");
        }
    }

    @Test
    void currentGoesBackToTheLatestStartCountersIncluded(@TempDir Path base) throws Exception {
        Path first = RunDirectories.create(base, START);
        Path second = RunDirectories.create(base, START);
        Path tenth = null;
        for (int i = 0; i < 9; i++) {
            tenth = RunDirectories.create(base, START);
        }
        for (Path run : new Path[] {first, second, tenth}) {
            Files.writeString(run.resolve("dns.jsonl"), "{}\n");
        }
        Path failed = RunDirectories.create(base, START);
        RunDirectories.linkCurrent(base, failed);
        RunDirectories.discardIfEmpty(base, failed);
        assertEquals(Path.of("20261206T101500Z-10"), Files.readSymbolicLink(base.resolve(RunDirectories.CURRENT)));
    }
}
