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

    /** Live heap of a pending query (~400 bytes measured with short names) and of a held record. */
    static final int PENDING_BYTES = 500;
    static final int HELD_BYTES = 600;

    /**
     * The defaults, scaled down to a heap of {@code maxHeapBytes}: pending queries within a
     * twelfth of it, records held for ordering within a sixteenth (the defaults from about
     * 600 MiB up; inside -Xmx256m about 44,000 and 27,000).
     */
    public static TxnLimits forHeap(long maxHeapBytes) {
        TxnLimits d = defaults();
        int pending = (int) Math.max(10_000, Math.min(d.maxPending(), maxHeapBytes / 12 / PENDING_BYTES));
        int held = (int) Math.max(5_000, Math.min(d.maxHeld(), maxHeapBytes / 16 / HELD_BYTES));
        return new TxnLimits(d.timeoutNanos(), pending, d.maxPendingPerFlow(), d.earlyResponseNanos(),
                d.reorderNanos(), held);
    }

    public TxnLimits withTimeoutNanos(long nanos) {
        return new TxnLimits(nanos, maxPending, maxPendingPerFlow, earlyResponseNanos, reorderNanos, maxHeld);
    }
}
