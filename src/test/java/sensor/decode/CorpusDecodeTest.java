package sensor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.testutil.Oracle;
import sensor.testutil.SharedCorpus;

/**
 * The decoder finds every UDP DNS frame tshark found: per capture, the frames whose (innermost,
 * or reassembled) UDP header has port 53, 5353 or 5355 equal the rows of .dns.tsv and
 * .mdns-llmnr.tsv whose udp ports include one of them.
 */
class CorpusDecodeTest {

    /** Deliberate differences, each with its reason. */
    private static final Map<String, String> EXPECTED_DIFFERENCES = Map.of(
            "zeek/gre-sample.pcap", "tshark decodes the DNS query quoted inside 2 ICMP port-unreachable errors;"
                    + " a quoted packet is not DNS traffic, so the sensor does not count it",
            "ndpi/KakaoTalk_chat.pcap", "frame 57 is an ICMP error quoting a DNS response: not DNS traffic");

    @Test
    void udpDnsFramesAgreeWithTshark(@TempDir Path tmp) {
        List<String> wrong = new ArrayList<>();
        int i = 0;
        for (Path capture : SharedCorpus.captures()) {
            String name = SharedCorpus.name(capture);
            if (name.startsWith("libpcap-unreadable/")) {
                continue;
            }
            List<Map<String, String>> rows = new java.util.ArrayList<>(Oracle.rows(Path.of(capture + ".dns.tsv")));
            rows.addAll(Oracle.rows(Path.of(capture + ".mdns-llmnr.tsv")));
            long tsharkRows = rows.stream().filter(r -> {
                for (int port : new int[] {53, 5353, 5355}) {
                    if (Oracle.hasPort(r.get("udp.srcport"), port) || Oracle.hasPort(r.get("udp.dstport"), port)) {
                        return true;
                    }
                }
                return false;
            }).count();
            SensorConfig config = SensorConfig.defaults(tmp.resolve("o" + i++))
                    .withDnsPorts(sensor.flow.PortSet.parse("53,5353,5355"));
            Replay.Result r = Replay.run(config, List.of(capture.toString()),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
            long ours = r.tallies().value("udp", "dns_port_packets");
            if (ours != tsharkRows && !EXPECTED_DIFFERENCES.containsKey(name)) {
                wrong.add(name + ": sensor " + ours + ", tshark " + tsharkRows + " " + r.tallies().group("weird").stream()
                        .filter(t -> t.get() > 0).map(t -> t.name() + "=" + t.get()).toList());
            }
        }
        assertEquals(List.of(), wrong);
    }
}
