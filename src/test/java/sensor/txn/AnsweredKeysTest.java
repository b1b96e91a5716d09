package sensor.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The fingerprint set behaves as a set that forgets its oldest entry first. */
class AnsweredKeysTest {

    @Property(tries = 300)
    void behavesAsABoundedFifoSet(@ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 400) Integer> ops) {
        AnsweredKeys keys = new AnsweredKeys(64);
        ArrayDeque<Long> order = new ArrayDeque<>();
        Set<Long> model = new HashSet<>();
        for (int op : ops) {
            // Few distinct values and a clustered hash, so probe chains collide and wrap.
            long f = (op % 200) * 0x1000L + (op % 7) + 2; // never 0, which the set reserves
            if (op % 3 == 0) {
                if (!model.contains(f)) {
                    if (order.size() == 64) {
                        model.remove(order.pollFirst());
                    }
                    order.addLast(f);
                    model.add(f);
                }
                keys.add(f);
            }
            assertEquals(model.contains(f), keys.contains(f), "after op " + op);
        }
        assertEquals(model.size(), keys.size());
        for (long f : model) {
            assertEquals(true, keys.contains(f));
        }
    }
}
