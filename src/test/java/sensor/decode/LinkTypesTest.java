package sensor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.LinkFrames;
import sensor.scenario.PcapWriter;

/**
 * Captures of link types other than Ethernet, written with the project's frame builders: Linux
 * NFLOG (both byte orders), IEEE 802.11 behind radiotap, Prism, AVS and PPI, and bare, and Cisco
 * HDLC, pflog, netANALYZER, ATM RFC 1483 and IP over InfiniBand. Their
 * DNS reaches dns.jsonl with the prefilter on and off alike, and the frames that carry no IP
 * (management, control, null data, encrypted) are counted by name.
 */
class LinkTypesTest {
    static final sensor.decode.IpAddress CLIENT = sensor.decode.IpAddress.parse("192.0.2.10");
    static final sensor.decode.IpAddress CLIENT6 = sensor.decode.IpAddress.parse("2001:db8::10");
    static final sensor.decode.IpAddress SERVER = sensor.decode.IpAddress.parse("198.51.100.53");
    static final sensor.decode.IpAddress SERVER6 = sensor.decode.IpAddress.parse("2001:db8::53");
    static final long T0 = 1_474_639_331_000_000L;

    @TempDir
    Path dir;

    /** The example.com and www.example.com A and AAAA lookups, as IP packets (v4 and v6 alternately). */
    private static List<byte[]> lookups() {
        return lookups(false);
    }

