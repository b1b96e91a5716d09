package sensor.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The live meters read through the narrow view, and keep reading after a collection. */
class PipelineGaugesTest {

    @Test
    void theTableAndRingGaugesReadThePipelineView() throws Exception {
        AtomicInteger ringFrames = new AtomicInteger(12);
        LongConsumer[] rtt = new LongConsumer[1];
        PipelineGauges view = new PipelineGauges() {
            @Override
            public void onResponseTime(LongConsumer observer) {
                rtt[0] = observer;
            }

            @Override
            public Map<String, Number> tableSizes() {
                return Map.of("pending_transactions", 5);
            }
        };
        try (MetricsServer server = new MetricsServer(new Tallies(), "127.0.0.1", 0)) {
            server.bindPipeline(view, ringFrames::get);
            rtt[0].accept(2_000_000);
            // Gauges hold what they read weakly unless told otherwise; the ring's supplier is held nowhere else.
            System.gc();
            ringFrames.set(34);
            String scraped = server.registry().scrape();
            assertTrue(scraped.contains("sensor_capture_ring_frames 34.0"), scraped);
            assertTrue(scraped.contains("sensor_table_entries{table=\"pending_transactions\"} 5.0"), scraped);
            assertTrue(scraped.contains("sensor_dns_response_time_seconds_count 1"), scraped);
        }
    }
}
