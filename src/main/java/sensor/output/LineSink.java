package sensor.output;

/** Where finished JSON lines go: a record file as bytes, or anything that takes Strings. */
@FunctionalInterface
public interface LineSink {
    /** Takes the line's bytes now: the line is reused after this returns. */
    void write(JsonLine line);

    static LineSink of(RecordSink<String> strings) {
        return line -> strings.accept(line.toString());
    }
}
