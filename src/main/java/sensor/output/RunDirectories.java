package sensor.output;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * {@code live --dir-per-run}: every start writes into a new directory under the base, named by its
 * UTC start time, so that a restarted service never replaces the records of the run before it;
 * {@code current} is a symlink to the newest.
 */
public final class RunDirectories {
    /** The name of the link to the newest run's directory. */
    public static final String CURRENT = "current";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** A run directory's name: its start time, and a counter when two starts share a second. */
    static final Pattern RUN = Pattern.compile("\\d{8}T\\d{6}Z(-\\d+)?");

    private RunDirectories() {}

    /** Creates the directory of a run that starts at {@code start}: never one that exists already. */
    public static Path create(Path base, Instant start) throws IOException {
        Files.createDirectories(base);
        String stamp = STAMP.format(start);
        for (int n = 0; ; n++) {
            Path dir = base.resolve(n == 0 ? stamp : stamp + "-" + n);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                // a start within the same second (a quick restart): the next counter
            }
        }
    }

    /** Points {@code base/current} at {@code run}, replacing the link in one rename. */
    public static void linkCurrent(Path base, Path run) throws IOException {
        Path temp = base.resolve("." + CURRENT + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, run.getFileName());
        try {
            Files.move(temp, base.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Removes the directory of a run that wrote nothing (its interface could not be opened, say),
     * so that a service restarting after such failures leaves no empty runs behind, and points
     * {@code current} back at the newest run that remains (or removes it when none does).
     */
    public static void discardIfEmpty(Path base, Path run) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(run)) {
            if (s.findAny().isPresent()) {
                return;
            }
        }
        Files.delete(run);
        Path current = base.resolve(CURRENT);
        if (!Files.isSymbolicLink(current) || !Files.readSymbolicLink(current).equals(run.getFileName())) {
            return;
        }
        Path newest = null;
        try (java.util.stream.Stream<Path> s = Files.list(base)) {
            newest = s.filter(p -> isRun(p.getFileName().toString()) && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .max(java.util.Comparator.comparing(RunDirectories::startOrder)).orElse(null);
        }
        if (newest == null) {
            Files.delete(current);
        } else {
            linkCurrent(base, newest);
        }
    }

    /** A run's place in start order: its time stamp, then its counter within that second. */
    private static String startOrder(Path run) {
        String name = run.getFileName().toString();
        int dash = name.indexOf('-');
        return dash < 0 ? name + "-0000000000" : name.substring(0, dash) + "-" + String.format("%010d",
                Long.parseLong(name.substring(dash + 1)));
    }

    /** Whether a directory name is a run's. */
    static boolean isRun(String name) {
        return RUN.matcher(name).matches();
    }
}
