package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.SensorConfig;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;
import sensor.testutil.ContractCapture;
import sensor.testutil.Expect;

/**
 * pairs.jsonl and servers.jsonl of the scripted aggregate capture ({@link ContractCapture#writeAggregate}),
 * read from the files and compared with arithmetic done here by hand, so that neither the lift
 * nor the exclusivity can be checked by the code that computes it.
 *
 * <p>Totals of the kind (resolver and name alike, every lookup is one of each): A = 10.0.0.9 made
 * 4, B = 10.0.0.10 made 3, C = 10.0.0.200 made 9, all 16. A client's share of the kind is its
 * baseline: A 4/16 = 0.25, B 3/16 = 0.1875, C 9/16 = 0.5625. lift = share_of_server ÷ baseline.
 * The rule: exclusive share 0.8, at most 2 clients, min count 3, p ≤ 0.05.
 */
class PairsContractTest {
    @TempDir
    Path dir;
    private Map<String, JsonNode> pairs;
    private Map<String, JsonNode> servers;
    private Map<String, JsonNode> smtpPairs;
    private Map<String, JsonNode> smtpServers;

    @BeforeEach
    void replay() throws IOException {
        Path pcap = dir.resolve("aggregate.pcap");
        ContractCapture.writeAggregate(pcap);
        ContractCapture.replay(pcap,
                SensorConfig.defaults(dir.resolve("out")).withPairs(ContractCapture.aggregateRule()));
        pairs = Expect.by(ContractCapture.lines(dir.resolve("out/pairs.jsonl")),
                r -> r.get("kind").asText() + " " + r.get("client").asText() + " " + r.get("server").asText());
        servers = Expect.by(ContractCapture.lines(dir.resolve("out/servers.jsonl")),
                r -> r.get("kind").asText() + " " + r.get("server").asText());

        Path wire = dir.resolve("wire.pcap");
        ContractCapture.writeWire(wire);
        ContractCapture.replay(wire, SensorConfig.defaults(dir.resolve("wire")));
        smtpPairs = Expect.by(kind("smtp", ContractCapture.lines(dir.resolve("wire/pairs.jsonl"))),
                r -> r.get("client").asText());
        smtpServers = Expect.by(kind("smtp", ContractCapture.lines(dir.resolve("wire/servers.jsonl"))),
                r -> r.get("server").asText());
    }

    private static List<JsonNode> kind(String kind, List<JsonNode> records) {
        return records.stream().filter(r -> r.get("kind").asText().equals(kind)).toList();
    }

    @Test
    void onePairPerClientAndServer() {
        // resolver: A, B, C at 192.0.2.53; name: B and A at tie, A at excl, C and B at old, B at
        // new, C at was, now and busy.
        assertEquals(3 + 9, pairs.size(), pairs.keySet().toString());
        assertEquals(1 + 7, servers.size(), servers.keySet().toString());
    }

    @Test
    void resolverPairs() {
        // One resolver: each client's share of it is its baseline, so every lift is 1
        // (share_of_client ÷ baseline would be 1/0.5625, 1/0.25, 1/0.1875).
        fields("""
                {'kind': 'resolver', 'client_group': false, 'client': '10.0.0.200', 'server': '192.0.2.53',
                 'count': 9, 'first_seen': '2016-09-23T14:02:21.000000Z', 'last_seen': '2016-09-23T14:03:15.000000Z',
                 'share_of_server': 0.5625, 'share_of_client': 1, 'lift': 1}
                """, pairs.get("resolver 10.0.0.200 192.0.2.53")); // C: #6 at 10 s ... #16 at 64 s
        fields("""
                {'count': 4, 'first_seen': '2016-09-23T14:02:12.000000Z', 'last_seen': '2016-09-23T14:02:15.000000Z',
                 'share_of_server': 0.25, 'share_of_client': 1, 'lift': 1}
                """, pairs.get("resolver 10.0.0.9 192.0.2.53")); // A: #2 at 1 s ... #5 at 4 s
        fields("""
                {'count': 3, 'first_seen': '2016-09-23T14:02:11.000000Z', 'last_seen': '2016-09-23T14:02:41.000000Z',
                 'share_of_server': 0.1875, 'share_of_client': 1, 'lift': 1}
                """, pairs.get("resolver 10.0.0.10 192.0.2.53")); // B: #1 at 0 s, #7 at 15 s, #9 at 30 s
    }

