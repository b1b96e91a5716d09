package sensor.smtp;

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
 * smtp.jsonl against tshark, per session: the greeting code, the EHLO/HELO argument and whether
 * STARTTLS was accepted. tshark shows STARTTLS as command "STAR" with parameter "TLS".
 */
class SmtpOracleTest {

    /** What tshark says of one session. */
    private static final class Expected {
        Integer greeting;
        String helo;
        boolean starttlsAsked;
        boolean starttls;
    }

    @Test
    void everySessionAgreesWithTshark(@TempDir Path tmp) throws IOException {
        List<String> wrong = new ArrayList<>();
        int sessions = 0;
        int n = 0;
        for (Path capture : SharedCorpus.captures()) {
            List<Map<String, String>> rows = Oracle.rows(Path.of(capture + ".smtp.tsv"));
            if (rows.isEmpty()) {
                continue;
            }
            String name = SharedCorpus.name(capture);
            Map<String, Expected> expected = expected(rows);
            Path out = tmp.resolve("o" + n++);
            Replay.run(SensorConfig.defaults(out), List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(new ByteArrayOutputStream()));
            Map<String, JsonNode> ours = new HashMap<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(out.resolve("smtp.jsonl"))) {
                JsonNode r = json.readTree(line);
                ours.put(r.get("client").asText() + ":" + r.get("client_port").asText(), r);
            }
            for (Map.Entry<String, Expected> e : expected.entrySet()) {
                sessions++;
                JsonNode r = ours.get(e.getKey());
                Expected x = e.getValue();
                if (r == null) {
                    wrong.add(name + " " + e.getKey() + ": no record");
                    continue;
                }
                Integer banner = r.get("banner_code").isNull() ? null : r.get("banner_code").asInt();
                String helo = r.get("helo").isNull() ? null : r.get("helo").asText();
                if (x.greeting != null && !x.greeting.equals(banner)) {
                    wrong.add(name + " " + e.getKey() + ": greeting " + banner + ", tshark " + x.greeting);
                }
                if (x.helo != null && !x.helo.equals(helo)) {
                    wrong.add(name + " " + e.getKey() + ": helo " + helo + ", tshark " + x.helo);
                }
                if (x.starttls != r.get("starttls").asBoolean()) {
                    wrong.add(name + " " + e.getKey() + ": starttls " + r.get("starttls") + ", tshark " + x.starttls);
                }
            }
        }
        System.out.printf("SMTP oracle: %d sessions checked, %d disagreements%n", sessions, wrong.size());
        assertTrue(sessions > 10, "the corpus has SMTP sessions");
        assertEquals(List.of(), wrong);
    }

    private static Map<String, Expected> expected(List<Map<String, String>> rows) {
        Map<String, Expected> sessions = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            String src = row.get("ip.src").isEmpty() ? row.get("ipv6.src") : row.get("ip.src");
            String dst = row.get("ip.dst").isEmpty() ? row.get("ipv6.dst") : row.get("ip.dst");
            String command = row.get("smtp.req.command");
            String codes = row.get("smtp.response.code");
            if (!command.isEmpty()) {
                Expected x = sessions.computeIfAbsent(src + ":" + row.get("tcp.srcport"), k -> new Expected());
                String[] verbs = command.split(",");
                String[] params = row.get("smtp.req.parameter").split(",", -1);
                for (int i = 0; i < verbs.length; i++) {
                    String verb = verbs[i].toUpperCase();
                    String param = i < params.length ? params[i] : "";
                    if ((verb.equals("EHLO") || verb.equals("HELO")) && x.helo == null) {
                        x.helo = param;
                    }
                    if (verb.equals("STAR") && param.equalsIgnoreCase("TLS")) {
                        x.starttlsAsked = true;
                    }
                }
            } else if (!codes.isEmpty()) {
                Expected x = sessions.computeIfAbsent(dst + ":" + row.get("tcp.dstport"), k -> new Expected());
                int first = Integer.parseInt(codes.split(",")[0]);
                if (x.greeting == null) {
                    x.greeting = first;
                }
                if (x.starttlsAsked && !x.starttls) {
                    x.starttls = first == 220;
                    x.starttlsAsked = first == 220;
                }
            }
        }
        return sessions;
    }
}
