package sensor.flow;

/**
 * Bounds of TCP tracking. Named like Zeek's: connections idle longer than
 * {@code idleTimeoutNanos} (tcp_inactivity_timeout) expire, attempts with only SYNs after
 * {@code synTimeoutNanos}.
 *
 * @param maxConnections      connections tracked at once; the least recently active is evicted
 * @param maxBufferedPerDirection out-of-order bytes held per direction before a hole is skipped
 * @param maxBufferedTotal    out-of-order bytes held over all connections
 */
public record TcpLimits(int maxConnections, int maxBufferedPerDirection, long maxBufferedTotal,
        long idleTimeoutNanos, long synTimeoutNanos) {

    /** Live heap one tracked connection takes with its consumer and no data (an SMTP one; DNS ~650). */
    static final int CONNECTION_BYTES = 1_000;

    public static TcpLimits defaults() {
        return new TcpLimits(65_536, 256 << 10, 64L << 20, 300_000_000_000L, 60_000_000_000L);
    }

    /**
     * The defaults, scaled down to a heap of {@code maxHeapBytes}: the connection table within a
     * tenth of it, buffered stream bytes within a sixteenth, so a flood of connections fills the
     * table, not the heap (65,536 connections and 64 MiB from about 1 GiB of heap up).
     */
    public static TcpLimits forHeap(long maxHeapBytes) {
        TcpLimits d = defaults();
        int connections = (int) Math.max(1_024, Math.min(d.maxConnections(), maxHeapBytes / 10 / CONNECTION_BYTES));
        long total = Math.max(1L << 20, Math.min(d.maxBufferedTotal(), maxHeapBytes / 16));
        int perDirection = (int) Math.min(d.maxBufferedPerDirection(), total / 4);
        return new TcpLimits(connections, perDirection, total, d.idleTimeoutNanos(), d.synTimeoutNanos());
    }
}