    @Test
    void namePairs() {
        // tie.example: B at 0 s, A at 1 s. B: 1/2 of the name, 1/3 of B, lift 0.5 / 0.1875 = 8/3.
        fields("""
                {'kind': 'name', 'client': '10.0.0.10', 'server': 'tie.example', 'count': 1,
                 'first_seen': '2016-09-23T14:02:11.000000Z', 'last_seen': '2016-09-23T14:02:11.000000Z',
                 'share_of_server': 0.5, 'share_of_client': 0.333333, 'lift': 2.666667}
                """, pairs.get("name 10.0.0.10 tie.example"));
        // A: 1/2, 1/4, lift 0.5 / 0.25 = 2.
        fields("""
                {'count': 1, 'first_seen': '2016-09-23T14:02:12.000000Z', 'last_seen': '2016-09-23T14:02:12.000000Z',
                 'share_of_server': 0.5, 'share_of_client': 0.25, 'lift': 2}
                """, pairs.get("name 10.0.0.9 tie.example"));
        // excl.example: A three times at 2, 3, 4 s. 3/3, 3/4, lift 1 / 0.25 = 4.
        fields("""
                {'count': 3, 'first_seen': '2016-09-23T14:02:13.000000Z', 'last_seen': '2016-09-23T14:02:15.000000Z',
                 'share_of_server': 1, 'share_of_client': 0.75, 'lift': 4}
                """, pairs.get("name 10.0.0.9 excl.example"));
        // old.example: C at 10 and 20 s (2/3 of it, 2/9 of C, lift (2/3) / (9/16) = 32/27),
        fields("""
                {'count': 2, 'first_seen': '2016-09-23T14:02:21.000000Z', 'last_seen': '2016-09-23T14:02:31.000000Z',
                 'share_of_server': 0.666667, 'share_of_client': 0.222222, 'lift': 1.185185}
                """, pairs.get("name 10.0.0.200 old.example"));
        // B at 15 s (1/3, 1/3, lift (1/3) / (3/16) = 16/9).
        fields("""
                {'count': 1, 'first_seen': '2016-09-23T14:02:26.000000Z', 'last_seen': '2016-09-23T14:02:26.000000Z',
                 'share_of_server': 0.333333, 'share_of_client': 0.333333, 'lift': 1.777778}
                """, pairs.get("name 10.0.0.10 old.example"));
        // new.example: B alone at 30 s: 1, 1/3, lift 1 / (3/16) = 16/3.
        fields("""
                {'count': 1, 'first_seen': '2016-09-23T14:02:41.000000Z', 'last_seen': '2016-09-23T14:02:41.000000Z',
                 'share_of_server': 1, 'share_of_client': 0.333333, 'lift': 5.333333}
                """, pairs.get("name 10.0.0.10 new.example"));
        // was, now, busy: C alone, lift 1 / (9/16) = 16/9; shares of C 1/9, 1/9, 5/9.
        fields("""
                {'count': 1, 'first_seen': '2016-09-23T14:02:51.000000Z', 'last_seen': '2016-09-23T14:02:51.000000Z',
                 'share_of_server': 1, 'share_of_client': 0.111111, 'lift': 1.777778}
                """, pairs.get("name 10.0.0.200 was.example"));
        fields("""
                {'count': 1, 'first_seen': '2016-09-23T14:03:01.000000Z', 'last_seen': '2016-09-23T14:03:01.000000Z',
                 'share_of_server': 1, 'share_of_client': 0.111111, 'lift': 1.777778}
                """, pairs.get("name 10.0.0.200 now.example"));
        fields("""
                {'count': 5, 'first_seen': '2016-09-23T14:03:11.000000Z', 'last_seen': '2016-09-23T14:03:15.000000Z',
                 'share_of_server': 1, 'share_of_client': 0.555556, 'lift': 1.777778}
                """, pairs.get("name 10.0.0.200 busy.example"));
    }

