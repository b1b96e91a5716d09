package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.DnsWire.Rr;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.scenario.Timeline;
import sensor.testutil.ContractCapture;
import sensor.testutil.Expect;

/**
 * A name's lists in servers.jsonl are bounded (64 distinct addresses, 64 query types): what a
 * bound leaves out is said in {@code capped}, never dropped in silence.
 *
 * <pre>
 *  wide.example   A, answered with 192.0.2.1 .. 192.0.2.65 (65 addresses, one response)
 *  many.example   asked with 65 query types, TYPE1000 .. TYPE1064, each answered NOERROR without records
 *  few.example    A, answered with 192.0.2.1 and 192.0.2.2
 * </pre>
 */
class CappedListsTest {
    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.9");
    private static final IpAddress RESOLVER = IpAddress.parse("192.0.2.53");
    private int id;

    @Test
    void aListAtItsBoundSaysSo(@TempDir Path dir) throws IOException {
        Path out = ContractCapture.replayed(dir, "capped.pcap", this::write);
        Map<String, JsonNode> names = Expect.by(ContractCapture.lines(out.resolve("servers.jsonl")).stream()
                .filter(r -> r.get("kind").asText().equals("name")).toList(), r -> r.get("server").asText());

        JsonNode wide = names.get("wide.example");
        assertEquals(64, wide.get("addresses").size(), "the first 64 of 65 addresses");
        assertEquals("[\"addresses\"]", wide.get("capped").toString());

        JsonNode many = names.get("many.example");
        assertEquals(64, many.get("qtypes").size(), "the first 64 of 65 types");
        long counted = 0;
        for (JsonNode c : many.get("qtypes")) {
            counted += c.asLong();
        }
        assertEquals(64, counted, "65 lookups, the 65th type's not in the map");
        assertEquals(65, many.get("total").asLong());
        assertEquals("[\"qtypes\"]", many.get("capped").toString());

        JsonNode few = names.get("few.example");
        assertEquals(2, few.get("addresses").size());
        assertFalse(few.has("capped"), "nothing left out, no field");
    }

    private void write(Path pcap) throws IOException {
        Timeline t = new Timeline();
        FrameBuilder fb = new FrameBuilder();
        long at = ContractCapture.T0;
        List<Rr> wide = new ArrayList<>();
        for (int i = 1; i <= 65; i++) {
            wide.add(new Rr("wide.example", DnsWire.A, 300, "192.0.2." + i));
        }
        lookup(t, fb, "wide.example", DnsWire.A, wide, at);
        for (int type = 1000; type < 1065; type++) {
            at += ContractCapture.S;
            lookup(t, fb, "many.example", type, List.of(), at);
        }
        lookup(t, fb, "few.example", DnsWire.A, List.of(new Rr("few.example", DnsWire.A, 300, "192.0.2.1"),
                new Rr("few.example", DnsWire.A, 300, "192.0.2.2")), at + ContractCapture.S);
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            t.writeTo(w);
        }
    }

    /** A query at {@code at} and its NOERROR answer 1 ms later. */
    private void lookup(Timeline t, FrameBuilder fb, String name, int type, List<Rr> answers, long at) {
        int q = ++id;
        int port = 40_000 + q;
        fb.udp(CLIENT, port, RESOLVER, 53, DnsWire.query(q, name, type, false), 0);
        t.write(at, fb.buffer(), fb.length());
        fb.udp(RESOLVER, 53, CLIENT, port, DnsWire.response(q, name, type, DnsWire.NOERROR, answers, false), 0);
        t.write(at + ContractCapture.MS, fb.buffer(), fb.length());
    }
}
