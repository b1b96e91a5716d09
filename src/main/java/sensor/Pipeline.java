package sensor;

import java.util.ArrayList;
import java.util.List;
import sensor.capture.Frame;
import sensor.decode.Layer;
import sensor.decode.Packet;
import sensor.decode.PacketDecoder;
import sensor.flow.Expiring;
import sensor.flow.IpDefragmenter;
import sensor.flow.PacketClock;
import sensor.flow.PortSet;
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
    private final Tally dnsUdpPackets;
    private final Packet packet = new Packet();
    private final PacketDecoder decoder;
    private final IpDefragmenter defragmenter;
    private final PortSet dnsPorts;
    private final PortSet tcpPorts;
    /** Stages with state that expires on packet time, in data-path order. */
    private final List<Expiring> expiring = new ArrayList<>();
    private long nextExpiry = Long.MIN_VALUE;
    /** Expiry runs once per second of packet time, not per packet. */
    private static final long EXPIRY_STEP_NANOS = 1_000_000_000L;

    public Pipeline(SensorConfig config, Tallies tallies, Outputs outputs) {
        this.config = config;
        this.tallies = tallies;
        this.outputs = outputs;
        this.packets = tallies.get("capture", "packets");
        this.bytes = tallies.get("capture", "bytes");
        this.internalErrors = tallies.weird("internal_error");
        this.dnsUdpPackets = tallies.get("udp", "dns_port_packets");
        this.decoder = new PacketDecoder(tallies);
        this.defragmenter = new IpDefragmenter(IpDefragmenter.Limits.defaults(), tallies);
        this.dnsPorts = config.dnsPorts();
        this.tcpPorts = config.servicePorts();
        expiring.add(defragmenter);
    }

    public void onFrame(Frame frame) {
        packets.inc();
        bytes.add(frame.wireLength);
        long now = clock.observe(frame.tsNanos);
        if (now >= nextExpiry) {
            for (Expiring e : expiring) {
                e.advance(now);
            }
            nextExpiry = now + EXPIRY_STEP_NANOS;
        }
        Packet p = packet;
        Layer layer = decoder.decode(frame, p);
        if (layer == Layer.FRAGMENT) {
            if (!defragmenter.add(p)) {
                return;
            }
            layer = decoder.decodeIp(defragmenter.datagram(), 0, defragmenter.datagramLength(), p);
            p.reassembled = true;
            if (layer == Layer.FRAGMENT) {
                return; // a fragment inside a reassembled tunnel datagram: not worth a second table
            }
        }
        if (layer == Layer.UDP) {
            // An empty datagram carries no DNS message, whatever its port (tshark agrees).
            if ((dnsPorts.contains(p.srcPort) || dnsPorts.contains(p.dstPort)) && p.payloadLength > 0) {
                dnsUdpPackets.inc();
                onDnsUdp(p);
            }
        } else if (layer == Layer.TCP) {
            if (tcpPorts.contains(p.srcPort) || tcpPorts.contains(p.dstPort)) {
                onServiceTcp(p);
            }
        }
    }

    private void onDnsUdp(Packet p) {
        // DNS decoding plugs in here.
    }

    private void onServiceTcp(Packet p) {
        // TCP reassembly plugs in here.
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
        long now = clock.now();
        for (Expiring e : expiring) {
            e.finish(now);
        }
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
