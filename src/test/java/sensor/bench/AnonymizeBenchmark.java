package sensor.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.anonymize.AnonymizeKey;
import sensor.anonymize.Anonymization;
import sensor.anonymize.CryptoPan;
import sensor.anonymize.RecordAnonymizer;
import sensor.decode.IpAddress;
import sensor.kafka.RecordConverter;
import sensor.txn.DnsTransaction;

/**
 * What {@code --anonymize-key} costs a DNS transaction, in nanoseconds: over the demo capture's
 * transactions (a dozen addresses, all found in the cache), over the benchmark capture's client
 * mix (10,000 clients, 15% IPv6, a few busy: some miss the cache), and one pseudonym computed
 * (32 AES blocks for IPv4, 128 for IPv6). Run with {@code ./sensor bench jmh AnonymizeBenchmark};
 * never part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AnonymizeBenchmark {
    private static final AnonymizeKey KEY = AnonymizeKey.of(new byte[] {
        21, 34, 23, (byte) 141, 51, (byte) 164, (byte) 207, (byte) 128, 19, 10, 91, 22, 73, (byte) 144, 125, 16,
        (byte) 216, (byte) 152, (byte) 143, (byte) 131, 121, 121, 101, 39, 98, 87, 76, 45, 42, (byte) 132, 34, 2});

    private DnsTransaction[] demo;
    private DnsTransaction[] skewed;
    private RecordAnonymizer anonymizer;
    private CryptoPan pan;
    private int next;
    private long counter;

    @Setup
    public void setUp() throws IOException {
        Path out = Files.createTempDirectory("anonymize-bench");
        Replay.run(SensorConfig.defaults(out), List.of("captures/demo-2016.pcap"),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()));
        demo = Files.readAllLines(out.resolve("dns.jsonl")).stream().map(RecordConverter::dns)
                .toArray(DnsTransaction[]::new);
        SplittableRandom rnd = new SplittableRandom(2016);
        skewed = new DnsTransaction[1 << 16];
        for (int i = 0; i < skewed.length; i++) {
            double u = rnd.nextDouble();
            int k = (int) Math.min(4999, Math.floor(5000 * u * u * u));
            IpAddress client = rnd.nextInt(100) < 15 ? IpAddress.parse("2001:db8:" + Integer.toHexString(k) + "::7")
                    : IpAddress.parse("10." + (k >> 8 & 0xff) + "." + (k & 0xff) + ".7");
            DnsTransaction t = demo[i % demo.length];
            skewed[i] = t.withEndpoints(client, t.server(), t.ecs());
        }
        anonymizer = RecordAnonymizer.of(new Anonymization(KEY, false));
        pan = new CryptoPan(KEY);
    }

    @Benchmark
    public DnsTransaction demoTransaction() {
        DnsTransaction t = demo[next++ % demo.length];
        return anonymizer.dns(t);
    }

    @Benchmark
    public DnsTransaction skewedTransaction() {
        return anonymizer.dns(skewed[next++ & (skewed.length - 1)]);
    }

    @Benchmark
    public IpAddress ipv4Pseudonym() {
        return pan.anonymize(IpAddress.ofV4((int) counter++));
    }

    @Benchmark
    public IpAddress ipv6Pseudonym() {
        return pan.anonymize(new IpAddress(0x2001_0db8_0000_0000L, counter++));
    }
}
