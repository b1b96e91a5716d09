package sensor.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import sensor.decode.IpAddress;
import sensor.decode.Packet;
import sensor.dns.DnsMessage;
import sensor.dns.DnsParser;
import sensor.flow.PortSet;
import sensor.flow.StreamConsumer;
import sensor.flow.TcpConnection;
import sensor.flow.TcpLimits;
import sensor.flow.TcpTracker;
import sensor.metrics.Tallies;
import sensor.output.DnsRecordFormat;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairsConfig;
import sensor.pairs.PassiveDns;
import sensor.scenario.DnsWire;
import sensor.txn.DnsTransaction;
import sensor.txn.TransactionMatcher;
import sensor.txn.TxnLimits;

/**
 * The stages after the DNS parser, each alone, in nanoseconds per operation: transaction
 * matching (a query and its response), the dns.jsonl line (its clients drawn as the benchmark
 * capture draws them: 10,000, a few busy), pair aggregation with passive DNS (over 100,000
 * distinct clients and names, so the tables are the size of a busy hour), and TCP reassembly of
 * DNS-over-TCP segments. Run with {@code ./sensor bench jmh StagesBenchmark};
 * never part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StagesBenchmark {
    private static final int DISTINCT = 100_000;
    private static final int BATCH = 1024;

    private final IpAddress server = IpAddress.parse("198.51.100.53");
    private DnsMessage[] queries;
    private DnsMessage[] responses;
    private DnsTransaction[] transactions;
    /** For the dns.jsonl line: 100,000 clients had overflowed its address cache on every line. */
    private DnsTransaction[] lines;
    private TransactionMatcher matcher;
    private PairAggregator pairs;
    private PassiveDns pdns;
    private final DnsRecordFormat format = new DnsRecordFormat(false);
    private TcpTracker tcp;
    private Packet[] segments;
    private long seq;
    private long delivered;
    private int next;
    private long ts = 1_474_639_331_000_000_000L;
    private Blackhole hole;

    @Setup
    public void setUp(Blackhole bh) {
        hole = bh;
        queries = new DnsMessage[DISTINCT];
        responses = new DnsMessage[DISTINCT];
        Tallies tallies = new Tallies();
        // BenchTraffic's clients: 5,000 IPv4 and 5,000 IPv6 addresses, 15% of the lookups IPv6,
        // skewed towards a few busy ones.
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(2016);
        lines = transactions(i -> {
            double u = rnd.nextDouble();
            int k = (int) Math.min(4999, Math.floor(5000 * u * u * u));
            return rnd.nextInt(100) < 15 ? IpAddress.parse("2001:db8:" + Integer.toHexString(k) + "::7")
                    : IpAddress.parse("10." + (k >> 8 & 0xff) + "." + (k & 0xff) + ".7");
        }, tallies);
        // Last, so that the matcher's stage keeps its queries and responses (100,000 clients).
        transactions = transactions(i -> IpAddress.ofV4(0x0a000000 + (i * 7919) % DISTINCT), tallies);
        matcher = new TransactionMatcher(TxnLimits.defaults(), t -> hole.consume(t), tallies);
        pairs = new PairAggregator(PairsConfig.defaults());
        pdns = new PassiveDns(250_000, e -> hole.consume(e), tallies);
        StreamConsumer sink = new StreamConsumer() {
            @Override
            public void onData(TcpConnection conn, boolean fromClient, byte[] buf, int off, int len, long t) {
                delivered += len;
            }

            @Override
            public void onGap(TcpConnection conn, boolean fromClient, long missed, long t) {}

            @Override
            public void onClose(TcpConnection conn, long t) {}
        };
        tcp = new TcpTracker(c -> sink, new PortSet(53), TcpLimits.defaults(), tallies);
        segments = new Packet[BATCH];
        byte[] message = DnsWire.query(1, "host1.example.com", DnsWire.A, true);
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        for (int i = 0; i < BATCH; i++) {
            Packet p = new Packet();
            IpAddress c = IpAddress.parse("192.0.2.10");
            p.srcHi = c.hi();
            p.srcLo = c.lo();
            p.dstHi = server.hi();
            p.dstLo = server.lo();
            p.srcPort = 40000;
            p.dstPort = 53;
            p.tcpFlags = Packet.ACK | Packet.PSH;
            p.buf = framed;
            p.payloadLength = framed.length;
            p.ipVersion = 4;
            segments[i] = p;
        }
    }

    /**
     * DISTINCT transactions as the matcher makes them, for the stages that follow it, with the
     * i-th client {@code clientOf(i)}; the last set's queries and responses stay for the matcher.
     */
    private DnsTransaction[] transactions(java.util.function.IntFunction<IpAddress> clientOf, Tallies tallies) {
        DnsParser parser = new DnsParser();
        for (int i = 0; i < DISTINCT; i++) {
            IpAddress client = clientOf.apply(i);
            String name = "host" + i + ".example" + (i % 97) + ".com";
            byte[] q = DnsWire.query(i & 0xffff, name, DnsWire.A, true);
            byte[] r = DnsWire.response(i & 0xffff, name, DnsWire.A, DnsWire.NOERROR,
                    List.of(new DnsWire.Rr(name, DnsWire.A, 300, "203.0.113." + (i % 250))), true);
            queries[i] = (DnsMessage) parser.parse(q, 0, q.length, false, client, 1024 + i % 60000, server, 53, 0, 2L * i);
            responses[i] = (DnsMessage) parser.parse(r, 0, r.length, false, server, 53, client, 1024 + i % 60000, 0,
                    2L * i + 1);
        }
        DnsTransaction[] out = new DnsTransaction[DISTINCT];
        int[] n = {0};
        TransactionMatcher collect = new TransactionMatcher(TxnLimits.defaults(), t -> out[n[0]++] = t, tallies);
        for (int i = 0; i < DISTINCT; i++) {
            collect.accept(withTime(queries[i], i * 1000L));
            collect.accept(withTime(responses[i], i * 1000L + 500));
        }
        collect.finish(Long.MAX_VALUE);
        return out;
    }

    private static DnsMessage withTime(DnsMessage m, long t) {
        return new DnsMessage(t, m.frame(), m.tcp(), m.src(), m.srcPort(), m.dst(), m.dstPort(), m.id(), m.qr(),
                m.opcode(), m.rcode(), m.flags(), m.question(), m.qname(), m.qtype(), m.qclass(), m.answers(),
                m.authority(), m.ednsUdpSize(), m.dnssecOk(), m.ecs(), m.malformed(), m.ednsOptions(), m.update(),
                m.malformedSection(), m.qnameKey());
    }

    /** One query and its response matched into a transaction. */
    @Benchmark
    public void matchQueryAndResponse() {
        int i = next++ % DISTINCT;
        ts += 1000;
        matcher.accept(withTime(queries[i], ts));
        matcher.accept(withTime(responses[i], ts + 500));
    }

    /** One dns.jsonl line. */
    @Benchmark
    public int formatRecord() {
        return format.line(lines[next++ % DISTINCT]).length();
    }

    /** One answered transaction into the pair tables, rename histories and passive DNS. */
    @Benchmark
    public void aggregate() {
        DnsTransaction t = transactions[next++ % DISTINCT];
        pairs.onDns(t);
        pdns.accept(t);
    }

    /** One in-order segment carrying a length-prefixed DNS message. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reassembleTcpSegments() {
        for (Packet p : segments) {
            p.seq = seq & 0xffffffffL;
            p.tsNanos = ts++;
            seq += p.payloadLength;
            tcp.onSegment(p);
        }
        return delivered;
    }
}
