package sensor.flow;

/**
 * Receives one TCP connection's reassembled byte streams, both directions. Chosen per connection
 * by server port (DNS over TCP, SMTP). The byte array is lent for the call only.
 */
public interface StreamConsumer {

    /** In-order bytes of one direction. */
    void onData(TcpConnection conn, boolean fromClient, byte[] buf, int off, int len, long tsNanos);

    /**
     * A hole in one direction that reassembly gave up on; the next {@link #onData} continues after
     * it. Consumers resynchronise (DNS: next length prefix is unknowable; SMTP: next line).
     */
    void onGap(TcpConnection conn, boolean fromClient, long missedBytes, long tsNanos);

    /**
     * The connection is over: FIN both ways, RST, idle expiry or end of input. Called exactly once;
     * {@link TcpConnection#state()} is final by then.
     */
    void onClose(TcpConnection conn, long tsNanos);

    /**
     * Bytes of buffer the consumer holds for this connection (partial messages or lines), counted
     * by the tracker against its bound on all streams.
     */
    default int bufferedBytes() {
        return 0;
    }
}
