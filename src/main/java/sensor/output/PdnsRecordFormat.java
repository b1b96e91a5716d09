package sensor.output;

import sensor.decode.AddressTexts;
import sensor.pairs.PassiveDns;

/** One {@code pdns.jsonl} line, Passive DNS Common Output Format names. */
public final class PdnsRecordFormat {
    private final JsonLine line = new JsonLine();
    private final AddressTexts addresses = new AddressTexts(4096);
    private final boolean nano;

    public PdnsRecordFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    /** The record as a finished line, valid until the next call. */
    public JsonLine line(PassiveDns.Entry e) {
        JsonLine j = line.begin().str("rrname", e.rrname).str("rrtype", e.rrtype).str("rdata", e.rdata)
                .time("time_first", e.timeFirst, nano).time("time_last", e.timeLast, nano).num("count", e.count);
        if (e.bailiwick != null) {
            j.str("bailiwick", e.bailiwick);
        }
        j.key("servers").put('[');
        for (int i = 0; i < e.servers(); i++) {
            if (i > 0) {
                j.put(',');
            }
            j.quoted(addresses.of(e.server(i)));
        }
        return j.put(']').finish();
    }
}
