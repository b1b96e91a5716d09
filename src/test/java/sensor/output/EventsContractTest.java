package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.SensorConfig;
import sensor.testutil.ContractCapture;

/**
 * events.jsonl of the scripted aggregate capture: old.example hands 192.0.2.29 to new.example
 * after an NXDOMAIN (a rename); was.example and now.example share 192.0.2.30 with no such
 * evidence (never a rename).
 */
class EventsContractTest {
    @TempDir
    Path dir;
    private List<JsonNode> events;

    @BeforeEach
    void replay() throws IOException {
        Path pcap = dir.resolve("aggregate.pcap");
        ContractCapture.writeAggregate(pcap);
        ContractCapture.replay(pcap,
                SensorConfig.defaults(dir.resolve("out")).withPairs(ContractCapture.aggregateRule()));
        events = ContractCapture.lines(dir.resolve("out/events.jsonl"));
    }

    @Test
    void exactlyTheRenameAndThePossibleOne() {
        assertEquals(List.of("rename 192.0.2.29", "possible_rename 192.0.2.30"),
                events.stream().map(e -> e.get("type").asText() + " " + e.get("address").asText()).toList());
    }

    @Test
    void renameWithEvidence() {
        // old.example's last answer with .29: B's lookup at 15 s, answered at 15.001 s; the NXDOMAIN
        // at 20 s is the evidence. new.example: first asked by B at 30 s, answered at 30.001 s.
        // delay_s = 30 - 15.001 = 14.999. Names on .29: old and new = 2.
        // B made 1 of old.example's 3 lookups (C at 10 s and 20 s): 1/3.
        fields("""
                {'type': 'rename', 'ts': '2016-09-23T14:02:41.001000Z', 'address': '192.0.2.29',
                 'old_name': 'old.example', 'new_name': 'new.example', 'first_client': '10.0.0.10',
                 'delay_s': 14.999, 'address_names': 2, 'first_client_old_share': 0.333333}
                """, events.get(0));
    }

    @Test
    void successionWithoutEvidenceIsNoRename() {
        // was.example answered .30 at 40.001 s and never asked again; now.example asked at 50 s.
        // delay_s = 50 - 40.001 = 9.999; C made the one lookup of was.example: share 1.
        fields("""
                {'type': 'possible_rename', 'ts': '2016-09-23T14:03:01.001000Z', 'address': '192.0.2.30',
                 'old_name': 'was.example', 'new_name': 'now.example', 'first_client': '10.0.0.200',
                 'delay_s': 9.999, 'address_names': 2, 'first_client_old_share': 1}
                """, events.get(1));
        for (JsonNode e : events) {
            assertTrue(e.get("delay_s").asDouble() >= 0, "a delay is never negative: " + e);
        }
    }
}
