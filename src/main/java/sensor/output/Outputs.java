package sensor.output;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The record files of one run in the output folder. Every file is created at the start, so an
 * empty file means "nothing of that kind was seen", never "the sensor did not get there".
 */
public final class Outputs implements AutoCloseable {
    private final Path dir;
    private final boolean nanoPrecision;
    private final List<JsonlFile> files = new ArrayList<>();
    private final JsonlFile dns;
    private final JsonlFile smtp;
    private final RecordMirror mirror;

    public Outputs(Path dir, boolean nanoPrecision) {
        this(dir, nanoPrecision, null);
    }

    /** With a mirror (Kafka), the lines of the files it takes also go there. */
    public Outputs(Path dir, boolean nanoPrecision, RecordMirror mirror) {
        this.dir = dir;
        this.nanoPrecision = nanoPrecision;
        this.mirror = mirror;
        this.dns = open("dns.jsonl");
        this.smtp = open("smtp.jsonl");
    }

    /** Opens another record file in the output folder; it is closed with the others. */
    public JsonlFile open(String fileName) {
        RecordSink<String> also = mirror == null ? null : mirror.mirror(fileName);
        JsonlFile f = new JsonlFile(dir.resolve(fileName), also, also == null || mirror.writeFiles());
        files.add(f);
        return f;
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
        files.forEach(JsonlFile::close);
        if (mirror != null) {
            mirror.close();
        }
    }
}
