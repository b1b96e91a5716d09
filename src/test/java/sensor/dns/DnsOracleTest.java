package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.capture.CaptureException;
import sensor.flow.PortSet;
import sensor.testutil.DnsHeaders;
import sensor.testutil.Oracle;
import sensor.testutil.SharedCorpus;

/**
 * dns.jsonl against tshark, on every capture of the shared corpus:
 * <ul>
 * <li>every DNS message tshark decoded and did not flag malformed is in a record: a query by
 *     client, server, client port, id, qname and qtype; a response by the same key plus the
 *     rcode and the answer count, always (no fallback without the count);</li>
 * <li>a response's A, AAAA and CNAME answers are tshark's whole set when tshark's row has no
 *     record outside the answer section (as many TTLs as answers), and among tshark's otherwise
 *     (tshark's dns.a/dns.aaaa/dns.cname list every section, glue too);</li>
 * <li>the rcode is tshark's; tshark's dns.flags.rcode is the header's 4 bits, so where the
 *     record has an OPT record (edns) its low 4 bits are compared (BADCOOKIE is tshark's
 *     YXRRSET), elsewhere the whole value;</li>
 * <li>the flags (aa tc rd ra ad cd) are those of the response frame's header, or of the query's
 *     when unanswered, and the rcode is the full one (header bits and the OPT record's upper
 *     bits): both read from the frame's bytes ({@link DnsHeaders}: the stored oracle has neither
 *     flag nor extended-rcode columns), for UDP frames tshark decoded as DNS;</li>
 * <li>records tshark has no message for (by client, client port and id) are listed: each
 *     capture with any is a named difference below, with its reason.</li>
 * </ul>
 */
class DnsOracleTest {

    /** Deliberate differences in what tshark decoded: capture → reason. Each is a decision, not a bug left alone. */
    static final Map<String, String> DIFFERENCES = Map.of(
            "zeek/dns-invalid-names.pcap", "frame 2's question name is a compression loop; tshark prints"
                    + " '<name contains a pointer that loops>' without flagging it, the sensor counts it malformed"
                    + " (dns_compression_loop) and writes the transaction without a qname");

    /** Records with no tshark message: capture → why the sensor writes them. */
    static final Map<String, String> EXTRA_RECORDS = Map.of(
            "tcpdump/dns_tcp_8053.pcap", "DNS over TCP on port 8053: this test decodes 8053 as DNS (--dns-ports),"
                    + " tshark decodes only UDP/8053 without a decode-as (ORACLE.md, quirks)");

    /** A response's A/AAAA/CNAME answer data, the rcode, and whether it had an OPT record. */
    private record Response(List<String> data, String rcode, boolean edns) {}

    /** Queries by key; responses by key (rcode left out: compared on its own). */
    private record Found(Set<String> queries, Map<String, Response> responses) {}

