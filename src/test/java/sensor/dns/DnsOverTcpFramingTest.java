package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.metrics.Tallies;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.testutil.ContractCapture;
import sensor.testutil.Expect;

/**
 * DNS over TCP (RFC 1035 4.2.2) cut at every place a stream can cut it, on a capture whose
 * segments the test writes byte by byte: a message split across segments, two messages and the
 * first byte of a third's length prefix in one segment, three responses in one segment, a whole
 * message lost in a gap (the framer resynchronises on the next segment), a gap inside a message,
 * a segment after a gap that starts mid-message, and a connection closed inside a message.
 */
class DnsOverTcpFramingTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.53");
    private static final long T0 = 1_474_639_331_000_000L;
    private static final long MS = 1_000L;
    private static final int RD = 0x0100;

    @TempDir
    Path dir;
    private Map<String, JsonNode> byId;
    private List<JsonNode> records;
    private Tallies tallies;

    private static byte[] query(int id) {
        return DnsWire.message(id, RD, "q" + id + ".example", DnsWire.A, 1, List.of(), List.of(), List.of());
    }

    private static byte[] response(int id) {
        return DnsWire.response(id, "q" + id + ".example", DnsWire.A, DnsWire.NOERROR,
                List.of(new DnsWire.Rr("q" + id + ".example", DnsWire.A, 60, "192.0.2." + id)), false);
    }

    /** A message behind its two-byte length. */
    private static byte[] prefixed(byte[] m) {
        byte[] b = new byte[m.length + 2];
        b[0] = (byte) (m.length >>> 8);
        b[1] = (byte) m.length;
        System.arraycopy(m, 0, b, 2, m.length);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One connection written segment by segment, 1 ms apart, with sequence numbers kept. */
    private static final class Conn {
        private static final int SYN = 0x02;
        private static final int ACK = 0x10;
        private static final int PSH = 0x08;
        private static final int FIN = 0x01;
        private final PcapWriter w;
        private final FrameBuilder fb = new FrameBuilder();
        private final int port;
        private long clientSeq = 1000;
        private long serverSeq = 5000;
        long now;

        Conn(PcapWriter w, int port, long start) throws IOException {
            this.w = w;
            this.port = port;
            this.now = start;
            write(fb.tcp(CLIENT, port, SERVER, 53, clientSeq++, 0, SYN, new byte[0]));
            write(fb.tcp(SERVER, 53, CLIENT, port, serverSeq++, clientSeq, SYN | ACK, new byte[0]));
            write(fb.tcp(CLIENT, port, SERVER, 53, clientSeq, serverSeq, ACK, new byte[0]));
        }

        Conn client(byte[] payload) throws IOException {
            write(fb.tcp(CLIENT, port, SERVER, 53, clientSeq, serverSeq, PSH | ACK, payload));
            clientSeq += payload.length;
            return this;
        }

        /** Client bytes the capture never saw: the sequence numbers move on. */
        Conn clientLost(byte[] payload) {
            clientSeq += payload.length;
            return this;
        }

        Conn server(byte[] payload) throws IOException {
            write(fb.tcp(SERVER, 53, CLIENT, port, serverSeq, clientSeq, PSH | ACK, payload));
            serverSeq += payload.length;
            return this;
        }

        void close() throws IOException {
            write(fb.tcp(CLIENT, port, SERVER, 53, clientSeq++, serverSeq, FIN | ACK, new byte[0]));
            write(fb.tcp(SERVER, 53, CLIENT, port, serverSeq++, clientSeq, FIN | ACK, new byte[0]));
            write(fb.tcp(CLIENT, port, SERVER, 53, clientSeq, serverSeq, ACK, new byte[0]));
        }

        private void write(FrameBuilder f) throws IOException {
            w.write(now, f.buffer(), f.length());
            now += MS;
        }
    }

    /**
     * The capture, frame numbers in brackets (each connection: SYN, SYN-ACK, ACK, then data,
     * then FIN, FIN, ACK; 1 ms per frame):
     * <pre>
     *  port 50001 at T0    [4] q1's prefix and its first 7 bytes
     *                      [5] the rest of q1, all of q2, the first byte of q3's prefix
     *                      [6] the second byte of q3's prefix, q3
     *                      [7] r1, r2, r3 in one segment                    [8-10] close
     *  port 50002 at 1 s   [14] q4 whole; q5 lost whole; [15] q6 whole: after the gap the
     *                      framer tries [15] as a message start, finds a plausible header
     *                      and resynchronises (one resync); no responses        [16-18] close
     *  port 50003 at 2 s   [22] q7's prefix and 5 bytes; the rest of q7 lost (a message lost
     *                      in the gap); [23] q8 whole: resync                   [24-26] close
     *  port 50004 at 3 s   [30] q9 whole; q10 lost but for its last 4 bytes (qtype 1, qclass 1:
     *                      a "length" of 1, no message start); [31] those 4 bytes; [32] q11
     *                      whole: resync on it                                  [33-35] close
     *  port 50005 at 4 s   [39] q12's prefix and 6 bytes, then the connection closes
     *                      inside the message (a truncated message)             [40-42] close
     * </pre>
     * The gaps are found when the connection ends (the reassembler holds the segments after a
     * hole until then), so the time and frame of the messages after them are not their segments'.
     */
    @BeforeEach
    void replay() throws IOException {
        Path pcap = dir.resolve("tcp-framing.pcap");
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            byte[] p1 = prefixed(query(1));
            byte[] p3 = prefixed(query(3));
            Conn c = new Conn(w, 50001, T0);
            c.client(Arrays.copyOfRange(p1, 0, 9));
            c.client(concat(Arrays.copyOfRange(p1, 9, p1.length), prefixed(query(2)), Arrays.copyOfRange(p3, 0, 1)));
            c.client(Arrays.copyOfRange(p3, 1, p3.length));
            c.server(concat(prefixed(response(1)), prefixed(response(2)), prefixed(response(3))));
            c.close();

            new Conn(w, 50002, T0 + 1000 * MS).client(prefixed(query(4))).clientLost(prefixed(query(5)))
                    .client(prefixed(query(6))).close();

            byte[] p7 = prefixed(query(7));
            new Conn(w, 50003, T0 + 2000 * MS).client(Arrays.copyOfRange(p7, 0, 7))
                    .clientLost(Arrays.copyOfRange(p7, 7, p7.length)).client(prefixed(query(8))).close();

            byte[] p10 = prefixed(query(10));
            new Conn(w, 50004, T0 + 3000 * MS).client(prefixed(query(9)))
                    .clientLost(Arrays.copyOfRange(p10, 0, p10.length - 4))
                    .client(Arrays.copyOfRange(p10, p10.length - 4, p10.length)).client(prefixed(query(11)))
                    .close();

            byte[] p12 = prefixed(query(12));
            new Conn(w, 50005, T0 + 4000 * MS).client(Arrays.copyOfRange(p12, 0, 8)).close();
        }
        Replay.Result r = Replay.run(SensorConfig.defaults(dir.resolve("out")), List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, r.exitCode());
        tallies = r.tallies();
        records = ContractCapture.lines(dir.resolve("out/dns.jsonl"));
        byId = Expect.by(records, j -> j.get("id").asText());
    }

    @Test
    void messagesSplitAcrossSegmentsAndPackedIntoOneAreEachDecodedOnce() {
        // A message's time and frame are those of the segment holding its first length byte:
        // q3's is frame 5 at T0 + 4 ms. The responses all come at T0 + 6 ms (frame 7).
        fields("""
                {'ts': '2016-09-23T14:02:11.003000Z', 'transport': 'tcp', 'client_port': 50001,
                 'qname': 'q1.example', 'status': 'answered', 'rtt_ms': 3.0, 'frame': 4, 'response_frame': 7,
                 'answers': [{'name': 'q1.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.1'}]}
                """, byId.get("1"));
        fields("""
                {'ts': '2016-09-23T14:02:11.004000Z', 'qname': 'q2.example', 'status': 'answered', 'rtt_ms': 2.0,
                 'frame': 5, 'response_frame': 7,
                 'answers': [{'name': 'q2.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.2'}]}
                """, byId.get("2"));
        fields("""
                {'ts': '2016-09-23T14:02:11.004000Z', 'qname': 'q3.example', 'status': 'answered', 'rtt_ms': 2.0,
                 'frame': 5, 'response_frame': 7,
                 'answers': [{'name': 'q3.example', 'type': 'A', 'ttl': 60, 'data': '192.0.2.3'}]}
                """, byId.get("3"));
    }

    @Test
    void afterAGapTheFramerResynchronisesOnTheNextMessageStart() {
        // Records for q1-q4, q6, q8, q9, q11: q5 and q10 were lost, q7 was cut by a gap, q12 by the close.
        assertEquals(List.of(1, 2, 3, 4, 6, 8, 9, 11),
                records.stream().map(j -> j.get("id").asInt()).sorted().toList());
        fields("{'qname': 'q4.example', 'status': 'unanswered', 'frame': 14}", byId.get("4"));
        fields("{'qname': 'q6.example', 'status': 'unanswered'}", byId.get("6"));
        fields("{'qname': 'q8.example', 'status': 'unanswered'}", byId.get("8"));
        fields("{'qname': 'q9.example', 'status': 'unanswered', 'frame': 30}", byId.get("9"));
        fields("{'qname': 'q11.example', 'status': 'unanswered'}", byId.get("11"));
        // Three connections had a gap in the client's stream; each recovered on the next message.
        assertEquals(3, tallies.value("dns", "tcp_gaps"));
        assertEquals(3, tallies.value("dns", "tcp_resyncs"));
    }

    @Test
    void messagesCutByAGapOrByTheCloseAreNamed() {
        assertEquals(1, tallies.value("weird", "dns_tcp_message_lost_in_gap")); // q7
        assertEquals(1, tallies.value("weird", "dns_tcp_truncated_message")); // q12
        // Every message the framer cut out read as DNS: nothing malformed among them.
        assertEquals(0, tallies.value("dns", "malformed"));
        assertEquals(11, tallies.value("dns", "messages")); // q1-q4, q6, q8, q9, q11, r1-r3
        assertEquals(8, tallies.value("dns", "queries"));
        assertEquals(3, tallies.value("dns", "responses"));
    }
}
