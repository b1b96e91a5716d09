package sensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sensor.capture.CaptureException;
import sensor.capture.Filters;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;
import sensor.capture.Prefilter;
import sensor.kafka.FleetSettings;
import sensor.kafka.RecordProducer;
import sensor.metrics.Tallies;
import sensor.output.FileDigest;
import sensor.output.OutputFiles;
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
        return run(config, fleet, options, files, out, err, pipeline -> { });
    }

    /** With {@code onStart} called on the pipeline before the first frame (tests inject faults). */
    static Result run(SensorConfig config, FleetSettings fleet, Options options, List<String> files, PrintStream out,
            PrintStream err, java.util.function.Consumer<Pipeline> onStart) {
        Tallies tallies = new Tallies();
        for (String file : files) {
            String clash = file.equals("-") ? null : OutputFiles.clash(java.nio.file.Path.of(file), config.outDir());
            if (clash != null) {
                err.println("sensor: " + file + " " + clash);
                return new Result(2, tallies, List.of());
            }
        }
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
        RecordProducer producer;
        try {
            producer = fleet == null ? null : new RecordProducer(fleet, tallies, err);
        } catch (IllegalArgumentException e) {
            sources.forEach(PcapFileSource::close);
            err.println("sensor: " + e.getMessage());
            return new Result(2, tallies, List.of());
        }
        Outputs opened;
        try {
            opened = new Outputs(config.outDir(), nano, producer);
        } catch (java.io.UncheckedIOException e) {
            if (producer != null) {
                producer.close();
            }
            sources.forEach(PcapFileSource::close);
            err.println("sensor: " + e.getMessage());
            return new Result(1, tallies, List.of());
        }
        try (Outputs outputs = opened;
                Pipeline pipeline = new Pipeline(config, tallies, outputs)) {
            try {
                onStart.accept(pipeline);
                if (!replay(config, options, nano, sources, pipeline, outputs, tallies, inputs, progress, start, out,
                        err)) {
                    return new Result(1, tallies, inputs);
                }
                if (fleet != null && !fleet.writeFiles()
                        && tallies.value("kafka", "failed") + tallies.value("kafka", "dropped") > 0) {
                    // --no-files: what Kafka did not take is lost (the producer said how many)
                    return new Result(1, tallies, inputs);
                }
            } catch (Error e) {
                Fatal.report(err, e, "decoding");
                tallies.weird("fatal_error").inc();
                salvage(config, options, nano, pipeline, outputs, tallies, inputs, start);
                return new Result(1, tallies, inputs);
            }
        }
        boolean anyRead = inputs.stream().anyMatch(in -> in.framesDecoded() > 0) || tallies.value(Tallies.WEIRD, "capture_unreadable") == 0;
        return new Result(anyRead ? 0 : 1, tallies, inputs);
    }

    /**
     * After a fatal error: what can still be finished is (pending transactions, aggregates, the
     * summary); whatever fails again is let go, and closing the outputs flushes every record
     * written so far.
     */
    private static void salvage(SensorConfig config, Options options, boolean nano, Pipeline pipeline,
            Outputs outputs, Tallies tallies, List<Summary.Input> inputs, long start) {
        try {
            pipeline.finish();
            outputs.finishMirror();
        } catch (Throwable again) {
            // already reported in one line; the records written so far are flushed on close
        }
        try {
            outputs.commit();
            outputs.report(tallies);
            outputs.writeSummary(Summary.toJson(tallies, (System.nanoTime() - start) / 1e9,
                    run(config, options, nano, List.of()), inputs, limits(config)));
        } catch (Throwable again) {
            // as above
        }
    }

    /** Replays every input; false when records could not be written (said in one line). */
    private static boolean replay(SensorConfig config, Options options, boolean nano, List<PcapFileSource> sources,
            Pipeline pipeline, Outputs outputs, Tallies tallies, List<Summary.Input> inputs, Progress progress,
            long start, PrintStream out, PrintStream err) {
        Frame frame = new Frame();
        long frames = 0;
        for (int i = 0; i < sources.size(); i++) {
            PcapFileSource source = sources.get(i);
            if (source.filterNote() != null) {
                err.println("sensor: " + source.name() + ": " + source.filterNote());
            }
            long before = frames;
            long firstTs = Long.MAX_VALUE;
            long lastTs = Long.MIN_VALUE;
            CompletableFuture<FileDigest> digest = FileDigest.start(source.name());
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
                    source.size(), sha256(digest), firstTs, lastTs, source.linkType()));
        }
        pipeline.finish();
        outputs.finishMirror();
        progress.done();
        double elapsed = (System.nanoTime() - start) / 1e9;
        outputs.commit();
        outputs.report(tallies);
        String summaryFailure = null;
        try {
            List<FileDigest> files = outputs.digests(RECORD_FILES);
            outputs.writeSummary(Summary.toJson(tallies, elapsed, run(config, options, nano, files), inputs,
                    limits(config)));
        } catch (java.io.UncheckedIOException e) {
            summaryFailure = e.getMessage();
        }
        Map<String, Long> lost = outputs.linesNotWritten();
        if (!lost.isEmpty() || summaryFailure != null) {
            java.io.IOException cause = outputs.failure();
            long total = lost.values().stream().mapToLong(Long::longValue).sum();
            err.println("sensor: cannot write " + config.outDir()
                    + (cause != null ? ": " + OutputFiles.reason(cause) : "")
                    + (total > 0 ? "; " + total + " records not written " + lost : "")
                    + (summaryFailure != null ? "; " + summaryFailure : "; see summary.json (output.*)"));
            return false;
        }
        if (!config.quiet()) {
            Report.print(out, tallies, inputs, pipeline.snapshot(), pipeline.nanoPrecision(), config.outDir(), elapsed,
                    options.reportTop());
        }
        return true;
    }

    private static Summary.Run run(SensorConfig config, Options options, boolean nano, List<FileDigest> files) {
        return new Summary.Run(Summary.version(), options.commandLine(), nano, config.anonymization() != null, files);
    }

    private static String sha256(CompletableFuture<FileDigest> digest) {
        FileDigest d = digest.join();
        return d == null ? null : d.sha256();
    }

    /** The record files whose digests summary.json gives. */
    private static final List<String> RECORD_FILES = List.of("dns.jsonl", "smtp.jsonl", "pdns.jsonl", "pairs.jsonl",
            "servers.jsonl", "events.jsonl");

    static Filters filters(SensorConfig config, int linkType) {
        String pre = config.prefilter() ? Prefilter.expression(config.servicePorts().ports(), linkType) : null;
        return new Filters(config.filter(), pre);
    }

    static Map<String, Object> limits(SensorConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dns_ports", config.dnsPorts().toString());
        m.put("smtp_ports", config.smtpPorts().toString());
        m.put("prefilter", String.valueOf(config.prefilter()));
        m.put("heap_max_bytes", String.valueOf(Runtime.getRuntime().maxMemory()));
        // Every table is bounded; the bounds in force, so a reader of the summary knows them.
        m.put("max_pairs", String.valueOf(config.pairs().maxPairs()));
        m.put("pdns_max", String.valueOf(config.pdnsMaxEntries()));
        sensor.txn.TxnLimits txn = config.txnLimits();
        m.put("dns_timeout_s", String.valueOf(txn.timeoutNanos() / 1e9));
        m.put("dns_pending_max", String.valueOf(txn.maxPending()));
        m.put("dns_pending_per_flow_max", String.valueOf(txn.maxPendingPerFlow()));
        m.put("dns_held_max", String.valueOf(txn.maxHeld()));
        sensor.flow.TcpLimits tcp = Pipeline.tcpLimits();
        m.put("tcp_connections_max", String.valueOf(tcp.maxConnections()));
        m.put("tcp_buffered_per_direction_max", String.valueOf(tcp.maxBufferedPerDirection()));
        m.put("tcp_buffered_total_max", String.valueOf(tcp.maxBufferedTotal()));
        sensor.flow.IpDefragmenter.Limits frag = Pipeline.fragmentLimits();
        m.put("ip_fragment_datagrams_max", String.valueOf(frag.maxDatagrams()));
        m.put("ip_fragment_bytes_max", String.valueOf(frag.maxBytes()));
        return m;
    }
}
