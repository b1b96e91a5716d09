package sensor;

import sensor.capture.Frame;
import sensor.flow.PacketClock;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;
import sensor.output.Outputs;

/**
 * Wires the stages of the data path, in packet order: frame → link/IP/transport decode →
 * defragmentation → UDP DNS or TCP reassembly → DNS / SMTP → transactions → records.
 * One instance per run; not thread-safe (one decoding thread feeds it).
 */
public final class Pipeline implements AutoCloseable {
    private final SensorConfig config;
    private final Tallies tallies;
    private final Outputs outputs;
    private final PacketClock clock = new PacketClock();
    private final Tally packets;
    private final Tally bytes;
    private final Tally internalErrors;

    public Pipeline(SensorConfig config, Tallies tallies, Outputs outputs) {
        this.config = config;
        this.tallies = tallies;
        this.outputs = outputs;
        this.packets = tallies.get("capture", "packets");
        this.bytes = tallies.get("capture", "bytes");
        this.internalErrors = tallies.weird("internal_error");
    }

    public void onFrame(Frame frame) {
        packets.inc();
        bytes.add(frame.wireLength);
        clock.observe(frame.tsNanos);
    }

    /**
     * {@link #onFrame} for the runners: a bug in a stage must not end a week-long capture, so a
     * runtime exception is counted as {@code internal_error} (the first one printed with its
     * frame number) and the next frame is decoded. Tests assert the count stays zero.
     */
    public void onFrameGuarded(Frame frame, java.io.PrintStream err) {
        try {
            onFrame(frame);
        } catch (RuntimeException e) {
            if (internalErrors.get() == 0) {
                err.println("sensor: internal error at frame " + frame.number + " of input " + frame.input + ": " + e);
                e.printStackTrace(err);
            }
            internalErrors.hit(frame.number);
        }
    }

    /** End of all input: expire and write everything still pending. */
    public void finish() {
        outputs.flush();
    }

    public PacketClock clock() {
        return clock;
    }

    public SensorConfig config() {
        return config;
    }

    public Tallies tallies() {
        return tallies;
    }

    @Override
    public void close() {
        outputs.close();
    }
}
