package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairsConfig;
import sensor.txn.DnsTransaction;

/** pairs.jsonl orders a server's tied clients as servers.jsonl does: by address, numerically. */
class PairsOrderTest {

    @Test
    void tiedPairsComeInAddressOrderLikeTheDominantClients() {
        PairAggregator agg = new PairAggregator(new PairsConfig(0.8, 2, 10, 0.001, null, 1000));
        String[] clients = {"10.0.0.10", "10.0.0.9", "10.0.0.100", "192.0.2.1", "192.0.2.1"};
        long ts = 1_474_639_331_000_000_000L;
        for (String c : clients) {
            agg.onDns(lookup(IpAddress.parse(c), ts += 1_000_000_000L));
        }
        List<String> names = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        new PairsOutput(false).write(agg, line -> {
            String s = line.toString();
            if (s.contains("\"kind\":\"name\"")) {
                names.add(s.replaceAll(".*\"client\":\"([^\"]*)\".*", "$1"));
            }
        }, line -> servers.add(line.toString()), line -> { });
        assertEquals(List.of("192.0.2.1", "10.0.0.9", "10.0.0.10", "10.0.0.100"), names);
        String name = servers.stream().filter(s -> s.contains("\"kind\":\"name\"")).findFirst().orElseThrow();
        assertEquals(true, name.contains("\"top_clients\":[{\"client\":\"192.0.2.1\",\"count\":2"), name);
        assertEquals(true, name.indexOf("10.0.0.9\"") < name.indexOf("10.0.0.10\""), name);
    }

    /** pairs.jsonl is written on a thread of its own: what fails there reaches the caller of write. */
    @Test
    void aFailureWritingThePairsReachesTheCaller() {
        PairAggregator agg = new PairAggregator(new PairsConfig(0.8, 2, 10, 0.001, null, 1000));
        agg.onDns(lookup(IpAddress.parse("10.0.0.1"), 1_474_639_331_000_000_000L));
        IllegalStateException full = new IllegalStateException("disk full");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> new PairsOutput(false).write(agg, line -> {
                    throw full;
                }, line -> { }, line -> { }));
        assertSame(full, thrown);
    }

    private static DnsTransaction lookup(IpAddress client, long ts) {
        IpAddress resolver = IpAddress.parse("192.0.2.53");
        return new DnsTransaction(ts, client, 40000, resolver, 53, "udp", 1, "mail1.example", "A", "IN",
                DnsTransaction.Status.ANSWERED, "NOERROR", 1.0,
                new Flags(false, false, true, true, false, false),
                List.of(new Answer("mail1.example", "A", 300, "198.51.100.25")), 1, 0, 2,
                ts + 1_000_000L, "QUERY", null, null, null, -1, false, List.of());
    }
}
