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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.flow.PortSet;
import sensor.testutil.Oracle;
import sensor.testutil.SharedCorpus;

/**
 * dns.jsonl against tshark: every DNS message tshark decoded and did not flag malformed is in a
 * record. A query is found by client, server, client port, id, qname and qtype; a response by
 * the same key plus rcode and its A/AAAA answer set.
 */
class DnsOracleTest {

    /** Deliberate differences: capture → reason. Each one is a decision, not a bug left alone. */
    static final Map<String, String> DIFFERENCES = Map.of(
            "zeek/dns-invalid-names.pcap", "frame 2's question name is a compression loop; tshark prints"
                    + " '<name contains a pointer that loops>' without flagging it, the sensor counts it malformed"
                    + " (dns_compression_loop) and writes the transaction without a qname");

    /** Queries by key; responses by key, each with its A/AAAA answers. */
    private record Found(Set<String> queries, Map<String, Set<String>> responses) {}

    @Test
    void everyMessageTsharkDecodedIsInARecord(@TempDir Path tmp) throws IOException {
        List<String> report = new ArrayList<>();
        long total = 0;
        long matched = 0;
        int n = 0;
        for (Path capture : SharedCorpus.captures()) {
            String name = SharedCorpus.name(capture);
            List<Map<String, String>> rows = new ArrayList<>(Oracle.rows(Path.of(capture + ".dns.tsv")));
            rows.addAll(Oracle.rows(Path.of(capture + ".mdns-llmnr.tsv")));
            if (rows.isEmpty() || name.startsWith("libpcap-unreadable/")) {
                continue;
            }
            Path out = tmp.resolve("o" + n++);
            SensorConfig config = SensorConfig.defaults(out).withDnsPorts(PortSet.parse("53,5353,5355,8053"));
            Replay.run(config, List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()));
            Found found = load(out.resolve("dns.jsonl"));
            List<String> missing = new ArrayList<>();
            for (Map<String, String> row : rows) {
                if (!row.get("_ws.malformed").isEmpty() || row.get("_ws.expert.severity").contains("8388608")) {
                    continue;
                }
                String[] ids = row.get("dns.id").split(",");
                String[] qr = row.get("dns.flags.response").split(",");
                for (int i = 0; i < ids.length; i++) {
                    total++;
                    boolean response = "1".equals(qr[Math.min(i, qr.length - 1)]);
                    String id = Integer.toString(Integer.decode(ids[i]));
                    String key = key(row, id, response, ids.length == 1, false);
                    if (!(response ? found.responses().containsKey(key) : found.queries().contains(key))) {
                        key = key(row, id, response, ids.length == 1, true);
                    }
                    if (response && !found.responses().containsKey(key)) {
                        key = key.replaceFirst("\\|[^|]*$", "|*");
                    }
                    boolean ok;
                    if (response) {
                        // tshark's dns.a/dns.aaaa list every section (glue too): ours, from the
                        // answer section only, must be among them.
                        Set<String> ours = found.responses().get(key);
                        ok = ours != null && (ids.length > 1 || addresses(row).containsAll(ours));
                    } else {
                        ok = found.queries().contains(key);
                    }
                    if (ok) {
                        matched++;
                    } else {
                        missing.add("frame " + row.get("frame.number") + " " + key);
                    }
                }
            }
            if (!missing.isEmpty() && !DIFFERENCES.containsKey(name)) {
                report.add(name + ": " + missing.size() + " of " + rows.size() + " missing, e.g. "
                        + missing.subList(0, Math.min(3, missing.size())));
            }
        }
        System.out.printf("DNS oracle: %d of %d tshark messages found in dns.jsonl (%.2f%%)%n", matched, total,
                100.0 * matched / Math.max(1, total));
        assertEquals(List.of(), report);
    }

    private static String last(String column) {
        String[] p = column.split(",");
        return p[p.length - 1];
    }

    /** The oracle row's key in the form {@link #load} builds from records. */
    private static String key(Map<String, String> row, String id, boolean response, boolean single,
            boolean firstQuestion) {
        String src = last(row.get("ip.src").isEmpty() ? row.get("ipv6.src") : row.get("ip.src"));
        String dst = last(row.get("ip.dst").isEmpty() ? row.get("ipv6.dst") : row.get("ip.dst"));
        if (!row.get("ipv6.src").isEmpty() && !row.get("ip.src").isEmpty()) {
            // Tunnels: the innermost header is the one listed last across both columns.
            src = last(row.get("ipv6.src"));
            dst = last(row.get("ipv6.dst"));
        }
        String sport = last(row.get("udp.srcport").isEmpty() ? row.get("tcp.srcport") : row.get("udp.srcport"));
        String dport = last(row.get("udp.dstport").isEmpty() ? row.get("tcp.dstport") : row.get("udp.dstport"));
        // tshark joins several questions with ',' (and a name may hold one): the tests try both.
        String qname = row.get("dns.qry.name").toLowerCase();
        if (firstQuestion) {
            qname = qname.split(",")[0];
        }
        if (qname.equals("<root>")) {
            qname = ".";
        }
        String qtype = row.get("dns.qry.type").isEmpty() ? "" : Type.string(Integer.parseInt(row.get("dns.qry.type").split(",")[0]));
        if (!single) {
            qname = "*";
            qtype = "*";
        }
        if (!response) {
            return String.join("|", src, dst, sport, id, qname, qtype);
        }
        String rcode = row.get("dns.flags.rcode").isEmpty() ? "" : Rcode.string(Integer.parseInt(row.get("dns.flags.rcode").split(",")[0]));
        // UPDATE messages have no "answers" count in tshark (the section is "prerequisites").
        String count = row.get("dns.count.answers").isEmpty() ? "*" : row.get("dns.count.answers").split(",")[0];
        return String.join("|", dst, src, dport, id, qname, qtype, single ? rcode : "*", single ? count : "*");
    }

    private static Set<String> addresses(Map<String, String> row) {
        Set<String> addrs = new TreeSet<>();
        for (String col : new String[] {"dns.a", "dns.aaaa"}) {
            if (!row.get(col).isEmpty()) {
                addrs.addAll(List.of(row.get(col).split(",")));
            }
        }
        return addrs;
    }

    private static Found load(Path dnsJsonl) throws IOException {
        Set<String> queries = new HashSet<>();
        Map<String, Set<String>> responses = new java.util.HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dnsJsonl)) {
            JsonNode r = json.readTree(line);
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
                Set<String> addrs = new TreeSet<>();
                for (JsonNode a : r.get("answers")) {
                    String t = a.get("type").asText();
                    if (t.equals("A") || t.equals("AAAA")) {
                        addrs.add(a.get("data").asText());
                    }
                }
                String rcode = r.get("rcode").asText();
                responses.put(base + "|" + qname + "|" + qtype + "|" + rcode + "|" + r.get("answers").size(), addrs);
                responses.put(base + "|" + qname + "|" + qtype + "|" + rcode + "|*", addrs);
                int value = Rcode.value(rcode);
                if (value > 15) {
                    // tshark's dns.flags.rcode is the header's 4 bits; ours adds the OPT record's
                    // upper bits (RFC 6891), e.g. BADCOOKIE where tshark says YXRRSET.
                    String low = Rcode.string(value & 0xf);
                    responses.put(base + "|" + qname + "|" + qtype + "|" + low + "|" + r.get("answers").size(), addrs);
                }
                responses.put(base + "|*|*|*|*", Set.of());
            }
        }
        return new Found(queries, responses);
    }
}
