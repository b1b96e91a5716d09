package sensor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.testutil.Oracle;
import sensor.testutil.SharedCorpus;

/**
 * The {@code tcp} state of every SMTP connection attempt against what tshark's raw TCP packets
 * (*.smtp-tcp.tsv: flags per packet per tcp.stream) say happened.
 */
class TcpStateOracleTest {

    @Test
    void everySmtpConnectionAttemptHasTheStateItsPacketsShow(@TempDir Path tmp) throws IOException {
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int n = 0;
        for (Path capture : SharedCorpus.captures()) {
            List<Map<String, String>> rows = Oracle.rows(Path.of(capture + ".smtp-tcp.tsv"));
            if (rows.isEmpty()) {
                continue;
            }
            Map<String, String> expected = expected(rows);
            Path out = tmp.resolve("o" + n++);
            Replay.run(SensorConfig.defaults(out), List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()));
            Map<String, String> ours = new HashMap<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(out.resolve("smtp.jsonl"))) {
                JsonNode r = json.readTree(line);
                ours.put(r.get("client").asText() + ":" + r.get("client_port").asText() + ">" + r.get("server_port").asText(),
                        r.get("tcp").asText());
            }
            for (Map.Entry<String, String> e : expected.entrySet()) {
                seen.merge(e.getValue(), 1, Integer::sum);
                String got = ours.get(e.getKey());
                if (!e.getValue().equals(got)) {
                    wrong.add(SharedCorpus.name(capture) + " " + e.getKey() + ": " + got + ", packets say " + e.getValue());
                }
            }
        }
        System.out.println("TCP states checked against tshark packets: " + seen);
        assertTrue(seen.containsKey("refused") && seen.containsKey("no_answer") && seen.containsKey("established"));
        assertEquals(List.of(), wrong);
    }

    /** Per tcp.stream: who sent the first SYN, what answered it, how it ended. */
    private static Map<String, String> expected(List<Map<String, String>> rows) {
        Map<String, List<Map<String, String>>> streams = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            streams.computeIfAbsent(r.get("tcp.stream"), k -> new ArrayList<>()).add(r);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (List<Map<String, String>> pkts : streams.values()) {
            Map<String, String> first = pkts.get(0);
            int flags0 = Integer.decode(first.get("tcp.flags"));
            boolean startsWithSyn = (flags0 & 0x12) == 0x02;
            String src = first.get("ip.src").isEmpty() ? first.get("ipv6.src") : first.get("ip.src");
            String dst = first.get("ip.dst").isEmpty() ? first.get("ipv6.dst") : first.get("ip.dst");
            int sport = Integer.parseInt(first.get("tcp.srcport"));
            int dport = Integer.parseInt(first.get("tcp.dstport"));
            boolean srcIsClient = startsWithSyn || dport == 25 || dport == 587;
            String client = srcIsClient ? src + ":" + sport + ">" + dport : dst + ":" + dport + ">" + sport;
            String state;
            if (!startsWithSyn) {
                state = "partial";
            } else {
                boolean synAck = false;
                boolean rstBefore = false;
                boolean rstAfter = false;
                for (Map<String, String> p : pkts) {
                    int f = Integer.decode(p.get("tcp.flags"));
                    boolean fromClient = (p.get("ip.src").isEmpty() ? p.get("ipv6.src") : p.get("ip.src")).equals(src)
                            && Integer.parseInt(p.get("tcp.srcport")) == sport;
                    if ((f & 0x12) == 0x12 && !fromClient) {
                        synAck = true;
                    }
                    if ((f & 0x04) != 0) {
                        if (!synAck && !fromClient) {
                            rstBefore = true;
                        } else if (synAck) {
                            rstAfter = true;
                        }
                    }
                }
                state = rstBefore ? "refused" : !synAck ? "no_answer" : rstAfter ? "reset" : "established";
            }
            out.put(client, state);
        }
        return out;
    }
}
