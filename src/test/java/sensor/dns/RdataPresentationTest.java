package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.flow.PortSet;
import sensor.testutil.Oracle;
import sensor.testutil.SharedCorpus;

/**
 * Answers in presentation form over the whole public corpus: every A, AAAA and CNAME answer is
 * what tshark printed for its frame, and in every other rdata type no name keeps its trailing dot
 * and every IPv6 address is in RFC 5952 form; an example of the types with names or addresses inside is pinned.
 */
class RdataPresentationTest {
    /** An answer of each type in the corpus whose rdata holds a name or an IPv6 address, as written. */
    static final Map<String, String> PINNED = Map.of(
            "RRSIG", "A 5 4 30 20180828073129 20180729063352 50475 upenn.edu ",
            "SVCB", "0 foo.example.com",
            "HTTPS", "1 . alpn=h3,h3-29,h3-28,h3-27,h2 ipv4hint=104.16.132.229,104.16.133.229"
                    + " ipv6hint=2606:4700::6810:84e5,2606:4700::6810:85e5");

    @Test
    void everyAnswerIsInPresentationForm(@TempDir Path tmp) throws IOException {
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> checked = new TreeMap<>();
        Map<String, List<String>> seen = new HashMap<>();
        int n = 0;
        for (Path capture : SharedCorpus.captures()) {
            String name = SharedCorpus.name(capture);
            if (name.startsWith("libpcap-unreadable/")) {
                continue;
            }
            Map<String, Map<String, String>> rows = new HashMap<>();
            for (String tsv : List.of(".dns.tsv", ".mdns-llmnr.tsv")) {
                for (Map<String, String> row : Oracle.rows(Path.of(capture + tsv))) {
                    rows.put(row.get("frame.number"), row);
                }
            }
            Path out = tmp.resolve("o" + n++);
            SensorConfig config = SensorConfig.defaults(out).withDnsPorts(PortSet.parse("53,5353,5355,8053"));
            Replay.run(config, List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()));
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
                JsonNode r = json.readTree(line);
                Map<String, String> row = rows.get(r.get("response_frame").asText());
                for (JsonNode a : r.get("answers")) {
                    String type = a.get("type").asText();
                    String data = a.get("data").asText();
                    String problem = switch (type) {
                        case "A" -> row == null || in(row, "dns.a", data) ? null : "not among tshark's dns.a";
                        case "AAAA" -> row == null || in(row, "dns.aaaa", data) ? null : "not among tshark's dns.aaaa";
                        case "CNAME" -> row == null || in(row, "dns.cname", data) ? null : "not among tshark's dns.cname";
                        default -> presentationProblem(data);
                    };
                    checked.merge(type, 1, Integer::sum);
                    seen.computeIfAbsent(type, k -> new ArrayList<>()).add(data);
                    if (problem != null) {
                        wrong.add(name + " frame " + r.get("response_frame") + " " + type + " " + data + ": " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked.keySet().containsAll(Set.of("A", "AAAA", "CNAME", "RRSIG", "SVCB", "HTTPS")), checked.toString());
        PINNED.forEach((type, prefix) -> assertTrue(seen.get(type).stream().anyMatch(d -> d.startsWith(prefix)),
                type + ": " + seen.get(type)));
    }

    private static boolean in(Map<String, String> row, String column, String data) {
        for (String v : row.get(column).split(",")) {
            if (v.equalsIgnoreCase(data) || v.equals("<Root>") && data.equals(".")) {
                return true;
            }
        }
        return false;
    }

    /** Why a field of the rdata is not in presentation form, or null. */
    static String presentationProblem(String data) {
        for (String token : data.split("[ ,=]")) {
            if (token.length() > 1 && token.endsWith(".") && !token.endsWith("\\.") && !token.startsWith("\"")
                    && !token.matches("[0-9.]+")) {
                return "name with a trailing dot: " + token;
            }
            if (token.matches("[0-9a-fA-F:]*:[0-9a-fA-F:.]*") && token.contains(":") && token.length() > 2) {
                String want = rfc5952(token);
                if (want != null && !want.equals(token)) {
                    return "IPv6 " + token + " is " + want + " in RFC 5952 form";
                }
            }
        }
        return null;
    }

    /** RFC 5952 text of an IPv6 literal, written here independently of the sensor's formatter. */
    static String rfc5952(String literal) {
        byte[] b;
        try {
            b = InetAddress.getByName(literal).getAddress(); // a literal: no lookup
        } catch (IOException e) {
            return null;
        }
        if (b.length != 16) {
            return null;
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestAt = -1;
        int bestLen = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
