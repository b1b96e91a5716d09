package sensor.metrics;

import java.time.Duration;
import java.util.Map;

/**
 * Every meter name, tag and help text of the sensor, in one place (src/site/markdown/metrics.md
 * lists them). Names are Micrometer's dotted form: the Prometheus registry adds {@code _total} to
 * counters and the base unit to timers. Tag values are fixed words (reasons, rcodes, statuses,
 * interface names), never addresses or DNS names, so every label's cardinality stays bounded.
 */
public final class MetricNames {
    private MetricNames() {}

    /**
     * How one {@link Tally} is exposed: a counter (or a gauge) named {@code name}, with one tag
     * {@code tagKey=tagValue} when the quantity is split, or none ({@code tagKey} null).
     */
    public record Exposed(String name, String help, String tagKey, String tagValue, boolean gauge) {
        static Exposed counter(String name, String help) {
            return new Exposed(name, help, null, null, false);
        }

        static Exposed counter(String name, String help, String tagKey, String tagValue) {
            return new Exposed(name, help, tagKey, tagValue, false);
        }
    }

    public static final String BUILD_INFO = "sensor.build.info";
    public static final String BUILD_INFO_HELP = "Always 1; the sensor's version and the Java runtime it runs on as labels";

    public static final String RESPONSE_TIME = "sensor.dns.response.time";
    public static final String RESPONSE_TIME_HELP = "DNS response time, from the query's first transmission to the response";
    /** From a resolver's cache on the LAN (under a millisecond) to a lookup that timed out upstream. */
    public static final Duration[] RESPONSE_TIME_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5)};

    public static final String TABLE_ENTRIES = "sensor.table.entries";
    public static final String TABLE_ENTRIES_HELP = "Entries held now in a bounded table";
    public static final String TCP_BUFFERED = "sensor.tcp.buffered.bytes";
    public static final String TCP_BUFFERED_HELP = "Bytes of TCP payload held now for reassembly";
    public static final String RING_FRAMES = "sensor.capture.ring.frames";
    public static final String RING_FRAMES_HELP = "Frames captured and waiting for the decoder now, all interfaces";
    public static final String CPU_TIME = "process.cpu";
    public static final String CPU_TIME_HELP = "CPU time used by the process";

    /** sensor aggregate (kafka/FleetAggregation). */
    public static final String AGGREGATE_UNREADABLE = "sensor.aggregate.unreadable.records";
    public static final String AGGREGATE_EMISSIONS = "sensor.aggregate.emissions";
    public static final String AGGREGATE_REBUILDS = "sensor.aggregate.rebuilds";
    public static final String AGGREGATE_PRUNED = "sensor.aggregate.pruned.records";
    public static final String AGGREGATE_EXPIRED = "sensor.aggregate.expired.records";
    public static final String AGGREGATE_RECORDS = "sensor.aggregate.records";
    public static final String AGGREGATE_PENDING = "sensor.aggregate.pending.records";
    public static final String AGGREGATE_EMISSION_TIME = "sensor.aggregate.emission.duration";
    public static final String AGGREGATE_SETTLED = "sensor.aggregate.settled.duration";

    /** Tables (pipeline.tableSizes()) whose size counts bytes, not entries. */
    public static final String TCP_BUFFERED_TABLE = "tcp_buffered_bytes";

    /** Groups whose tallies are a sum of others that are exposed: summary.json keeps them, Prometheus sums. */
    private static final Map<String, java.util.Set<String>> SUMS = Map.of(
            "dns", java.util.Set.of("messages", "responses"),
            "smtp", java.util.Set.of("sessions"));

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("capture.ring_dropped", "Frames dropped because decoding fell behind capture (ring full)"),
            Map.entry("ip.fragments", "IP fragments seen"),
            Map.entry("ip.reassembled", "IP datagrams reassembled from fragments"),
            Map.entry("ip.fragments_expired", "IP fragments dropped because their datagram never completed"),
            Map.entry("ip.other_protocol", "IP packets of a transport the sensor does not decode"),
            Map.entry("ip.tunnels_opened", "Tunnel headers opened to reach the packet inside"),
            Map.entry("udp.dns_port_packets", "UDP packets on a DNS port"),
            Map.entry("tcp.connections", "TCP connections seen"),
            Map.entry("tcp.closed_fin", "TCP connections closed by FIN"),
            Map.entry("tcp.closed_rst", "TCP connections closed by RST"),
            Map.entry("tcp.expired", "TCP connections expired idle"),
            Map.entry("tcp.evicted", "TCP connections evicted from the full connection table"),
            Map.entry("tcp.evicted_buffer_full", "TCP connections evicted because the reassembly buffers were full"),
            Map.entry("tcp.missed_bytes", "TCP payload bytes never seen (capture gaps)"),
            Map.entry("tcp.gaps", "Gaps in TCP streams"),
            Map.entry("tcp.overlap_bytes", "TCP payload bytes seen twice"),
            Map.entry("tcp.syn_retransmissions", "Retransmitted TCP SYNs"),
            Map.entry("tcp.late_segments", "TCP segments of a connection that had just closed, ignored"),
            Map.entry("tcp.rst_out_of_window", "TCP resets outside the receive window, ignored"),
            Map.entry("dns.queries", "DNS queries (QR=0) decoded"),
            Map.entry("dns.malformed", "DNS messages that could not be decoded, or only in part"),
            Map.entry("dns.query_retransmissions", "DNS queries sent again before their response"),
            Map.entry("dns.duplicate_responses", "DNS responses to a query already answered"),
            Map.entry("dns.pending_evicted", "DNS queries evicted unanswered from the full pending table"),
            Map.entry("dns.pending_evicted_flow_cap", "DNS queries evicted unanswered by one flow's cap"),
            Map.entry("dns.unsolicited_after_eviction", "DNS responses whose query had been evicted"),
            Map.entry("dns.reorder_overflow", "DNS transactions written out of time order because the reorder buffer was full"),
            Map.entry("dns.response_before_query", "DNS responses captured before their query"),
            Map.entry("dns.early_response_collisions", "DNS responses waiting for their query, displaced by another with the same key and written alone"),
            Map.entry("dns.late_retransmissions", "DNS queries retransmitted after their timeout that took their transaction back"),
            Map.entry("dns.tcp_resyncs", "DNS over TCP streams resynchronised after a framing error"),
            Map.entry("dns.tcp_gaps", "DNS over TCP streams with a gap"),
            Map.entry("smtp.gaps", "SMTP sessions with a gap in the stream"),
            Map.entry("smtp.desyncs", "SMTP sessions where commands and replies lost step"),
            Map.entry("smtp.resyncs", "SMTP sessions that found their step again"),
            Map.entry("smtp.unrecorded_lines", "SMTP client lines seen out of step and never confirmed, not recorded as commands"),
            Map.entry("smtp.data_reply_unseen", "SMTP message bodies whose DATA reply was not seen"),
            Map.entry("smtp.starttls_reply_unseen", "SMTP STARTTLS commands whose reply was not seen"),
            Map.entry("pdns.records", "Passive DNS records written"),
            Map.entry("pdns.evicted_early", "Passive DNS entries written early because the table was full"),
            Map.entry("output.write_errors", "Errors writing the record files"),
            Map.entry("output.lines_not_written", "Records that could not be written to their files"),
            Map.entry("kafka.records", "Records handed to the Kafka producer"),
            Map.entry("kafka.sent", "Records Kafka acknowledged"),
            Map.entry("kafka.failed", "Records Kafka did not acknowledge in time"),
            Map.entry("kafka.dropped", "Records dropped because the Kafka buffer was full"));

    /** The meter of a tally, or null for a tally that is the sum of exposed ones or a per-file detail. */
    public static Exposed of(String group, String name) {
        if (SUMS.getOrDefault(group, java.util.Set.of()).contains(name)
                || group.equals("output") && name.endsWith("_lines_not_written")) {
            return null;
        }
        return switch (group) {
            case Tallies.WEIRD -> Exposed.counter("sensor.decode.errors",
                    "Input that could not be decoded, by reason", "reason", name);
            case "capture" -> switch (name) {
                case "packets" -> Exposed.counter("sensor.capture.packets", "Frames decoded, after the capture filters");
                case "bytes" -> Exposed.counter("sensor.capture.bytes", "Bytes on the wire of the frames decoded");
                default -> fallback(group, name);
            };
            case "interface" -> perInterface(name, Map.of(
                    "_packets", Exposed.counter("sensor.interface.packets", "Frames decoded from this interface"),
                    "_bytes", Exposed.counter("sensor.interface.bytes", "Bytes on the wire of the frames decoded from this interface")));
            case "libpcap" -> perInterface(name, Map.of(
                    "_received", Exposed.counter("sensor.libpcap.received.packets", "Packets libpcap received (pcap_stats ps_recv)"),
                    "_dropped", Exposed.counter("sensor.libpcap.dropped.packets",
                            "Packets dropped because libpcap's buffer was full (pcap_stats ps_drop)"),
                    "_ifdropped", Exposed.counter("sensor.libpcap.interface.dropped.packets",
                            "Packets the interface or its driver dropped (pcap_stats ps_ifdrop)")));
            case "linktype" -> Exposed.counter("sensor.link.frames", "Frames decoded, by link type", "link_type", name);
            case "link" -> Exposed.counter("sensor.link.skipped.frames", "Frames that carry no IP packet, by reason",
                    "reason", name);
            case "tunnel" -> tunnelNotOpened(name);
            case "ip" -> switch (name) {
                case "ipv4" -> Exposed.counter("sensor.ip.packets", "IP packets decoded, by version", "version", "4");
                case "ipv6" -> Exposed.counter("sensor.ip.packets", "IP packets decoded, by version", "version", "6");
                case "gre_other_protocol", "pptp_ppp_not_ip" -> tunnelNotOpened(name);
                default -> fallback(group, name);
            };
            case "txn" -> Exposed.counter("sensor.dns.transactions", "DNS transactions written, by status", "status", name);
            case "dns_rcode" -> Exposed.counter("sensor.dns.responses", "DNS responses decoded, by rcode", "rcode", name);
            case "dns_opcode" -> Exposed.counter("sensor.dns.messages", "DNS messages decoded, by opcode", "opcode", name);
            case "dns_qtype" -> Exposed.counter("sensor.dns.questions",
                    "DNS messages (queries and responses) decoded with a question, by its type", "qtype", name);
            case "smtp_outcome" -> Exposed.counter("sensor.smtp.sessions", "SMTP connection attempts ended, by outcome",
                    "outcome", name);
            case "output" -> name.equals("write_failing")
                    ? new Exposed("sensor.output.write.failing", "1 while the record files cannot be written, else 0",
                            null, null, true)
                    : fallback(group, name);
            default -> fallback(group, name);
        };
    }

    private static Exposed tunnelNotOpened(String reason) {
        return Exposed.counter("sensor.tunnel.unopened.packets", "Tunnelled packets the sensor did not open, by reason",
                "reason", reason);
    }

    /** {@code lo_dropped}: the interface is the name up to a known suffix (interface names hold '_' too). */
    private static Exposed perInterface(String name, Map<String, Exposed> bySuffix) {
        for (Map.Entry<String, Exposed> e : bySuffix.entrySet()) {
            if (name.endsWith(e.getKey()) && name.length() > e.getKey().length()) {
                Exposed x = e.getValue();
                return Exposed.counter(x.name(), x.help(), "interface",
                        name.substring(0, name.length() - e.getKey().length()));
            }
        }
        return null;
    }

    /** {@code sensor.GROUP.NAME}, with the help text written for it (every tally the sensor keeps has one). */
    private static Exposed fallback(String group, String name) {
        String help = HELP.get(group + "." + name);
        return Exposed.counter("sensor." + group + "." + name.replace('_', '.'),
                help != null ? help : "Count of " + group + " " + name.replace('_', ' ') + " (summary.json counters)");
    }

    /** True when a tally has a help text of its own (a test checks every tally a run makes). */
    static boolean documented(String group, String name) {
        Exposed e = of(group, name);
        return e == null || !e.help().endsWith("(summary.json counters)");
    }
}
