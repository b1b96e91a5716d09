package sensor.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code live --retain SPAN}: deletes the record files last written longer than SPAN ago. In the
 * directory being written only the hourly files of {@code --rotate} go; in earlier runs'
 * directories ({@code --dir-per-run}) every file the sensor writes, and the directory once it is
 * empty. Only the sensor's own file names are touched, and symlinks are never followed.
 */
public final class Retention {
    /** An hourly file of {@code --rotate}: NAME.YYYYMMDD-HH.jsonl. */
    private static final Pattern HOURLY = Pattern.compile("[a-z]+\\.\\d{8}-\\d{2}\\.jsonl");
    /** A temporary file left by a run that was killed: .NAME.RANDOM.tmp. */
    private static final Pattern TEMP = Pattern.compile("\\.[a-z]+\\.jsonl?\\.\\d+\\.tmp");

    private final Path current;
    private final Path base;
    private final Duration keep;

    /**
     * @param current the directory this run writes
     * @param base    the directory holding the runs' directories, or null without {@code --dir-per-run}
     * @param keep    how long a file is kept after it was last written
     */
    public Retention(Path current, Path base, Duration keep) {
        this.current = current;
        this.base = base;
        this.keep = keep;
    }

    /** What one pass deleted, and the files it could not delete with the reason. */
    public record Pass(int deleted, List<String> failures) {}

    /** Deletes what was last written before {@code now} less the span. */
    public Pass expire(Instant now) {
        Instant cutoff = now.minus(keep);
        List<String> failures = new ArrayList<>();
        int deleted = expireIn(current, false, cutoff, failures);
        if (base != null) {
            for (Path run : runs()) {
                if (!run.getFileName().equals(current.getFileName())) {
                    deleted += expireIn(run, true, cutoff, failures);
                    deleteIfEmpty(run, failures);
                }
            }
        }
        return new Pass(deleted, failures);
    }

    private List<Path> runs() {
        List<Path> runs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(base)) {
            for (Path p : s) {
                if (RunDirectories.isRun(p.getFileName().toString()) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    runs.add(p);
                }
            }
        } catch (IOException e) {
            // no base to look in (yet): nothing to expire there
        }
        return runs;
    }

    private static int expireIn(Path dir, boolean finished, Instant cutoff, List<String> failures) {
        int deleted = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path f : s) {
                if (!expirable(f.getFileName().toString(), finished)) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        Files.delete(f);
                        deleted++;
                    }
                } catch (IOException e) {
                    failures.add(f + ": " + OutputFiles.reason(e));
                }
            }
        } catch (IOException e) {
            failures.add(dir + ": " + OutputFiles.reason(e));
        }
        return deleted;
    }

    private static boolean expirable(String name, boolean finished) {
        return HOURLY.matcher(name).matches()
                || finished && (OutputFiles.NAMES.contains(name) || TEMP.matcher(name).matches());
    }

    private static void deleteIfEmpty(Path dir, List<String> failures) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            if (s.iterator().hasNext()) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        try {
            Files.delete(dir);
        } catch (java.nio.file.DirectoryNotEmptyException raced) {
            // something was put there meanwhile: kept
        } catch (IOException e) {
            failures.add(dir + ": " + OutputFiles.reason(e));
        }
    }
}
