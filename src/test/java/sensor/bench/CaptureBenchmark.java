package sensor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import sensor.SensorConfig;
import sensor.Pipeline;
import sensor.capture.CaptureException;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;
import sensor.metrics.Tallies;
import sensor.output.Outputs;
import sensor.scenario.BenchTraffic;

/**
 * The hot path from libpcap to the pipeline, per frame: pcap_next_ex and the copy into the reused
 * frame, and the same plus the whole pipeline. Run with {@code ./sensor bench jmh CaptureBenchmark};
 * never part of the test suite.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CaptureBenchmark {
    static final int FRAMES = 200_000;
    /** pcap_next_ex through the foreign-function API (JDK 22+; JNA where the JDK lacks it) or JNA. */
    @Param({"foreign", "jna"})
    public String binding;
    private Path capture;
    private final Frame frame = new Frame();

    @Setup
    public void setup() throws IOException {
        System.setProperty("sensor.pcap.foreign", String.valueOf(binding.equals("foreign")));
        capture = Path.of("target/bench/jmh-" + FRAMES + ".pcap");
        if (!Files.exists(capture)) {
            BenchTraffic.main(new String[] {capture.toString(), Integer.toString(FRAMES)});
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long readFrames(Blackhole bh) throws CaptureException {
        long n = 0;
        try (PcapFileSource src = new PcapFileSource(capture, null)) {
            while (src.next(frame)) {
                bh.consume(frame.caplen);
                n++;
            }
        }
        return n;
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long readAndDecode() throws CaptureException, IOException {
        Path out = Files.createTempDirectory("bench");
        long n = 0;
        try (PcapFileSource src = new PcapFileSource(capture, null);
                Outputs outputs = new Outputs(out, false);
                Pipeline p = new Pipeline(SensorConfig.defaults(out), new Tallies(), outputs)) {
            while (src.next(frame)) {
                p.onFrame(frame);
                n++;
            }
            p.finish();
        }
        return n;
    }
}
