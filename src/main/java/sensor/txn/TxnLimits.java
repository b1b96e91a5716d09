package sensor.txn;

/**
 * Bounds and timeouts of query/response matching, all on packet time.
 *
 * @param timeoutNanos      a query with no response after this is written as unanswered
 * @param maxPending        queries awaiting a response, overall; the oldest is evicted first
 * @param maxPendingPerFlow queries awaiting a response on one (client, port, server, port) flow
 * @param earlyResponseNanos how long a response waits for a query that a mirror port delivered late
 * @param reorderNanos      records are written in capture-time order within this window
 * @param maxHeld           finished records held for ordering; beyond, the oldest is written
 */
public record TxnLimits(long timeoutNanos, int maxPending, int maxPendingPerFlow, long earlyResponseNanos,
        long reorderNanos, int maxHeld) {

    public static TxnLimits defaults() {
        return new TxnLimits(10_000_000_000L, 100_000, 1_000, 1_000_000_000L, 2_000_000_000L, 50_000);
    }

    public TxnLimits withTimeoutNanos(long nanos) {
        return new TxnLimits(nanos, maxPending, maxPendingPerFlow, earlyResponseNanos, reorderNanos, maxHeld);
    }
}
