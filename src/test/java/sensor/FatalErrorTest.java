package sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.capture.PcapLiveSource;
import sensor.decode.IpAddress;
import sensor.flow.PortSet;
import sensor.metrics.Tallies;
import sensor.pairs.AggregationThread;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairsConfig;
import sensor.pairs.PassiveDns;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;
import sensor.testutil.SharedCorpus;

/**
 * An error in a pipeline thread (out of memory) ends the run at once with exit 1, one line on
 * stderr and the records decoded so far written; no thread is left blocked or half alive.
 */
class FatalErrorTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anErrorWhileDecodingEndsTheReplayWithOneLineAndTheRecordsSoFar(@TempDir Path out) throws Exception {
        Path capture = SharedCorpus.require().resolve("dnscap/dns.pcap");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger answered = new AtomicInteger();
        Replay.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Replay.run(
                SensorConfig.defaults(out), null, Replay.Options.defaults(), List.of(capture.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), pipeline -> pipeline.onResponseTime(nanos -> {
                    if (answered.incrementAndGet() == 5) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                })));
        assertEquals(1, r.exitCode());
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("sensor: fatal: out of memory (Java heap space) in the decoding thread"),
                lines.get(0));
        List<String> dns = Files.readAllLines(out.resolve("dns.jsonl"));
        assertTrue(dns.size() >= 5, "the records decoded before the error: " + dns.size());
        for (String line : dns) {
            json.readTree(line); // whole lines only
        }
        assertEquals(1, json.readTree(out.resolve("summary.json").toFile()).get("counters").get("weird")
                .get("fatal_error").asInt());
    }

    @Test
    void anInternalErrorIsOneLineNamingTheMethodItCameFrom() {
        RuntimeException bug = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("a\nb"));
        String line = Fatal.internal(bug, "at frame 7 of input x.pcap");
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("sensor: internal error at frame 7 of input x.pcap: java.lang.IllegalArgumentException"), line);
        assertTrue(line.contains("(in sensor.decode.IpAddress.parse:"), line);
        assertTrue(!line.contains("\tat "), line);
    }

    @Test
    void anErrorInATaskOnTheAggregationThreadIsSeenByItsWaiterEveryTime() {
        // The waiter wakes when the task ends: the error must be recorded before that, not after.
        for (int i = 0; i < 300; i++) {
            try (AggregationThread aggregation = new AggregationThread((t, evicted) -> { }, new PairAggregator(PairsConfig.defaults()),
                    new PassiveDns(10, e -> { }, new Tallies()), 256)) {
                var failed = aggregation.startPassiveDns(() -> {
                    throw new OutOfMemoryError("Java heap space");
                });
                assertThrows(AggregationThread.Failed.class, () -> aggregation.await(failed), "round " + i);
            }
        }
    }

    @Test
    void anErrorOnTheAggregationThreadNeverBlocksTheDecodingThread() {
        PairAggregator pairs = new PairAggregator(PairsConfig.defaults());
        PassiveDns pdns = new PassiveDns(1_000, e -> { }, new Tallies());
        try (AggregationThread aggregation = new AggregationThread((t, evicted) -> { }, pairs, pdns, 256)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                var failed = aggregation.startPassiveDns(() -> {
                    throw new OutOfMemoryError("Java heap space");
                });
                assertThrows(AggregationThread.Failed.class, () -> aggregation.await(failed));
                // Every later hand-over, to any thread, fails at once instead of waiting on a dead one.
                for (int i = 0; i < 1_000; i++) {
                    assertThrows(AggregationThread.Failed.class, () -> aggregation.startWriting(() -> { }));
                }
            });
        }
    }

    @Test
    void anErrorWhileAggregatingPairsReachesTheDecodingThreadAndBlocksNothing() {
        // Pairs are aggregated on a thread of their own: an error there (here the answers of one
        // transaction, which only that thread reads) must surface like the other threads' errors.
        AtomicInteger written = new AtomicInteger();
        PassiveDns pdns = new PassiveDns(1_000, e -> { }, new Tallies());
        try (AggregationThread aggregation = new AggregationThread((t, evicted) -> written.incrementAndGet(),
                new PairAggregator(PairsConfig.defaults()), pdns, 256)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                List<sensor.dns.Answer> exhausted = new java.util.AbstractList<>() {
                    @Override
                    public sensor.dns.Answer get(int i) {
                        throw new OutOfMemoryError("Java heap space");
                    }

                    @Override
                    public int size() {
                        throw new OutOfMemoryError("Java heap space");
                    }
                };
                sensor.txn.DnsTransaction t = unanswered(exhausted);
                aggregation.dns(t, false);
                assertThrows(AggregationThread.Failed.class, () -> aggregation.await(aggregation.drain()));
                assertEquals(1, written.get(), "the other threads went on");
                handOversFailAtOnce(aggregation, t);
                assertThrows(AggregationThread.Failed.class, () -> aggregation.startPassiveDns(() -> { }));
            });
        }
    }

    @Test
    void anErrorWhileWritingDnsRecordsReachesTheDecodingThreadAndBlocksNothing() {
        // dns.jsonl is written on a thread of its own: its death must surface like the aggregating one's.
        PairAggregator pairs = new PairAggregator(PairsConfig.defaults());
        PassiveDns pdns = new PassiveDns(1_000, e -> { }, new Tallies());
        AtomicInteger written = new AtomicInteger();
        try (AggregationThread aggregation = new AggregationThread((t, evicted) -> {
            if (written.incrementAndGet() == 3) {
                throw new OutOfMemoryError("Java heap space");
            }
        }, pairs, pdns, 256)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                sensor.txn.DnsTransaction t = unanswered(List.of());
                for (int i = 0; i < 10; i++) {
                    aggregation.dns(t, false);
                }
                assertThrows(AggregationThread.Failed.class, () -> aggregation.await(aggregation.drain()));
                assertEquals(3, written.get(), "nothing written after the error");
                handOversFailAtOnce(aggregation, t);
                assertThrows(AggregationThread.Failed.class, () -> aggregation.startWriting(() -> { }));
            });
        }
    }

    /** A lookup never answered, with these answers (only the pair aggregation reads them). */
    private static sensor.txn.DnsTransaction unanswered(List<sensor.dns.Answer> answers) {
        return new sensor.txn.DnsTransaction(1, IpAddress.ofV4(0x0a000001), 40000, IpAddress.ofV4(0xc0000201), 53,
                "udp", 1, "example.com", "A", "IN", sensor.txn.DnsTransaction.Status.UNANSWERED, null, null,
                new sensor.dns.Flags(false, false, true, false, false, false), answers, 1, 0, 0, 0, "QUERY", null, null,
                null, -1, false, List.of());
    }

    /** Far beyond the queues' room: after a thread died, a hand-over fails (or is taken), never waits. */
    private static void handOversFailAtOnce(AggregationThread aggregation, sensor.txn.DnsTransaction t) {
        for (int i = 0; i < 100_000; i++) {
            try {
                aggregation.dns(t, false);
            } catch (AggregationThread.Failed expected) {
                continue;
            }
        }
    }

    @Test
    void anErrorInLiveDecodingStopsCaptureAndExitsOne(@TempDir Path out) throws Exception {
        LoopbackCapture.require();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            SensorConfig config = SensorConfig.defaults(out).withDnsPorts(new PortSet(dns.port()));
            Live live = new Live(config, List.of("lo"), new PcapLiveSource.Options(65535, false, 1 << 20, true, 100),
                    new Live.Settings(60, "127.0.0.1", -1, 1, false, 1 << 12, 1 << 22));
            AtomicInteger answered = new AtomicInteger();
            live.onStart(pipeline -> pipeline.onResponseTime(nanos -> {
                if (answered.incrementAndGet() == 3) {
                    throw new OutOfMemoryError("Java heap space");
                }
            }));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread sender = new Thread(() -> {
                try {
                    Thread.sleep(1_000); // capture has started
                    for (int i = 0; i < 50 && answered.get() < 3; i++) {
                        LoopbackDnsServer.query(dns.port(), "host" + i + ".fatal.test", 2000 + i);
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.setDaemon(true);
            sender.start();
            long t0 = System.nanoTime();
            int status = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> live.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                            StandardCharsets.UTF_8)));
            assertEquals(1, status);
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "stopped long before --duration 60");
            List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("sensor: fatal: out of memory"), lines.get(0));
            List<String> records = Files.readAllLines(out.resolve("dns.jsonl"));
            assertTrue(records.size() >= 3, "records decoded before the error: " + records.size());
            for (String line : records) {
                json.readTree(line);
            }
        }
    }
}