    /** The same lookups, as IP packets or as whole Ethernet frames. */
    private static List<byte[]> lookups(boolean ethernet) {
        FrameBuilder fb = new FrameBuilder();
        List<byte[]> ip = new ArrayList<>();
        String[][] names = {{"example.com", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
            {"www.example.com", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"}};
        int id = 1;
        for (String[] n : names) {
            for (int type : new int[] {DnsWire.A, DnsWire.AAAA}) {
                boolean v6 = type == DnsWire.AAAA;
                sensor.decode.IpAddress c = v6 ? CLIENT6 : CLIENT;
                sensor.decode.IpAddress s = v6 ? SERVER6 : SERVER;
                fb.udp(c, 40000 + id, s, 53, DnsWire.query(id, n[0], type, false), 0);
                ip.add(ethernet ? java.util.Arrays.copyOf(fb.buffer(), fb.length()) : LinkFrames.ipOf(fb));
                DnsWire.Rr rr = new DnsWire.Rr(n[0], type, 300, v6 ? n[2] : n[1]);
                fb.udp(s, 53, c, 40000 + id, DnsWire.response(id, n[0], type, 0, List.of(rr), false), 0);
                ip.add(ethernet ? java.util.Arrays.copyOf(fb.buffer(), fb.length()) : LinkFrames.ipOf(fb));
                id++;
            }
        }
        return ip;
    }

    private record Run(List<JsonNode> dns, JsonNode summary, String stderr) {}

    private Run replay(int linkType, List<byte[]> frames, boolean prefilter) throws IOException {
        Path pcap = dir.resolve("l" + linkType + prefilter + ".pcap");
        try (PcapWriter w = new PcapWriter(pcap, linkType)) {
            long t = T0;
            for (byte[] f : frames) {
                w.write(t += 1000, f, f.length);
            }
        }
        Path out = dir.resolve("out" + linkType + prefilter);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.run(SensorConfig.defaults(out).withPrefilter(prefilter), List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> dns = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
            dns.add(json.readTree(line));
        }
        return new Run(dns, json.readTree(out.resolve("summary.json").toFile()), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> answers(Run r) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : r.dns()) {
            for (JsonNode a : t.get("answers")) {
                out.add(a.get("name").asText() + " " + a.get("type").asText() + " " + a.get("data").asText());
            }
        }
        return out;
    }

    private static final List<String> ANSWERS = List.of("example.com A 93.184.215.14",
            "example.com AAAA 2606:2800:21f:cb07:6820:80da:af6b:8b2c", "www.example.com A 93.184.215.14",
            "www.example.com AAAA 2606:2800:21f:cb07:6820:80da:af6b:8b2c");

    private void decodesEveryLookup(int linkType, UnaryOperator<byte[]> wrap) throws IOException {
        List<byte[]> frames = lookups().stream().map(wrap).toList();
        for (boolean prefilter : new boolean[] {true, false}) {
            Run r = replay(linkType, frames, prefilter);
            assertEquals(ANSWERS, answers(r), "link type " + linkType + ", prefilter " + prefilter + ": " + r.stderr());
            assertEquals(4, r.dns().size());
            assertEquals(0, r.summary().get("decode_errors").asInt(), r.summary().toString());
            // libpcap compiles the prefilter for 802.11 but not for NFLOG, where every frame is decoded
            boolean fallsBack = prefilter && linkType == LinkFrames.NFLOG;
            assertEquals(fallsBack, r.stderr().contains("prefilter does not compile"), r.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nflogPayloadAttributes(boolean bigEndian) throws IOException {
        decodesEveryLookup(LinkFrames.NFLOG, ip -> LinkFrames.nflog(ip, bigEndian));
    }

    @Test
    void radiotapDataAndQosDataFourAddressFrames() throws IOException {
        decodesEveryLookup(LinkFrames.RADIOTAP, ip -> LinkFrames.radiotap(LinkFrames.wlan(LinkFrames.DATA,
                LinkFrames.FROM_DS, ip)));
        decodesEveryLookup(LinkFrames.RADIOTAP, ip -> LinkFrames.radiotap(LinkFrames.wlan(LinkFrames.QOS_DATA,
                LinkFrames.TO_DS | LinkFrames.FROM_DS, ip)));
    }

    @Test
    void bare80211PrismAvsAndPpi() throws IOException {
        int both = LinkFrames.TO_DS | LinkFrames.FROM_DS;
        for (int fc1 : new int[] {LinkFrames.TO_DS, both}) {
            decodesEveryLookup(LinkFrames.IEEE802_11, ip -> LinkFrames.wlan(LinkFrames.QOS_DATA, fc1, ip));
            decodesEveryLookup(LinkFrames.PRISM, ip -> LinkFrames.prism(LinkFrames.wlan(LinkFrames.DATA, fc1, ip)));
            decodesEveryLookup(LinkFrames.PRISM, ip -> LinkFrames.avs(LinkFrames.wlan(LinkFrames.DATA, fc1, ip)));
            decodesEveryLookup(LinkFrames.AVS, ip -> LinkFrames.avs(LinkFrames.wlan(LinkFrames.DATA, fc1, ip)));
            decodesEveryLookup(LinkFrames.PPI, ip -> LinkFrames.ppi(LinkFrames.wlan(LinkFrames.QOS_DATA, fc1, ip)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkFrames.C_HDLC, LinkFrames.PFLOG, LinkFrames.NETANALYZER,
        LinkFrames.NETANALYZER_TRANSPARENT, LinkFrames.ATM_RFC1483, LinkFrames.IPOIB})
    void wiredLinkTypes(int linkType) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] ethernet : lookups(true)) {
            frames.add(LinkFrames.wired(linkType, ethernet, java.util.Arrays.copyOfRange(ethernet, 14, ethernet.length)));
        }
        for (boolean prefilter : new boolean[] {true, false}) {
            Run r = replay(linkType, frames, prefilter);
            assertEquals(ANSWERS, answers(r), "link type " + linkType + ", prefilter " + prefilter + ": " + r.stderr());
            assertEquals(0, r.summary().get("decode_errors").asInt(), r.summary().toString());
        }
    }

    @Test
    void framesWithoutIpAreCountedByName() throws IOException {
        byte[] ip = lookups().get(1);
        List<byte[]> frames = List.of(LinkFrames.radiotap(LinkFrames.wlan(LinkFrames.BEACON, 0, ip)),
                LinkFrames.radiotap(LinkFrames.wlan(LinkFrames.ACK, 0, ip)),
                LinkFrames.radiotap(LinkFrames.wlan(LinkFrames.NULL_DATA, LinkFrames.TO_DS, ip)),
                LinkFrames.radiotap(LinkFrames.wlan(LinkFrames.QOS_DATA, LinkFrames.FROM_DS | LinkFrames.PROTECTED, ip)),
                LinkFrames.radiotap(LinkFrames.wlan(LinkFrames.DATA, LinkFrames.FROM_DS, ip)));
        Run r = replay(LinkFrames.RADIOTAP, frames, false);
        JsonNode link = r.summary().get("counters").get("link");
        assertEquals(1, link.get("wlan_management").asInt(), link.toString());
        assertEquals(1, link.get("wlan_control").asInt());
        assertEquals(1, link.get("wlan_no_data").asInt());
        assertEquals(1, link.get("wlan_protected").asInt());
        assertEquals(List.of("example.com A 93.184.215.14"), answers(r), "the one clear data frame");
        assertEquals(0, r.summary().get("decode_errors").asInt());

        Run nflog = replay(LinkFrames.NFLOG, List.of(new byte[] {2, 0, 0, 0, 8, 0, 10, 0, 'a', 0, 0, 0}), false);
        assertEquals(1, nflog.summary().get("counters").get("link").get("nflog_no_payload").asInt());
        assertTrue(nflog.dns().isEmpty());
    }
}
