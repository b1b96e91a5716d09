package sensor.flow;

/**
 * Capture time as the stages see it: the newest packet time so far. It never goes back, so a
 * replay expires state exactly as the same traffic would live (Zeek's network time).
 */
public final class PacketClock {
    private long now = Long.MIN_VALUE;

    /** Moves the clock to {@code tsNanos} unless that is earlier than the present. */
    public long observe(long tsNanos) {
        if (tsNanos > now) {
            now = tsNanos;
        }
        return now;
    }

    public long now() {
        return now;
    }
}
