package sensor.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sensor.metrics.Tallies;

/**
 * The record files of one run in the output folder. Every file is created at the start, so an
 * empty file means "nothing of that kind was seen", never "the sensor did not get there". In a
 * replay every file is written under a temporary name and renamed into place at the end
 * ({@link #commit()}), so a run that fails leaves the previous run's files whole; in live the
 * files are in place from the start, for readers that follow them. Write failures (disk full)
 * are counted per file, never half a line.
 */
public final class Outputs implements AutoCloseable {
    private final Path dir;
    private final boolean nanoPrecision;
    private final List<JsonlFile> files = new ArrayList<>();
    private final JsonlFile dns;
    private final JsonlFile smtp;
    private final RecordMirror mirror;
    private final boolean deferred;
    /** Lines lost from files already closed (aggregate tables rewritten each interval), by name. */
    private final Map<String, Long> lostBefore = new LinkedHashMap<>();
    private IOException tableFailure;
    /** Digests of the table files, taken as they were written. */
    private final Map<String, FileDigest> tableDigests = new LinkedHashMap<>();
    /** Disk space taken at the start for summary.json, so a full disk cannot keep it from saying so. */
    private Path summaryReserve;
    private static final int SUMMARY_RESERVE = 64 << 10;

    public Outputs(Path dir, boolean nanoPrecision) {
        this(dir, nanoPrecision, null);
    }

    /** With a mirror (Kafka), the lines of the files it takes also go there. */
    public Outputs(Path dir, boolean nanoPrecision, RecordMirror mirror) {
        this(dir, nanoPrecision, mirror, true);
    }

    /** {@code deferred}: files renamed into place at the end (replay), else at once (live). */
    public Outputs(Path dir, boolean nanoPrecision, RecordMirror mirror, boolean deferred) {
        this.dir = dir;
        this.nanoPrecision = nanoPrecision;
        this.mirror = mirror;
        this.deferred = deferred;
        try {
            this.summaryReserve = OutputFiles.reserve(dir.resolve("summary.json"), SUMMARY_RESERVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + dir + ": " + OutputFiles.reason(e), e);
        }
        this.dns = open("dns.jsonl");
        this.smtp = open("smtp.jsonl");
    }

    /** Opens another record file in the output folder; it is closed with the others. */
    public JsonlFile open(String fileName) {
        RecordSink<String> also = mirror == null ? null : mirror.mirror(fileName);
        JsonlFile f = new JsonlFile(dir.resolve(fileName), also, also == null || mirror.writeFiles(), deferred);
        files.add(f);
        return f;
    }

    /** A table file (pairs, servers, events), rewritten whole and renamed into place when closed. */
    public JsonlFile table(String fileName) {
        return new JsonlFile(dir.resolve(fileName));
    }

    /** Counts what a closed table file could not write. */
    public synchronized void written(JsonlFile table) {
        IOException f = table.failure();
        tableFailure = f;
        if (table.linesNotWritten() > 0) {
            lostBefore.merge(table.path().getFileName().toString(), table.linesNotWritten(), Long::sum);
        }
        if (table.digest() != null) {
            tableDigests.put(table.digest().file(), table.digest());
        }
    }

    /**
     * The digests of the files of {@code names} this run wrote, in that order, taken while they
     * were written (call after {@link #commit()}).
     */
    public synchronized List<FileDigest> digests(List<String> names) {
        Map<String, FileDigest> byName = new LinkedHashMap<>(tableDigests);
        for (JsonlFile f : files) {
            if (f.digest() != null) {
                byName.put(f.digest().file(), f.digest());
            }
        }
        return names.stream().map(byName::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The error writing currently fails with, or null when every file is being written. */
    public synchronized IOException failure() {
        for (JsonlFile f : files) {
            if (f.failure() != null) {
                return f.failure();
            }
        }
        return tableFailure;
    }

    /** Lines that did not reach their file, by file name (only files that lost some). */
    public synchronized Map<String, Long> linesNotWritten() {
        Map<String, Long> m = new LinkedHashMap<>(lostBefore);
        for (JsonlFile f : files) {
            if (f.linesNotWritten() > 0) {
                m.merge(f.path().getFileName().toString(), f.linesNotWritten(), Long::sum);
            }
        }
        return m;
    }

    /**
     * The write state as counters: {@code output.lines_not_written}, per file
     * {@code output.<name>_lines_not_written}, {@code output.write_failing} (1 while writing
     * fails) and {@code output.write_errors}.
     */
    public void report(Tallies tallies) {
        Map<String, Long> lost = linesNotWritten();
        long total = 0;
        for (Map.Entry<String, Long> e : lost.entrySet()) {
            String base = e.getKey().replaceFirst("\\.jsonl$", "");
            tallies.get("output", base + "_lines_not_written").set(e.getValue());
            total += e.getValue();
        }
        tallies.get("output", "lines_not_written").set(total);
        tallies.get("output", "write_failing").set(failure() == null ? 0 : 1);
        long errors = 0;
        for (JsonlFile f : files) {
            errors += f.writeErrors();
        }
        tallies.get("output", "write_errors").set(errors);
    }

    /** Writes summary.json (into the space reserved for it at the start while it lasts). */
    public void writeSummary(String json) {
        Path reserved = summaryReserve;
        summaryReserve = null;
        try {
            OutputFiles.writeReserved(reserved, dir.resolve("summary.json"), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + dir.resolve("summary.json") + ": "
                    + OutputFiles.reason(e), e);
        }
    }

    /** Writes and closes every record file, renaming each into place (idempotent). */
    public void commit() {
        files.forEach(JsonlFile::close);
    }

    /** End of the run: the mirror's deliveries are settled (call before writing the summary). */
    public void finishMirror() {
        if (mirror != null) {
            mirror.finish();
        }
    }

    public Path dir() {
        return dir;
    }

    /** Times print with 9 fraction digits when an input has nanosecond time stamps, else 6. */
    public boolean nanoPrecision() {
        return nanoPrecision;
    }

    public JsonlFile dns() {
        return dns;
    }

    public JsonlFile smtp() {
        return smtp;
    }

    /**
     * Hourly rotation in live: every record file becomes {@code NAME.SUFFIX.jsonl} and a new
     * {@code NAME.jsonl} begins.
     */
    public void rotate(String suffix) {
        for (JsonlFile f : files) {
            String name = f.path().getFileName().toString();
            String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
            f.rotate(f.path().resolveSibling(base + "." + suffix + ".jsonl"));
        }
    }

    public void flush() {
        files.forEach(JsonlFile::flush);
    }

    @Override
    public void close() {
        commit();
        if (summaryReserve != null) {
            try {
                java.nio.file.Files.deleteIfExists(summaryReserve);
            } catch (IOException e) {
                // a hidden temporary left behind
            }
        }
        if (mirror != null) {
            mirror.close();
        }
    }
}