    @Test
    void resolverServerIsNotExclusiveToTheClientsThatCarryMostOfEverything() {
        // hhi = 0.5625² + 0.25² + 0.1875² = 0.31640625 + 0.0625 + 0.03515625 = 0.4140625 -> 0.414063.
        // Dominant: 0.8 × 16 = 12.8; C's 9 falls short, C + A = 13 reaches it: 13/16 = 0.8125 here
        // and 13/16 of the kind. p = P[X ≥ 13 | n = 16, p = 13/16]
        //   = (C(16,13)·13¹³·3³ + C(16,14)·13¹⁴·3² + C(16,15)·13¹⁵·3 + 13¹⁶) / 16¹⁶
        //   = 11954177582089633657 / 18446744073709551616 = 0.648037 (6 significant digits).
        fields("""
                {'kind': 'resolver', 'client_group': false, 'server': '192.0.2.53', 'total': 16, 'clients': 3,
                 'top_clients': [{'client': '10.0.0.200', 'count': 9, 'share': 0.5625},
                                 {'client': '10.0.0.9', 'count': 4, 'share': 0.25},
                                 {'client': '10.0.0.10', 'count': 3, 'share': 0.1875}],
                 'top_share': 0.5625, 'hhi': 0.414063,
                 'dominant_clients': [{'client': '10.0.0.200', 'count': 9, 'share': 0.5625},
                                      {'client': '10.0.0.9', 'count': 4, 'share': 0.25}],
                 'dominant_share': 0.8125, 'baseline_share': 0.8125, 'p_value': 0.648037, 'exclusive': false}
                """, servers.get("resolver 192.0.2.53"));
    }

    @Test
    void tiedClientsInNumericAddressOrder() {
        // 1 each of 2: both are needed to reach 0.8 × 2 = 1.6; 10.0.0.9 before 10.0.0.10 (9 < 10),
        // although B asked first and "10.0.0.10" < "10.0.0.9" as text. hhi 0.5² + 0.5² = 0.5.
        // Baseline (4 + 3)/16 = 0.4375; p = P[X ≥ 2 | n = 2] = 0.4375² = 0.19140625 -> 0.191406.
        // Not exclusive: total 2 < min count 3.
        fields("""
                {'kind': 'name', 'server': 'tie.example', 'total': 2, 'clients': 2,
                 'top_clients': [{'client': '10.0.0.9', 'count': 1, 'share': 0.5},
                                 {'client': '10.0.0.10', 'count': 1, 'share': 0.5}],
                 'top_share': 0.5, 'hhi': 0.5,
                 'dominant_clients': [{'client': '10.0.0.9', 'count': 1, 'share': 0.5},
                                      {'client': '10.0.0.10', 'count': 1, 'share': 0.5}],
                 'dominant_share': 1, 'baseline_share': 0.4375, 'p_value': 0.191406, 'exclusive': false,
                 'addresses': ['192.0.2.40']}
                """, servers.get("name tie.example"));
    }

    @Test
    void exclusiveAgainstALowBaseline() {
        // A alone, 3 of 3; A's baseline 0.25: p = P[X ≥ 3 | n = 3] = 0.25³ = 0.015625 ≤ 0.05,
        // 1 client ≤ 2, total 3 ≥ 3: exclusive.
        fields("""
                {'kind': 'name', 'server': 'excl.example', 'total': 3, 'clients': 1,
                 'top_clients': [{'client': '10.0.0.9', 'count': 3, 'share': 1}], 'top_share': 1, 'hhi': 1,
                 'dominant_clients': [{'client': '10.0.0.9', 'count': 3, 'share': 1}],
                 'dominant_share': 1, 'baseline_share': 0.25, 'p_value': 0.015625, 'exclusive': true,
                 'addresses': ['192.0.2.41']}
                """, servers.get("name excl.example"));
    }

