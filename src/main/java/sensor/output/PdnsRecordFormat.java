package sensor.output;

import sensor.decode.IpAddress;
import sensor.dns.PassiveDns;

/** One {@code pdns.jsonl} line, Passive DNS Common Output Format names. */
public final class PdnsRecordFormat {
    private final JsonLine line = new JsonLine();
    private final boolean nano;

    public PdnsRecordFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    public String format(PassiveDns.Entry e) {
        StringBuilder servers = new StringBuilder("[");
        for (IpAddress s : e.servers) {
            if (servers.length() > 1) {
                servers.append(',');
            }
            JsonLine.quote(servers, s.toString());
        }
        servers.append(']');
        JsonLine j = line.begin().str("rrname", e.rrname).str("rrtype", e.rrtype).str("rdata", e.rdata)
                .time("time_first", e.timeFirst, nano).time("time_last", e.timeLast, nano).num("count", e.count);
        if (e.bailiwick != null) {
            j.str("bailiwick", e.bailiwick);
        }
        return j.raw("servers", servers).end();
    }
}
