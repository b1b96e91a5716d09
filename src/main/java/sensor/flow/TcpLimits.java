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

    public static TcpLimits defaults() {
        return new TcpLimits(65_536, 256 << 10, 64L << 20, 300_000_000_000L, 60_000_000_000L);
    }
}
