package sensor.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.PriorityQueue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import sensor.decode.IpAddress;
import sensor.dns.Flags;

/** The held queue gives transactions back in a priority queue's order: query time, then arrival. */
class HeldQueueTest {
    private record Held(DnsTransaction t, long seq) {}

    @Property(tries = 500)
    void ordersAsAPriorityQueue(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 20) Integer> times,
            @ForAll long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        HeldQueue q = new HeldQueue();
        PriorityQueue<Held> model = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.t().tsNanos(), b.t().tsNanos());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
        });
        long seq = 0;
        for (int time : times) {
            DnsTransaction t = transaction(time); // few distinct times: many ties, broken by arrival
            q.add(t, seq);
            model.add(new Held(t, seq++));
            if (rnd.nextInt(3) == 0) { // take some out as they come, as the watermark passes
                assertSame(model.peek().t(), q.poll());
                model.poll();
            }
            assertEquals(model.size(), q.size());
            if (!model.isEmpty()) {
                assertEquals(model.peek().t().tsNanos(), q.firstTs());
            }
        }
        while (!model.isEmpty()) {
            assertSame(model.poll().t(), q.poll());
        }
        assertEquals(0, q.size());
    }

    private static DnsTransaction transaction(long ts) {
        return new DnsTransaction(ts, IpAddress.ofV4(0x0a000001), 40000, IpAddress.ofV4(0xc0000201), 53, "udp", 1,
                "example.com", "A", "IN", DnsTransaction.Status.UNANSWERED, null, null,
                new Flags(false, false, true, false, false, false), List.of(), 1, 0, 0, 0, "QUERY",
                null, null, null, -1, false, List.of());
    }
}
