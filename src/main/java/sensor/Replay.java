package sensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sensor.capture.CaptureException;
import sensor.capture.Filters;
import sensor.capture.Frame;
import sensor.capture.InputDigest;
import sensor.capture.PcapFileSource;
import sensor.capture.Prefilter;
import sensor.kafka.FleetSettings;
import sensor.kafka.RecordProducer;
import sensor.metrics.Tallies;
import sensor.output.Outputs;
import sensor.output.Progress;
import sensor.output.Report;
import sensor.output.Summary;

/** One replay of saved captures, in order, through one pipeline. Used by the CLI and by tests. */
public final class Replay {
    /** How often (in frames) the progress bar is offered an update. */
    private static final int PROGRESS_EVERY = 4096;

    private Replay() {}

    /** The outcome of a replay; {@code exitCode} follows the contract (0 read, 1 unreadable input). */
    public record Result(int exitCode, Tallies tallies, List<Summary.Input> inputs) {}

    /**
     * How the run reports itself: how many entries each report section shows, and the command
     * line that summary.json records (null when not run from the command line).
     */
    public record Options(int reportTop, List<String> commandLine) {
        public static final int REPORT_TOP = 10;

        public static Options defaults() {
            return new Options(REPORT_TOP, null);
        }
    }

    public static Result run(SensorConfig config, List<String> files, PrintStream out, PrintStream err) {
        return run(config, null, Options.defaults(), files, out, err);
    }

    /** With {@code fleet}, records are also (or only) produced to Kafka. */
    public static Result run(SensorConfig config, FleetSettings fleet, Options options, List<String> files,
            PrintStream out, PrintStream err) {
        Tallies tallies = new Tallies();
        List<PcapFileSource> sources = new ArrayList<>();
        // Open every input first: an unreadable one ends the run before any output is written.
        for (String file : files) {
            try {
                sources.add(new PcapFileSource(file, linkType -> filters(config, linkType)));
            } catch (CaptureException e) {
                sources.forEach(PcapFileSource::close);
                err.println("sensor: " + e.getMessage());
                return new Result(1, tallies, List.of());
            }
        }
        boolean nano = sources.stream().anyMatch(PcapFileSource::nanoPrecision);
        long totalBytes = sources.stream().mapToLong(s -> Math.max(0, s.size())).sum();
        Progress progress = new Progress(err, !config.quiet() && System.console() != null, totalBytes);
        List<Summary.Input> inputs = new ArrayList<>();
        long start = System.nanoTime();
        Frame frame = new Frame();
        try (Outputs outputs = new Outputs(config.outDir(), nano,
                    fleet == null ? null : new RecordProducer(fleet, tallies, err));
                Pipeline pipeline = new Pipeline(config, tallies, outputs)) {
            long frames = 0;
            for (int i = 0; i < sources.size(); i++) {
                PcapFileSource source = sources.get(i);
                if (source.filterNote() != null) {
                    err.println("sensor: " + source.name() + ": " + source.filterNote());
                }
                long before = frames;
                long firstTs = Long.MAX_VALUE;
                long lastTs = Long.MIN_VALUE;
                InputDigest digest = InputDigest.start(source.name());
                try (source) {
                    while (source.next(frame)) {
                        frame.input = i;
                        firstTs = Math.min(firstTs, frame.tsNanos);
                        lastTs = Math.max(lastTs, frame.tsNanos);
                        pipeline.onFrameGuarded(frame, err);
                        if ((++frames & (PROGRESS_EVERY - 1)) == 0) {
                            progress.update(source.position(), frames);
                        }
                    }
                } catch (CaptureException e) {
                    // Only possible before the first frame; opening succeeded, so say so and go on.
                    err.println("sensor: " + e.getMessage());
                    tallies.weird("capture_unreadable").inc();
                }
                if (source.warning() != null) {
                    err.println("sensor: warning: " + source.warning());
                    tallies.weird("capture_truncated").inc();
                }
                progress.inputDone(source.size());
                inputs.add(new Summary.Input(source.name(), source.framesRead(), frames - before, source.warning(),
                        source.size(), digest.sha256(), firstTs, lastTs, source.linkType()));
            }
            pipeline.finish();
            outputs.finishMirror();
            progress.done();
            double elapsed = (System.nanoTime() - start) / 1e9;
            Summary.write(config.outDir().resolve("summary.json"), Summary.toJson(tallies, elapsed,
                    new Summary.Run(Summary.version(), options.commandLine(), nano,
                            config.anonymization() != null), inputs, limits(config)));
            if (!config.quiet()) {
                Report.print(out, tallies, inputs, pipeline, elapsed, options.reportTop());
            }
        }
        boolean anyRead = inputs.stream().anyMatch(in -> in.framesDecoded() > 0) || tallies.value(Tallies.WEIRD, "capture_unreadable") == 0;
        return new Result(anyRead ? 0 : 1, tallies, inputs);
    }

    static Filters filters(SensorConfig config, int linkType) {
        String pre = config.prefilter() ? Prefilter.expression(config.servicePorts(), linkType) : null;
        return new Filters(config.filter(), pre);
    }

    static Map<String, Object> limits(SensorConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dns_ports", config.dnsPorts().toString());
        m.put("smtp_ports", config.smtpPorts().toString());
        m.put("prefilter", String.valueOf(config.prefilter()));
        // Every table is bounded; the bounds in force, so a reader of the summary knows them.
        m.put("max_pairs", String.valueOf(config.pairs().maxPairs()));
        m.put("pdns_max", String.valueOf(config.pdnsMaxEntries()));
        sensor.txn.TxnLimits txn = config.txnLimits();
        m.put("dns_timeout_s", String.valueOf(txn.timeoutNanos() / 1e9));
        m.put("dns_pending_max", String.valueOf(txn.maxPending()));
        m.put("dns_pending_per_flow_max", String.valueOf(txn.maxPendingPerFlow()));
        m.put("dns_held_max", String.valueOf(txn.maxHeld()));
        sensor.flow.TcpLimits tcp = sensor.flow.TcpLimits.defaults();
        m.put("tcp_connections_max", String.valueOf(tcp.maxConnections()));
        m.put("tcp_buffered_per_direction_max", String.valueOf(tcp.maxBufferedPerDirection()));
        m.put("tcp_buffered_total_max", String.valueOf(tcp.maxBufferedTotal()));
        sensor.flow.IpDefragmenter.Limits frag = sensor.flow.IpDefragmenter.Limits.defaults();
        m.put("ip_fragment_datagrams_max", String.valueOf(frag.maxDatagrams()));
        m.put("ip_fragment_bytes_max", String.valueOf(frag.maxBytes()));
        return m;
    }
}
