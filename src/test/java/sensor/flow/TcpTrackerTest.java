package sensor.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.decode.Packet;
import sensor.metrics.Tallies;

/** Reassembly of shuffled, duplicated, overlapping segments; handshake states; bounds. */
class TcpTrackerTest {
    static final IpAddress CLIENT = IpAddress.parse("192.0.2.7");
    static final IpAddress SERVER = IpAddress.parse("198.51.100.25");

    /** Collects what a consumer is given. */
    static final class Recorder implements StreamConsumer {
        final ByteArrayOutputStream client = new ByteArrayOutputStream();
        final ByteArrayOutputStream server = new ByteArrayOutputStream();
        long gapBytes;
        final List<TcpConnection> closed = new ArrayList<>();

        @Override
        public void onData(TcpConnection conn, boolean fromClient, byte[] buf, int off, int len, long ts) {
            (fromClient ? client : server).write(buf, off, len);
        }

        @Override
        public void onGap(TcpConnection conn, boolean fromClient, long missed, long ts) {
            gapBytes += missed;
        }

        @Override
        public void onClose(TcpConnection conn, long ts) {
            closed.add(conn);
        }
    }

    static Packet seg(boolean fromClient, long seq, long ack, int flags, byte[] data, int off, int len, long ts) {
        Packet p = new Packet();
        IpAddress s = fromClient ? CLIENT : SERVER;
        IpAddress d = fromClient ? SERVER : CLIENT;
        p.srcHi = s.hi();
        p.srcLo = s.lo();
        p.dstHi = d.hi();
        p.dstLo = d.lo();
        p.srcPort = fromClient ? 40000 : 25;
        p.dstPort = fromClient ? 25 : 40000;
        p.seq = seq & 0xffffffffL;
        p.ack = ack & 0xffffffffL;
        p.tcpFlags = flags;
        p.buf = data;
        p.payloadOffset = off;
        p.payloadLength = len;
        p.tsNanos = ts;
        p.ipVersion = 4;
        return p;
    }

    private final Tallies tallies = new Tallies();
    private final Recorder rec = new Recorder();
    private final TcpTracker tracker = new TcpTracker(c -> rec, new PortSet(25), TcpLimits.defaults(), tallies);

    @Property(tries = 300)
    void shuffledDuplicatedOverlappingSegmentsGiveTheOriginalBytes(@ForAll @IntRange(min = 1, max = 3000) int size,
            @ForAll long seed, @ForAll boolean nearWrap) {
        Recorder r = new Recorder();
        TcpTracker t = new TcpTracker(c -> r, new PortSet(25), TcpLimits.defaults(), new Tallies());
        Random rnd = new Random(seed);
        byte[] data = new byte[size];
        rnd.nextBytes(data);
        long isn = nearWrap ? 0xffffffffL - rnd.nextInt(2000) : rnd.nextInt(1 << 30);
        t.onSegment(seg(true, isn, 0, Packet.SYN, new byte[0], 0, 0, 0));
        t.onSegment(seg(false, 5000, isn + 1, Packet.SYN | Packet.ACK, new byte[0], 0, 0, 1));
        List<int[]> segs = new ArrayList<>();
        for (int off = 0; off < size; ) {
            int len = 1 + rnd.nextInt(Math.min(400, size - off));
            segs.add(new int[] {off, len});
            off += len;
        }
        int extra = rnd.nextInt(5);
        for (int i = 0; i < extra; i++) {
            int off = rnd.nextInt(size);
            segs.add(new int[] {off, 1 + rnd.nextInt(size - off)}); // retransmissions and overlaps
        }
        Collections.shuffle(segs, rnd);
        for (int[] s : segs) {
            t.onSegment(seg(true, isn + 1 + s[0], 5001, Packet.ACK | Packet.PSH, data, s[0], s[1], 2));
        }
        t.finish(3);
        assertArrayEquals(data, r.client.toByteArray());
        assertEquals(0, r.gapBytes);
    }

    @Test
    void aMissingSegmentIsAGapAndWhatFollowsIsStillDelivered() {
        byte[] data = "0123456789abcdefghij".getBytes();
        tracker.onSegment(seg(true, 100, 0, Packet.SYN, data, 0, 0, 0));
        tracker.onSegment(seg(true, 101, 0, Packet.ACK, data, 0, 5, 1));
        tracker.onSegment(seg(true, 111, 0, Packet.ACK, data, 10, 10, 2));
        tracker.onSegment(seg(true, 121, 0, Packet.FIN | Packet.ACK, data, 0, 0, 3));
        tracker.finish(4);
        assertEquals("01234abcdefghij", rec.client.toString());
        assertEquals(5, rec.gapBytes);
        assertEquals(5, tallies.value("tcp", "missed_bytes"));
    }

