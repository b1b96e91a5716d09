package sensor.output;

import java.util.List;
import sensor.pairs.PassiveDns;

/**
 * The fields of a {@code pdns.jsonl} line (the Passive DNS Common Output Format's names), in the
 * order {@link PdnsRecordFormat} writes them. No stage reads these lines back, so they have no
 * reader.
 */
public enum PdnsField implements RecordField {
    RRNAME("rrname", true) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            j.str(json(), e.rrname);
        }
    },
    RRTYPE("rrtype", true) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            j.str(json(), e.rrtype);
        }
    },
    RDATA("rdata", true) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            j.str(json(), e.rdata);
        }
    },
    TIME_FIRST("time_first", true) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            j.time(json(), e.timeFirst, f.nano);
        }
    },
    TIME_LAST("time_last", true) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            j.time(json(), e.timeLast, f.nano);
        }
    },
    COUNT("count", true) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            j.num(json(), e.count);
        }
    },
    /** Only when the authority section named a zone containing the rrname. */
    BAILIWICK("bailiwick", false) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            if (e.bailiwick != null) {
                j.str(json(), e.bailiwick);
            }
        }
    },
    SERVERS("servers", true) {
        @Override
        void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e) {
            j.key(json()).put('[');
            for (int i = 0; i < e.servers(); i++) {
                if (i > 0) {
                    j.put(',');
                }
                j.quoted(f.address(e.server(i)));
            }
            j.put(']');
        }
    };

    private final String json;
    private final boolean always;

    PdnsField(String json, boolean always) {
        this.json = json;
        this.always = always;
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
        return List.of();
    }

    /** Appends the member (key and value), or nothing when it does not apply to {@code e}. */
    abstract void write(PdnsRecordFormat f, JsonLine j, PassiveDns.Entry e);
}