    @Test
    void notExclusiveWhenTheBaselineExplainsIt() {
        // C alone, 5 of 5, but C makes 9/16 = 0.5625 of all lookups: p = 0.5625⁵
        // = 0.056313514709... -> 0.0563135 > 0.05.
        fields("""
                {'kind': 'name', 'server': 'busy.example', 'total': 5, 'clients': 1,
                 'top_clients': [{'client': '10.0.0.200', 'count': 5, 'share': 1}], 'top_share': 1, 'hhi': 1,
                 'dominant_clients': [{'client': '10.0.0.200', 'count': 5, 'share': 1}],
                 'dominant_share': 1, 'baseline_share': 0.5625, 'p_value': 0.0563135, 'exclusive': false,
                 'addresses': ['192.0.2.42']}
                """, servers.get("name busy.example"));
        // old.example: C 2, B 1 of 3. hhi (2/3)² + (1/3)² = 5/9. 0.8 × 3 = 2.4 needs both;
        // baseline (9 + 3)/16 = 0.75, p = 0.75³ = 0.421875.
        fields("""
                {'kind': 'name', 'server': 'old.example', 'total': 3, 'clients': 2,
                 'top_clients': [{'client': '10.0.0.200', 'count': 2, 'share': 0.666667},
                                 {'client': '10.0.0.10', 'count': 1, 'share': 0.333333}],
                 'top_share': 0.666667, 'hhi': 0.555556,
                 'dominant_clients': [{'client': '10.0.0.200', 'count': 2, 'share': 0.666667},
                                      {'client': '10.0.0.10', 'count': 1, 'share': 0.333333}],
                 'dominant_share': 1, 'baseline_share': 0.75, 'p_value': 0.421875, 'exclusive': false,
                 'addresses': ['192.0.2.29']}
                """, servers.get("name old.example"));
    }

    @Test
    void singleLookupNames() {
        // n = 1: p = the baseline itself. B 3/16 = 0.1875; C 9/16 = 0.5625.
        String one = """
                {'kind': 'name', 'total': 1, 'clients': 1, 'top_clients': [{'client': '%1$s', 'count': 1, 'share': 1}],
                 'top_share': 1, 'hhi': 1, 'dominant_clients': [{'client': '%1$s', 'count': 1, 'share': 1}],
                 'dominant_share': 1, 'baseline_share': %2$s, 'p_value': %2$s, 'exclusive': false,
                 'addresses': ['%3$s']}
                """;
        fields(one.formatted("10.0.0.10", "0.1875", "192.0.2.29"), servers.get("name new.example"));
        fields(one.formatted("10.0.0.200", "0.5625", "192.0.2.30"), servers.get("name was.example"));
        fields(one.formatted("10.0.0.200", "0.5625", "192.0.2.30"), servers.get("name now.example"));
    }

    @Test
    void smtpKindFromTheWireCapture() {
        // Five attempts from 203.0.113.15 to 192.0.2.25 at 10..14 s: the only pair of the kind.
        // The client is everything: baseline 1, so p = 1 (the contract's rule for baseline 1).
        assertEquals(1, smtpPairs.size());
        fields("""
                {'kind': 'smtp', 'client_group': false, 'client': '203.0.113.15', 'server': '192.0.2.25',
                 'count': 5, 'first_seen': '2016-09-23T14:02:21.000000Z', 'last_seen': '2016-09-23T14:02:25.000000Z',
                 'share_of_server': 1, 'share_of_client': 1, 'lift': 1}
                """, smtpPairs.get("203.0.113.15"));
        fields("""
                {'kind': 'smtp', 'server': '192.0.2.25', 'total': 5, 'clients': 1,
                 'top_clients': [{'client': '203.0.113.15', 'count': 5, 'share': 1}], 'top_share': 1, 'hhi': 1,
                 'dominant_clients': [{'client': '203.0.113.15', 'count': 5, 'share': 1}],
                 'dominant_share': 1, 'baseline_share': 1, 'p_value': 1, 'exclusive': false,
                 'accepted_clients': ['203.0.113.15'], 'rejected_clients': ['203.0.113.15']}
                """, smtpServers.get("192.0.2.25"));
    }

