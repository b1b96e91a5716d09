package sensor;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import sensor.capture.CaptureException;
import sensor.capture.Frame;
import sensor.capture.FrameRing;
import sensor.capture.PcapLiveSource;
import sensor.capture.StopSignals;
import sensor.metrics.MetricsServer;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;
import sensor.output.Outputs;
import sensor.output.Summary;

/**
 * Live capture on one or more interfaces until {@code --duration} passes or SIGINT/SIGTERM
 * arrives. Each interface has a capture thread that only copies frames into its bounded ring;
 * one decoding thread runs the pipeline. When decoding falls behind, frames are dropped and
 * counted, memory does not grow. On stop: capture ends, the rings drain, every record is
 * written, exit 0. An error that ends any of these threads (out of memory) ends the run: capture
 * stops, what was decoded is written, one line on stderr, exit 1.
 */
public final class Live {
    /** How often records are flushed, idle state expired and libpcap's counters read. */
    private static final long TICK_NANOS = 1_000_000_000L;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMdd-HH").withZone(ZoneOffset.UTC);

    /** Live-only settings; {@code statusIntervalSeconds} 0: no status while running. */
    public record Settings(long durationSeconds, String metricsBind, int metricsPort, long flushIntervalSeconds,
            boolean rotate, int ringEntries, int ringBytes, long statusIntervalSeconds) {
        public Settings(long durationSeconds, String metricsBind, int metricsPort, long flushIntervalSeconds,
                boolean rotate, int ringEntries, int ringBytes) {
            this(durationSeconds, metricsBind, metricsPort, flushIntervalSeconds, rotate, ringEntries, ringBytes, 0);
        }
    }

    private final SensorConfig config;
    private final List<String> interfaces;
    private final PcapLiveSource.Options options;
    private final Settings settings;
    private final List<PcapLiveSource> sources = new ArrayList<>();
    private final List<FrameRing> rings = new ArrayList<>();
    private final sensor.kafka.FleetSettings fleet;
    /** The first error that ended a capture or decoding thread. */
    private final java.util.concurrent.atomic.AtomicReference<Throwable> fatal = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile String fatalThread;
    private java.util.function.Consumer<Pipeline> onStart = pipeline -> { };

    public Live(SensorConfig config, List<String> interfaces, PcapLiveSource.Options options, Settings settings) {
        this(config, interfaces, options, settings, null);
    }

    /** With {@code fleet}, records are also (or only) produced to Kafka. */
    public Live(SensorConfig config, List<String> interfaces, PcapLiveSource.Options options, Settings settings,
            sensor.kafka.FleetSettings fleet) {
        this.config = config;
        this.interfaces = interfaces;
        this.options = options;
        this.settings = settings;
        this.fleet = fleet;
    }

    /** Called on the pipeline before capture starts (tests inject faults). */
    Live onStart(java.util.function.Consumer<Pipeline> hook) {
        this.onStart = hook;
        return this;
    }

