package sensor.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Message;
import sensor.decode.IpAddress;
import sensor.dns.ParseResult;
import sensor.dns.DnsParser;
import sensor.scenario.DnsWire;

/**
 * DNS messages per second: dnsjava's parse alone, and the sensor's parser (header and question
 * by hand, dnsjava only where there are records to report). Run with
 * {@code ./sensor bench jmh DnsParseBenchmark}; never part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DnsParseBenchmark {
    private final byte[] query = DnsWire.query(4711, "host1234.example56.com", DnsWire.A, true);
    private final byte[] response = DnsWire.response(4711, "host1234.example56.com", DnsWire.A, DnsWire.NOERROR,
            List.of(new DnsWire.Rr("host1234.example56.com", DnsWire.A, 300, "198.51.100.7"),
                    new DnsWire.Rr("host1234.example56.com", DnsWire.A, 300, "198.51.100.8")), true);
    private final byte[] nxdomain = DnsWire.response(4711, "nope.example56.com", DnsWire.A, DnsWire.NXDOMAIN,
            List.of(), true);
    /** An authoritative answer with its NS record, the servers' glue and an OPT record. */
    private final byte[] glue = DnsWire.message(4711, 0x8400, "www.example56.com", DnsWire.A, 1,
            List.of(new DnsWire.RawRr("www.example56.com", DnsWire.A, 1, 300, new byte[] {(byte) 198, 51, 100, 7})),
            List.of(new DnsWire.RawRr("example56.com", DnsWire.NS, 1, 3600, DnsWire.name("ns1.example56.com"))),
            List.of(new DnsWire.RawRr("ns1.example56.com", DnsWire.A, 1, 3600, new byte[] {(byte) 198, 51, 100, 53}),
                    new DnsWire.RawRr("ns1.example56.com", DnsWire.AAAA, 1, 3600, new byte[16]),
                    new DnsWire.RawRr("", DnsWire.OPT, 1232, 0, new byte[0])));
    /** An HTTPS answer: 1 . alpn=h2,h3 ipv4hint=198.51.100.7 and an OPT record. */
    private final byte[] https = DnsWire.message(4711, 0x8180, "www.example56.com", 65, 1,
            List.of(new DnsWire.RawRr("www.example56.com", 65, 1, 300, new byte[] {0, 1, 0, 0, 1, 0, 6, 2, 'h', '2', 2,
                    'h', '3', 0, 4, 0, 4, (byte) 198, 51, 100, 7})),
            List.of(), List.of(new DnsWire.RawRr("", DnsWire.OPT, 1232, 0, new byte[0])));
    /** A signed answer (A and its RRSIG, a 64-byte signature) with an OPT record, as a validating resolver gets it. */
    private final byte[] signed = DnsWire.message(4711, 0x8180, "www.example56.com", DnsWire.A, 1,
            List.of(new DnsWire.RawRr("www.example56.com", DnsWire.A, 1, 300, new byte[] {(byte) 198, 51, 100, 7}),
                    new DnsWire.RawRr("www.example56.com", 46, 1, 300, rrsig())),
            List.of(), List.of(new DnsWire.RawRr("", DnsWire.OPT, 1232, 0x8000, new byte[0])));
    private final DnsParser parser = new DnsParser();
    private final IpAddress a = IpAddress.parse("192.0.2.1");
    private final IpAddress b = IpAddress.parse("192.0.2.53");

    @Benchmark
    public Message dnsjavaQuery() throws Exception {
        return new Message(query);
    }

    @Benchmark
    public Message dnsjavaResponse() throws Exception {
        return new Message(response);
    }

    @Benchmark
    public ParseResult sensorQuery() {
        return parser.parse(query, 0, query.length, false, a, 40000, b, 53, 0, 1);
    }

    @Benchmark
    public ParseResult sensorResponse() {
        return parser.parse(response, 0, response.length, false, b, 53, a, 40000, 0, 2);
    }

    @Benchmark
    public Message dnsjavaGlue() throws Exception {
        return new Message(glue);
    }

    @Benchmark
    public ParseResult sensorGlue() {
        return parser.parse(glue, 0, glue.length, false, b, 53, a, 40000, 0, 4);
    }

    @Benchmark
    public ParseResult sensorHttps() {
        return parser.parse(https, 0, https.length, false, b, 53, a, 40000, 0, 5);
    }

    @Benchmark
    public ParseResult sensorSigned() {
        return parser.parse(signed, 0, signed.length, false, b, 53, a, 40000, 0, 6);
    }

    private static byte[] rrsig() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 1, 13, 3, 0, 0, 1, 44, 0x6a, 0x7a, 0x0e, 0, 0x6a, 0x2d, 0x60, 0, 0x30, 0x39});
        out.writeBytes(DnsWire.name("example56.com"));
        out.writeBytes(new byte[64]);
        return out.toByteArray();
    }

    @Benchmark
    public ParseResult sensorNxdomain() {
        return parser.parse(nxdomain, 0, nxdomain.length, false, b, 53, a, 40000, 0, 3);
    }
}