    @Test
    void dnsJsonlAgreesWithTshark(@TempDir Path tmp) throws IOException, CaptureException {
        List<String> report = new ArrayList<>();
        List<String> extrasSeen = new ArrayList<>();
        long total = 0;
        long matched = 0;
        long wholeSets = 0;
        long flagsChecked = 0;
        long rcodesChecked = 0;
        long rcodesUnread = 0;
        int n = 0;
        for (Path capture : SharedCorpus.captures()) {
            String name = SharedCorpus.name(capture);
            List<Map<String, String>> rows = new ArrayList<>(Oracle.rows(Path.of(capture + ".dns.tsv")));
            rows.addAll(Oracle.rows(Path.of(capture + ".mdns-llmnr.tsv")));
            // A capture tshark found no DNS in still runs: whatever the sensor writes from it is listed.
            if (name.startsWith("libpcap-unreadable/")) {
                continue;
            }
            Path out = tmp.resolve("o" + n++);
            SensorConfig config = SensorConfig.defaults(out).withDnsPorts(PortSet.parse("53,5353,5355,8053"));
            Replay.run(config, List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()));
            List<JsonNode> records = records(out.resolve("dns.jsonl"));
            Found found = load(records);
            List<String> problems = new ArrayList<>();
            Set<String> tsharkEndpoints = new HashSet<>();
            Set<Long> tsharkFrames = new HashSet<>();
            for (Map<String, String> row : rows) {
                String[] ids = row.get("dns.id").split(",");
                String[] qr = row.get("dns.flags.response").split(",");
                for (int i = 0; i < ids.length; i++) {
                    boolean response = "1".equals(qr[Math.min(i, qr.length - 1)]);
                    tsharkEndpoints.add(endpoint(row, Integer.toString(Integer.decode(ids[i])), response));
                }
                if (!row.get("_ws.malformed").isEmpty() || row.get("_ws.expert.severity").contains("8388608")) {
                    continue;
                }
                tsharkFrames.add(Long.parseLong(row.get("frame.number")));
                boolean single = ids.length == 1;
                for (int i = 0; i < ids.length; i++) {
                    total++;
                    boolean response = "1".equals(qr[Math.min(i, qr.length - 1)]);
                    String id = Integer.toString(Integer.decode(ids[i]));
                    String key = key(row, id, response, single, false);
                    if (!(response ? found.responses().containsKey(key) : found.queries().contains(key))) {
                        key = key(row, id, response, single, true);
                    }
                    String problem;
                    if (!response) {
                        problem = found.queries().contains(key) ? null : "no query record";
                    } else {
                        Response ours = found.responses().get(key);
                        problem = ours == null ? "no response record with this answer count"
                                : single ? compare(row, ours) : null;
                        if (ours != null && single && problem == null && wholeSet(row)) {
                            wholeSets++;
                        }
                    }
                    if (problem == null) {
                        matched++;
                    } else {
                        problems.add("frame " + row.get("frame.number") + " " + key + ": " + problem);
                    }
                }
            }
            Map<Long, DnsHeaders.Header> headers = DnsHeaders.udp(capture);
            List<String> extras = new ArrayList<>();
            for (JsonNode r : records) {
                String endpoint = r.get("client").asText() + "|" + r.get("client_port").asText() + "|"
                        + r.get("id").asText();
                if (!tsharkEndpoints.contains(endpoint)) {
                    extras.add("frame " + r.get("frame").asText() + " " + endpoint);
                }
                JsonNode at = r.get("status").asText().equals("unanswered") ? r.get("frame") : r.get("response_frame");
                DnsHeaders.Header header = headers.get(at.asLong());
                if (r.get("transport").asText().equals("udp") && tsharkFrames.contains(at.asLong()) && header != null) {
                    flagsChecked++;
                    String want = flags(header.flags());
                    String got = r.get("flags").toString();
                    if (!want.equals(got)) {
                        problems.add("frame " + at.asText() + ": flags " + got + ", the header says " + want);
                    }
                    if (!r.get("rcode").isNull() && header.rcode() < 0) {
                        rcodesUnread++;
                    } else if (!r.get("rcode").isNull()) {
                        rcodesChecked++;
                        if (Rcode.value(r.get("rcode").asText()) != header.rcode()) {
                            problems.add("frame " + at.asText() + ": rcode " + r.get("rcode").asText()
                                    + ", the header and OPT record say " + Rcode.string(header.rcode()));
                        }
                    }
                }
            }
            if (!problems.isEmpty() && !DIFFERENCES.containsKey(name)) {
                report.add(name + ": " + problems.size() + " of " + rows.size() + " rows disagree, e.g. "
                        + problems.subList(0, Math.min(3, problems.size())));
            }
            if (!extras.isEmpty()) {
                extrasSeen.add(name + ": " + extras.size() + " records tshark has no message for, e.g. "
                        + extras.subList(0, Math.min(3, extras.size())));
                if (!EXTRA_RECORDS.containsKey(name)) {
                    report.add(extrasSeen.get(extrasSeen.size() - 1));
                }
            }
        }
        System.out.printf("DNS oracle: %d of %d tshark messages found in dns.jsonl (%.2f%%), %d answer sets whole,"
                + " %d records' flags and %d full rcodes read from the frames (%d responses cut short)%n", matched,
                total, 100.0 * matched / Math.max(1, total), wholeSets, flagsChecked, rcodesChecked, rcodesUnread);
        extrasSeen.forEach(e -> System.out.println("DNS oracle, sensor only: " + e));
        assertEquals(List.of(), report);
    }

    /** Null when the record's rcode and answers agree with the row, else what differs. */
    private static String compare(Map<String, String> row, Response ours) {
        String theirRcode = row.get("dns.flags.rcode");
        if (!theirRcode.isEmpty()) {
            int tshark = Integer.parseInt(theirRcode.split(",")[0]);
            int value = Rcode.value(ours.rcode());
            // The header's 4 bits where an OPT record may extend them (RFC 6891 6.1.3).
            int compared = ours.edns() ? value & 0xf : value;
            if (compared != tshark) {
                return "rcode " + ours.rcode() + (ours.edns() ? " (low 4 bits " + compared + ")" : "")
                        + ", tshark " + Rcode.string(tshark);
            }
        }
        List<String> theirs = new ArrayList<>();
        for (String col : new String[] {"dns.a", "dns.aaaa", "dns.cname"}) {
            if (!row.get(col).isEmpty()) {
                for (String v : row.get(col).split(",")) {
                    theirs.add(v.toLowerCase());
                }
            }
        }
        List<String> mine = new ArrayList<>(ours.data());
        if (wholeSet(row)) {
            theirs.sort(null);
            mine.sort(null);
            return theirs.equals(mine) ? null : "answers " + mine + ", tshark's whole set " + theirs;
        }
        List<String> left = new ArrayList<>(theirs);
        for (String v : mine) {
            if (!left.remove(v)) {
                return "answer " + v + " not among tshark's " + theirs;
            }
        }
        return null;
    }

    /** True when every record tshark saw with a TTL is in the answer section: no glue, no authority. */
    private static boolean wholeSet(Map<String, String> row) {
        String count = row.get("dns.count.answers");
        String ttls = row.get("dns.resp.ttl");
        int ttlCount = ttls.isEmpty() ? 0 : ttls.split(",").length;
        return !count.isEmpty() && !count.contains(",") && Integer.parseInt(count) == ttlCount;
    }

    private static String flags(int h) {
        return "{\"aa\":" + ((h & DnsHeaders.AA) != 0) + ",\"tc\":" + ((h & DnsHeaders.TC) != 0) + ",\"rd\":"
                + ((h & DnsHeaders.RD) != 0) + ",\"ra\":" + ((h & DnsHeaders.RA) != 0) + ",\"ad\":"
                + ((h & DnsHeaders.AD) != 0) + ",\"cd\":" + ((h & DnsHeaders.CD) != 0) + "}";
    }

    private static String last(String column) {
        String[] p = column.split(",");
        return p[p.length - 1];
    }

    private static String src(Map<String, String> row) {
        if (!row.get("ipv6.src").isEmpty() && !row.get("ip.src").isEmpty()) {
            return last(row.get("ipv6.src")); // tunnels: the innermost header is listed last
        }
        return last(row.get("ip.src").isEmpty() ? row.get("ipv6.src") : row.get("ip.src"));
    }

    private static String dst(Map<String, String> row) {
        if (!row.get("ipv6.src").isEmpty() && !row.get("ip.src").isEmpty()) {
            return last(row.get("ipv6.dst"));
        }
        return last(row.get("ip.dst").isEmpty() ? row.get("ipv6.dst") : row.get("ip.dst"));
    }

    private static String sport(Map<String, String> row) {
        return last(row.get("udp.srcport").isEmpty() ? row.get("tcp.srcport") : row.get("udp.srcport"));
    }

    private static String dport(Map<String, String> row) {
        return last(row.get("udp.dstport").isEmpty() ? row.get("tcp.dstport") : row.get("udp.dstport"));
    }

    /** The client side of a tshark message: client address, client port, id. */
    private static String endpoint(Map<String, String> row, String id, boolean response) {
        return response ? dst(row) + "|" + dport(row) + "|" + id : src(row) + "|" + sport(row) + "|" + id;
    }

    /** The oracle row's key in the form {@link #load} builds from records. */
    private static String key(Map<String, String> row, String id, boolean response, boolean single,
            boolean firstQuestion) {
        // tshark joins several questions with ',' (and a name may hold one): the tests try both.
        String qname = row.get("dns.qry.name").toLowerCase();
        if (firstQuestion) {
            qname = qname.split(",")[0];
        }
        if (qname.equals("<root>")) {
            qname = ".";
        }
        String qtype = row.get("dns.qry.type").isEmpty() ? ""
                : Type.string(Integer.parseInt(row.get("dns.qry.type").split(",")[0]));
        if (!single) {
            qname = "*";
            qtype = "*";
        }
        if (!response) {
            return String.join("|", src(row), dst(row), sport(row), id, qname, qtype);
        }
        // UPDATE messages have no "answers" count in tshark (the section is "prerequisites").
        String count = row.get("dns.count.answers").isEmpty() ? "*" : row.get("dns.count.answers").split(",")[0];
        return String.join("|", dst(row), src(row), dport(row), id, qname, qtype, single ? count : "*");
    }

    private static List<JsonNode> records(Path dnsJsonl) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dnsJsonl)) {
            out.add(json.readTree(line));
        }
        return out;
    }

    private static Found load(List<JsonNode> records) {
        Set<String> queries = new HashSet<>();
        Map<String, Response> responses = new HashMap<>();
        for (JsonNode r : records) {
            // tshark prints label bytes as they are; our names escape '.' and others like dnsjava.
            String qname = r.get("qname").isNull() ? "" : r.get("qname").asText().replaceAll("\\\\([^0-9])", "$1");
            String qtype = r.get("qtype").isNull() ? "" : r.get("qtype").asText();
            String base = String.join("|", r.get("client").asText(), r.get("server").asText(),
                    r.get("client_port").asText(), r.get("id").asText());
            String status = r.get("status").asText();
            if (!status.equals("unsolicited")) {
                queries.add(base + "|" + qname + "|" + qtype);
                queries.add(base + "|*|*");
            }
            if (!status.equals("unanswered")) {
                List<String> data = new ArrayList<>();
                for (JsonNode a : r.get("answers")) {
                    String t = a.get("type").asText();
                    if (t.equals("A") || t.equals("AAAA") || t.equals("CNAME")) {
                        data.add(a.get("data").asText());
                    }
                }
                Response response = new Response(data, r.get("rcode").asText(), r.has("edns"));
                responses.put(base + "|" + qname + "|" + qtype + "|" + r.get("answers").size(), response);
                responses.put(base + "|" + qname + "|" + qtype + "|*", response);
                responses.put(base + "|*|*|*", response);
            }
        }
        return new Found(queries, responses);
    }
}
