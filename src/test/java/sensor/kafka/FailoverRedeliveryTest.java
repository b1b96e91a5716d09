package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import sensor.pairs.PairsConfig;

/**
 * Failover at least once: an aggregate instance dies after storing records whose input offsets it
 * had not committed. Its successor restores the store (the changelog), rebuilds its aggregate from
 * it, is handed the uncommitted records again, with the same partition and offset, and then new
 * ones, emitting between arrivals. A re-delivered record must land on its own sort key (stored
 * once) and be counted once: every count, share and lift below is worked out by hand from the
 * nine records, and a double count (twelve) or a sort key not made of partition and offset fails.
 */
class FailoverRedeliveryTest {
    private static final Duration EMIT = Duration.ofSeconds(1);
    private static final String SERVER = "192.0.2.1";
    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";
    /** Offset i of sensor.dns partition 0: client, qname; the capture time is 10·i s after midnight. */
    private static final String[][] RECORDS = {
        {A, "a.example"}, {A, "a.example"}, {A, "b.example"}, {A, "a.example"}, {A, "a.example"}, {A, "b.example"},
        {B, "a.example"}, {B, "b.example"}, {B, "b.example"},
    };

    private final ObjectMapper json = new ObjectMapper();
    /** What the compacted output topics hold: the latest line per topic and key, tombstones removing. */
    private final Map<String, Map<String, String>> topics = new HashMap<>();
    private long clock = 1_000_000;

    /** One aggregate instance: its order and aggregate processors, their contexts and its store. */
    private final class Instance {
        final MockProcessorContext<String, String> orderContext = new MockProcessorContext<>();
        final AggregateTopology.Order order;
        final MockProcessorContext<String, String> context = new MockProcessorContext<>();
        final KeyValueStore<String, String> store;
        final AggregateTopology.Aggregate aggregate;
        final AggregateTopology.Progress progress = new AggregateTopology.Progress();

        /** Starts on a store holding {@code restored} (what the changelog gives back). */
        Instance(List<KeyValue<String, String>> restored) {
            store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AggregateTopology.STORE), Serdes.String(),
                    Serdes.String()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            restored.forEach(kv -> store.put(kv.key, kv.value));
            context.setCurrentSystemTimeMs(clock);
            order = new AggregateTopology.Order(progress);
            order.init(orderContext);
            aggregate = new AggregateTopology.Aggregate(PairsConfig.defaults(), EMIT, Duration.ZERO, Duration.ZERO, null,
                    progress);
            aggregate.init(context);
        }

        /** Input offset {@code offset} of sensor.dns partition 0, through both sub-topologies. */
        void arrive(int offset) {
            clock += 100;
            orderContext.setRecordMetadata(Topics.DNS, 0, offset);
            orderContext.resetForwards();
            order.process(new Record<>("sensor-1", line(offset), clock));
            for (var forwarded : orderContext.forwarded()) {
                context.setCurrentSystemTimeMs(clock);
                var r = forwarded.record();
                aggregate.process(new Record<String, String>(r.key(), r.value(), r.timestamp()));
            }
        }

        /** An emit interval passes (three: the input is quiet and everything is applied). */
        void tick(int intervals) {
            clock += intervals * EMIT.toMillis();
            context.setCurrentSystemTimeMs(clock);
            context.resetForwards();
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(clock);
            for (var forwarded : context.forwarded()) {
                var r = forwarded.record();
                String topic = new String(r.headers().lastHeader(AggregateTopology.TABLE_HEADER).value(),
                        StandardCharsets.UTF_8);
                Map<String, String> table = topics.computeIfAbsent(topic, t -> new HashMap<>());
                if (r.value() == null) {
                    table.remove(r.key());
                } else {
                    table.put(r.key(), r.value());
                }
            }
        }

