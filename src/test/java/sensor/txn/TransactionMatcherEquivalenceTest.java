package sensor.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.dns.DnsMessage;
import sensor.dns.Flags;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * The matcher against {@link ReferenceMatcher} on seeded random streams that crowd few keys into
 * tiny caps and timeouts: retransmissions, responses before queries, lapsed and revived queries,
 * questionless responses matched by id, key collisions, every cap's eviction and the reorder
 * window. Both must write the same records in the same order, mark the same ones evicted, count
 * the same and hold the same number of queries after every message. Half the streams end by the
 * clock passing every timeout, after which the matcher must hold no key and no flow any more.
 */
class TransactionMatcherEquivalenceTest {
    private static final IpAddress[] CLIENTS = {IpAddress.parse("192.0.2.10"), IpAddress.parse("2001:db8::10")};
    private static final IpAddress SERVER = IpAddress.parse("198.51.100.53");
    private static final String[] NAMES = {"a.example", "b.example", null};
    private static final long UNIT = 1_000_000L;

    private record Run(List<String> written, Map<String, Long> counters) {
    }

    @Test
    void writesWhatTheReferenceWritesOnRandomStreams() {
        int[] paths = new int[5];
        for (int seed = 0; seed < 1_000; seed++) {
            Random random = new Random(seed);
            TxnLimits limits = new TxnLimits((3 + random.nextInt(6)) * UNIT, 1 + random.nextInt(4),
                    1 + random.nextInt(3), (1 + random.nextInt(3)) * UNIT, random.nextInt(4) * UNIT,
                    1 + random.nextInt(8));
            List<Object> stream = stream(random, limits);
            if (seed % 2 == 0) {
                stream.add(Long.MAX_VALUE / 2); // every state expires before finish
            }
            Run expected = run(stream, limits, true);
            Run actual = run(stream, limits, false);
            assertSame(expected, actual, "seed " + seed + ", " + limits);
            paths[0] += expected.counters.getOrDefault("dns.late_retransmissions", 0L) > 0 ? 1 : 0;
            paths[1] += expected.counters.getOrDefault("dns.pending_evicted_flow_cap", 0L) > 0 ? 1 : 0;
            paths[2] += expected.counters.getOrDefault("dns.unsolicited_after_eviction", 0L) > 0 ? 1 : 0;
            paths[3] += expected.counters.getOrDefault("dns.early_response_collisions", 0L) > 0 ? 1 : 0;
            paths[4] += expected.counters.getOrDefault("dns.reorder_overflow", 0L) > 0 ? 1 : 0;
        }
        for (int p : paths) {
            assertTrue(p > 100, "each path taken by many streams: " + java.util.Arrays.toString(paths));
        }
    }

    /** The first line that differs, not thousands of them. */
    private static void assertSame(Run expected, Run actual, String what) {
        for (int i = 0; i < Math.min(expected.written.size(), actual.written.size()); i++) {
            assertEquals(expected.written.get(i), actual.written.get(i), what + ", line " + i);
        }
        assertEquals(expected.written.size(), actual.written.size(), what);
        assertEquals(expected.counters, actual.counters, what);
    }

    /** Messages, and Longs for the clock advancing without a message. */
    private static List<Object> stream(Random random, TxnLimits limits) {
        List<Object> out = new ArrayList<>();
        long ts = 0;
        int n = 20 + random.nextInt(200);
        for (int i = 0; i < n; i++) {
            int step = random.nextInt(10);
            if (step < 4) {
                ts += random.nextInt(3) * UNIT / 4; // ties and near-ties
            } else if (step < 8) {
                ts += random.nextInt((int) (limits.timeoutNanos() / UNIT) + 3) * UNIT;
            } else if (step == 8) {
                ts -= random.nextInt(3) * UNIT / 2; // a mirror port's reordering
            } else {
                out.add(ts + random.nextInt(4) * UNIT);
                continue;
            }
            boolean response = random.nextInt(100) < 45;
            IpAddress client = CLIENTS[random.nextInt(CLIENTS.length)];
            int port = 1000 + random.nextInt(2);
            String qname = NAMES[random.nextInt(NAMES.length)];
            boolean tcp = random.nextInt(10) == 0;
            int id = random.nextInt(3);
            int rcode = random.nextInt(3);
            out.add(new DnsMessage(ts, i + 1, tcp, response ? SERVER : client, response ? 53 : port,
                    response ? client : SERVER, response ? port : 53, id, response, 0, response ? rcode : 0,
                    new Flags(false, false, true, response, false, false), qname != null, qname,
                    qname == null ? 0 : 1, qname == null ? 0 : 1, List.of(), null, -1, false, null, null, List.of()));
        }
        return out;
    }

    private static Run run(List<Object> stream, TxnLimits limits, boolean reference) {
        Tallies tallies = new Tallies();
        List<String> written = new ArrayList<>();
        Object[] matcher = new Object[1];
        Consumer<DnsTransaction> sink = t -> written.add(t + ((reference
                ? ((ReferenceMatcher) matcher[0]).evicted(t) : ((TransactionMatcher) matcher[0]).evicted(t))
                        ? " evicted" : ""));
        Handles m;
        if (reference) {
            ReferenceMatcher r = new ReferenceMatcher(limits, sink, tallies);
            matcher[0] = r;
            m = new Handles(r::accept, r::advance, r::finish, r::pendingQueries);
        } else {
            TransactionMatcher t = new TransactionMatcher(limits, sink, tallies);
            matcher[0] = t;
            m = new Handles(t::accept, t::advance, t::finish, t::pendingQueries);
        }
        for (Object o : stream) {
            if (o instanceof DnsMessage message) {
                m.accept.accept(message);
            } else {
                m.advance.accept((Long) o);
            }
            written.add("holding " + m.pending.getAsInt());
        }
        if (!reference && stream.get(stream.size() - 1) instanceof Long last && last == Long.MAX_VALUE / 2) {
            assertEquals(0, ((TransactionMatcher) matcher[0]).tableSize(), "no key or flow left behind");
        }
        m.finish.accept(Long.MAX_VALUE);
        Map<String, Long> counters = new TreeMap<>();
        for (Tally t : tallies.all()) {
            counters.put(t.group() + "." + t.name(), t.get());
        }
        return new Run(written, counters);
    }

    private record Handles(Consumer<DnsMessage> accept, Consumer<Long> advance, Consumer<Long> finish,
            java.util.function.IntSupplier pending) {
    }
}