    @Test
    void handshakeStates() {
        // refused: SYN answered by RST
        tracker.onSegment(seg(true, 1, 0, Packet.SYN, new byte[0], 0, 0, 0));
        tracker.onSegment(seg(false, 0, 2, Packet.RST | Packet.ACK, new byte[0], 0, 0, 1));
        assertEquals(TcpState.REFUSED, rec.closed.get(0).state());
        // established and closed with FIN
        Packet syn = seg(true, 10, 0, Packet.SYN, new byte[0], 0, 0, 10);
        syn.srcPort = 40001;
        tracker.onSegment(syn);
        Packet synAck = seg(false, 500, 11, Packet.SYN | Packet.ACK, new byte[0], 0, 0, 11);
        synAck.dstPort = 40001;
        tracker.onSegment(synAck);
        Packet ack = seg(true, 11, 501, Packet.ACK, new byte[0], 0, 0, 12);
        ack.srcPort = 40001;
        tracker.onSegment(ack);
        Packet rst = seg(false, 501, 11, Packet.RST, new byte[0], 0, 0, 13);
        rst.dstPort = 40001;
        tracker.onSegment(rst);
        assertEquals(TcpState.RESET, rec.closed.get(1).state());
        // mid-stream: data without a SYN
        Packet mid = seg(true, 7000, 9000, Packet.ACK | Packet.PSH, "QUIT\r\n".getBytes(), 0, 6, 20);
        mid.srcPort = 40002;
        tracker.onSegment(mid);
        // no answer: only SYNs, expired after the SYN timeout
        Packet lonely = seg(true, 1, 0, Packet.SYN, new byte[0], 0, 0, 30);
        lonely.srcPort = 40003;
        tracker.onSegment(lonely);
        tracker.onSegment(lonely);
        tracker.advance(30 + 61_000_000_000L);
        tracker.finish(30 + 62_000_000_000L);
        TcpConnection noAnswer = rec.closed.stream().filter(c -> c.clientPort == 40003).findFirst().orElseThrow();
        assertEquals(TcpState.NO_ANSWER, noAnswer.state());
        assertEquals(1, noAnswer.synRetransmissions());
        TcpConnection partial = rec.closed.stream().filter(c -> c.clientPort == 40002).findFirst().orElseThrow();
        assertEquals(TcpState.PARTIAL, partial.state());
        assertEquals(CLIENT, partial.client);
    }

    @Test
    void aMillionDistinctSynsKeepTheTableAtItsBound() {
        TcpLimits limits = new TcpLimits(10_000, 1 << 16, 1 << 20, 300_000_000_000L, 60_000_000_000L);
        TcpTracker t = new TcpTracker(c -> null, new PortSet(25), limits, tallies);
        for (int i = 0; i < 1_000_000; i++) {
            Packet p = seg(true, i, 0, Packet.SYN, new byte[0], 0, 0, i);
            p.srcLo = IpAddress.v4Lo(0x0a000000 + i);
            p.srcPort = 1024 + (i % 60000);
            t.onSegment(p);
            assertTrue(t.openConnections() <= 10_000);
        }
        assertEquals(990_000, tallies.value("tcp", "evicted"));
    }

    /** A full table evicts the connection least recently active, not the oldest: a segment renews its place. */
    @Test
    void aFullTableEvictsTheLeastRecentlyActiveConnection() {
        TcpLimits limits = new TcpLimits(3, 1 << 16, 1 << 20, 300_000_000_000L, 60_000_000_000L);
        TcpTracker t = new TcpTracker(c -> rec, new PortSet(25), limits, tallies);
        byte[] none = new byte[0];
        for (int port : new int[] {1001, 1002, 1003}) {
            Packet syn = seg(true, 0, 0, Packet.SYN, none, 0, 0, port);
            syn.srcPort = port;
            t.onSegment(syn);
        }
        Packet again = seg(true, 1, 0, Packet.ACK, none, 0, 0, 2000); // 1001 is active again
        again.srcPort = 1001;
        t.onSegment(again);
        for (int port : new int[] {1004, 1005}) {
            Packet syn = seg(true, 0, 0, Packet.SYN, none, 0, 0, 3000 + port);
            syn.srcPort = port;
            t.onSegment(syn);
        }
        assertEquals(List.of(1002, 1003), rec.closed.stream().map(c -> c.clientPort).toList());
        assertEquals(2, tallies.value("tcp", "evicted"));
    }

