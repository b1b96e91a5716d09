package sensor.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.dns.DnsMessage;
import sensor.dns.Flags;
import sensor.metrics.Tallies;

/**
 * The matcher's caps, late retransmissions and reorder window, message by message (times in
 * nanoseconds of capture time): which record each query and response becomes, in which order,
 * whether it is marked evicted, and the counters, all worked out by hand from the limits.
 */
class TransactionMatcherLimitsTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("198.51.100.53");
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final Tallies tallies = new Tallies();
    private final List<String> written = new ArrayList<>();
    private TransactionMatcher matcher;

    /** Each record as "qname status retransmissions rtt evicted", in the order the sink got them. */
    private TransactionMatcher matcher(TxnLimits limits) {
        matcher = new TransactionMatcher(limits, t -> written.add(t.qname() + " " + t.status().wire() + " rtx="
                + t.retransmissions() + " rtt=" + t.rttMs() + " ts=" + t.tsNanos() + (matcher.evicted(t) ? " evicted" : "")),
                tallies);
        return matcher;
    }

    private static DnsMessage query(long ts, int port, int id, String qname) {
        return message(ts, false, port, id, qname);
    }

    private static DnsMessage response(long ts, int port, int id, String qname) {
        return message(ts, true, port, id, qname);
    }

    private static DnsMessage message(long ts, boolean response, int port, int id, String qname) {
        return new DnsMessage(ts, ts, false, response ? SERVER : CLIENT, response ? 53 : port, response ? CLIENT : SERVER,
                response ? port : 53, id, response, 0, 0, new Flags(false, false, true, response, false,
                false), true, qname, 1, 1, List.of(), null, -1, false, null, null, List.of());
    }

    private long dns(String name) {
        return tallies.value("dns", name);
    }

    /**
     * Two pending queries per flow: the third evicts the first, written at once as unanswered and
     * evicted; its late response is unsolicited, also evicted, and counted as such.
     */
    @Test
    void theFlowCapEvictsTheOldestQueryAndItsLateResponseIsKnownForIt() {
        TransactionMatcher m = matcher(new TxnLimits(5 * S, 100, 2, 1 * S, 0, 1000));
        m.accept(query(1 * MS, 1000, 1, "a.example"));
        m.accept(query(2 * MS, 1000, 2, "b.example"));
        m.accept(query(3 * MS, 1000, 3, "c.example")); // a.example evicted
        m.accept(response(4 * MS, 1000, 1, "a.example")); // its query is gone: waits 1 s, then unsolicited
        m.accept(response(5 * MS, 1000, 2, "b.example")); // rtt 5 - 2 = 3 ms
        m.accept(response(6 * MS, 1000, 3, "c.example")); // rtt 6 - 3 = 3 ms
        m.finish(Long.MAX_VALUE);
        assertEquals(List.of("a.example unanswered rtx=0 rtt=null ts=1000000 evicted",
                "b.example answered rtx=0 rtt=3.0 ts=2000000", "c.example answered rtx=0 rtt=3.0 ts=3000000",
                "a.example unsolicited rtx=0 rtt=null ts=4000000 evicted"), written);
        assertEquals(1, dns("pending_evicted_flow_cap"));
        assertEquals(0, dns("pending_evicted"));
        assertEquals(1, dns("unsolicited_after_eviction"));
        assertEquals(2, tallies.value("txn", "answered"));
        assertEquals(1, tallies.value("txn", "unanswered"));
        assertEquals(1, tallies.value("txn", "unsolicited"));
    }

    /**
     * Two responses may wait for their queries: a third evicts the oldest, written as unsolicited
     * and evicted; the two others wait their second and are unsolicited too, not evicted.
     */
    @Test
    void theEarlyResponseCapWritesTheOldestAsEvicted() {
        TransactionMatcher m = matcher(new TxnLimits(5 * S, 2, 10, 1 * S, 0, 1000));
        m.accept(response(1 * MS, 1001, 1, "x.example"));
        m.accept(response(2 * MS, 1002, 2, "y.example"));
        m.accept(response(3 * MS, 1003, 3, "z.example"));
        m.advance(2 * S); // 2 s - 3 ms > 1 s: y and z waited long enough
        assertEquals(List.of("x.example unsolicited rtx=0 rtt=null ts=1000000 evicted",
                "y.example unsolicited rtx=0 rtt=null ts=2000000", "z.example unsolicited rtx=0 rtt=null ts=3000000"),
                written);
        assertEquals(1, dns("pending_evicted"));
        assertEquals(0, dns("unsolicited_after_eviction"), "their queries were never seen, not evicted");
    }

    /**
     * Timeout 5 s: a query at 0 lapses at 5 s; its retransmission at 5.5 s (within the 1 s of
     * grace) takes it back, and a response at 5.6 s answers it with the first query's time, rtt
     * 5600 ms and one retransmission, a late one.
     */
    @Test
    void aRetransmissionWithinTheGraceRevivesTheLapsedQuery() {
        TransactionMatcher m = matcher(new TxnLimits(5 * S, 100, 10, 1 * S, 0, 1000));
        m.accept(query(0, 1000, 1, "slow.example"));
        m.advance(5 * S);
        assertEquals(1, m.pendingQueries(), "lapsed, still held for a retransmission");
        m.accept(query(5_500 * MS, 1000, 1, "slow.example"));
        m.accept(response(5_600 * MS, 1000, 1, "slow.example"));
        m.finish(Long.MAX_VALUE);
        assertEquals(List.of("slow.example answered rtx=1 rtt=5600.0 ts=0"), written);
        assertEquals(1, dns("query_retransmissions"));
        assertEquals(1, dns("late_retransmissions"));
    }

    /**
     * The revived query gets one more timeout from its retransmission: at 5.5 + 5 = 10.5 s with
     * no response it is written as unanswered, with its retransmission, at the first query's time.
     */
    @Test
    void aRevivedQueryTimesOutOneTimeoutAfterItsRetransmission() {
        TransactionMatcher m = matcher(new TxnLimits(5 * S, 100, 10, 1 * S, 0, 1000));
        m.accept(query(0, 1000, 1, "gone.example"));
        m.advance(5 * S);
        m.accept(query(5_500 * MS, 1000, 1, "gone.example"));
        m.advance(10_499 * MS);
        assertEquals(List.of(), written, "10.499 - 5.5 < 5 s");
        m.advance(10_500 * MS);
        assertEquals(List.of("gone.example unanswered rtx=1 rtt=null ts=0"), written);
        assertEquals(0, m.pendingQueries());
    }

    /**
     * A retransmission 6 s after its lapsed query (timeout 5 s + 1 s of grace, not less) is a new
     * lookup: the old query is written unanswered, the new one is answered 10 ms later.
     */
    @Test
    void aRetransmissionAfterTheGraceIsANewLookup() {
        TransactionMatcher m = matcher(new TxnLimits(5 * S, 100, 10, 1 * S, 0, 1000));
        m.accept(query(0, 1000, 1, "again.example"));
        m.advance(5 * S);
        m.accept(query(6 * S, 1000, 1, "again.example"));
        m.accept(response(6 * S + 10 * MS, 1000, 1, "again.example"));
        m.finish(Long.MAX_VALUE);
        assertEquals(List.of("again.example unanswered rtx=0 rtt=null ts=0",
                "again.example answered rtx=0 rtt=10.0 ts=6000000000"), written);
        assertEquals(0, dns("late_retransmissions"));
    }

    /**
     * Records wait, in capture-time order, for the oldest pending query (a, never answered): with
     * room for one (maxHeld 1), when b and c are both done b goes out before a, and the overflow
     * is counted.
     */
    @Test
    void pastTheHeldCapTheOldestFinishedRecordIsWrittenFirst() {
        assertEquals(List.of("b", "a", "c"), heldOrder(1));
        assertEquals(1, dns("reorder_overflow"));
    }

    /** With room for both, a (unanswered at the end) comes first: capture-time order. */
    @Test
    void withinTheHeldCapRecordsAreInCaptureTimeOrder() {
        assertEquals(List.of("a", "b", "c"), heldOrder(10));
        assertEquals(0, dns("reorder_overflow"));
    }

    private List<String> heldOrder(int maxHeld) {
        TransactionMatcher m = matcher(new TxnLimits(5 * S, 100, 10, 1 * S, 2 * S, maxHeld));
        m.accept(query(0, 1000, 1, "a.example"));
        m.accept(query(1 * MS, 1001, 2, "b.example"));
        m.accept(response(2 * MS, 1001, 2, "b.example"));
        m.accept(query(3 * MS, 1002, 3, "c.example"));
        m.accept(response(4 * MS, 1002, 3, "c.example"));
        m.finish(Long.MAX_VALUE);
        return written.stream().map(l -> l.substring(0, 1)).toList();
    }
}
