package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.dns.Update;
import sensor.flow.TcpState;
import sensor.metrics.Tallies;
import sensor.pairs.PassiveDns;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;
import sensor.testutil.JsonPaths;

/**
 * The field enums drive the lines: a record with every field present is written with exactly the
 * enum's members, in its order and with the paths it declares, and each line reads back into a
 * value that writes the same line (so no field is written without being read back, nor read
 * without being written). pdns.jsonl, which nothing reads back, is checked for its members.
 */
class RecordFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IpAddress CLIENT = IpAddress.parse("2001:db8::15");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.1");

    /** An update with answers, EDNS, a client subnet and a malformed response: every field set. */
    static DnsTransaction everyDnsField() {
        Update u = new Update("example.com", 1, 2, 3,
                List.of(new Answer("new.example.com", "A", 300, "192.0.2.9")),
                List.of(new Answer("old.example.com", "ANY", 0, null), new Answer("x.example.com", "TXT", 0, "\"a\\\"b\"")));
        return new DnsTransaction(1_474_639_331_123_456_000L, CLIENT, 40001, SERVER, 53, "tcp", 4097, "example.com",
                "SOA", "IN", DnsTransaction.Status.ANSWERED, "BADCOOKIE", 1.5, new Flags(true, false, true, false, true,
                        true),
                List.of(new Answer("example.com", "MX", 60, "10 mx.example.com"), new Answer("ü.example", "AAAA", 7,
                        "2001:db8::1")),
                17, 2, 19, 1_474_639_331_124_956_000L, "UPDATE", null, "198.51.100.0/24", "dns_bad_rdata", 1232, true,
                List.of("COOKIE", "edns-client-subnet"), u, "additional", true);
    }

    /** An unanswered query without EDNS: only the fields every line has. */
    static DnsTransaction fewestDnsFields() {
        return new DnsTransaction(1_474_639_331_000_000_000L, IpAddress.parse("10.0.0.1"), 5353, SERVER, 53, "udp", 0,
                null, null, null, DnsTransaction.Status.UNANSWERED, null, null, new Flags(false, false, false, false,
                        false, false),
                List.of(), 1, 0, 0, 0, "QUERY", null, null, null, -1, false, List.of());
    }

    static SmtpSession smtpSession() {
        return new SmtpSession(1_474_639_331_000_001_000L, CLIENT, 50000, SERVER, 25, TcpState.ESTABLISHED, 220,
                "mx.example ESMTP \"quoted\" \u00e9", "client.example", true, List.of(220, 250, 220),
                SmtpSession.Outcome.REJECTED, "rcpt", 3, List.of("STARTTLS", "SIZE"), List.of("EHLO", "STARTTLS"),
                "sender.example", List.of("a.example", "b.example"), true, 1, 2, 30);
    }

    /** The member names of a line in order, and every path in it. */
    private static List<String> members(String line) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(line).fieldNames().forEachRemaining(out::add);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String line) throws Exception {
        return JSON.readValue(line, Map.class);
    }

    private static List<String> names(RecordField[] fields) {
        return java.util.Arrays.stream(fields).map(RecordField::json).toList();
    }

    private static Set<String> definedPaths(RecordField[] fields) {
        Set<String> out = new LinkedHashSet<>();
        for (RecordField f : fields) {
            out.addAll(f.paths());
        }
        return out;
    }

    @Test
    void aDnsLineHasTheDefinedFieldsInTheirOrder() throws Exception {
        String line = new DnsRecordFormat(false).line(everyDnsField(), true).toString();
        assertEquals(names(DnsField.values()), members(line));
        assertEquals(definedPaths(DnsField.values()), JsonPaths.of(JSON.readTree(line), "", new LinkedHashSet<>()));
        List<String> always = java.util.Arrays.stream(DnsField.values()).filter(DnsField::always)
                .map(DnsField::json).toList();
        assertEquals(always, members(new DnsRecordFormat(false).line(fewestDnsFields()).toString()));
    }

    @Test
    void aDnsLineReadsBackIntoTheTransactionThatWritesIt() throws Exception {
        for (boolean nano : new boolean[] {false, true}) {
            DnsRecordFormat format = new DnsRecordFormat(nano);
            for (DnsTransaction t : List.of(everyDnsField(), fewestDnsFields())) {
                for (boolean evicted : new boolean[] {false, true}) {
                    String line = format.line(t, evicted).toString();
                    DnsRecord back = DnsField.read(object(line));
                    assertEquals(evicted, back.evicted());
                    assertEquals(t, back.transaction(), line);
                    assertEquals(line, format.line(back.transaction(), back.evicted()).toString());
                }
            }
        }
    }

    @Test
    void everyDnsFieldIsReadBack() throws Exception {
        DnsRecordFormat format = new DnsRecordFormat(false);
        String line = format.line(everyDnsField(), true).toString();
        for (DnsField f : DnsField.values()) {
            Map<String, Object> without = object(line);
            without.remove(f.json());
            String again;
            try {
                DnsRecord back = DnsField.read(without);
                again = format.line(back.transaction(), back.evicted()).toString();
            } catch (IllegalArgumentException e) {
                continue; // a field every line needs
            }
            assertNotEquals(line, again, f + " is written but its value is not read back");
        }
    }

    @Test
    void anSmtpLineHasTheDefinedFieldsAndReadsBack() throws Exception {
        SmtpRecordFormat format = new SmtpRecordFormat(false);
        String line = format.format(smtpSession());
        assertEquals(names(SmtpField.values()), members(line));
        assertEquals(definedPaths(SmtpField.values()), JsonPaths.of(JSON.readTree(line), "", new LinkedHashSet<>()));
        assertEquals(smtpSession(), SmtpField.read(object(line)));
        for (SmtpField f : SmtpField.values()) {
            Map<String, Object> without = object(line);
            without.remove(f.json());
            try {
                assertNotEquals(line, format.format(SmtpField.read(without)), f + " is not read back");
            } catch (IllegalArgumentException e) {
                // a field every line needs
            }
        }
    }

    /** The pdns.jsonl line of one answer seen from two servers, under a zone that contains it or none. */
    private static String pdnsLine(String authority) {
        List<String> lines = new ArrayList<>();
        PdnsRecordFormat format = new PdnsRecordFormat(false);
        PassiveDns pdns = new PassiveDns(16, e -> lines.add(format.line(e).toString()), new Tallies());
        for (IpAddress server : List.of(SERVER, IpAddress.parse("2001:db8::53"))) {
            pdns.accept(new DnsTransaction(1_474_639_331_000_000_000L, CLIENT, 40001, server, 53, "udp", 1,
                    "www.example.com", "A", "IN", DnsTransaction.Status.ANSWERED, "NOERROR", 1.0,
                    new Flags(false, false, true, true, false, false),
                    List.of(new Answer("www.example.com", "A", 60, "192.0.2.80")), 1, 0, 2, 1_474_639_331_001_000_000L,
                    "QUERY", authority, null, null, -1, false, List.of()));
        }
        pdns.flush();
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }

    @Test
    void aPdnsLineHasTheDefinedFieldsInTheirOrder() throws Exception {
        String line = pdnsLine("example.com");
        assertEquals(names(PdnsField.values()), members(line));
        assertEquals(definedPaths(PdnsField.values()), JsonPaths.of(JSON.readTree(line), "", new LinkedHashSet<>()));
        assertEquals(List.of("192.0.2.1", "2001:db8::53"), JSON.readValue(line, Map.class).get("servers"));
        List<String> always = java.util.Arrays.stream(PdnsField.values()).filter(PdnsField::always)
                .map(PdnsField::json).toList();
        assertEquals(always, members(pdnsLine(null)));
    }
}
