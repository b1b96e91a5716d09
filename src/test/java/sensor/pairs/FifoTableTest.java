package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rename detector's bounded table against a linked hash map dropping its first entry,
 * through growth and removals, with keys of one hash ("Aa" and "BB" hash alike) so runs grow
 * long, and keys whose home slots are the table's ends so runs wrap around.
 */
class FifoTableTest {
    @Test
    void keepsWhatALinkedMapKeeps() {
        SplittableRandom rnd = new SplittableRandom(2016);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            keys.add("host" + i + ".example");
        }
        for (int i = 0; i < 512; i++) {
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < 9; b++) {
                sb.append((i >> b & 1) == 0 ? "Aa" : "BB");
            }
            keys.add(sb.toString());
        }
        // The last bound is raised halfway: the table then grows after its oldest entries left.
        for (int firstBound : new int[] {1, 7, 300, 1500, 400}) {
            FifoTable<Integer> table = new FifoTable<>();
            Map<String, Integer> model = new LinkedHashMap<>();
            for (int step = 0; step < 60_000; step++) {
                int bound = firstBound == 400 && step >= 30_000 ? 3000 : firstBound;
                // A copy of the text, so a match by equality (not only identity) is tested too.
                String key = new String(keys.get(rnd.nextInt(keys.size())));
                assertEquals(model.get(key), table.get(key), "bound " + bound + " step " + step + ": " + key);
                if (!model.containsKey(key)) {
                    Integer value = step; // one object in both, so the identity check is fair
                    table.put(key, value);
                    model.put(key, value);
                    if (model.size() > bound) {
                        String first = model.keySet().iterator().next();
                        assertSame(model.remove(first), table.removeFirst(), "bound " + bound + " step " + step);
                    }
                }
                assertEquals(model.size(), table.size());
            }
            List<String> order = new ArrayList<>();
            table.forEach((k, v) -> {
                order.add(k);
                assertEquals(model.get(k), v);
            });
            assertEquals(new ArrayList<>(model.keySet()), order);
        }
    }

    @Test
    void runsWrapAroundTheEnd() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            FifoTable<String> table = new FifoTable<>(); // 1,024 slots
            Map<String, String> model = new LinkedHashMap<>();
            while (model.size() < 12) {
                String key = "name" + rnd.nextInt(1_000_000);
                int home = OpenAddressing.home(key.hashCode()) & 1023;
                if ((home >= 1020 || home <= 1) && !model.containsKey(key)) {
                    table.put(key, key);
                    model.put(key, key);
                }
            }
            while (!model.isEmpty()) {
                String first = model.keySet().iterator().next();
                assertSame(model.remove(first), table.removeFirst());
                assertEquals(null, table.get(first));
                for (String k : model.keySet()) {
                    assertSame(model.get(k), table.get(k), "round " + round);
                }
            }
            assertEquals(0, table.size());
        }
    }
}
