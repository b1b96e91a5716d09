package sensor.metrics;

import java.util.Map;
import java.util.function.LongConsumer;

/** What the metrics server reads of a running pipeline, so metrics/ needs none of the stages. */
public interface PipelineGauges {
    /** Calls {@code observer} with every answered transaction's response time in nanoseconds. */
    void onResponseTime(LongConsumer observer);

    /** Sizes of the bounded tables by name, read from another thread (a slightly stale value is fine). */
    Map<String, Number> tableSizes();
}
