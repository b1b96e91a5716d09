package sensor.output;

import static sensor.output.JsonValues.bool;
import static sensor.output.JsonValues.ip;
import static sensor.output.JsonValues.list;
import static sensor.output.JsonValues.lng;
import static sensor.output.JsonValues.map;
import static sensor.output.JsonValues.shared;
import static sensor.output.JsonValues.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.dns.Update;
import sensor.txn.DnsTransaction;

/**
 * The fields of a {@code dns.jsonl} line, in the order written: each writes itself from a
 * {@link DnsTransaction} ({@link DnsRecordFormat}) and reads itself back into one ({@link #read}).
 * The contract's fields come first, then the sensor's extras.
 */
public enum DnsField implements RecordField {
    TS("ts", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.time(json(), t.tsNanos(), f.nano);
        }

        @Override
        void read(Object v, DnsValues r) {
            r.tsNanos = JsonValues.time(v, json());
        }
    },
    CLIENT("client", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            f.address(j.key(json()), t.client());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.client = ip(v, json());
        }
    },
    CLIENT_PORT("client_port", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.num(json(), t.clientPort());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.clientPort = (int) lng(v, json());
        }
    },
    SERVER("server", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            f.address(j.key(json()), t.server());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.server = ip(v, json());
        }
    },
    SERVER_PORT("server_port", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.num(json(), t.serverPort());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.serverPort = (int) lng(v, json());
        }
    },
    TRANSPORT("transport", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.word(json(), t.transport());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.transport = shared(v);
        }
    },
    ID("id", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.num(json(), t.id());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.id = (int) lng(v, json());
        }
    },
    QNAME("qname", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.str(json(), t.qname());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.qname = shared(v);
        }
    },
    QTYPE("qtype", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.word(json(), t.qtype());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.qtype = shared(v);
        }
    },
    QCLASS("qclass", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.word(json(), t.qclass());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.qclass = shared(v);
        }
    },
    STATUS("status", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.word(json(), t.status().wire());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.status = JsonValues.wire(DnsTransaction.Status.values(), DnsTransaction.Status::wire, v, json());
        }
    },
    RCODE("rcode", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.word(json(), t.rcode());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.rcode = shared(v);
        }
    },
    /** The response's time is not a field: {@link DnsValues} has it from {@code ts} and this. */
    RTT_MS("rtt_ms", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.num(json(), t.rttMs());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.rttMs = v == null ? null : ((Number) v).doubleValue();
        }
    },
    FLAGS("flags", true, ".aa", ".tc", ".rd", ".ra", ".ad", ".cd") {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.key(json()).ascii(FlagObjects.TEXT[FlagObjects.bits(t.flags())]);
        }

        @Override
        void read(Object v, DnsValues r) {
            Map<String, Object> m = map(v, json());
            int bits = 0;
            for (int i = 0; i < FlagObjects.NAMES.length; i++) {
                bits |= bool(m.get(FlagObjects.NAMES[i])) ? FlagObjects.BIT[i] : 0;
            }
            r.flags = FlagObjects.flags(bits);
        }
    },
    ANSWERS("answers", true, ResourceRecords.PATHS) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            ResourceRecords.write(j.key(json()), t.answers());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.answers = ResourceRecords.read(list(v, json()));
        }
    },
    OPCODE("opcode", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.word(json(), t.opcode());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.opcode = shared(v);
        }
    },
    FRAME("frame", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.num(json(), t.frame());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.frame = lng(v, json());
        }
    },
    /** Null when unanswered: the value's 0. */
    RESPONSE_FRAME("response_frame", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.key(json());
            if (t.responseFrame() == 0) {
                j.ascii("null");
            } else {
                j.number(t.responseFrame());
            }
        }

        @Override
        void read(Object v, DnsValues r) {
            r.responseFrame = v == null ? 0 : lng(v, json());
        }
    },
    RETRANSMISSIONS("retransmissions", true) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            j.num(json(), t.retransmissions());
        }

        @Override
        void read(Object v, DnsValues r) {
            r.retransmissions = (int) lng(v, json());
        }
    },
    /** Only with an OPT record: the value's UDP size is then 0 or more, else -1. */
    EDNS("edns", false, ".udp_size", ".do", ".options") {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            if (t.ednsUdpSize() < 0) {
                return;
            }
            j.key(json()).ascii("{\"udp_size\":").number(t.ednsUdpSize()).ascii(",\"do\":")
                    .ascii(t.dnssecOk() ? "true" : "false").ascii(",\"options\":[");
            List<String> options = t.ednsOptions();
            for (int i = 0; i < options.size(); i++) {
                if (i > 0) {
                    j.put(',');
                }
                j.quoted(options.get(i));
            }
            j.ascii("]}");
        }

        @Override
        void read(Object v, DnsValues r) {
            if (v instanceof Map<?, ?>) {
                Map<String, Object> e = map(v, json());
                r.ednsUdpSize = (int) lng(e.get("udp_size"), "udp_size");
                r.dnssecOk = bool(e.get("do"));
                r.ednsOptions = JsonValues.strings(e.get("options"), "options");
            }
        }
    },
    ECS("ecs", false) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            if (t.ecs() != null) {
                j.str(json(), t.ecs());
            }
        }

        @Override
        void read(Object v, DnsValues r) {
            r.ecs = str(v);
        }
    },
    /** Only for opcode UPDATE; a zone section that did not read is a null zone. */
    UPDATE("update", false, ".zone", ".prerequisites", ".updates", ".additional", ".added",
            ResourceRecords.paths(".added"), ".deleted", ResourceRecords.paths(".deleted")) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            Update u = t.update();
            if (u == null) {
                return;
            }
            j.key(json()).ascii("{\"zone\":");
            if (u.zone() == null) {
                j.ascii("null");
            } else {
                j.quoted(u.zone());
            }
            j.ascii(",\"prerequisites\":").number(u.prerequisites())
                    .ascii(",\"updates\":").number(u.updates()).ascii(",\"additional\":").number(u.additional())
                    .ascii(",\"added\":");
            ResourceRecords.write(j, u.added()).ascii(",\"deleted\":");
            ResourceRecords.write(j, u.deleted()).put('}');
        }

        @Override
        void read(Object v, DnsValues r) {
            if (v instanceof Map<?, ?>) {
                Map<String, Object> u = map(v, json());
                r.update = new Update(str(u.get("zone")), (int) lng(u.get("prerequisites"), "prerequisites"),
                        (int) lng(u.get("updates"), "updates"), (int) lng(u.get("additional"), "additional"),
                        ResourceRecords.read(list(u.get("added"), "added")),
                        ResourceRecords.read(list(u.get("deleted"), "deleted")));
            }
        }
    },
    MALFORMED("malformed", false) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            if (t.malformed() != null) {
                j.str(json(), t.malformed());
            }
        }

        @Override
        void read(Object v, DnsValues r) {
            r.malformed = str(v);
        }
    },
    MALFORMED_SECTION("malformed_section", false) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            if (t.malformed() != null) {
                j.str(json(), t.malformedSection());
            }
        }

        @Override
        void read(Object v, DnsValues r) {
            r.malformedSection = str(v);
        }
    },
    MALFORMED_IN("malformed_in", false) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            if (t.malformed() != null) {
                j.word(json(), t.malformedInResponse() ? "response" : "query");
            }
        }

        @Override
        void read(Object v, DnsValues r) {
            r.malformedInResponse = "response".equals(v);
        }
    },
    /** Not of the transaction: the record was made from state a table's cap evicted. */
    EVICTED("evicted", false) {
        @Override
        void write(DnsRecordFormat f, JsonLine j, DnsTransaction t) {
            if (f.evicted) {
                j.bool(json(), true);
            }
        }

        @Override
        void read(Object v, DnsValues r) {
            r.evicted = bool(v);
        }
    };

    private final String json;
    private final boolean always;
    private final List<String> inner;

    /** {@code inner}: the paths inside the value, each a String or a List of them. */
    DnsField(String json, boolean always, Object... inner) {
        this.json = json;
        this.always = always;
        List<String> paths = new ArrayList<>();
        for (Object p : inner) {
            if (p instanceof List<?> l) {
                l.forEach(x -> paths.add((String) x));
            } else {
                paths.add((String) p);
            }
        }
        this.inner = List.copyOf(paths);
    }

    @Override
    public String json() {
        return json;
    }

    @Override
    public boolean always() {
        return always;
    }

    @Override
    public List<String> inner() {
        return inner;
    }

    /** Appends the member (key and value), or nothing when it does not apply to {@code t}. */
    abstract void write(DnsRecordFormat f, JsonLine j, DnsTransaction t);

    /** Sets what the member's value {@code v} (null when absent) holds. */
    abstract void read(Object v, DnsValues r);

    private static final DnsField[] ALL = values();

    /**
     * A line's members, as a JSON reader gives them, back into the transaction; members the line
     * does not define are ignored (a newer sensor's).
     */
    public static DnsRecord read(Map<String, Object> line) {
        DnsValues r = new DnsValues();
        for (DnsField f : ALL) {
            f.read(line.get(f.json), r);
        }
        return r.record();
    }

    /** The 64 flag objects, built once from the names of {@link #FLAGS}. */
    private static final class FlagObjects {
        static final String[] NAMES = FLAGS.inner.stream().map(p -> p.substring(1)).toArray(String[]::new);
        /** aa is the highest bit, cd the lowest. */
        static final int[] BIT = {32, 16, 8, 4, 2, 1};
        static final String[] TEXT = new String[64];

        static {
            for (int bits = 0; bits < 64; bits++) {
                StringBuilder sb = new StringBuilder("{");
                for (int i = 0; i < NAMES.length; i++) {
                    sb.append(i == 0 ? "" : ",").append('"').append(NAMES[i]).append("\":")
                            .append((bits & BIT[i]) != 0);
                }
                TEXT[bits] = sb.append('}').toString();
            }
        }

        static int bits(Flags f) {
            return (f.aa() ? 32 : 0) | (f.tc() ? 16 : 0) | (f.rd() ? 8 : 0) | (f.ra() ? 4 : 0) | (f.ad() ? 2 : 0)
                    | (f.cd() ? 1 : 0);
        }

        static Flags flags(int bits) {
            return new Flags((bits & 32) != 0, (bits & 16) != 0, (bits & 8) != 0, (bits & 4) != 0, (bits & 2) != 0,
                    (bits & 1) != 0);
        }
    }

    /** A list of {@code {name, type, ttl, data}}: the answers, and an update's added and deleted records. */
    private static final class ResourceRecords {
        static final List<String> PATHS = paths("");

        static List<String> paths(String list) {
            return List.of(list + "[].name", list + "[].type", list + "[].ttl", list + "[].data");
        }

        /** {@code data} left out when null (a deleted RRset). */
        static JsonLine write(JsonLine j, List<Answer> records) {
            j.put('[');
            for (int i = 0; i < records.size(); i++) {
                Answer a = records.get(i);
                if (i > 0) {
                    j.put(',');
                }
                j.ascii("{\"name\":").quoted(a.name()).ascii(",\"type\":\"").ascii(a.type()).put('"')
                        .ascii(",\"ttl\":").number(a.ttl());
                if (a.data() != null) {
                    j.ascii(",\"data\":").quoted(a.data());
                }
                j.put('}');
            }
            return j.put(']');
        }

        static List<Answer> read(List<Object> list) {
            List<Answer> out = new ArrayList<>(list.size());
            for (Object o : list) {
                Map<String, Object> a = map(o, "answer");
                out.add(new Answer(shared(a.get("name")), shared(a.get("type")), lng(a.get("ttl"), "ttl"),
                        shared(a.get("data"))));
            }
            return List.copyOf(out);
        }
    }
}
