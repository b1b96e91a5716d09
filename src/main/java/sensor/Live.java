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
 * written, exit 0.
 */
public final class Live {
    /** How often records are flushed, idle state expired and libpcap's counters read. */
    private static final long TICK_NANOS = 1_000_000_000L;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMdd-HH").withZone(ZoneOffset.UTC);

    /** Live-only settings. */
    public record Settings(long durationSeconds, String metricsBind, int metricsPort, long flushIntervalSeconds,
            boolean rotate, int ringEntries, int ringBytes) {}

    private final SensorConfig config;
    private final List<String> interfaces;
    private final PcapLiveSource.Options options;
    private final Settings settings;
    private final List<PcapLiveSource> sources = new ArrayList<>();
    private final List<FrameRing> rings = new ArrayList<>();
    private final sensor.kafka.FleetSettings fleet;

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

    public int run(PrintStream out, PrintStream err) {
        Tallies tallies = new Tallies();
        for (String iface : interfaces) {
            try {
                sources.add(new PcapLiveSource(iface, options, linkType -> Replay.filters(config, linkType)));
                rings.add(new FrameRing(settings.ringEntries(), settings.ringBytes()));
            } catch (CaptureException e) {
                sources.forEach(PcapLiveSource::close);
                err.println("sensor: " + e.getMessage());
                return 1;
            }
        }
        for (PcapLiveSource s : sources) {
            if (s.filterNote() != null) {
                err.println("sensor: " + s.name() + ": " + s.filterNote());
            }
        }
        // SIGINT/SIGTERM stop the capture and let the decoder drain and write everything, then
        // return 0; left to the JVM's default, the signal would end the process with 130/143.
        sun.misc.SignalHandler stop = sig -> stopCapture();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), stop);
            } catch (IllegalArgumentException unavailable) {
                // not on this platform: the JVM default applies
            }
        }
        long start = System.nanoTime();
        MetricsServer metrics = null;
        try (Outputs outputs = new Outputs(config.outDir(), true,
                    fleet == null ? null : new sensor.kafka.RecordProducer(fleet, tallies, err));
                Pipeline pipeline = new Pipeline(config, tallies, outputs)) {
            if (settings.metricsPort() >= 0) {
                metrics = new MetricsServer(tallies, settings.metricsBind(), settings.metricsPort());
                metrics.bindPipeline(pipeline, rings);
                if (!config.quiet()) {
                    err.println("sensor: metrics on http://" + settings.metricsBind() + ":" + metrics.port() + "/metrics");
                }
            }
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                PcapLiveSource source = sources.get(i);
                FrameRing ring = rings.get(i);
                Thread t = new Thread(() -> capture(source, ring, tallies, err), "capture-" + source.name());
                t.start();
                readers.add(t);
            }
            Thread decoder = new Thread(() -> decode(pipeline, readers, tallies, outputs), "decode");
            decoder.start();
            long deadline = settings.durationSeconds() > 0
                    ? start + TimeUnit.SECONDS.toNanos(settings.durationSeconds()) : Long.MAX_VALUE;
            while (decoder.isAlive()) {
                if (System.nanoTime() >= deadline) {
                    stopCapture();
                }
                decoder.join(100);
            }
            pipeline.finish();
            outputs.finishMirror();
            readDrops(tallies);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Summary.write(config.outDir().resolve("summary.json"),
                    Summary.toJson(tallies, elapsed, new Summary.Run(Summary.version(), null, false,
                            config.anonymization() != null), List.of(),
                    Replay.limits(config)));
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
            sources.forEach(PcapLiveSource::close);
        }
        return 0;
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
