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

    public Pipeline(SensorConfig config, Tallies tallies, Outputs outputs) {
        this.config = config;
        this.tallies = tallies;
        this.outputs = outputs;
        this.packets = tallies.get("capture", "packets");
        this.bytes = tallies.get("capture", "bytes");
    }

    public void onFrame(Frame frame) {
        packets.inc();
        bytes.add(frame.wireLength);
        clock.observe(frame.tsNanos);
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
