package sensor.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sensor.Live;
import sensor.capture.Frame;
import sensor.capture.PcapLiveSource;
import sensor.output.OutputFiles;
import sensor.output.Retention;
import sensor.output.RunDirectories;

@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Capture on interfaces until --duration passes or SIGINT/SIGTERM, writing records as they complete.")
public final class LiveCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE",
            description = "interface to capture on (repeatable; 'any' for all)")
    List<String> interfaces;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop by itself after this many seconds")
    @Range(min = 1)
    long duration;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "serve Prometheus metrics at http://BIND:PORT/metrics")
    @Range(min = 0, max = 65535)
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", converter = BindAddressConverter.class, description = "address the metrics server binds (default: ${DEFAULT-VALUE})")
    String metricsBind = "127.0.0.1";

    @Option(names = {"-s", "--snaplen"}, paramLabel = "BYTES", description = "snapshot length (default: ${DEFAULT-VALUE})")
    @Range(min = 1, max = Frame.MAX_SNAPLEN)
    int snaplen = 65535;

    @Option(names = "--no-promisc", description = "do not put the interface into promiscuous mode")
    boolean noPromisc;

    @Option(names = "--buffer-size", paramLabel = "BYTES", description = "libpcap kernel buffer size (default: ${DEFAULT-VALUE})")
    @Range(min = 65536)
    int bufferSize = 16 << 20;

    @Option(names = "--immediate", description = "libpcap immediate mode: deliver each packet at once (lower latency, more CPU)")
    boolean immediate;

    @Option(names = "--flush-interval", paramLabel = "SECONDS",
            description = "rewrite pairs, servers, events and write passive DNS this often (default: ${DEFAULT-VALUE})")
    @Range(min = 1)
    long flushInterval = 60;

    @Option(names = "--rotate", description = "rotate the record files hourly (NAME.YYYYMMDD-HH.jsonl)")
    boolean rotate;

    @Option(names = "--dir-per-run",
            description = "write into a new directory under --out at every start, named by the UTC start time"
                    + " (20261206T101500Z), so that a restart never replaces the previous run's files; --out/current"
                    + " links to the newest")
    boolean dirPerRun;

    @Option(names = "--retain", paramLabel = "SPAN", converter = SpanConverter.class,
            description = "delete the hourly files of --rotate, and the files of earlier runs (--dir-per-run), last"
                    + " written longer ago than SPAN (36h, 14d ...); checked at the start and every hour")
    java.time.Duration retain;

    @Option(names = "--ring-frames", paramLabel = "N",
            description = "frames buffered between capture and decoding per interface, a power of two (default: ${DEFAULT-VALUE})")
    @Range(min = 2, max = 1 << 30, powerOfTwo = true)
    int ringFrames = 65_536;

    @Option(names = "--ring-bytes", paramLabel = "BYTES",
            description = "bytes buffered between capture and decoding per interface (default: ${DEFAULT-VALUE})")
    @Range(min = Frame.MAX_SNAPLEN)
    int ringBytes = 64 << 20;

    @Option(names = "--status-interval", paramLabel = "SECONDS",
            description = "print a status line on stderr this often when stderr is not a terminal (a terminal gets one"
                    + " redrawn every second); 0: none (default: ${DEFAULT-VALUE})")
    @Range(min = 0, max = 86400)
    long statusInterval = 60;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        sensor.SensorConfig config;
        sensor.kafka.FleetSettings fleet;
        try {
            config = common.toConfig();
            fleet = kafka.toSettings();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PcapLiveSource.Options options = new PcapLiveSource.Options(snaplen, !noPromisc, bufferSize, immediate, 100);
        String overlap = overlappingInterfaces(interfaces);
        if (overlap != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), overlap);
        }
        if (retain != null && retain.isZero()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--retain must be longer than 0");
        }
        Path base = config.outDir();
        if (dirPerRun) {
            try {
                config = config.withOutDir(RunDirectories.create(base, Instant.now()));
                RunDirectories.linkCurrent(base, config.outDir());
            } catch (IOException e) {
                System.err.println("sensor: cannot create a run directory in " + base + ": " + OutputFiles.reason(e));
                return 1;
            }
        }
        Live.Settings settings = new Live.Settings(duration, metricsBind, metricsPort == null ? -1 : metricsPort,
                flushInterval, rotate, ringFrames, ringBytes, statusInterval);
        ScheduledExecutorService expiry = retain == null ? null
                : startRetention(new Retention(config.outDir(), dirPerRun ? base : null, retain));
        try {
            return new Live(config, interfaces, options, settings, fleet).run(System.out, System.err);
        } finally {
            if (expiry != null) {
                expiry.shutdownNow();
            }
            if (dirPerRun) {
                try {
                    RunDirectories.discardIfEmpty(base, config.outDir());
                } catch (IOException e) {
                    System.err.println("sensor: cannot remove the empty run directory " + config.outDir() + ": "
                            + OutputFiles.reason(e));
                }
            }
        }
    }

    /** Runs the retention now and every hour on a daemon thread; what it cannot delete is said on stderr. */
    private static ScheduledExecutorService startRetention(Retention retention) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            for (String failure : retention.expire(Instant.now()).failures()) {
                System.err.println("sensor: --retain cannot delete " + failure);
            }
        }, 0, 1, TimeUnit.HOURS);
        return s;
    }

    /**
     * Why these interfaces would see the same packets twice (every transaction written twice),
     * or null: one named twice, or 'any' beside another.
     */
    static String overlappingInterfaces(List<String> interfaces) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String i : interfaces) {
            if (!seen.add(i)) {
                return "interface " + i + " is given twice: its packets would be counted twice";
            }
        }
        if (interfaces.size() > 1 && seen.contains("any")) {
            return "'any' already captures every interface: give it alone";
        }
        return null;
    }
}
