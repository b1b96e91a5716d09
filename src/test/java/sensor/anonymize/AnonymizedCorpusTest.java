package sensor.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.testutil.SharedCorpus;

/**
 * Public captures with IPv6 clients and servers, EDNS client subnets and SMTP, replayed with and
 * without {@code --anonymize-key}: each dns.jsonl and smtp.jsonl record is the plain one with its
 * parties (and client subnet) replaced by their pseudonyms, and no real party's address is left in
 * any file except where it is also DNS data.
 */
class AnonymizedCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AnonymizeKey KEY = AnonymizeKey.of(HexFormat.of()
            .parseHex("d1c056a983786a38ca76a05cda240c7b86d7713693544000a0e6c4dd5b3dabdd"));
    private static final List<String> CAPTURES = List.of("zeek/dns-edns-ecs.pcap",
            "suricata-verify/datasets-ipv6-dns.pcap", "zeek/ipv6-fragmented-dns.pcap", "dnscap/dns6.pcap",
            "suricata-verify/smtp-errors.pcap", "suricata-verify/smtp-pipelining.pcap",
            "suricata-verify/smtp-startssl.pcap");
    private static final List<String> FILES = List.of("dns.jsonl", "smtp.jsonl", "pairs.jsonl", "servers.jsonl",
            "events.jsonl", "pdns.jsonl");

    @Test
    void recordsAreThePlainOnesUnderTheMappingAndNoPartyIsLeft(@TempDir Path tmp) throws IOException {
        Path corpus = SharedCorpus.require();
        CryptoPan pan = new CryptoPan(KEY);
        int v6 = 0;
        int subnets = 0;
        int smtp = 0;
        int literals = 0;
        for (String name : CAPTURES) {
            Path capture = corpus.resolve(name);
            Path plain = tmp.resolve(name.replace('/', '-') + "-plain");
            Path anonymized = tmp.resolve(name.replace('/', '-') + "-anonymized");
            replay(capture, SensorConfig.defaults(plain));
            replay(capture, SensorConfig.defaults(anonymized).withAnonymization(new Anonymization(KEY, false)));
            Set<String> parties = new HashSet<>();
            Set<String> dnsData = new HashSet<>();
            for (String file : List.of("dns.jsonl", "smtp.jsonl")) {
                List<String> before = Files.readAllLines(plain.resolve(file));
                List<String> after = Files.readAllLines(anonymized.resolve(file));
                assertEquals(before.size(), after.size(), name + " " + file);
                for (int i = 0; i < before.size(); i++) {
                    ObjectNode expected = (ObjectNode) JSON.readTree(before.get(i));
                    for (String f : List.of("client", "server")) {
                        IpAddress a = IpAddress.parse(expected.get(f).asText());
                        parties.add(a.toString());
                        v6 += a.isV4() ? 0 : 1;
                        expected.put(f, pan.anonymize(a).toString());
                    }
                    if (expected.hasNonNull("ecs")) {
                        String[] s = expected.get("ecs").asText().split("/");
                        parties.add(s[0]);
                        IpAddress p = RecordAnonymizer.cut(pan.anonymize(IpAddress.parse(s[0])), Integer.parseInt(s[1]));
                        expected.put("ecs", p + "/" + s[1]);
                        subnets++;
                    }
                    String helo = expected.hasNonNull("helo") ? expected.get("helo").asText() : "";
                    if (helo.matches("\\[[0-9.]+\\]")) {
                        IpAddress a = IpAddress.parse(helo.substring(1, helo.length() - 1));
                        expected.put("helo", "[" + pan.anonymize(a) + "]");
                        literals++;
                    }
                    if (expected.has("answers")) {
                        expected.get("answers").forEach(x -> dnsData.add(x.get("data").asText()));
                    }
                    smtp += file.equals("smtp.jsonl") ? 1 : 0;
                    assertEquals(expected, JSON.readTree(after.get(i)), name + " " + file + " line " + (i + 1));
                }
            }
            for (String real : parties) {
                if (dnsData.contains(real) || real.equals("0.0.0.0") || real.equals("::")) {
                    continue;
                }
                for (String file : FILES) {
                    assertFalse(Files.readString(anonymized.resolve(file)).contains('"' + real + '"'),
                            name + ": " + real + " in " + file);
                }
            }
        }
        assertTrue(v6 >= 10 && subnets >= 5 && smtp >= 5 && literals >= 1, v6 + " IPv6 parties, " + subnets
                + " subnets, " + smtp + " SMTP sessions, " + literals + " HELO address literals");
    }

    private static void replay(Path capture, SensorConfig config) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Replay.run(config, List.of(capture.toString()), quiet, quiet);
    }
}
