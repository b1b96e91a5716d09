package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.testutil.ContractCapture;

/**
 * An OPT record whose options do not fill it exactly, or whose client subnet breaks RFC 7871
 * (a prefix longer than the address, address bytes the prefix does not need), is malformed and
 * named: its ECS is not recorded as if it were an address.
 */
class EdnsOptionsTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.53");

    /** An ECS option: family, source and scope prefix, and the address bytes as given. */
    private static byte[] ecs(int family, int source, int... address) {
        byte[] o = new byte[8 + address.length];
        o[1] = 8;
        o[3] = (byte) (4 + address.length);
        o[5] = (byte) family;
        o[6] = (byte) source;
        for (int i = 0; i < address.length; i++) {
            o[8 + i] = (byte) address[i];
        }
        return o;
    }

    /**
     * One query per option set, {@code PREFIX<i>.example} from port {@code firstPort + i}, each
     * with an OPT record holding that set, replayed into {@code dir/out}; the run must succeed.
     */
    private static Replay.Result replayQueries(Path dir, String prefix, int firstPort, List<byte[]> optionSets)
            throws IOException {
        Path pcap = dir.resolve(prefix + ".pcap");
        FrameBuilder fb = new FrameBuilder();
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            for (int i = 0; i < optionSets.size(); i++) {
                DnsWire.RawRr opt = new DnsWire.RawRr(".", DnsWire.OPT, 1232, 0, optionSets.get(i));
                byte[] q = DnsWire.message(i + 1, 0x0100, prefix + i + ".example", DnsWire.A, 1, List.of(), List.of(),
                        List.of(opt));
                fb.udp(CLIENT, firstPort + i, SERVER, 53, q, 0);
                w.write(1_474_639_331_000_000L + i * 1000, fb.buffer(), fb.length());
            }
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Result r = Replay.run(SensorConfig.defaults(dir.resolve("out")), List.of(pcap.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, r.exitCode(), err.toString());
        return r;
    }

    @Test
    void malformedOptionsAndClientSubnetsAreNamed(@TempDir Path dir) throws IOException {
        byte[] overrun = {0, 10, 0, 40, 1, 2, 3, 4, 5, 6, 7, 8}; // a cookie claiming 40 bytes, holding 8
        List<byte[]> optionSets = List.of(ecs(1, 24, 198, 51, 100), ecs(1, 200, 198, 51, 100), ecs(1, 24),
                ecs(1, 24, 198, 51, 100, 7), overrun, ecs(3, 8, 1));
        Replay.Result r = replayQueries(dir, "q", 2000, optionSets);
        List<JsonNode> dns = ContractCapture.lines(dir.resolve("out/dns.jsonl"));
        assertEquals(6, dns.size());
        // q0: a /24 in three bytes, as RFC 7871 wants it.
        assertEquals("198.51.100.0/24", dns.get(0).get("ecs").asText());
        assertFalse(dns.get(0).has("malformed"), dns.get(0).toString());
        // q1: prefix 200 of a 32-bit address; q2: no address bytes for a /24; q3: a fourth byte a /24 does not need.
        for (int i = 1; i <= 3; i++) {
            assertEquals("dns_bad_ecs", dns.get(i).get("malformed").asText(), dns.get(i).toString());
            assertEquals("additional", dns.get(i).get("malformed_section").asText());
            assertFalse(dns.get(i).has("ecs") && !dns.get(i).get("ecs").isNull(), dns.get(i).toString());
        }
        assertEquals("dns_bad_edns_option", dns.get(4).get("malformed").asText(), dns.get(4).toString());
        assertEquals("dns_bad_ecs", dns.get(5).get("malformed").asText(), "family 3 is no address family");
        assertEquals(4, r.tallies().value("weird", "dns_bad_ecs"));
        assertEquals(1, r.tallies().value("weird", "dns_bad_edns_option"));
        assertTrue(dns.get(4).get("edns").get("options").toString().contains("COOKIE"), dns.get(4).toString());
    }

    /**
     * Client subnets at RFC 7871's bounds are well formed: a /32 with scope 32 (prefixes may equal
     * the address's 32 bits) and a /0 with no address bytes (source 0: "no subnet, please"), and
     * an empty NSID request (RFC 5001 2.3) as the last option ends the rdata exactly.
     */
    @Test
    void clientSubnetsAtTheirBoundsAndAnEmptyLastOptionAreWellFormed(@TempDir Path dir) throws IOException {
        byte[] host = {0, 8, 0, 8, 0, 1, 32, 32, (byte) 198, 51, 100, 7}; // family 1, source 32, scope 32
        byte[] none = {0, 8, 0, 4, 0, 1, 0, 0}; // family 1, source 0, scope 0, no address bytes
        byte[] nsid = {0, 3, 0, 0}; // NSID, empty
        List<byte[]> optionSets = List.of(host, none, nsid);
        Replay.Result r = replayQueries(dir, "b", 3000, optionSets);
        List<JsonNode> dns = ContractCapture.lines(dir.resolve("out/dns.jsonl"));
        assertEquals(3, dns.size());
        for (JsonNode d : dns) {
            assertFalse(d.has("malformed"), d.toString());
        }
        assertEquals("198.51.100.7/32", dns.get(0).get("ecs").asText());
        assertEquals("0.0.0.0/0", dns.get(1).get("ecs").asText());
        assertEquals("[\"NSID\"]", dns.get(2).get("edns").get("options").toString());
        assertEquals(0, r.tallies().value("dns", "malformed"));
    }
}
