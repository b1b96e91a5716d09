package sensor;

import java.util.ArrayList;
import java.util.List;
import sensor.capture.Frame;
import sensor.decode.Layer;
import sensor.decode.Packet;
import sensor.decode.PacketDecoder;
import sensor.anonymize.RecordAnonymizer;
import sensor.flow.Expiring;
import sensor.flow.IpDefragmenter;
import sensor.flow.PacketClock;
import sensor.flow.PortSet;
import sensor.flow.StreamConsumer;
import sensor.flow.TcpConnection;
import sensor.flow.TcpLimits;
import sensor.flow.TcpTracker;
import sensor.dns.DnsDecoder;
import sensor.dns.DnsTcpFramer;
import sensor.output.DnsRecordFormat;
import sensor.output.JsonlFile;
import sensor.output.PdnsRecordFormat;
import sensor.output.SmtpRecordFormat;
import sensor.pairs.PassiveDns;
import sensor.pairs.Verdicts;
import sensor.smtp.SmtpCounters;
import sensor.smtp.SmtpDialogue;
import sensor.smtp.SmtpSession;
import sensor.output.PairsOutput;
import sensor.pairs.PairAggregator;
import sensor.txn.DnsTransaction;
import sensor.txn.TransactionMatcher;
import sensor.txn.TxnLimits;
import sensor.metrics.PipelineGauges;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;
import sensor.output.Outputs;

/**
 * Wires the stages of the data path, in packet order: frame → link/IP/transport decode →
 * defragmentation → UDP DNS or TCP reassembly → DNS / SMTP → transactions → records.
 * One instance per run; not thread-safe (one decoding thread feeds it).
 */
