package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.metrics.Tallies;
import sensor.txn.DnsTransaction;

/**
 * Passive DNS's own table against a linked hash map in access order, the plain statement of
 * what it does: the same records, split the same way when the table is full (the least recently
 * seen entry is written early), with the same counts, times and servers.
 */
class PassiveDnsTableTest {

    @Property(tries = 200)
    void writesWhatAnLruMapWrites(@ForAll @IntRange(min = 1, max = 12) int max, @ForAll long seed) {
        writesWhatAnLruMapWrites(max, seed, 6, 400, 0);
    }

    /** Thousands of entries: the table grows, and evictions take entries out of long probe runs. */
    @Property(tries = 20)
    void writesWhatAnLruMapWritesWhenLarge(@ForAll @IntRange(min = 300, max = 1500) int max, @ForAll long seed) {
        writesWhatAnLruMapWrites(max, seed, 1500, 4000, 0);
    }

    /**
     * A few hot names seen over and over between rare new ones: the least recently seen entry was
     * last seen thousands of sightings ago, so the order of sightings is compacted many times.
     */
    @Property(tries = 20)
    void writesWhatAnLruMapWritesWithAHotSet(@ForAll @IntRange(min = 44, max = 60) int max, @ForAll long seed) {
        writesWhatAnLruMapWrites(max, seed, 5_000, 20_000, 5);
    }

    /** {@code hot}: that many names take all but one in 500 lookups (0: all names alike). */
    private static void writesWhatAnLruMapWrites(int max, long seed, int names, int transactions, int hot) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        List<String> got = new ArrayList<>();
        PassiveDns pdns = new PassiveDns(max, e -> got.add(text(e)), new Tallies());
        Model model = new Model(max);
        for (int i = 0; i < transactions; i++) {
            List<Answer> answers = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int a = 0; a < n; a++) {
                // new String: the table must match equal texts that are not the same object
                int host = hot > 0 && rnd.nextInt(500) > 0 ? rnd.nextInt(hot) : rnd.nextInt(names);
                String name = new String("host" + host + ".example");
                answers.add(new Answer(name, rnd.nextBoolean() ? "A" : "AAAA", 300,
                        new String("192.0.2." + rnd.nextInt(4))));
            }
            IpAddress server = IpAddress.ofV4(0xc0000200 + rnd.nextInt(3));
            DnsTransaction t = transaction(1_474_639_331_000_000_000L + i * 1_000L, server, answers);
            pdns.accept(t);
            model.accept(t);
        }
        pdns.flush();
        model.flush();
        assertEquals(model.written, got);
    }

    /**
     * An entry's servers (the model above shares their code) against a plain list: every distinct
     * server once, in the order first seen, at most eight.
     */
    @Property(tries = 500)
    void keepsEachServerOnceInOrderUpToEight(@ForAll long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        PassiveDns.Entry e = new PassiveDns.Entry("host.example", "A", "192.0.2.1");
        List<IpAddress> want = new ArrayList<>();
        int pool = 1 + rnd.nextInt(14);
        for (int i = 0; i < 60; i++) {
            // 192.0.2.x and 2001:db8::ffff:c000:2xx share their low half: both halves must be compared
            int k = rnd.nextInt(pool);
            IpAddress a = k % 2 == 0 ? IpAddress.ofV4(0xc0000200 + k / 2)
                    : IpAddress.parse("2001:db8::ffff:c000:" + Integer.toHexString(0x200 + k / 2));
            e.addServer(a);
            if (!want.contains(a) && want.size() < 8) {
                want.add(a);
            }
            List<IpAddress> got = new ArrayList<>();
            for (int j = 0; j < e.servers(); j++) {
                got.add(e.server(j));
            }
            assertEquals(want, got);
        }
    }

    private static String text(PassiveDns.Entry e) {
        StringBuilder sb = new StringBuilder(e.rrname + " " + e.rrtype + " " + e.rdata + " " + e.timeFirst + " "
                + e.timeLast + " " + e.count);
        for (int i = 0; i < e.servers(); i++) {
            sb.append(' ').append(e.server(i));
        }
        return sb.toString();
    }

    /** What the table does, written with the JDK's LRU map. */
    private static final class Model {
        final int max;
        final LinkedHashMap<String, PassiveDns.Entry> table = new LinkedHashMap<>(16, 0.75f, true);
        final List<String> written = new ArrayList<>();

        Model(int max) {
            this.max = max;
        }

        void accept(DnsTransaction t) {
            for (Answer a : t.answers()) {
                String k = a.name() + "|" + a.type() + "|" + a.data();
                PassiveDns.Entry e = table.get(k);
                if (e == null) {
                    if (table.size() >= max) {
                        Iterator<Map.Entry<String, PassiveDns.Entry>> it = table.entrySet().iterator();
                        written.add(text(it.next().getValue()));
                        it.remove();
                    }
                    e = new PassiveDns.Entry(a.name(), a.type(), a.data());
                    e.timeFirst = t.responseTsNanos();
                    table.put(k, e);
                }
                e.timeLast = Math.max(e.timeLast, t.responseTsNanos());
                e.count++;
                e.addServer(t.server());
            }
        }

        void flush() {
            PassiveDns.inFlushOrder(table.values()).forEach(e -> written.add(text(e)));
            table.clear();
        }
    }

    private static DnsTransaction transaction(long ts, IpAddress server, List<Answer> answers) {
        return new DnsTransaction(ts, IpAddress.ofV4(0x0a000001), 40000, server, 53, "udp", 1, answers.get(0).name(),
                "A", "IN", DnsTransaction.Status.ANSWERED, "NOERROR", 1.0,
                new Flags(false, false, true, true, false, false), answers, 1, 0, 2, ts + 500, "QUERY",
                null, null, null, -1, false, List.of());
    }
}
