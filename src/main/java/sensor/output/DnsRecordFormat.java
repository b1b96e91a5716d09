package sensor.output;

import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.dns.Update;
import sensor.txn.DnsTransaction;

/** One {@code dns.jsonl} line: the contract's fields, then the sensor's extras. */
public final class DnsRecordFormat {
    private final JsonLine line = new JsonLine();
    // 64 Ki slots (4 MB): on the benchmark's 10,000 clients 4 Ki slots missed a quarter of the
    // lookups (each a formatted text), 64 Ki miss 2%.
    private final AddressBytes addresses = new AddressBytes(1 << 16);
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

    private static int flagBits(Flags f) {
        return (f.aa() ? 32 : 0) | (f.tc() ? 16 : 0) | (f.rd() ? 8 : 0) | (f.ra() ? 4 : 0) | (f.ad() ? 2 : 0)
                | (f.cd() ? 1 : 0);
    }

    private JsonLine address(JsonLine j, sensor.decode.IpAddress a) {
        int at = addresses.of(a);
        return j.put('"').ascii(addresses.bytes(), at, addresses.length(at)).put('"');
    }

    /** The record as a finished line, valid until the next call. */
    public JsonLine line(DnsTransaction t) {
        return line(t, false);
    }

    /**
     * With {@code evicted}: the record was made from state a table's cap evicted (its status is
     * the sensor's loss, not the network's), written as {@code "evicted": true}.
     */
    public JsonLine line(DnsTransaction t, boolean evicted) {
        JsonLine j = line.begin().time("ts", t.tsNanos(), nano);
        address(j.key("client"), t.client()).num("client_port", t.clientPort());
        address(j.key("server"), t.server()).num("server_port", t.serverPort())
                .word("transport", t.transport())
                .num("id", t.id())
                .str("qname", t.qname())
                .word("qtype", t.qtype())
                .word("qclass", t.qclass())
                .word("status", t.status().wire())
                .word("rcode", t.rcode())
                .num("rtt_ms", t.rttMs());
        j.key("flags").ascii(FLAGS[flagBits(t.flags())]);
        records(j.key("answers"), t.answers())
                .word("opcode", t.opcode())
                .num("frame", t.frame())
                .key("response_frame");
        if (t.responseFrame() == 0) {
            j.ascii("null");
        } else {
            j.number(t.responseFrame());
        }
        j.num("retransmissions", t.retransmissions());
        if (t.ednsUdpSize() >= 0) {
            j.key("edns").ascii("{\"udp_size\":").number(t.ednsUdpSize()).ascii(",\"do\":")
                    .ascii(t.dnssecOk() ? "true" : "false").ascii(",\"options\":[");
            for (int i = 0; i < t.ednsOptions().size(); i++) {
                if (i > 0) {
                    j.put(',');
                }
                j.quoted(t.ednsOptions().get(i));
            }
            j.ascii("]}");
        }
        if (t.ecs() != null) {
            j.str("ecs", t.ecs());
        }
        Update u = t.update();
        if (u != null) {
            j.key("update").ascii("{\"zone\":");
            if (u.zone() == null) {
                j.ascii("null"); // no zone section, or one that did not read
            } else {
                j.quoted(u.zone());
            }
            j.ascii(",\"prerequisites\":").number(u.prerequisites())
                    .ascii(",\"updates\":").number(u.updates()).ascii(",\"additional\":").number(u.additional())
                    .ascii(",\"added\":");
            records(j, u.added()).ascii(",\"deleted\":");
            records(j, u.deleted()).put('}');
        }
        if (t.malformed() != null) {
            j.str("malformed", t.malformed());
            j.str("malformed_section", t.malformedSection());
            j.word("malformed_in", t.malformedInResponse() ? "response" : "query");
        }
        if (evicted) {
            j.bool("evicted", true);
        }
        return j.finish();
    }

    /** A list of {@code {name, type, ttl, data}}; {@code data} left out when null (a deleted RRset). */
    private static JsonLine records(JsonLine j, java.util.List<Answer> records) {
        j.put('[');
        for (int i = 0; i < records.size(); i++) {
            Answer a = records.get(i);
            if (i > 0) {
                j.put(',');
            }
            j.ascii("{\"name\":").quoted(a.name()).ascii(",\"type\":\"").ascii(a.type()).put('"').ascii(",\"ttl\":")
                    .number(a.ttl());
            if (a.data() != null) {
                j.ascii(",\"data\":").quoted(a.data());
            }
            j.put('}');
        }
        return j.put(']');
    }
}
