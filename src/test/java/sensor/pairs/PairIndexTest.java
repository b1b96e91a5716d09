package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pair index against a plain map, through additions, removals and growth, with clients whose
 * texts share one hash ("Aa" and "BB" hash alike) so runs grow long and wrap around the table's end.
 */
class PairIndexTest {
    @Test
    void findsWhatAMapFinds() {
        SplittableRandom rnd = new SplittableRandom(2016);
        PairIndex index = new PairIndex();
        List<PairTable.Server> servers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            servers.add(new PairTable.Server("192.0.2." + i, index));
        }
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            clients.add("10.0." + (i >> 8) + "." + (i & 0xff));
        }
        for (int i = 0; i < 256; i++) { // 256 texts of one hash
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < 8; b++) {
                sb.append((i >> b & 1) == 0 ? "Aa" : "BB");
            }
            clients.add(sb.toString());
        }
        Map<String, PairTable.Pair> model = new HashMap<>();
        List<PairTable.Pair> held = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            PairTable.Server s = servers.get(rnd.nextInt(servers.size()));
            // A copy of the text, so a match by equality (not only identity) is tested too.
            String c = new String(clients.get(rnd.nextInt(clients.size())));
            String key = s.name + " " + c;
            PairTable.Pair want = model.get(key);
            PairTable.Pair got = index.get(s, c, PairIndex.hash(s, c));
            assertSame(want, got, "step " + step + ": " + key);
            if (want == null && (held.size() < 1500 || rnd.nextInt(3) == 0)) {
                PairTable.Pair p = new PairTable.Pair(c, s.name);
                p.serverEntry = s;
                p.indexHash = PairIndex.hash(s, c);
                index.put(p);
                model.put(key, p);
                held.add(p);
            } else if (!held.isEmpty() && rnd.nextInt(2) == 0) {
                PairTable.Pair p = held.remove(rnd.nextInt(held.size()));
                index.remove(p);
                model.remove(p.serverEntry.name + " " + p.client);
                assertNull(index.get(p.serverEntry, p.client, p.indexHash));
            }
            assertEquals(model.size(), index.size());
        }
        for (PairTable.Pair p : held) {
            assertSame(p, index.get(p.serverEntry, p.client, p.indexHash));
        }
    }

    @Test
    void runsWrapAroundTheEnd() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            PairIndex index = new PairIndex(64);
            PairTable.Server s = new PairTable.Server("resolver", index);
            // Clients whose home slots are the table's last four: their run wraps to slot 0.
            List<PairTable.Pair> held = new ArrayList<>();
            while (held.size() < 12) {
                String c = "client" + rnd.nextInt(1_000_000);
                int h = PairIndex.hash(s, c);
                if ((h & 63) >= 60 && held.stream().noneMatch(p -> p.client.equals(c))) {
                    PairTable.Pair p = new PairTable.Pair(c, s.name);
                    p.serverEntry = s;
                    p.indexHash = h;
                    index.put(p);
                    held.add(p);
                }
            }
            while (!held.isEmpty()) {
                PairTable.Pair gone = held.remove(rnd.nextInt(held.size()));
                index.remove(gone);
                assertNull(index.get(s, gone.client, gone.indexHash));
                for (PairTable.Pair p : held) {
                    assertSame(p, index.get(s, p.client, p.indexHash), "round " + round);
                }
            }
            assertEquals(0, index.size());
        }
    }
}
