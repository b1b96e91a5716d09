package sensor.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import sensor.output.DnsField;
import sensor.output.DnsRecord;
import sensor.output.SmtpField;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * {@code dns.jsonl} and {@code smtp.jsonl} lines back into the values the aggregation takes, so
 * {@code aggregate} and {@code report} feed the project's own {@link sensor.pairs.PairAggregator}:
 * Jackson reads the line, and the fields that write it ({@link DnsField}, {@link SmtpField}) read
 * their values back, so formatting a converted line gives the line again (tested).
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
        return dnsRecord(line).transaction();
    }

    /** The transaction of a {@code dns.jsonl} line, with whether it was made from evicted state. */
    public static DnsRecord dnsRecord(String line) {
        try {
            return DnsField.read(object(line));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new BadRecord("not a dns record: " + e.getMessage(), e);
        }
    }

    public static SmtpSession smtp(String line) {
        try {
            return SmtpField.read(object(line));
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

    /** Whether a time text carries nanoseconds (9 fraction digits) rather than microseconds. */
    public static boolean nanoPrecision(String time) {
        int dot = time.lastIndexOf('.');
        return dot >= 0 && time.length() - dot - 2 > 6;
    }
}
