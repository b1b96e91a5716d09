package sensor.output;

import sensor.txn.DnsTransaction;

/** One {@code dns.jsonl} line: the contract's fields, then the sensor's extras. */
public final class DnsRecordFormat {
    private final JsonLine line = new JsonLine();
    private final StringBuilder answers = new StringBuilder(256);
    private final boolean nano;

    public DnsRecordFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    /** The 64 possible flag objects, built once. */
    private static final String[] FLAGS = new String[64];

    static {
        for (int i = 0; i < 64; i++) {
            FLAGS[i] = "{\"aa\":" + ((i & 32) != 0) + ",\"tc\":" + ((i & 16) != 0) + ",\"rd\":" + ((i & 8) != 0)
                    + ",\"ra\":" + ((i & 4) != 0) + ",\"ad\":" + ((i & 2) != 0) + ",\"cd\":" + ((i & 1) != 0) + "}";
        }
    }

    private static int flagBits(DnsTransaction.Flags f) {
        return (f.aa() ? 32 : 0) | (f.tc() ? 16 : 0) | (f.rd() ? 8 : 0) | (f.ra() ? 4 : 0) | (f.ad() ? 2 : 0)
                | (f.cd() ? 1 : 0);
    }

    public String format(DnsTransaction t) {
        JsonLine j = line.begin()
                .time("ts", t.tsNanos(), nano)
                .str("client", t.client().toString())
                .num("client_port", t.clientPort())
                .str("server", t.server().toString())
                .num("server_port", t.serverPort())
                .str("transport", t.transport())
                .num("id", t.id())
                .str("qname", t.qname())
                .str("qtype", t.qtype())
                .str("qclass", t.qclass())
                .str("status", t.status().wire())
                .str("rcode", t.rcode())
                .num("rtt_ms", t.rttMs());
        j.raw("flags", FLAGS[flagBits(t.flags())]);
        answers.setLength(0);
        answers.append('[');
        for (int i = 0; i < t.answers().size(); i++) {
            DnsTransaction.Answer a = t.answers().get(i);
            if (i > 0) {
                answers.append(',');
            }
            answers.append("{\"name\":");
            JsonLine.quote(answers, a.name());
            answers.append(",\"type\":");
            JsonLine.quote(answers, a.type());
            answers.append(",\"ttl\":").append(a.ttl()).append(",\"data\":");
            JsonLine.quote(answers, a.data());
            answers.append('}');
        }
        answers.append(']');
        j.raw("answers", answers)
                .str("opcode", t.opcode())
                .num("frame", t.frame())
                .num("response_frame", t.responseFrame() == 0 ? null : t.responseFrame())
                .num("retransmissions", t.retransmissions());
        if (t.ednsUdpSize() >= 0) {
            StringBuilder e = new StringBuilder(48).append("{\"udp_size\":").append(t.ednsUdpSize())
                    .append(",\"do\":").append(t.dnssecOk()).append(",\"options\":[");
            for (int i = 0; i < t.ednsOptions().size(); i++) {
                if (i > 0) {
                    e.append(',');
                }
                JsonLine.quote(e, t.ednsOptions().get(i));
            }
            j.raw("edns", e.append("]}"));
        }
        if (t.ecs() != null) {
            j.str("ecs", t.ecs());
        }
        if (t.malformed() != null) {
            j.str("malformed", t.malformed());
        }
        return j.end();
    }
}
