package sensor.flow;

import it.unimi.dsi.fastutil.objects.Object2LongLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import it.unimi.dsi.fastutil.objects.ObjectLinkedOpenHashSet;
import sensor.decode.IpAddress;
import sensor.decode.Packet;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Tracks TCP connections on the service ports: orientation (who is the client), handshake
 * evidence ({@link TcpConnection}), and per-direction reassembly into a {@link StreamConsumer}.
 * The table is bounded (least recently active evicted, counted) and expires idle connections on
 * packet time. Only segments on DNS/SMTP ports reach it. Every byte a connection buffers (segments
 * waiting for a hole, the consumer's partial messages and lines) counts against one bound on all
 * connections; past it, the connections that have held bytes longest are evicted first.
 */
public final class TcpTracker implements Expiring {
    /** Recently closed connections: late ACKs and retransmissions must not reopen them. */
    private static final int CLOSED_MEMORY = 4096;
    private static final long CLOSED_MEMORY_NANOS = 120_000_000_000L;

    private final StreamConsumerFactory factory;
    private final PortSet servicePorts;
    private final TcpLimits limits;
    /**
     * The connections, least recently active first: every lookup moves its connection to the end
     * (open addressing, linked in that order; a JDK map had a node object per connection).
     */
    private final Object2ObjectLinkedOpenHashMap<FlowKey, Conn> table = new Object2ObjectLinkedOpenHashMap<>(1024);
    /** When each recently closed connection closed, oldest first, at most {@link #CLOSED_MEMORY}. */
    private final Object2LongLinkedOpenHashMap<FlowKey> recentlyClosed = new Object2LongLinkedOpenHashMap<>(256);
    private final FlowKey probe = new FlowKey();
    /** Connections with FIN both ways, closed once they have lingered {@link #LINGER_NANOS}. */
    private final java.util.ArrayDeque<FlowKey> closing = new java.util.ArrayDeque<>();
    private static final long LINGER_NANOS = 1_000_000_000L;
    private long bufferedTotal;
    /** Connections holding buffered bytes, in the order they began to hold them. */
    private final ObjectLinkedOpenHashSet<Conn> holders = new ObjectLinkedOpenHashSet<>();

    private final Tally connections;
    private final Tally closedFin;
    private final Tally closedRst;
    private final Tally expired;
    private final Tally evicted;
    private final Tally missedBytes;
    private final Tally gaps;
    private final Tally overlapBytes;
    private final Tally synRetransmissions;
    private final Tally lateSegments;
    private final Tally bufferFull;
    private final Tally bufferEvicted;
    private final Tally rstOutOfWindow;

    /** A tracked connection: evidence, both reassemblers, the consumer. */
    private final class Conn {
        final FlowKey key;
        final TcpConnection c;
        final StreamConsumer consumer;
        final TcpReassembler fromClient;
        final TcpReassembler fromServer;
        /** True when endpoint A of the key is the client. */
        final boolean aIsClient;
        long closingSince = Long.MIN_VALUE;
        /** The consumer's buffered bytes as last counted in {@link #bufferedTotal}. */
        int consumerHeld;
        /** The last acknowledgment number each side sent (what it expects next), or -1. */
        long clientAck = -1;
        long serverAck = -1;

        Conn(FlowKey key, TcpConnection c, StreamConsumer consumer, boolean aIsClient) {
            this.key = key;
            this.c = c;
            this.consumer = consumer;
            this.aIsClient = aIsClient;
            this.fromClient = new TcpReassembler(sink(true), limits.maxBufferedPerDirection());
            this.fromServer = new TcpReassembler(sink(false), limits.maxBufferedPerDirection());
        }

        private TcpReassembler.Sink sink(boolean client) {
            return new TcpReassembler.Sink() {
                @Override
                public void data(byte[] buf, int off, int len, long ts) {
                    if (client) {
                        c.clientBytes += len;
                    } else {
                        c.serverBytes += len;
                    }
                    if (consumer != null) {
                        consumer.onData(c, client, buf, off, len, ts);
                        recount();
                    }
                }

                @Override
                public void gap(long missed, long ts) {
                    if (client) {
                        c.clientMissed += missed;
                    } else {
                        c.serverMissed += missed;
                    }
                    missedBytes.add(missed);
                    gaps.inc();
                    if (consumer != null) {
                        consumer.onGap(c, client, missed, ts);
                        recount();
                    }
                }
            };
        }

        /** Brings the consumer's share of {@link #bufferedTotal} up to date. */
        void recount() {
            int now = consumer.bufferedBytes();
            bufferedTotal += now - consumerHeld;
            consumerHeld = now;
        }

        long held() {
            return consumerHeld + fromClient.buffered() + fromServer.buffered();
        }
    }

    public TcpTracker(StreamConsumerFactory factory, PortSet servicePorts, TcpLimits limits, Tallies tallies) {
        this.factory = factory;
        this.servicePorts = servicePorts;
        this.limits = limits;
        connections = tallies.get("tcp", "connections");
        closedFin = tallies.get("tcp", "closed_fin");
        closedRst = tallies.get("tcp", "closed_rst");
        expired = tallies.get("tcp", "expired");
        evicted = tallies.get("tcp", "evicted");
        missedBytes = tallies.get("tcp", "missed_bytes");
        gaps = tallies.get("tcp", "gaps");
        overlapBytes = tallies.get("tcp", "overlap_bytes");
        synRetransmissions = tallies.get("tcp", "syn_retransmissions");
        lateSegments = tallies.get("tcp", "late_segments");
        bufferFull = tallies.weird("tcp_buffer_full");
        bufferEvicted = tallies.get("tcp", "evicted_buffer_full");
        rstOutOfWindow = tallies.get("tcp", "rst_out_of_window");
    }

    public void onSegment(Packet p) {
        boolean srcIsA = probe.set(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
        Conn conn = table.getAndMoveToLast(probe);
        boolean syn = p.has(Packet.SYN);
        boolean ack = p.has(Packet.ACK);
        if (conn == null) {
            boolean closedRecently = recentlyClosed.containsKey(probe);
            if (closedRecently && !(syn && !ack)) {
                lateSegments.inc();
                return;
            }
            if (closedRecently) {
                recentlyClosed.removeLong(probe);
            }
            conn = open(p, srcIsA, syn, ack);
        }
        TcpConnection c = conn.c;
        boolean fromClient = srcIsA == conn.aIsClient;
        if (p.has(Packet.RST) && !rstInWindow(conn, fromClient, p)) {
            rstOutOfWindow.hit(p.frameNumber);
            return; // a blind reset: the receiver would not have taken it either
        }
        if (ack) {
            if (fromClient) {
                conn.clientAck = p.ack;
            } else {
                conn.serverAck = p.ack;
            }
        }
        c.lastTsNanos = p.tsNanos;
        c.currentFrame = p.frameNumber;
        if (fromClient) {
            c.clientSegments++;
        } else {
            c.serverSegments++;
        }
        TcpReassembler dir = fromClient ? conn.fromClient : conn.fromServer;
        if (syn) {
            if (fromClient && !ack) {
                if (++c.clientSyns > 1) {
                    synRetransmissions.inc();
                }
            } else if (!fromClient && ack) {
                c.synAck = true;
            }
            dir.syn(p.seq);
        } else if (fromClient && ack && c.synAck) {
            c.handshakeDone = true;
        }
        if (p.payloadLength > 0) {
            if (!fromClient && c.synAck) {
                c.handshakeDone = true;
            }
            long change = dir.segment(syn ? (p.seq + 1) & 0xffffffffL : p.seq, p.buf, p.payloadOffset,
                    p.payloadLength, p.tsNanos);
            bufferedTotal += change;
            if (conn.held() > 0) {
                holders.add(conn);
            } else {
                holders.remove(conn);
            }
            if (bufferedTotal > limits.maxBufferedTotal()) {
                bufferFull.hit(p.frameNumber);
                bufferedTotal += dir.flush(p.tsNanos);
                if (shed(conn, p.tsNanos)) {
                    return; // this connection itself was evicted
                }
            }
        }
        if (p.has(Packet.RST)) {
            if (fromClient) {
                c.rstFromClient = true;
            } else {
                c.rstFromServer = true;
                if (!c.handshakeDone) {
                    c.rstBeforeEstablished = true;
                }
            }
            closedRst.inc();
            close(probe, conn, p.tsNanos);
            return;
        }
        if (p.has(Packet.FIN)) {
            dir.fin((p.seq + p.payloadLength + (syn ? 1 : 0)) & 0xffffffffL);
            if (fromClient) {
                c.clientFin = true;
            } else {
                c.serverFin = true;
            }
            if (c.clientFin && c.serverFin && conn.closingSince == Long.MIN_VALUE) {
                // Linger briefly: a RST right after the FINs (data sent to a closed socket) still
                // belongs to this connection's story.
                conn.closingSince = p.tsNanos;
                closing.add(probe.copy());
            }
        }
    }

    /**
     * RFC 5961 3.2: a receiver resets the connection only for a RST whose sequence number is the
     * next it expects; any other it ignores (out of window) or answers with a challenge ACK. The
     * next expected number is known here from the sender's own stream, or from what the receiver
     * last acknowledged (the sender's bytes may have been lost to the capture). A RST answering a
     * SYN (a refusal) is valid when it acknowledges that SYN (RFC 793, SYN-SENT).
     */
    private static boolean rstInWindow(Conn conn, boolean fromClient, Packet p) {
        TcpReassembler sender = fromClient ? conn.fromClient : conn.fromServer;
        TcpReassembler receiver = fromClient ? conn.fromServer : conn.fromClient;
        long receiverAck = fromClient ? conn.serverAck : conn.clientAck;
        if (sender.started()) {
            return p.seq == sender.nextSeq() || p.seq == receiverAck;
        }
        if (receiverAck >= 0) {
            return p.seq == receiverAck;
        }
        if (receiver.started() && p.has(Packet.ACK)) {
            return p.ack == receiver.nextSeq();
        }
        return true; // nothing seen to check it against
    }

    /**
     * Evicts the connections that have held buffered bytes longest until all streams are within
     * their bound again; returns true when {@code current} was among them.
     */
    private boolean shed(Conn current, long ts) {
        boolean hit = false;
        while (bufferedTotal > limits.maxBufferedTotal() && !holders.isEmpty()) {
            Conn victim = holders.first();
            table.remove(victim.key);
            evicted.inc();
            bufferEvicted.inc();
            finishConn(victim, ts);
            hit |= victim == current;
        }
        return hit;
    }

    private Conn open(Packet p, boolean srcIsA, boolean syn, boolean ack) {
        if (table.size() >= limits.maxConnections()) {
            Conn eldest = table.removeFirst();
            evicted.inc();
            finishConn(eldest, p.tsNanos);
        }
        boolean srcIsClient;
        boolean partial;
        if (syn && !ack) {
            srcIsClient = true;
            partial = false;
        } else if (syn) {
            srcIsClient = false; // SYN+ACK: the SYN was missed, the handshake was not
            partial = false;
        } else {
            partial = true;
            if (servicePorts.contains(p.dstPort) != servicePorts.contains(p.srcPort)) {
                srcIsClient = servicePorts.contains(p.dstPort);
            } else {
                srcIsClient = p.srcPort > p.dstPort;
            }
        }
        IpAddress src = p.src();
        IpAddress dst = p.dst();
        TcpConnection c = srcIsClient
                ? new TcpConnection(src, p.srcPort, dst, p.dstPort, p.tsNanos, p.frameNumber, partial)
                : new TcpConnection(dst, p.dstPort, src, p.srcPort, p.tsNanos, p.frameNumber, partial);
        connections.inc();
        FlowKey key = probe.copy();
        Conn conn = new Conn(key, c, factory == null ? null : factory.create(c), srcIsA == srcIsClient);
        table.putAndMoveToLast(key, conn);
        return conn;
    }

    private void close(FlowKey key, Conn conn, long ts) {
        FlowKey stored = key.copy();
        table.remove(key);
        recentlyClosed.put(stored, ts);
        if (recentlyClosed.size() > CLOSED_MEMORY) {
            recentlyClosed.removeFirstLong();
        }
        finishConn(conn, ts);
    }

    private void finishConn(Conn conn, long ts) {
        bufferedTotal += conn.fromClient.flush(ts);
        bufferedTotal += conn.fromServer.flush(ts);
        overlapBytes.add(conn.fromClient.overlapBytes + conn.fromServer.overlapBytes);
        conn.c.closed = true;
        if (conn.consumer != null) {
            conn.consumer.onClose(conn.c, ts);
        }
        // Whatever the consumer still holds goes with the connection.
        bufferedTotal -= conn.consumerHeld;
        conn.consumerHeld = 0;
        holders.remove(conn);
    }

    @Override
    public void advance(long now) {
        while (!closing.isEmpty()) {
            FlowKey k = closing.peekFirst();
            Conn conn = table.getAndMoveToLast(k);
            if (conn == null) {
                closing.pollFirst(); // closed meanwhile by RST, eviction or expiry
                continue;
            }
            if (now - conn.closingSince < LINGER_NANOS) {
                break;
            }
            closing.pollFirst();
            closedFin.inc();
            close(k, conn, now);
        }
        ObjectIterator<Conn> it = table.values().iterator();
        long shortest = Math.min(limits.synTimeoutNanos(), limits.idleTimeoutNanos());
        while (it.hasNext()) {
            Conn conn = it.next();
            TcpConnection c = conn.c;
            long idle = now - c.lastTsNanos;
            if (idle < shortest) {
                break; // access order: everything after this is more recent
            }
            boolean synOnly = !c.synAck && !c.handshakeDone && c.clientBytes + c.serverBytes == 0 && !c.partial;
            if (idle >= limits.idleTimeoutNanos() || (synOnly && idle >= limits.synTimeoutNanos())) {
                it.remove();
                expired.inc();
                finishConn(conn, now);
            }
        }
        ObjectIterator<Object2LongMap.Entry<FlowKey>> closed = recentlyClosed.object2LongEntrySet().fastIterator();
        while (closed.hasNext() && now - closed.next().getLongValue() > CLOSED_MEMORY_NANOS) {
            closed.remove();
        }
    }

    @Override
    public void finish(long now) {
        for (Conn conn : table.values()) {
            if (conn.closingSince != Long.MIN_VALUE) {
                closedFin.inc();
            }
            finishConn(conn, now);
        }
        closing.clear();
        table.clear();
        holders.clear();
        recentlyClosed.clear();
    }

    public int openConnections() {
        return table.size();
    }

    public long bufferedBytes() {
        return bufferedTotal;
    }
}
