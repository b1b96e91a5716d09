package sensor.output;

/**
 * Somewhere else the record files' lines also go (a Kafka topic per file), beside or instead of
 * the files. {@link Outputs} asks it once per file when the file opens.
 */
public interface RecordMirror extends AutoCloseable {
    /** Where the lines of {@code fileName} (e.g. {@code dns.jsonl}) also go, or null for nowhere. */
    RecordSink<String> mirror(String fileName);

    /** Whether a mirrored file is written to disk as well. */
    boolean writeFiles();

    /**
     * End of the run: waits (bounded) until every line handed over so far is delivered or given
     * up on, so the counts in {@code summary.json} are final.
     */
    void finish();

    @Override
    void close();
}
