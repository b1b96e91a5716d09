package sensor.flow;

/** How a TCP connection attempt went, in the contract's words (smtp.jsonl field {@code tcp}). */
public enum TcpState {
    /** Three-way handshake seen (or data both ways after a SYN). */
    ESTABLISHED("established"),
    /** The server answered the SYN with RST. */
    REFUSED("refused"),
    /** Only SYNs from the client, nothing back. */
    NO_ANSWER("no_answer"),
    /** Established, then ended by RST. */
    RESET("reset"),
    /** The capture began after the handshake. */
    PARTIAL("partial"),
    /**
     * Only one side was captured (a span port seeing one direction, asymmetric routing): the
     * client's ACKs and data without anything from the server, or the server's data without
     * anything from the client. Established, as the data proves, but half of it unseen.
     */
    ONE_SIDED("one_sided");

    private final String wire;

    TcpState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
