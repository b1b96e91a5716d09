package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.metrics.Tallies;
import sensor.testutil.Lookups;
import sensor.txn.DnsTransaction;

/**
 * A million distinct names, each answered with an address of its own (a DGA or a scan): every
 * table that a name or an address enters stays at its bound, what leaves is counted, the heap
 * stops growing once the tables are full, and the totals stay exact.
 */
class DistinctNamesFloodTest {
    private static final IpAddress RESOLVER = IpAddress.parse("198.51.100.53");

    @Test
    void aMillionDistinctNamesStayBounded() {
        int bound = 20_000;
        PairAggregator agg = new PairAggregator(new PairsConfig(0.8, 2, 10, 0.001, null, bound));
        Tallies tallies = new Tallies();
        long[] written = new long[1];
        PassiveDns pdns = new PassiveDns(bound, e -> written[0]++, tallies);
        long heapAtBound = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            DnsTransaction t = transaction(i);
            agg.onDns(t);
            pdns.accept(t);
            if (i == 4 * bound) {
                heapAtBound = usedHeapAfterGc();
            }
        }
        long heapAtEnd = usedHeapAfterGc();
        PairTable names = agg.table(PairAggregator.NAME, false);
        assertTrue(names.size() <= bound, "name pairs " + names.size());
        assertTrue(names.serverCount() <= bound, "names held " + names.serverCount());
        assertTrue(agg.renames().names() <= bound, "histories " + agg.renames().names());
        assertTrue(agg.renames().addresses() <= bound, "addresses " + agg.renames().addresses());
        assertTrue(pdns.size() <= bound);
        assertEquals(n, names.total(), "the name total stays exact");
        assertEquals(n - bound, tallies.value("pdns", "evicted_early"), "every passive DNS entry pushed out is counted");
        assertEquals(n - bound, written[0], "and written, not lost");
        // Space-Saving's guarantee: no count is over by more than total / counters.
        assertTrue(names.approximate() && names.errorBound() <= n / bound, "error bound " + names.errorBound());
        assertTrue(names.forgotten() > 0, "names whose pairs were all evicted are forgotten");
        long growth = heapAtEnd - heapAtBound;
        assertTrue(growth < 48L << 20, "heap grew by " + (growth >> 20) + " MiB after the tables filled");
    }

    private static DnsTransaction transaction(int i) {
        IpAddress client = IpAddress.ofV4(0x0a000000 + (i % 1000));
        String name = "h" + Integer.toHexString(i) + ".dga.example";
        String address = IpAddress.ofV4(0xc6330000 + i).toString();
        return Lookups.answered(1_474_639_331_000_000_000L + i * 1_000_000L, client, RESOLVER, i, name, address);
    }

    private static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }
}