    /**
     * A late segment of a closed connection is recognised for the last {@code CLOSED_MEMORY}
     * (4,096) connections closed: the oldest is forgotten first, and its late segment opens a
     * partial connection again.
     */
    @Test
    void theMemoryOfClosedConnectionsForgetsTheOldestFirst() {
        byte[] none = new byte[0];
        int closedCount = 4096 + 2;
        for (int i = 0; i < closedCount; i++) {
            Packet syn = seg(true, 0, 0, Packet.SYN, none, 0, 0, 2L * i);
            syn.srcPort = 1024 + i;
            tracker.onSegment(syn);
            Packet rst = seg(true, 1, 0, Packet.RST, none, 0, 0, 2L * i + 1);
            rst.srcPort = 1024 + i;
            tracker.onSegment(rst);
        }
        long opened = tallies.value("tcp", "connections");
        for (int i : new int[] {0, 1, 2, closedCount - 1}) { // the first two are forgotten
            Packet late = seg(true, 1, 0, Packet.ACK, none, 0, 0, 10_000 + i);
            late.srcPort = 1024 + i;
            tracker.onSegment(late);
        }
        assertEquals(2, tallies.value("tcp", "late_segments"));
        assertEquals(opened + 2, tallies.value("tcp", "connections"));
    }

    @Test
    void outOfOrderBytesAreBounded() {
        TcpLimits limits = new TcpLimits(100, 1000, 1 << 20, 300_000_000_000L, 60_000_000_000L);
        TcpTracker t = new TcpTracker(c -> rec, new PortSet(25), limits, tallies);
        byte[] chunk = new byte[300];
        t.onSegment(seg(true, 0, 0, Packet.SYN, chunk, 0, 0, 0));
        for (int i = 1; i <= 10; i++) {
            t.onSegment(seg(true, 1 + 1000L * i, 0, Packet.ACK, chunk, 0, 300, i)); // every segment leaves a hole
            assertTrue(t.bufferedBytes() <= 1300);
        }
        assertTrue(tallies.value("tcp", "missed_bytes") > 0);
    }

    /** A consumer that holds every byte it is given, like a message that never completes. */
    private static class Hoarder implements StreamConsumer {
        int held;

        @Override
        public void onData(TcpConnection conn, boolean fromClient, byte[] buf, int off, int len, long ts) {
            held += len;
        }

        @Override
        public void onGap(TcpConnection conn, boolean fromClient, long missedBytes, long ts) {}

        @Override
        public void onClose(TcpConnection conn, long ts) {
            held = 0;
        }

        @Override
        public int bufferedBytes() {
            return held;
        }
    }

    @Test
    void bytesHeldByConsumersCountAgainstTheBoundAndTheOldestHoldersGo() {
        TcpLimits limits = new TcpLimits(1_000, 1 << 16, 10_000, 300_000_000_000L, 60_000_000_000L);
        List<TcpConnection> closed = new ArrayList<>();
        TcpTracker t = new TcpTracker(c -> new Hoarder() {
            @Override
            public void onClose(TcpConnection conn, long ts) {
                closed.add(conn);
                super.onClose(conn, ts);
            }
        }, new PortSet(25), limits, tallies);
        byte[] chunk = new byte[1_000];
        for (int i = 0; i < 100; i++) {
            Packet syn = seg(true, 0, 0, Packet.SYN, chunk, 0, 0, 2 * i);
            syn.srcPort = 1024 + i;
            t.onSegment(syn);
            Packet data = seg(true, 1, 0, Packet.ACK, chunk, 0, chunk.length, 2 * i + 1);
            data.srcPort = 1024 + i;
            t.onSegment(data);
            assertTrue(t.bufferedBytes() <= 10_000, "held " + t.bufferedBytes());
        }
        assertEquals(90, tallies.value("tcp", "evicted_buffer_full"));
        assertEquals(90, tallies.value("tcp", "evicted"));
        assertEquals(1024, closed.get(0).clientPort, "the oldest holder goes first");
        assertEquals(10, t.openConnections());
        t.finish(1_000);
        assertEquals(0, t.bufferedBytes());
    }

    /** Found by the fuzzer: a sequence number exactly 2^31 behind once made a negative offset. */
    @Test
    void aSegmentHalfTheSequenceSpaceAwayIsAnOldRetransmission() {
        byte[] data = "HELO x\r\n".getBytes();
        tracker.onSegment(seg(true, 1000, 0, Packet.SYN, data, 0, 0, 0));
        tracker.onSegment(seg(true, 1001, 0, Packet.ACK, data, 0, 4, 1));
        tracker.onSegment(seg(true, 1005 + (1L << 31), 0, Packet.ACK, data, 0, data.length, 2));
        tracker.onSegment(seg(true, 1005, 0, Packet.ACK, data, 4, data.length - 4, 3));
        tracker.finish(4);
        assertEquals("HELO x\r\n", rec.client.toString());
        assertEquals(data.length, tallies.value("tcp", "overlap_bytes"));
    }
}
