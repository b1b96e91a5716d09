package sensor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The static member id of an aggregate instance: what Kafka accepts, one per host and state directory. */
class InstanceIdTest {
    private static final String LEGAL = "[a-zA-Z0-9._-]+";

    @Test
    void hostAndStateDirectoryInKafkasAlphabet() {
        assertEquals("agg-1.example-_var_lib_sensor_state_2", FleetAggregation.instanceId("agg-1.example",
                Path.of("/var/lib/sensor/state 2")));
        String id = FleetAggregation.instanceId("hôte", Path.of("/tmp/état/../sensor-aggregate"));
        assertEquals("h_te-_tmp_sensor-aggregate", id, "non-ASCII replaced, the path normalised");
    }

    @Test
    void aLongDirectoryKeepsItsEndAndAHashWithinTheLimit() {
        String deep = "/data/" + "x".repeat(300);
        String a = FleetAggregation.instanceId("h", Path.of(deep + "/a"));
        String b = FleetAggregation.instanceId("h", Path.of(deep + "/b"));
        assertTrue(a.length() <= 200 && a.matches(LEGAL), a);
        assertTrue(a.endsWith("_a") && b.endsWith("_b"));
        assertNotEquals(a.substring(0, 8), FleetAggregation.instanceId("h", Path.of(deep + "/c")).substring(0, 8));
    }
}
