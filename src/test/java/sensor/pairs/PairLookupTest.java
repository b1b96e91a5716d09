package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every pair a table holds is found again by its client and server, through Space-Saving's
 * evictions: a server's first pair is kept beside its name, its others in a short scanned list
 * or (past {@link PairTable#SCAN} clients) in the table's index, and an eviction moves a pair
 * between those places.
 */
class PairLookupTest {
    @Test
    void findsEveryPairItHolds() {
        SplittableRandom rnd = new SplittableRandom(2016);
        for (int round = 0; round < 20; round++) {
            PairTable table = new PairTable(PairAggregator.NAME, false, 40);
            for (int step = 0; step < 5_000; step++) {
                // Servers of one to a dozen clients: some stay scanned, some are indexed.
                int server = rnd.nextInt(12);
                String client = "10.0.0." + rnd.nextInt(1 + server);
                // A copy of the text, so a match by equality (not only identity) is tested too.
                table.add(new String(client), "name" + server + ".example", step, 0);
                for (PairTable.Pair p : table.pairs()) {
                    assertEquals(p.count, table.count(new String(p.client), p.server),
                            "round " + round + " step " + step + ": " + p.client + " " + p.server);
                }
            }
        }
    }
}