public final class Pipeline implements AutoCloseable, PipelineGauges {
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
    private final TcpTracker tcp;
    private final DnsDecoder dns;
    private final TransactionMatcher matcher;
    private final PassiveDns pdns;
    /** Stages with state that expires on packet time, in data-path order. */
    private final List<Expiring> expiring = new ArrayList<>();
    private java.util.function.LongConsumer rttObserver;
    private final SmtpRecordFormat smtpFormat;
    private final SmtpCounters smtpCounters;
    /** Made with the first DNS-over-TCP connection, so a run without one reports no such counts. */
    private DnsTcpFramer.Counters tcpDnsCounters;
    private final PortSet smtpPorts;
    private final PairAggregator pairs;
    /** Pseudonyms for clients and servers before any sink sees a record (a pass-through when off). */
    private final RecordAnonymizer anonymizer;
    private final sensor.pairs.AggregationThread aggregation;
    /** What the aggregate files were last written from (for the report). */
    private Verdicts.Snapshot snapshot;
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
        this.defragmenter = new IpDefragmenter(fragmentLimits(), tallies);
        this.dnsPorts = config.dnsPorts();
        this.tcpPorts = config.servicePorts();
        DnsRecordFormat dnsFormat = new DnsRecordFormat(outputs.nanoPrecision());
        JsonlFile pdnsFile = outputs.open("pdns.jsonl");
        PdnsRecordFormat pdnsFormat = new PdnsRecordFormat(outputs.nanoPrecision());
        this.pdns = new PassiveDns(config.pdnsMaxEntries(), e -> pdnsFile.write(pdnsFormat.line(e)), tallies);
        this.matcher = new TransactionMatcher(config.txnLimits(), this::onTransaction, tallies);
        this.dns = new DnsDecoder(matcher, tallies);
        this.tcp = new TcpTracker(this::streamConsumer, tcpPorts, tcpLimits(), tallies);
        this.smtpFormat = new SmtpRecordFormat(outputs.nanoPrecision());
        this.smtpCounters = new SmtpCounters(tallies);
        this.smtpPorts = config.smtpPorts();
        this.anonymizer = RecordAnonymizer.of(config.anonymization());
        this.pairs = new PairAggregator(config.aggregationPairs());
        // 8,192 records in flight smooth the threads' bursts; more only holds transactions
        // in the heap while the aggregation is behind (65,536 were ~40 MB).
        JsonlFile dnsFile = outputs.dns();
        this.aggregation = new sensor.pairs.AggregationThread((t, evicted) -> dnsFile.write(dnsFormat.line(t, evicted)),
                pairs, pdns, 1 << 13);
        expiring.add(defragmenter);
        expiring.add(tcp);
        expiring.add(matcher);
    }

    /** TCP bounds for this JVM's heap (a flood of connections must fill the table, not the heap). */
    static TcpLimits tcpLimits() {
        return TcpLimits.forHeap(Runtime.getRuntime().maxMemory());
    }

    static IpDefragmenter.Limits fragmentLimits() {
        return IpDefragmenter.Limits.forHeap(Runtime.getRuntime().maxMemory());
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
        dns.onUdp(p);
    }

    private void onServiceTcp(Packet p) {
        tcp.onSegment(p);
    }

    /** Chooses the consumer of a new TCP connection by its server port. */
    private StreamConsumer streamConsumer(TcpConnection conn) {
        if (dnsPorts.contains(conn.serverPort)) {
            if (tcpDnsCounters == null) {
                tcpDnsCounters = DnsTcpFramer.Counters.of(tallies);
            }
            return new DnsTcpFramer(dns, tcpDnsCounters);
        }
        if (smtpPorts.contains(conn.serverPort)) {
            return new SmtpDialogue(this::onSmtpSession, smtpCounters);
        }
        return null;
    }

    private void onSmtpSession(SmtpSession session) {
        SmtpSession s = anonymizer.smtp(session);
        outputs.smtp().write(smtpFormat.line(s));
        aggregation.smtp(s);
    }

    private void onTransaction(DnsTransaction transaction) {
        DnsTransaction t = anonymizer.dns(transaction);
        aggregation.dns(t, matcher.evicted(transaction)); // written to dns.jsonl there
        if (rttObserver != null && t.rttMs() != null) {
            rttObserver.accept((long) (t.rttMs() * 1e6));
        }
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
                err.println(Fatal.internal(e, "at frame " + frame.number + " of input " + frame.input));
            }
            internalErrors.hit(frame.number);
        }
    }

    /**
     * Live capture when the wire is quiet: time still passes, so pending state expires on the
     * wall clock (which packet time follows in live mode), and records reach the files.
     */
    public void tick(long wallNanos) {
        long now = clock.observe(wallNanos);
        for (Expiring e : expiring) {
            e.advance(now);
        }
        nextExpiry = now + EXPIRY_STEP_NANOS;
        // dns.jsonl is written on its own thread: the records batched so far go there now (a quiet
        // wire must not leave its few in a half-full batch) and it flushes them.
        aggregation.startWriting(outputs.dns()::flush);
        outputs.flush();
    }

    /**
     * Live: the aggregates as they stand (pairs, servers, events rewritten atomically) and the
     * passive DNS entries of the period, so a reader sees them without waiting for the stop.
     */
    public void flushAggregates() {
        drainAggregation();
        writeAggregatesAndPassiveDns();
        outputs.flush();
    }

    public void rotate(String suffix) {
        drainAggregation(); // every dns.jsonl line of the hour in its file
        outputs.flush();
        outputs.rotate(suffix);
    }

    /** Waits for the aggregation threads; a failure there counts as an internal error. */
    private void drainAggregation() {
        awaitAggregation(aggregation.drain());
    }

    private void awaitAggregation(java.util.concurrent.CountDownLatch task) {
        try {
            aggregation.await(task);
        } catch (RuntimeException e) {
            if (internalErrors.get() == 0) {
                System.err.println(Fatal.internal(e, "while aggregating"));
            }
            internalErrors.inc();
        }
    }

    /**
     * The passive DNS entries are written on their own thread while this one writes the pair
     * files: the pair files only read state the aggregation thread no longer changes once drained.
     */
    private void writeAggregatesAndPassiveDns() {
        java.util.concurrent.CountDownLatch pdnsDone = aggregation.startPassiveDns(pdns::flush);
        try {
            writeAggregates();
        } finally {
            awaitAggregation(pdnsDone);
        }
    }

    /** Called with every answered transaction's response time in nanoseconds (for a histogram). */
    @Override
    public void onResponseTime(java.util.function.LongConsumer observer) {
        this.rttObserver = observer;
    }

    /** Sizes of the bounded tables, for gauges. */
    @Override
    public java.util.Map<String, Number> tableSizes() {
        return java.util.Map.of("pending_transactions", matcher.pendingQueries(), "tcp_streams", tcp.openConnections(),
                "tcp_buffered_bytes", tcp.bufferedBytes(), "fragments_pending", defragmenter.pendingDatagrams(),
                "pdns_entries", pdns.size());
    }

    /** End of all input: expire and write everything still pending. */
    public void finish() {
        long now = clock.now();
        for (Expiring e : expiring) {
            e.finish(now);
        }
        drainAggregation();
        writeAggregatesAndPassiveDns();
        outputs.flush();
    }

    /**
     * pairs.jsonl, servers.jsonl, events.jsonl: streamed to temporary files, then renamed, so a
     * reader (or a live flush) never sees half a table.
     */
    private void writeAggregates() {
        JsonlFile p = outputs.table("pairs.jsonl");
        JsonlFile s = outputs.table("servers.jsonl");
        JsonlFile e = outputs.table("events.jsonl");
        try (p; s; e) {
            snapshot = new PairsOutput(outputs.nanoPrecision(), RecordAnonymizer.addressText(config.anonymization()))
                    .write(pairs, p, s, e);
        }
        outputs.written(p);
        outputs.written(s);
        outputs.written(e);
    }

    public PairAggregator pairs() {
        return pairs;
    }

    /** The aggregate as last written (after {@link #finish()}), or null before. */
    public Verdicts.Snapshot snapshot() {
        return snapshot;
    }

    public boolean nanoPrecision() {
        return outputs.nanoPrecision();
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
        aggregation.close();
        outputs.close();
    }
}