    public int run(PrintStream out, PrintStream err) {
        Tallies tallies = new Tallies();
        for (String iface : interfaces) {
            try {
                sources.add(new PcapLiveSource(iface, options, linkType -> Replay.filters(config, linkType)));
                rings.add(new FrameRing(settings.ringEntries(), ringBytes(err)));
            } catch (CaptureException e) {
                sources.forEach(PcapLiveSource::close);
                err.println("sensor: " + e.getMessage());
                return 1;
            }
        }
        for (PcapLiveSource s : sources) {
            if (!config.quiet()) {
                err.println(LiveStatus.started(s, options, config.filter(), config.prefilter()));
            }
            if (s.filterNote() != null) {
                err.println("sensor: " + s.name() + ": " + s.filterNote());
            }
        }
        // SIGINT/SIGTERM stop the capture and let the decoder drain and write everything, then
        // return 0; left to the JVM's default, the signal would end the process with 130/143.
        StopSignals.install(this::stopCapture);
        long start = System.nanoTime();
        LiveStatus status = new LiveStatus(err, LiveStatus.onTerminal(), config.quiet() ? 0 : settings.statusIntervalSeconds(),
                tallies, interfaces, start);
        MetricsServer metrics = null;
        sensor.kafka.RecordProducer producer;
        try {
            producer = fleet == null ? null : new sensor.kafka.RecordProducer(fleet, tallies, err);
        } catch (IllegalArgumentException e) {
            sources.forEach(PcapLiveSource::close);
            err.println("sensor: " + e.getMessage());
            return 2;
        }
        List<Thread> readers = new ArrayList<>();
        try (Outputs outputs = new Outputs(config.outDir(), true, producer, false);
                Pipeline pipeline = new Pipeline(config, tallies, outputs)) {
            readDrops(tallies); // libpcap's counters are series from the first scrape on, not from the first tick
            if (settings.metricsPort() >= 0) {
                if (!MetricsServer.loopback(settings.metricsBind())) {
                    err.println("sensor: warning: metrics served on " + settings.metricsBind()
                            + ", not a loopback address: anyone who reaches it can read them");
                }
                metrics = new MetricsServer(tallies, settings.metricsBind(), settings.metricsPort());
                metrics.bindPipeline(pipeline, () -> rings.stream().mapToInt(FrameRing::size).sum());
                if (!config.quiet()) {
                    err.println("sensor: metrics on http://" + settings.metricsBind() + ":" + metrics.port() + "/metrics");
                }
            }
            for (int i = 0; i < sources.size(); i++) {
                PcapLiveSource source = sources.get(i);
                FrameRing ring = rings.get(i);
                Thread t = new Thread(guarded(() -> capture(source, ring, tallies, err), "capture"),
                        "capture-" + source.name());
                t.start();
                readers.add(t);
            }
            onStart.accept(pipeline);
            Thread decoder = new Thread(guarded(() -> decode(pipeline, readers, tallies, outputs), "decoding"),
                    "decode");
            decoder.start();
            long deadline = settings.durationSeconds() > 0
                    ? start + TimeUnit.SECONDS.toNanos(settings.durationSeconds()) : Long.MAX_VALUE;
            while (decoder.isAlive()) {
                if (System.nanoTime() >= deadline || fatal.get() != null) {
                    stopCapture();
                }
                decoder.join(100);
                status.poll(System.nanoTime());
            }
            try {
                pipeline.finish();
                outputs.finishMirror();
            } catch (Error e) {
                fail(e, "main");
            }
            readDrops(tallies);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (!config.quiet()) {
                status.stopped(elapsed);
            }
            if (fatal.get() != null) {
                Fatal.report(err, fatal.get(), fatalThread);
                tallies.weird("fatal_error").inc();
            }
            outputs.commit();
            outputs.report(tallies);
            if (tallies.value("output", "lines_not_written") > 0) {
                err.println("sensor: " + tallies.value("output", "lines_not_written") + " records could not be written to "
                        + config.outDir() + " " + outputs.linesNotWritten());
            }
            try {
                outputs.writeSummary(
                        Summary.toJson(tallies, elapsed, new Summary.Run(Summary.version(), null, false,
                                config.anonymization() != null), List.of(),
                                Replay.limits(config)));
            } catch (java.io.UncheckedIOException e) {
                err.println("sensor: " + e.getMessage());
            }
        } catch (java.io.IOException e) {
            err.println("sensor: cannot serve metrics on " + settings.metricsBind() + ":" + settings.metricsPort()
                    + " (" + e.getMessage() + ")");
            stopCapture();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            // A capture thread still inside pcap_next_ex (after a fatal error elsewhere) must leave
            // it before its handle is freed.
            stopCapture();
            for (Thread reader : readers) {
                try {
                    reader.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sources.forEach(PcapLiveSource::close);
        }
        return fatal.get() == null ? 0 : 1;
    }

    /**
     * The rings' slabs are taken up front: together they get at most a quarter of the heap, so
     * that the tables (sized from the heap too) still fit beside them.
     */
    private int ringBytes(PrintStream err) {
        long share = Runtime.getRuntime().maxMemory() / 4 / interfaces.size();
        if (settings.ringBytes() <= share) {
            return settings.ringBytes();
        }
        int bytes = (int) Math.max(Frame.MAX_SNAPLEN, share);
        if (rings.isEmpty()) {
            err.println("sensor: --ring-bytes " + settings.ringBytes() + " reduced to " + bytes
                    + " per interface: the rings get at most a quarter of the heap");
        }
        return bytes;
    }

    /** {@code body} as a thread's work: an error that ends it stops the whole run. */
    private Runnable guarded(Runnable body, String thread) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                fail(t, thread);
            }
        };
    }

    private void fail(Throwable t, String thread) {
        if (fatal.compareAndSet(null, t)) {
            fatalThread = thread;
        }
        stopCapture();
    }

    private void capture(PcapLiveSource source, FrameRing ring, Tallies tallies, PrintStream err) {
        Frame frame = new Frame();
        try {
            while (source.next(frame)) {
                ring.offer(frame);
            }
        } catch (CaptureException e) {
            err.println("sensor: " + e.getMessage());
            synchronized (tallies) {
                tallies.weird("capture_failed").inc();
            }
        }
    }

    /** The one thread that runs the pipeline: drains the rings, ticks once a second. */
    private void decode(Pipeline pipeline, List<Thread> readers, Tallies tallies, Outputs outputs) {
        Frame frame = new Frame();
        long nextTick = System.nanoTime() + TICK_NANOS;
        long nextFlush = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.flushIntervalSeconds());
        String hour = HOUR.format(Instant.now());
        Tally ringDrops = tallies.get("capture", "ring_dropped");
        boolean writeFailing = false;
        Tally[] packets = new Tally[rings.size()];
        Tally[] bytes = new Tally[rings.size()];
        for (int i = 0; i < rings.size(); i++) {
            packets[i] = tallies.get("interface", sources.get(i).name() + "_packets");
            bytes[i] = tallies.get("interface", sources.get(i).name() + "_bytes");
        }
        while (true) {
            boolean any = false;
            for (int i = 0; i < rings.size(); i++) {
                while (rings.get(i).poll(frame)) {
                    frame.input = i;
                    packets[i].inc();
                    bytes[i].add(frame.wireLength);
                    pipeline.onFrameGuarded(frame, System.err);
                    any = true;
                }
            }
            long now = System.nanoTime();
            if (now >= nextTick) {
                pipeline.tick(System.currentTimeMillis() * 1_000_000L);
                writeFailing = reportWriting(outputs, tallies, writeFailing);
                long drops = 0;
                for (FrameRing r : rings) {
                    drops += r.dropped();
                }
                ringDrops.set(drops);
                readDrops(tallies);
                nextTick = now + TICK_NANOS;
                String h = HOUR.format(Instant.now());
                if (settings.rotate() && !h.equals(hour)) {
                    pipeline.rotate(hour);
                    hour = h;
                }
            }
            if (now >= nextFlush) {
                pipeline.flushAggregates();
                nextFlush = now + TimeUnit.SECONDS.toNanos(settings.flushIntervalSeconds());
            }
            if (!any) {
                boolean capturing = false;
                for (Thread t : readers) {
                    capturing |= t.isAlive();
                }
                if (!capturing && ringsEmpty()) {
                    return; // stopped, and every captured frame decoded
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Live goes on capturing and counting while the files cannot be written (disk full): each
     * tick retries, and stderr says once when writing stops and once when it resumes.
     */
    private boolean reportWriting(Outputs outputs, Tallies tallies, boolean wasFailing) {
        outputs.report(tallies);
        java.io.IOException failure = outputs.failure();
        if (failure != null && !wasFailing) {
            System.err.println("sensor: cannot write " + config.outDir() + ": " + sensor.output.OutputFiles.reason(failure)
                    + "; capture goes on, records are counted and writing is retried every second");
        } else if (failure == null && wasFailing) {
            System.err.println("sensor: writing to " + config.outDir() + " again; "
                    + tallies.value("output", "lines_not_written") + " records were not written");
        }
        return failure != null;
    }

    private boolean ringsEmpty() {
        for (FrameRing r : rings) {
            if (r.size() > 0) {
                return false;
            }
        }
        return true;
    }

    private void readDrops(Tallies tallies) {
        for (PcapLiveSource s : sources) {
            PcapLiveSource.Stats st = s.stats();
            tallies.get("libpcap", s.name() + "_received").set(st.received());
            tallies.get("libpcap", s.name() + "_dropped").set(st.dropped());
            tallies.get("libpcap", s.name() + "_ifdropped").set(st.ifDropped());
        }
    }

    private void stopCapture() {
        sources.forEach(PcapLiveSource::breakLoop);
    }
}
