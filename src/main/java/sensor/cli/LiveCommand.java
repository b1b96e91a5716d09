package sensor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sensor.Live;
import sensor.capture.PcapLiveSource;

@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Capture on interfaces until --duration passes or SIGINT/SIGTERM, writing records as they complete.")
public final class LiveCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE",
            description = "interface to capture on (repeatable; 'any' for all)")
    List<String> interfaces;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop by itself after this many seconds")
    long duration;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "serve Prometheus metrics at http://BIND:PORT/metrics")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", description = "address the metrics server binds (default: ${DEFAULT-VALUE})")
    String metricsBind = "127.0.0.1";

    @Option(names = {"-s", "--snaplen"}, paramLabel = "BYTES", description = "snapshot length (default: ${DEFAULT-VALUE})")
    int snaplen = 65535;

    @Option(names = "--no-promisc", description = "do not put the interface into promiscuous mode")
    boolean noPromisc;

    @Option(names = "--buffer-size", paramLabel = "BYTES", description = "libpcap kernel buffer size (default: ${DEFAULT-VALUE})")
    int bufferSize = 16 << 20;

    @Option(names = "--immediate", description = "libpcap immediate mode: deliver each packet at once (lower latency, more CPU)")
    boolean immediate;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        sensor.SensorConfig config;
        try {
            config = common.toConfig();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PcapLiveSource.Options options = new PcapLiveSource.Options(snaplen, !noPromisc, bufferSize, immediate, 100);
        return new Live(config, interfaces, options, duration, metricsBind,
                metricsPort == null ? -1 : metricsPort).run(System.out, System.err);
    }
}
