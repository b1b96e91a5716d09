package sensor.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.dns.Update;
import sensor.flow.TcpState;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * {@code dns.jsonl} and {@code smtp.jsonl} lines back into the values the aggregation takes, so
 * {@code aggregate} and {@code report} feed the project's own {@link sensor.pairs.PairAggregator}. The one place that
 * knows both the record components and the line fields: formatting a converted line gives the
 * line again (tested), except what the line does not carry ({@code authority}).
 *
 * <p>The response time is not a field of the line: it is the query time plus {@code rtt_ms}
 * (exact to the nanosecond: the sensor computes {@code rtt_ms} from the two times), the record
 * time for an unsolicited response, and 0 when unanswered, as the sensor has it.
 */
public final class RecordConverter {
    private RecordConverter() {}

    /** Thread-safe once configured; a line with anything after its object is not a record. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A line that is not a record of the kind it was published as. */
    public static final class BadRecord extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadRecord(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static DnsTransaction dns(String line) {
        try {
            Map<String, Object> j = object(line);
            long ts = time(j, "ts");
            DnsTransaction.Status status = dnsStatus(str(j, "status"));
            Double rtt = dbl(j, "rtt_ms");
            long responseTs = switch (status) {
                case ANSWERED -> rtt == null ? ts : ts + Math.round(rtt * 1e6);
                case UNSOLICITED -> ts;
                case UNANSWERED -> 0;
            };
            Map<String, Object> f = map(j, "flags");
            Flags flags = new Flags(bool(f, "aa"), bool(f, "tc"), bool(f, "rd"),
                    bool(f, "ra"), bool(f, "ad"), bool(f, "cd"));
            List<Answer> answers = records(list(j, "answers"));
            Update update = null;
            if (j.get("update") instanceof Map<?, ?>) {
                Map<String, Object> u = map(j, "update");
                update = new Update(str(u, "zone"), (int) lng(u, "prerequisites"),
                        (int) lng(u, "updates"), (int) lng(u, "additional"), records(list(u, "added")),
                        records(list(u, "deleted")));
            }
            Map<String, Object> edns = j.get("edns") instanceof Map<?, ?> ? map(j, "edns") : null;
            List<String> options = new ArrayList<>();
            if (edns != null) {
                for (Object o : list(edns, "options")) {
                    options.add((String) o);
                }
            }
            Long responseFrame = j.get("response_frame") == null ? null : lng(j, "response_frame");
            return new DnsTransaction(ts, ip(j, "client"), (int) lng(j, "client_port"), ip(j, "server"),
                    (int) lng(j, "server_port"), shared(j, "transport"), (int) lng(j, "id"), shared(j, "qname"),
                    shared(j, "qtype"), shared(j, "qclass"), status, shared(j, "rcode"), rtt, flags, answers,
                    lng(j, "frame"), (int) lng(j, "retransmissions"), responseFrame == null ? 0 : responseFrame,
                    responseTs, shared(j, "opcode"), null, str(j, "ecs"), str(j, "malformed"),
                    edns == null ? -1 : (int) lng(edns, "udp_size"), edns != null && bool(edns, "do"),
                    List.copyOf(options), update, str(j, "malformed_section"),
                    "response".equals(str(j, "malformed_in")));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new BadRecord("not a dns record: " + e.getMessage(), e);
        }
    }

    private static List<Answer> records(List<Object> list) {
        List<Answer> out = new ArrayList<>(list.size());
        for (Object o : list) {
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) o;
            out.add(new Answer(shared(a, "name"), shared(a, "type"), lng(a, "ttl"), shared(a, "data")));
        }
        return List.copyOf(out);
    }

    public static SmtpSession smtp(String line) {
        try {
            Map<String, Object> j = object(line);
            List<Integer> replies = new ArrayList<>();
            for (Object o : list(j, "replies")) {
                replies.add(((Number) o).intValue());
            }
            Long banner = j.get("banner_code") == null ? null : lng(j, "banner_code");
            return new SmtpSession(time(j, "ts"), ip(j, "client"), (int) lng(j, "client_port"), ip(j, "server"),
                    (int) lng(j, "server_port"), tcpState(str(j, "tcp")), banner == null ? null : banner.intValue(),
                    str(j, "banner"), str(j, "helo"), bool(j, "starttls"), List.copyOf(replies),
                    outcome(str(j, "outcome")), str(j, "reject_stage"), lng(j, "frame"), strings(j, "extensions"),
                    strings(j, "commands"), str(j, "mail_from_domain"), strings(j, "rcpt_domains"), bool(j, "quit"),
                    (int) lng(j, "syn_retransmissions"), (int) lng(j, "gaps"), lng(j, "missed_bytes"));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new BadRecord("not an smtp record: " + e.getMessage(), e);
        }
    }

    /** One line as maps, lists, strings, numbers, booleans and nulls; bad JSON is an IllegalArgumentException. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String line) {
        try {
            return JSON.readValue(line, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The record's {@code ts} in epoch nanoseconds. */
    public static long time(Map<String, Object> j, String field) {
        String t = str(j, field);
        try {
            Instant i = Instant.parse(t);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException | NullPointerException e) {
            throw new IllegalArgumentException("bad time '" + t + "' in " + field);
        }
    }

    /** Whether a time text carries nanoseconds (9 fraction digits) rather than microseconds. */
    public static boolean nanoPrecision(String time) {
        int dot = time.lastIndexOf('.');
        return dot >= 0 && time.length() - dot - 2 > 6;
    }

    private static DnsTransaction.Status dnsStatus(String wire) {
        for (DnsTransaction.Status s : DnsTransaction.Status.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("bad status '" + wire + "'");
    }

    private static TcpState tcpState(String wire) {
        for (TcpState s : TcpState.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("bad tcp '" + wire + "'");
    }

    private static SmtpSession.Outcome outcome(String wire) {
        for (SmtpSession.Outcome o : SmtpSession.Outcome.values()) {
            if (o.wire().equals(wire)) {
                return o;
            }
        }
        throw new IllegalArgumentException("bad outcome '" + wire + "'");
    }

    /**
     * A text that recurs from record to record (a type, an rcode, a popular name or address), one
     * copy for all: records read back by the hundred thousand are held at once by {@code report}.
     */
    private static String shared(Map<String, Object> j, String k) {
        String s = str(j, k);
        return s == null ? null : s.intern();
    }

    static String str(Map<String, Object> j, String k) {
        return (String) j.get(k);
    }

    private static long lng(Map<String, Object> j, String k) {
        Object v = j.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing " + k);
        }
        return ((Number) v).longValue();
    }

    private static Double dbl(Map<String, Object> j, String k) {
        Object v = j.get(k);
        return v == null ? null : ((Number) v).doubleValue();
    }

    private static boolean bool(Map<String, Object> j, String k) {
        return Boolean.TRUE.equals(j.get(k));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> j, String k) {
        Object v = j.get(k);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("missing " + k);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> j, String k) {
        Object v = j.get(k);
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("missing " + k);
        }
        return (List<Object>) v;
    }

    private static List<String> strings(Map<String, Object> j, String k) {
        List<String> out = new ArrayList<>();
        for (Object o : list(j, k)) {
            out.add((String) o);
        }
        return List.copyOf(out);
    }

    private static IpAddress ip(Map<String, Object> j, String k) {
        String v = str(j, k);
        if (v == null) {
            throw new IllegalArgumentException("missing " + k);
        }
        return IpAddress.parse(v);
    }
}
