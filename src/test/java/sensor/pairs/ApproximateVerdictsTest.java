package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import sensor.decode.IpAddress;
import sensor.output.LineSink;
import sensor.output.PairsOutput;
import sensor.testutil.Lookups;

/**
 * Random streams that overflow every table (a few heavy clients and names among a flood of
 * one-off ones): whatever Space-Saving replaced, pairs.jsonl and servers.jsonl never hold an
 * impossible value or a verdict the contract forbids.
 */
class ApproximateVerdictsTest {
    private static final IpAddress RESOLVER = IpAddress.parse("198.51.100.53");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 40)
    void approximateTablesKeepTheContractsInvariants(@ForAll long seed, @ForAll @IntRange(min = 20, max = 300) int bound,
            @ForAll @IntRange(min = 2_000, max = 20_000) int lookups) {
        PairAggregator agg = new PairAggregator(new PairsConfig(0.8, 2, 10, 0.001, null, bound));
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Long> truePairs = new HashMap<>();
        Map<String, Long> trueServers = new HashMap<>();
        for (int i = 0; i < lookups; i++) {
            // A third of the lookups come from 5 heavy clients for 5 heavy names, the rest are one-off.
            boolean heavy = rnd.nextInt(3) == 0;
            IpAddress client = IpAddress.ofV4(0x0a000000 + (heavy ? rnd.nextInt(5) : 5 + rnd.nextInt(2_000)));
            String name = heavy ? "heavy" + rnd.nextInt(5) + ".example" : "n" + rnd.nextInt(1_000_000) + ".example";
            agg.onDns(Lookups.answered(1_000_000_000L * i, client, RESOLVER, i, name, "192.0.2." + (i % 200)));
            truePairs.merge(client + " " + name, 1L, Long::sum);
            trueServers.merge(name, 1L, Long::sum);
        }
        PairTable names = agg.table(PairAggregator.NAME, false);
        assertTrue(names.approximate() || truePairs.size() <= bound);
        List<JsonNode> pairs = new ArrayList<>();
        List<JsonNode> servers = new ArrayList<>();
        new PairsOutput(false).write(agg, sink(pairs), sink(servers), line -> { });

        for (JsonNode p : pairs) {
            double ss = p.get("share_of_server").asDouble();
            double sc = p.get("share_of_client").asDouble();
            assertTrue(ss > 0 && ss <= 1 && sc > 0 && sc <= 1, p.toString());
            assertTrue(p.get("lift").asDouble() >= 0, p.toString());
            if (p.get("kind").asText().equals(PairAggregator.NAME)) {
                // Over by at most the stated error; the guaranteed count never over.
                long truth = truePairs.get(p.get("client").asText() + " " + p.get("server").asText());
                long count = p.get("count").asLong();
                long error = p.has("error_bound") ? p.get("error_bound").asLong() : 0;
                assertTrue(count <= truth + error, "count " + count + " true " + truth + " " + p);
                assertTrue(p.has("guaranteed_count") ? p.get("guaranteed_count").asLong() <= truth : count == truth,
                        p.toString());
            }
        }
        for (JsonNode s : servers) {
            long total = s.get("total").asLong();
            if (s.get("kind").asText().equals(PairAggregator.NAME)) {
                // Exact while the name keeps a pair; one forgotten in between counts again from 0.
                long truth = trueServers.get(s.get("server").asText());
                assertTrue(s.has("approximate") ? total <= truth : total == truth, truth + " " + s);
            }
            long listed = 0;
            for (JsonNode c : s.get("dominant_clients")) {
                double share = c.get("share").asDouble();
                assertTrue(share >= 0 && share <= 1, s.toString());
                listed += c.get("count").asLong();
            }
            assertTrue(listed <= total, "dominant clients hold no more than the total: " + s);
            for (String f : new String[] {"top_share", "hhi", "dominant_share", "baseline_share", "p_value"}) {
                double v = s.get(f).asDouble();
                assertTrue(v >= 0 && v <= 1, f + " " + s);
            }
            if (s.get("exclusive").asBoolean()) {
                assertTrue(total >= 10, "exclusive needs --min-count: " + s);
                assertTrue(s.get("dominant_clients").size() <= 2, s.toString());
                assertTrue(s.get("dominant_share").asDouble() >= 0.8, s.toString());
                assertTrue(s.get("p_value").asDouble() <= 0.001, s.toString());
            }
        }
    }

    private static LineSink sink(List<JsonNode> into) {
        return line -> {
            try {
                into.add(JSON.readTree(line.toString()));
            } catch (java.io.IOException e) {
                throw new AssertionError(line.toString(), e);
            }
        };
    }
}
