package sensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sensor.capture.CaptureException;
import sensor.capture.Frame;
import sensor.capture.PcapLiveSource;
import sensor.metrics.MetricsServer;
import sensor.metrics.Tallies;
import sensor.output.Outputs;
import sensor.output.Summary;

/**
 * Live capture on one or more interfaces until {@code --duration} passes or SIGINT/SIGTERM
 * arrives; then capture stops, the pipeline drains and every record is written before exit.
 */
public final class Live {
    private final SensorConfig config;
    private final List<String> interfaces;
    private final PcapLiveSource.Options options;
    private final long durationSeconds;
    private final String metricsBind;
    private final int metricsPort;
    private final List<PcapLiveSource> sources = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    /** How often records are flushed and idle state expired while capturing. */
    private static final long TICK_NANOS = 1_000_000_000L;

    public Live(SensorConfig config, List<String> interfaces, PcapLiveSource.Options options, long durationSeconds,
            String metricsBind, int metricsPort) {
        this.config = config;
        this.interfaces = interfaces;
        this.options = options;
        this.durationSeconds = durationSeconds;
        this.metricsBind = metricsBind;
        this.metricsPort = metricsPort;
    }

    public int run(PrintStream out, PrintStream err) {
        Tallies tallies = new Tallies();
        for (String iface : interfaces) {
            try {
                sources.add(new PcapLiveSource(iface, options, linkType -> Replay.filters(config, linkType)));
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
        // SIGINT/SIGTERM stop the capture and let this thread drain and write everything, then
        // return 0; left to the JVM's default, the signal would end the process with 130/143.
        sun.misc.SignalHandler stop = sig -> stopCapture();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), stop);
            } catch (IllegalArgumentException unavailable) {
                // not on this platform: the JVM default applies
            }
        }
        Thread hook = new Thread(this::stopAndWait, "sensor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long start = System.nanoTime();
        MetricsServer metrics = null;
        try (Outputs outputs = new Outputs(config.outDir(), true);
                Pipeline pipeline = new Pipeline(config, tallies, outputs)) {
            if (metricsPort >= 0) {
                metrics = new MetricsServer(tallies, metricsBind, metricsPort);
                if (!config.quiet()) {
                    err.println("sensor: metrics on http://" + metricsBind + ":" + metrics.port() + "/metrics");
                }
            }
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                PcapLiveSource source = sources.get(i);
                int input = i;
                Thread t = new Thread(() -> capture(source, input, pipeline, tallies, err), "capture-" + source.name());
                t.start();
                readers.add(t);
            }
            long deadline = durationSeconds > 0 ? start + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
            long nextTick = System.nanoTime() + TICK_NANOS;
            for (Thread t : readers) {
                while (t.isAlive()) {
                    if (System.nanoTime() >= deadline) {
                        stopCapture();
                    }
                    if (System.nanoTime() >= nextTick) {
                        synchronized (pipeline) {
                            pipeline.tick(System.currentTimeMillis() * 1_000_000L);
                        }
                        nextTick = System.nanoTime() + TICK_NANOS;
                    }
                    t.join(100);
                }
            }
            synchronized (pipeline) {
                pipeline.finish();
            }
            for (PcapLiveSource s : sources) {
                PcapLiveSource.Stats st = s.stats();
                tallies.get("libpcap", s.name() + "_received").set(st.received());
                tallies.get("libpcap", s.name() + "_dropped").set(st.dropped());
                tallies.get("libpcap", s.name() + "_ifdropped").set(st.ifDropped());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Summary.write(config.outDir().resolve("summary.json"),
                    Summary.toJson(tallies, elapsed, List.of(), Replay.limits(config)));
        } catch (java.io.IOException e) {
            err.println("sensor: cannot serve metrics on " + metricsBind + ":" + metricsPort + " (" + e.getMessage() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            sources.forEach(PcapLiveSource::close);
            finished.countDown();
            if (!stopping) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running: it only waits for the latch released above
                }
            }
        }
        return 0;
    }

    private void capture(PcapLiveSource source, int input, Pipeline pipeline, Tallies tallies, PrintStream err) {
        Frame frame = new Frame();
        try {
            while (source.next(frame)) {
                frame.input = input;
                synchronized (pipeline) {
                    pipeline.onFrameGuarded(frame, err);
                }
            }
        } catch (CaptureException e) {
            err.println("sensor: " + e.getMessage());
            tallies.weird("capture_failed").inc();
        }
    }

    private void stopCapture() {
        stopping = true;
        sources.forEach(PcapLiveSource::breakLoop);
    }

    /** SIGINT/SIGTERM: stop capturing, then wait until everything decoded has been written. */
    private void stopAndWait() {
        stopCapture();
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