        List<KeyValue<String, String>> stored() {
            List<KeyValue<String, String>> all = new ArrayList<>();
            try (KeyValueIterator<String, String> it = store.all()) {
                it.forEachRemaining(all::add);
            }
            return all;
        }
    }

    @Test
    void aSuccessorHandedTheUncommittedRecordsAgainCountsEachOnce() throws Exception {
        Instance first = new Instance(List.of());
        for (int offset = 0; offset < 3; offset++) {
            first.arrive(offset);
        }
        first.tick(1); // offsets 0-2 committed with this emission
        for (int offset = 3; offset < 6; offset++) {
            first.arrive(offset);
        }
        first.tick(1);
        // It dies here: offsets 3-5 are stored (and in the changelog) but not committed.
        assertEquals(6, first.stored().size());

        Instance next = new Instance(first.stored());
        long rebuildsAtStart = next.progress.rebuilds();
        assertEquals(1, rebuildsAtStart, "the successor rebuilt its aggregate from the restored store");
        next.arrive(3);
        next.tick(1); // an emission between re-delivered records
        next.arrive(4);
        next.arrive(5);
        next.tick(3);
        assertEquals(6, next.stored().size(), "the re-delivered records were stored on their own keys");
        assertEquals(6, next.progress.emittedRecords());
        assertTrue(next.progress.rebuilds() > rebuildsAtStart, "a re-delivered record rebuilt a non-empty aggregate");
        // Six records, all client A's: 4 of a.example (offsets 0, 1, 3, 4), 2 of b.example (2, 5).
        assertPair("resolver", A, SERVER, 6, 0, 5, 1.0, 1.0, 1.0);
        assertPair("name", A, "a.example", 4, 0, 4, 1.0, 4 / 6.0, 1.0);

        for (int offset = 6; offset < 9; offset++) {
            next.arrive(offset);
            next.tick(1); // an emission after each new record
        }
        next.tick(3);
        assertEquals(9, next.stored().size());
        assertEquals(9, next.progress.emittedRecords());
        assertEquals(0, first.progress.badRecords() + next.progress.badRecords());
        // Nine records: A has 6 (a.example 4, b.example 2), B has 3 (a.example 1, b.example 2).
        // resolver: A 6/9 of the server, all of A's own; lift = (6/9) / (6/9 of all) = 1.
        assertPair("resolver", A, SERVER, 6, 0, 5, 6 / 9.0, 1.0, 1.0);
        assertPair("resolver", B, SERVER, 3, 6, 8, 3 / 9.0, 1.0, 1.0);
        // a.example: 5 lookups. A: 4/5 of the name, 4/6 of A's, lift 0.8 / (6/9) = 1.2.
        assertPair("name", A, "a.example", 4, 0, 4, 0.8, 4 / 6.0, 1.2);
        // B: 1/5 of the name, 1/3 of B's, lift 0.2 / (3/9) = 0.6.
        assertPair("name", B, "a.example", 1, 6, 6, 0.2, 1 / 3.0, 0.6);
        // b.example: 4 lookups. A: 2/4, 2/6 of A's, lift 0.5 / (6/9) = 0.75; B: 2/4, 2/3, 0.5 / (3/9) = 1.5.
        assertPair("name", A, "b.example", 2, 2, 5, 0.5, 2 / 6.0, 0.75);
        assertPair("name", B, "b.example", 2, 7, 8, 0.5, 2 / 3.0, 1.5);
        JsonNode server = line(Topics.SERVERS, "resolver|false|" + SERVER);
        assertEquals(9, server.get("total").asLong());
        assertEquals(2, server.get("clients").asLong());
        // HHI = (6/9)² + (3/9)² = 45/81 = 0.555556
        assertEquals(45 / 81.0, server.get("hhi").asDouble(), 1e-6);
        assertEquals(6, topics.get(Topics.PAIRS).size(), "2 resolver pairs + 4 name pairs: " + topics.get(Topics.PAIRS));
    }

    private void assertPair(String kind, String client, String server, long count, int firstOffset, int lastOffset,
            double shareOfServer, double shareOfClient, double lift) throws Exception {
        JsonNode p = line(Topics.PAIRS, kind + "|false|" + client + "|" + server);
        String what = kind + " " + client + " -> " + server + ": " + p;
        assertEquals(count, p.get("count").asLong(), what);
        assertEquals(time(firstOffset), p.get("first_seen").asText(), what);
        assertEquals(time(lastOffset), p.get("last_seen").asText(), what);
        assertEquals(shareOfServer, p.get("share_of_server").asDouble(), 1e-6, what);
        assertEquals(shareOfClient, p.get("share_of_client").asDouble(), 1e-6, what);
        assertEquals(lift, p.get("lift").asDouble(), 1e-6, what);
    }

    private JsonNode line(String topic, String key) throws Exception {
        String line = topics.getOrDefault(topic, Map.of()).get(key);
        assertTrue(line != null, "no " + key + " in " + topic + ": " + topics.get(topic));
        return json.readTree(line);
    }

    /** The capture time of offset i: 10·i seconds after 2026-01-01T00:00:00Z. */
    private static String time(int offset) {
        return String.format("2026-01-01T00:%02d:%02d.000000Z", 10 * offset / 60, 10 * offset % 60);
    }

    private static String line(int offset) {
        String client = RECORDS[offset][0];
        String qname = RECORDS[offset][1];
        return "{\"ts\":\"" + time(offset) + "\",\"client\":\"" + client + "\",\"client_port\":" + (40000 + offset)
                + ",\"server\":\"" + SERVER + "\",\"server_port\":53,\"transport\":\"udp\",\"id\":" + (100 + offset)
                + ",\"qname\":\"" + qname + "\",\"qtype\":\"A\",\"qclass\":\"IN\",\"status\":\"answered\","
                + "\"rcode\":\"NOERROR\",\"rtt_ms\":1.0,\"flags\":{\"aa\":false,\"tc\":false,\"rd\":true,\"ra\":true,"
                + "\"ad\":false,\"cd\":false},\"answers\":[{\"name\":\"" + qname + "\",\"type\":\"A\",\"ttl\":300,"
                + "\"data\":\"192.0.2." + (qname.startsWith("a") ? 10 : 20) + "\"}],\"opcode\":\"QUERY\",\"frame\":"
                + (2 * offset + 1) + ",\"response_frame\":" + (2 * offset + 2) + ",\"retransmissions\":0}";
    }
}
