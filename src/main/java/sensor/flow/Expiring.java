package sensor.flow;

/** A stage with state that expires on packet time. */
public interface Expiring {

    /** Expires what has been idle too long at packet time {@code nowNanos}. */
    void advance(long nowNanos);

    /** End of input (or a clean stop): flush everything still held. */
    void finish(long nowNanos);
}