    @Test
    void organisationLevelRecords(@TempDir Path groupsDir) throws IOException {
        // 10.0.0.0/28 holds A (.9) and B (.10): group "lab" with 4 + 3 = 7 lookups, baseline 7/16
        // = 0.4375; C (.200) is in no block, a group of its own named by its address (9, 0.5625).
        Path groups = Files.writeString(groupsDir.resolve("groups.txt"), "# lab\n10.0.0.0/28 lab\n");
        Path pcap = groupsDir.resolve("aggregate.pcap");
        ContractCapture.writeAggregate(pcap);
        PairsConfig rule = ContractCapture.aggregateRule();
        ContractCapture.replay(pcap, SensorConfig.defaults(groupsDir.resolve("out")).withPairs(new PairsConfig(
                rule.exclusiveShare(), rule.exclusiveMaxClients(), rule.minCount(), rule.exclusiveP(),
                ClientGroups.load(groups), rule.maxPairs())));
        Map<String, JsonNode> groupPairs = Expect.by(level(ContractCapture.lines(groupsDir.resolve("out/pairs.jsonl"))),
                r -> r.get("kind").asText() + " " + r.get("client").asText() + " " + r.get("server").asText());
        Map<String, JsonNode> groupServers = Expect.by(
                level(ContractCapture.lines(groupsDir.resolve("out/servers.jsonl"))),
                r -> r.get("kind").asText() + " " + r.get("server").asText());
        // The address-level records are unchanged by the groups.
        fields("{'client_group': false, 'exclusive': true, 'p_value': 0.015625}", servers.get("name excl.example"));

        // lab at the resolver: B at 0 s first, B at 30 s last; 7/16 of it, all of lab, lift 0.4375 / 0.4375.
        fields("""
                {'kind': 'resolver', 'client_group': true, 'client': 'lab', 'server': '192.0.2.53', 'count': 7,
                 'first_seen': '2016-09-23T14:02:11.000000Z', 'last_seen': '2016-09-23T14:02:41.000000Z',
                 'share_of_server': 0.4375, 'share_of_client': 1, 'lift': 1}
                """, groupPairs.get("resolver lab 192.0.2.53"));
        // hhi 0.5625² + 0.4375² = 0.31640625 + 0.19140625 = 0.5078125 -> 0.507813; 12.8 needs both
        // groups: baseline 16/16 = 1, so p = 1.
        fields("""
                {'kind': 'resolver', 'client_group': true, 'server': '192.0.2.53', 'total': 16, 'clients': 2,
                 'top_clients': [{'client': '10.0.0.200', 'count': 9, 'share': 0.5625},
                                 {'client': 'lab', 'count': 7, 'share': 0.4375}],
                 'top_share': 0.5625, 'hhi': 0.507813,
                 'dominant_clients': [{'client': '10.0.0.200', 'count': 9, 'share': 0.5625},
                                      {'client': 'lab', 'count': 7, 'share': 0.4375}],
                 'dominant_share': 1, 'baseline_share': 1, 'p_value': 1, 'exclusive': false}
                """, groupServers.get("resolver 192.0.2.53"));
        // old.example by lab: B's one lookup of 3; 1/7 of lab; lift (1/3) / (7/16) = 16/21.
        fields("""
                {'kind': 'name', 'client_group': true, 'client': 'lab', 'server': 'old.example', 'count': 1,
                 'first_seen': '2016-09-23T14:02:26.000000Z', 'last_seen': '2016-09-23T14:02:26.000000Z',
                 'share_of_server': 0.333333, 'share_of_client': 0.142857, 'lift': 0.761905}
                """, groupPairs.get("name lab old.example"));
        // tie.example: A and B are one group now: 2 of 2, 2/7 of lab, lift 16/7.
        fields("""
                {'count': 2, 'first_seen': '2016-09-23T14:02:11.000000Z', 'last_seen': '2016-09-23T14:02:12.000000Z',
                 'share_of_server': 1, 'share_of_client': 0.285714, 'lift': 2.285714}
                """, groupPairs.get("name lab tie.example"));
        // excl.example, exclusive to A, is not exclusive to lab: the group makes 7/16 of all
        // lookups, p = 0.4375³ = 0.083740234375 -> 0.0837402 > 0.05.
        fields("""
                {'kind': 'name', 'client_group': true, 'server': 'excl.example', 'total': 3, 'clients': 1,
                 'top_clients': [{'client': 'lab', 'count': 3, 'share': 1}], 'top_share': 1, 'hhi': 1,
                 'dominant_clients': [{'client': 'lab', 'count': 3, 'share': 1}], 'dominant_share': 1,
                 'baseline_share': 0.4375, 'p_value': 0.0837402, 'exclusive': false}
                """, groupServers.get("name excl.example"));
    }

    private static List<JsonNode> level(List<JsonNode> records) {
        return records.stream().filter(r -> r.get("client_group").asBoolean()).toList();
    }
}
