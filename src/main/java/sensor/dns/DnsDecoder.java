package sensor.dns;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import sensor.decode.IpAddress;
import sensor.decode.Packet;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Turns DNS payloads (UDP datagrams, or messages the TCP framer cut out of a stream) into
 * {@link DnsMessage}s for the transaction matcher, counting messages, rcodes and qtypes, and
 * every message that could not be read under a named reason.
 */
public final class DnsDecoder {
    /** Distinct qtype/rcode tallies kept; beyond, they are counted as "other". */
    private static final int MAX_LABELS = 64;

    private final DnsParser parser = new DnsParser();
    private final Consumer<DnsMessage> sink;
    private final Tallies tallies;
    private final Tally messages;
    private final Tally queries;
    private final Tally responses;
    private final Tally malformed;
    private final Map<String, Tally> weirds = new HashMap<>();
    private final Labels byQtype = new Labels("dns_qtype", 65536, Mnemonics::type);
    private final Labels byRcode = new Labels("dns_rcode", 4096, Mnemonics::rcode);
    private final Tally[] byOpcode = new Tally[16];
    private final Tally[] byMalformation = new Tally[Malformation.values().length];

    public DnsDecoder(Consumer<DnsMessage> sink, Tallies tallies) {
        this.sink = sink;
        this.tallies = tallies;
        messages = tallies.get("dns", "messages");
        queries = tallies.get("dns", "queries");
        responses = tallies.get("dns", "responses");
        malformed = tallies.get("dns", "malformed");
    }

    /** A UDP datagram on a DNS port. */
    public void onUdp(Packet p) {
        onMessage(p.buf, p.payloadOffset, p.payloadLength, false, p.src(), p.srcPort, p.dst(), p.dstPort, p.tsNanos,
                p.frameNumber);
    }

    public void onMessage(byte[] b, int off, int len, boolean tcp, IpAddress src, int srcPort, IpAddress dst,
            int dstPort, long ts, long frame) {
        ParseResult r = parser.parse(b, off, len, tcp, src, srcPort, dst, dstPort, ts, frame);
        if (r instanceof DnsMessage m) {
            decoded(m);
        } else {
            malformed((Malformation) r, frame);
        }
    }

    private void decoded(DnsMessage m) {
        messages.inc();
        (m.qr() ? responses : queries).inc();
        if (m.malformed() != null) {
            malformed(m.malformed(), m.frame());
        }
        Tally op = byOpcode[m.opcode()];
        if (op == null) {
            op = byOpcode[m.opcode()] = tallies.get("dns_opcode", Mnemonics.opcode(m.opcode()));
        }
        op.inc();
        if (m.question()) {
            byQtype.of(m.qtype()).inc();
        }
        if (m.qr()) {
            byRcode.of(m.rcode()).inc();
        }
        sink.accept(m);
    }

    private void malformed(Malformation reason, long frame) {
        Tally t = byMalformation[reason.ordinal()];
        if (t == null) {
            t = byMalformation[reason.ordinal()] = tallies.weird(reason.reason());
        }
        t.hit(frame);
        malformed.inc();
    }

    /** A named problem of the DNS-over-TCP framing. */
    void weird(String reason, long frame) {
        weirds.computeIfAbsent(reason, tallies::weird).hit(frame);
    }

    /** The tallies of one wire code's values, the first {@link #MAX_LABELS} each under its mnemonic. */
    private final class Labels {
        private final String group;
        private final Tally[] byCode;
        private final IntFunction<String> mnemonic;
        private int distinct;

        Labels(String group, int codes, IntFunction<String> mnemonic) {
            this.group = group;
            this.mnemonic = mnemonic;
            byCode = new Tally[codes];
        }

        Tally of(int code) {
            Tally t = byCode[code];
            if (t == null) {
                t = byCode[code] = tallies.get(group, distinct++ < MAX_LABELS ? mnemonic.apply(code) : "other");
            }
            return t;
        }
    }
}
