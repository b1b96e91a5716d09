package sensor.pairs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * The second core: the dns.jsonl lines are written, and pairs and passive DNS aggregated, on
 * their own thread, fed through a bounded queue in the order the records were made, so the
 * results are the same as on one thread and the decoding thread keeps only what must see every
 * packet. The decoding thread blocks when the queue is full (back-pressure, not memory).
 * Records cross in batches: a lock and a wake-up per record cost as much as aggregating it.
 * An error on this thread (out of memory) is fatal: from then on the thread only drains the
 * queue, so the decoding thread never blocks on it, and every later call throws {@link Failed}.
 */
public final class AggregationThread implements AutoCloseable {
    private static final Object STOP = new Object();
    private static final int BATCH = 256;

    private final BlockingQueue<Object> queue;
    private final DnsWriter writer;
    private final PairAggregator pairs;
    private final PassiveDns pdns;
    private final Thread thread;
    private volatile RuntimeException failure;
    private volatile Error fatal;

    /** The aggregation thread died of an error: the run cannot go on (an Error, so that no
     * per-frame handler mistakes it for one bad frame). */
    public static final class Failed extends Error {
        private static final long serialVersionUID = 1L;

        Failed(Error cause) {
            super(cause.toString(), cause);
        }
    }

    /** Where a transaction's record is written before it is aggregated. */
    @FunctionalInterface
    public interface DnsWriter {
        /** {@code evicted}: the record was made from state a cap evicted. */
        void write(DnsTransaction t, boolean evicted);
    }

    /** A transaction whose record was made from evicted state (rare): its flag crosses with it. */
    private record Evicted(DnsTransaction t) {}

    public AggregationThread(DnsWriter writer, PairAggregator pairs, PassiveDns pdns, int capacity) {
        this.writer = writer;
        this.pairs = pairs;
        this.pdns = pdns;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity / BATCH));
        this.thread = new Thread(this::run, "aggregate");
        thread.setDaemon(true);
        thread.start();
    }

    private Object[] batch = new Object[BATCH];
    private int batched;

    /** {@code evicted}: the record was made from state a cap evicted (dns.jsonl says so). */
    public void dns(DnsTransaction t, boolean evicted) {
        add(evicted ? new Evicted(t) : t);
    }

    public void smtp(SmtpSession s) {
        add(s);
    }

    private void add(Object record) {
        batch[batched++] = record;
        if (batched == BATCH) {
            sendBatch();
        }
    }

    private void sendBatch() {
        if (batched > 0) {
            Object[] full = batch;
            batch = new Object[BATCH];
            batched = 0;
            put(full);
        }
    }

    /**
     * Runs {@code task} on the aggregation thread after everything queued so far, so the caller
     * can do other work meanwhile (at the end of input: passive DNS written while this thread's
     * caller writes the pair files); {@link #await} waits for it.
     */
    public CountDownLatch start(Runnable task) {
        CountDownLatch done = new CountDownLatch(1);
        sendBatch();
        put(new Task(task, done));
        return done;
    }

    /** Waits for a task from {@link #start}; a failure on the aggregation thread is rethrown. */
    public void await(CountDownLatch done) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkAlive();
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
    }

    private record Task(Runnable body, CountDownLatch done) {}

    private void put(Object o) {
        checkAlive();
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkAlive() {
        Error f = fatal;
        if (f != null) {
            throw new Failed(f);
        }
    }

    private void run() {
        while (true) {
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (o == STOP) {
                return;
            }
            if (fatal != null) {
                if (o instanceof Task task) {
                    task.done().countDown(); // its caller learns of the failure in await
                }
                continue;
            }
            try {
                if (o instanceof Object[] records) {
                    aggregate(records);
                } else if (o instanceof Task task) {
                    // The failure is recorded before the waiter wakes, or its await would miss it.
                    try {
                        task.body().run();
                    } catch (RuntimeException e) {
                        failure = e;
                    } catch (Error e) {
                        fatal = e;
                    } finally {
                        task.done().countDown();
                    }
                }
            } catch (RuntimeException e) {
                // Reported to the decoding thread at the next drain, which counts it.
                failure = e;
            } catch (Error e) {
                fatal = e;
            }
        }
    }

    private void aggregate(Object[] records) {
        for (Object o : records) {
            if (o == null) {
                return; // the rest of a batch sent before it filled
            }
            try {
                if (o instanceof DnsTransaction t) {
                    writeAndAggregate(t, false);
                } else if (o instanceof Evicted e) {
                    writeAndAggregate(e.t(), true);
                } else if (o instanceof SmtpSession s) {
                    pairs.onSmtp(s);
                }
            } catch (RuntimeException e) {
                failure = e; // one bad record does not lose the rest of its batch
            }
        }
    }

    /** One transaction on this thread: its record written, then aggregated. */
    private void writeAndAggregate(DnsTransaction t, boolean evicted) {
        writer.write(t, evicted);
        pairs.onDns(t);
        pdns.accept(t);
    }

    @Override
    public void close() {
        if (fatal != null) {
            queue.offer(STOP);
            return;
        }
        sendBatch();
        put(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
