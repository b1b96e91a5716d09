package sensor.output;

/** Where finished record lines go: a JSON Lines file, a Kafka topic (the stages hand records on through a Consumer). */
@FunctionalInterface
public interface RecordSink<T> {
    void accept(T record);
}
