package sensor.pairs;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * The cores beside the decoding thread: the dns.jsonl lines are written on one thread, pairs
 * aggregated on a second and passive DNS on a third, each fed the same batches through its own
 * bounded queue in the order the records were made, so the results are the same as on one thread
 * and the decoding thread keeps only what must see every packet. Pairs and passive DNS share no
 * state, so neither waits for the other. The decoding thread blocks when a queue is full
 * (back-pressure, not memory). Records cross in batches: a lock and a wake-up per record cost as
 * much as aggregating it. The threads only read the records.
 * An error on any thread (out of memory) is fatal: from then on that thread only drains its
 * queue, so the decoding thread never blocks on it, and every later call throws {@link Failed}.
 */
public final class AggregationThread implements AutoCloseable {
    private static final Object STOP = new Object();
    private static final int BATCH = 256;

    private final DnsWriter writer;
    private final PairAggregator pairs;
    private final PassiveDns pdns;
    /** Writes dns.jsonl. */
    private final Worker writing;
    /** Aggregates pairs. */
    private final Worker aggregating;
    /** Keeps passive DNS. */
    private final Worker passiveDns;
    private final Worker[] workers;

    /** The aggregation thread died of an error: the run cannot go on (an Error, so that no
     * per-frame handler mistakes it for one bad frame). */
    public static final class Failed extends Error {
        private static final long serialVersionUID = 1L;

        Failed(Error cause) {
            super(cause.toString(), cause);
        }
    }

    /** Where a transaction's record is written. */
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
        int batches = Math.max(1, capacity / BATCH);
        this.writing = new Worker("dns-log", batches, this::write);
        this.aggregating = new Worker("aggregate", batches, this::aggregate);
        this.passiveDns = new Worker("passive-dns", batches, this::passiveDns);
        this.workers = new Worker[] {writing, aggregating, passiveDns};
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
            for (Worker w : workers) {
                w.put(full);
            }
        }
    }

    /**
     * Runs {@code task} on the passive DNS thread after everything queued so far, so the caller
     * can do other work meanwhile (at the end of input: passive DNS written while this thread's
     * caller writes the pair files); {@link #await} waits for it.
     */
    public CountDownLatch startPassiveDns(Runnable task) {
        return passiveDns.start(task, new CountDownLatch(1));
    }

    /** Runs {@code task} on the thread that writes dns.jsonl, after every record queued so far. */
    public CountDownLatch startWriting(Runnable task) {
        return writing.start(task, new CountDownLatch(1));
    }

    /** A latch that opens once every thread has taken every record queued so far. */
    public CountDownLatch drain() {
        CountDownLatch done = new CountDownLatch(workers.length);
        for (Worker w : workers) {
            w.start(() -> { }, done);
        }
        return done;
    }

    /**
     * Waits for a latch from {@link #startPassiveDns}, {@link #startWriting} or {@link #drain}; a
     * failure on any thread is rethrown.
     */
    public void await(CountDownLatch done) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Worker w : workers) {
            w.checkAlive();
        }
        for (Worker w : workers) {
            w.rethrow();
        }
    }

    private record Task(Runnable body, CountDownLatch done) {}

    private void write(Object record) {
        if (record instanceof DnsTransaction t) {
            writer.write(t, false);
        } else if (record instanceof Evicted e) {
            writer.write(e.t(), true);
        }
    }

    private void aggregate(Object record) {
        if (record instanceof SmtpSession s) {
            pairs.onSmtp(s);
        } else {
            DnsTransaction t = transaction(record);
            if (t != null) {
                pairs.onDns(t);
            }
        }
    }

    private void passiveDns(Object record) {
        DnsTransaction t = transaction(record);
        if (t != null) {
            pdns.accept(t);
        }
    }

    private static DnsTransaction transaction(Object record) {
        return record instanceof DnsTransaction t ? t : record instanceof Evicted e ? e.t() : null;
    }

    /** One thread and its queue of batches and tasks. */
    private final class Worker {
        private final BlockingQueue<Object> queue;
        /** What the thread does with each record. */
        private final java.util.function.Consumer<Object> body;
        private final Thread thread;
        private volatile RuntimeException failure;
        private volatile Error fatal;

        Worker(String name, int batches, java.util.function.Consumer<Object> body) {
            this.queue = new ArrayBlockingQueue<>(batches);
            this.body = body;
            this.thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }

        CountDownLatch start(Runnable task, CountDownLatch done) {
            sendBatch();
            put(new Task(task, done));
            return done;
        }

        void put(Object o) {
            for (Worker w : workers) {
                w.checkAlive();
            }
            try {
                queue.put(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void checkAlive() {
            Error f = fatal;
            if (f != null) {
                throw new Failed(f);
            }
        }

        void rethrow() {
            RuntimeException f = failure;
            if (f != null) {
                failure = null;
                throw f;
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
                        take(records);
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

        private void take(Object[] records) {
            for (Object record : records) {
                if (record == null) {
                    return; // the rest of a batch sent before it filled
                }
                try {
                    body.accept(record);
                } catch (RuntimeException e) {
                    failure = e; // one bad record does not lose the rest of its batch
                }
            }
        }

        void stop() {
            if (fatal != null) {
                queue.offer(STOP);
            } else {
                try {
                    queue.put(STOP);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Waits for the thread to end, unless it died (it then only drains its queue). */
        void join() {
            if (fatal != null) {
                return;
            }
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        boolean alive = true;
        for (Worker w : workers) {
            alive &= w.fatal == null;
        }
        if (alive) {
            sendBatch();
        }
        for (Worker w : workers) {
            w.stop();
        }
        for (Worker w : workers) {
            w.join();
        }
    }
}
