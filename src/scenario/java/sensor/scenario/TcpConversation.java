package sensor.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import sensor.decode.IpAddress;

/**
 * A scripted TCP connection written frame by frame: handshake, data each way with correct
 * sequence numbers, close, or a refusal. Times advance by {@code stepMicros} per segment.
 */
public final class TcpConversation {
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;

    private final FrameSink out;
    private final FrameBuilder fb = new FrameBuilder();
    private final IpAddress client;
    private final int clientPort;
    private final IpAddress server;
    private final int serverPort;
    private final long stepMicros;
    private long clientSeq;
    private long serverSeq;
    private long now;
    private boolean clientCaptured = true;
    private boolean serverCaptured = true;

    public TcpConversation(FrameSink out, IpAddress client, int clientPort, IpAddress server, int serverPort,
            long startMicros, long stepMicros, long isnClient, long isnServer) {
        this.out = out;
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
        this.now = startMicros;
        this.stepMicros = stepMicros;
        this.clientSeq = isnClient & 0xffffffffL;
        this.serverSeq = isnServer & 0xffffffffL;
    }

    /** From here on only the client's segments reach the capture (a span port seeing one direction). */
    public TcpConversation onlyClientSide() {
        serverCaptured = false;
        return this;
    }

    /** From here on only the server's segments reach the capture. */
    public TcpConversation onlyServerSide() {
        clientCaptured = false;
        return this;
    }

    /** Client data the capture misses (a gap): the sequence numbers move on, nothing is written. */
    public TcpConversation clientLost(String text) {
        clientSeq += text.getBytes(StandardCharsets.US_ASCII).length;
        return this;
    }

    public TcpConversation handshake() {
        fromClient(SYN, new byte[0], 0);
        clientSeq++;
        fromServer(SYN | ACK, new byte[0], clientSeq);
        serverSeq++;
        fromClient(ACK, new byte[0], serverSeq);
        return this;
    }

    /** The server answers the SYN with RST: the connection is refused. */
    public TcpConversation refused() {
        fromClient(SYN, new byte[0], 0);
        clientSeq++;
        fromServer(RST | ACK, new byte[0], clientSeq);
        return this;
    }

    /** SYNs that nobody answers. */
    public TcpConversation unanswered(int syns) {
        for (int i = 0; i < syns; i++) {
            fromClient(SYN, new byte[0], 0);
        }
        return this;
    }

    public TcpConversation client(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        fromClient(PSH | ACK, b, serverSeq);
        clientSeq += b.length;
        return this;
    }

    public TcpConversation server(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        fromServer(PSH | ACK, b, clientSeq);
        serverSeq += b.length;
        return this;
    }

    /** Length-prefixed DNS message from the client (DNS over TCP, RFC 1035 4.2.2). */
    public TcpConversation clientMessage(byte[] dns) {
        byte[] b = prefixed(dns);
        fromClient(PSH | ACK, b, serverSeq);
        clientSeq += b.length;
        return this;
    }

    public TcpConversation serverMessage(byte[] dns) {
        byte[] b = prefixed(dns);
        fromServer(PSH | ACK, b, clientSeq);
        serverSeq += b.length;
        return this;
    }

    /** FIN from the client, FIN from the server, last ACK. */
    public TcpConversation close() {
        fromClient(FIN | ACK, new byte[0], serverSeq);
        clientSeq++;
        fromServer(FIN | ACK, new byte[0], clientSeq);
        serverSeq++;
        fromClient(ACK, new byte[0], serverSeq);
        return this;
    }

    /** RST from the server after set-up. */
    public TcpConversation reset() {
        fromServer(RST | ACK, new byte[0], clientSeq);
        return this;
    }

    /**
     * A RST that appears to come from the server with its sequence number {@code offset} bytes
     * from the server's next one: a third party's blind reset when the offset is not 0.
     */
    public TcpConversation spoofedReset(long offset) {
        fb.tcp(server, serverPort, client, clientPort, (serverSeq + offset) & 0xffffffffL, clientSeq, RST | ACK,
                new byte[0]);
        emit();
        return this;
    }

    public long now() {
        return now;
    }

    private static byte[] prefixed(byte[] dns) {
        byte[] b = new byte[dns.length + 2];
        b[0] = (byte) (dns.length >>> 8);
        b[1] = (byte) dns.length;
        System.arraycopy(dns, 0, b, 2, dns.length);
        return b;
    }

    private void fromClient(int flags, byte[] payload, long ack) {
        fb.tcp(client, clientPort, server, serverPort, clientSeq, (flags & ACK) != 0 ? ack : 0, flags, payload);
        if (clientCaptured) {
            emit();
        }
    }

    private void fromServer(int flags, byte[] payload, long ack) {
        fb.tcp(server, serverPort, client, clientPort, serverSeq, ack, flags, payload);
        if (serverCaptured) {
            emit();
        }
    }

    private void emit() {
        try {
            out.write(now, fb.buffer(), fb.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        now += stepMicros;
    }
}
