package sensor.output;

/** Where finished records go: a JSON Lines file, the aggregation, a test's list. */
@FunctionalInterface
public interface RecordSink<T> {
    void accept(T record);
}
