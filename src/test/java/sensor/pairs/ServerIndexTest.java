package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The server index against a plain map, through additions, removals and growth, with names whose
 * texts share one hash ("Aa" and "BB" hash alike) so runs grow long and wrap around the table's end.
 */
class ServerIndexTest {
    @Test
    void findsWhatAMapFinds() {
        SplittableRandom rnd = new SplittableRandom(2016);
        PairIndex pairs = new PairIndex();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            names.add("host" + i + ".example");
        }
        for (int i = 0; i < 512; i++) { // 512 texts of one hash
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < 9; b++) {
                sb.append((i >> b & 1) == 0 ? "Aa" : "BB");
            }
            names.add(sb.toString());
        }
        ServerIndex index = new ServerIndex();
        Map<String, PairTable.Server> model = new HashMap<>();
        List<PairTable.Server> held = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            // A copy of the text, so a match by equality (not only identity) is tested too.
            String name = new String(names.get(rnd.nextInt(names.size())));
            PairTable.Server want = model.get(name);
            assertSame(want, index.get(name), "step " + step + ": " + name);
            if (want == null && (held.size() < 1200 || rnd.nextInt(3) == 0)) {
                PairTable.Server s = new PairTable.Server(name, pairs);
                index.put(s);
                model.put(name, s);
                held.add(s);
            } else if (!held.isEmpty() && rnd.nextInt(2) == 0) {
                PairTable.Server s = held.remove(rnd.nextInt(held.size()));
                index.remove(s);
                model.remove(s.name);
            }
            assertEquals(model.size(), index.size());
        }
        for (PairTable.Server s : held) {
            assertSame(s, index.get(s.name));
        }
        assertEquals(new HashSet<>(held), new HashSet<>(index.all()));
    }

    @Test
    void runsWrapAroundTheEnd() {
        SplittableRandom rnd = new SplittableRandom(7);
        PairIndex pairs = new PairIndex();
        for (int round = 0; round < 200; round++) {
            ServerIndex index = new ServerIndex(); // 1,024 slots
            // Names whose home slots are the table's last four (their run wraps to slot 0) or its
            // first two (they then sit behind the wrapped ones, and must stay behind their home).
            List<PairTable.Server> held = new ArrayList<>();
            while (held.size() < 12) {
                String name = "name" + rnd.nextInt(1_000_000);
                int home = OpenAddressing.home(name.hashCode()) & 1023;
                if ((home >= 1020 || home <= 1)
                        && held.stream().noneMatch(s -> s.name.equals(name))) {
                    PairTable.Server s = new PairTable.Server(name, pairs);
                    index.put(s);
                    held.add(s);
                }
            }
            while (!held.isEmpty()) {
                PairTable.Server gone = held.remove(rnd.nextInt(held.size()));
                index.remove(gone);
                assertEquals(null, index.get(gone.name));
                for (PairTable.Server s : held) {
                    assertSame(s, index.get(s.name), "round " + round);
                }
            }
            assertEquals(0, index.size());
        }
    }
}
