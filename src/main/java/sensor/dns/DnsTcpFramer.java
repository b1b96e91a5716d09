package sensor.dns;

import sensor.flow.StreamConsumer;
import sensor.flow.TcpConnection;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): each message behind a two-byte length, split across
 * segments or many to a segment. One framer per connection, one buffer per direction. After a
 * hole in the stream the next length prefix is unknowable: the framer tries each following
 * segment as the start of a message, keeps the first whose length prefix and header are
 * plausible, and counts the resynchronisation. A message whole inside one segment is decoded
 * where it lies; only a message split across segments is copied, into a buffer of its own size
 * that is let go once the message is out, so a connection that sends nothing holds nothing.
 */
public final class DnsTcpFramer implements StreamConsumer {
    private final DnsDecoder decoder;
    private final Direction client = new Direction();
    private final Direction server = new Direction();
    private final Tally resyncs;
    private final Tally gaps;

    private static final byte[] NONE = new byte[0];
    /** Room for a length prefix and a header, enough to decide whether a message starts here. */
    private static final int FIRST_BUFFER = 2 + DnsParser.HEADER;

    /** Reassembly state of one direction. */
    private static final class Direction {
        byte[] buf = NONE;
        int have;
        /** Message length from the prefix, or -1 while the prefix is incomplete. */
        int need = -1;
        boolean lost;
        /** After a gap: the bytes framed so far are a guess until the header looks right. */
        boolean tentative;
        long firstTs;
        long firstFrame;
    }

    /** The framers' counts, looked up once for all connections rather than by name for each. */
    public record Counters(Tally resyncs, Tally gaps) {
        public static Counters of(Tallies tallies) {
            return new Counters(tallies.get("dns", "tcp_resyncs"), tallies.get("dns", "tcp_gaps"));
        }
    }

    public DnsTcpFramer(DnsDecoder decoder, Counters counters) {
        this.decoder = decoder;
        this.resyncs = counters.resyncs();
        this.gaps = counters.gaps();
    }

    @Override
    public void onData(TcpConnection conn, boolean fromClient, byte[] b, int off, int len, long ts) {
        Direction d = fromClient ? client : server;
        if (d.lost && d.have == 0) {
            d.tentative = true; // a segment boundary: maybe a message starts here
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (d.have == 0) {
                d.firstTs = ts;
                d.firstFrame = conn.currentFrame();
                if (!d.tentative && end - pos >= 2) {
                    int need = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
                    if (end - pos - 2 >= need) {
                        if (need > 0) {
                            decode(conn, fromClient, b, pos + 2, need, d);
                        }
                        pos += 2 + need;
                        continue;
                    }
                }
                if (d.buf.length < FIRST_BUFFER) {
                    d.buf = new byte[FIRST_BUFFER];
                }
            }
            if (d.need < 0) {
                int take = Math.min(2 - d.have, end - pos);
                System.arraycopy(b, pos, d.buf, d.have, take);
                d.have += take;
                pos += take;
                if (d.have == 2) {
                    d.need = ((d.buf[0] & 0xff) << 8) | (d.buf[1] & 0xff);
                    if (d.tentative && d.need < DnsParser.HEADER) {
                        discard(d);
                        return; // too short for a message: not a message start
                    }
                    if (d.buf.length < 2 + d.need) {
                        d.buf = java.util.Arrays.copyOf(d.buf, 2 + d.need);
                    }
                }
                continue;
            }
            int take = Math.min(2 + d.need - d.have, end - pos);
            if (d.tentative) {
                take = Math.min(take, 2 + DnsParser.HEADER - d.have); // stop to check the header
            }
            System.arraycopy(b, pos, d.buf, d.have, take);
            d.have += take;
            pos += take;
            if (d.tentative && d.have == 2 + DnsParser.HEADER) {
                if (!plausible(d.buf, 0, d.have)) {
                    discard(d);
                    return; // not a message start: wait for the next segment
                }
                d.tentative = false;
                d.lost = false;
                resyncs.inc();
            }
            if (d.have == 2 + d.need && !d.tentative) {
                emit(conn, fromClient, d);
            }
        }
        if (d.need == 0) {
            emit(conn, fromClient, d);
        }
    }

    private void emit(TcpConnection conn, boolean fromClient, Direction d) {
        if (d.need > 0) {
            decode(conn, fromClient, d.buf, 2, d.need, d);
        }
        release(d);
    }

    private void decode(TcpConnection conn, boolean fromClient, byte[] b, int off, int len, Direction d) {
        if (fromClient) {
            decoder.onMessage(b, off, len, true, conn.client, conn.clientPort, conn.server, conn.serverPort,
                    d.firstTs, d.firstFrame);
        } else {
            decoder.onMessage(b, off, len, true, conn.server, conn.serverPort, conn.client, conn.clientPort,
                    d.firstTs, d.firstFrame);
        }
    }

    private static void discard(Direction d) {
        release(d);
        d.tentative = false;
    }

    /** Between messages a direction holds no buffer. */
    private static void release(Direction d) {
        d.have = 0;
        d.need = -1;
        d.buf = NONE;
    }

    /** Bytes of buffer this connection holds, for the tracker's bound on all streams. */
    @Override
    public int bufferedBytes() {
        return client.buf.length + server.buf.length;
    }

    /** A chunk that could start a message: a length prefix and a DNS header with one question. */
    private static boolean plausible(byte[] b, int off, int len) {
        if (len < 14) {
            return false;
        }
        int mlen = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
        int qd = ((b[off + 6] & 0xff) << 8) | (b[off + 7] & 0xff);
        return mlen >= 12 && qd <= 1;
    }

    @Override
    public void onGap(TcpConnection conn, boolean fromClient, long missedBytes, long ts) {
        Direction d = fromClient ? client : server;
        if (d.have > 0) {
            decoder.weird("dns_tcp_message_lost_in_gap", conn.firstFrame);
        }
        release(d);
        d.lost = true;
        d.tentative = false;
        gaps.inc();
    }

    @Override
    public void onClose(TcpConnection conn, long ts) {
        for (Direction d : new Direction[] {client, server}) {
            if (d.have > 0) {
                decoder.weird("dns_tcp_truncated_message", conn.firstFrame);
            }
            release(d);
        }
    }
}
