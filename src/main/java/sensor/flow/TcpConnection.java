package sensor.flow;

import sensor.decode.IpAddress;

/**
 * One TCP connection, oriented: the client is the side that sent the first SYN, or, when the
 * capture began mid-stream, the side not on the service port. Handshake evidence is kept here
 * for every tracked connection; stream bytes go to the {@link StreamConsumer}.
 */
public final class TcpConnection {
    public final IpAddress client;
    public final int clientPort;
    public final IpAddress server;
    public final int serverPort;
    public final long firstTsNanos;
    public final long firstFrame;
    /** True when the first packet seen was not a client SYN: the capture began mid-stream. */
    public final boolean partial;

    long lastTsNanos;
    long currentFrame;
    int clientSyns;
    int clientSegments;
    int serverSegments;
    boolean synAck;
    boolean handshakeDone;
    boolean clientFin;
    boolean serverFin;
    boolean rstFromServer;
    boolean rstFromClient;
    /** Set when the RST came before the connection was established (a refusal). */
    boolean rstBeforeEstablished;
    long clientBytes;
    long serverBytes;
    long clientMissed;
    long serverMissed;
    boolean closed;

    public TcpConnection(IpAddress client, int clientPort, IpAddress server, int serverPort,
            long firstTsNanos, long firstFrame, boolean partial) {
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
        this.firstTsNanos = firstTsNanos;
        this.firstFrame = firstFrame;
        this.partial = partial;
        this.lastTsNanos = firstTsNanos;
    }

    public TcpState state() {
        if (partial) {
            return TcpState.PARTIAL;
        }
        if (rstBeforeEstablished && !handshakeDone) {
            return TcpState.REFUSED;
        }
        if (oneSided()) {
            return TcpState.ONE_SIDED;
        }
        if (!synAck && !handshakeDone) {
            return TcpState.NO_ANSWER;
        }
        if (rstFromClient || rstFromServer) {
            return TcpState.RESET;
        }
        return TcpState.ESTABLISHED;
    }

    /**
     * Segments from one side only, and that side went on past its SYN: a client cannot ACK or send
     * data without the SYN-ACK, nor a server send data without the client's ACK.
     */
    private boolean oneSided() {
        if (serverSegments == 0) {
            return clientSegments > clientSyns;
        }
        return clientSegments == 0 && (serverBytes > 0 || serverFin);
    }

    /** SYN segments the client sent, retransmissions included. */
    public int clientSyns() {
        return clientSyns;
    }

    public int synRetransmissions() {
        return Math.max(0, clientSyns - 1);
    }

    public boolean synAckSeen() {
        return synAck;
    }

    public boolean established() {
        return handshakeDone;
    }

    /** Frame number of the segment being delivered (or the last one seen). */
    public long currentFrame() {
        return currentFrame;
    }

    public long lastTsNanos() {
        return lastTsNanos;
    }

    public long bytes(boolean fromClient) {
        return fromClient ? clientBytes : serverBytes;
    }

    public long missedBytes(boolean fromClient) {
        return fromClient ? clientMissed : serverMissed;
    }

    public boolean finSeen(boolean fromClient) {
        return fromClient ? clientFin : serverFin;
    }

    public boolean rstSeen(boolean fromClient) {
        return fromClient ? rstFromClient : rstFromServer;
    }
}
