package sensor.txn;

import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import sensor.decode.IpAddress;
import sensor.dns.DnsMessage;
import sensor.dns.Mnemonics;
import sensor.flow.Expiring;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Matches responses to queries by (transport, client, client port, server, server port, id,
 * question) and writes one {@link DnsTransaction} per query and per unmatched response, in
 * capture-time order of the first packet (within a bounded window). Retransmitted queries keep
 * the first time; a response seen before its query (mirror ports reorder) waits briefly for it;
 * queries without an answer become {@code unanswered} after the timeout. All state is bounded,
 * every eviction counted.
 */
public final class TransactionMatcher implements Expiring, Consumer<DnsMessage> {
    /**
     * How long after its timeout a query can still be claimed by a retransmission: a client
     * retrying at exactly the timeout (dig's third try at 10 s) must not split one lookup in two.
     */
    static final long LATE_RETRANSMISSION_NANOS = 1_000_000_000L;
    /** Free entries and flows kept for reuse at most; a burst beyond is left to the collector. */
    private static final int POOLED = 16_384;

    private final TxnLimits limits;
    private final Consumer<DnsTransaction> sink;
    /** Every key's entry: one lookup finds a query, in whichever state, and an early response. */
    private final ObjectOpenHashSet<TxnEntry> entries = new ObjectOpenHashSet<>();
    /** The flows with pending queries (or whose last one a flow cap just evicted). */
    private final ObjectOpenHashSet<TxnFlow> flows = new ObjectOpenHashSet<>();
    private final TxnEntry probe = new TxnEntry();
    private final TxnFlow flowProbe = new TxnFlow();
    /** Entries and flows that hold nothing, for reuse: a transaction costs the collector only its record. */
    private final ArrayDeque<TxnEntry> freeEntries = new ArrayDeque<>();
    private final ArrayDeque<TxnFlow> freeFlows = new ArrayDeque<>();
    private final Chain pending = new Chain();
    private final Chain early = new Chain();
    /** Queries past their timeout, waiting {@link #LATE_RETRANSMISSION_NANOS} for a retransmission. */
    private final Chain lapsed = new Chain();
    /** Lapsed queries a retransmission claimed: pending again, for one timeout from that copy. */
    private final Chain revived = new Chain();
    private final AnsweredKeys answered = new AnsweredKeys(65_536);
    /** Queries evicted by a cap, so that a response that comes later is known to have lost its query. */
    private final AnsweredKeys evictedKeys = new AnsweredKeys(65_536);
    /** Records made from state a cap evicted, until the sink has taken them. */
    private final java.util.Set<DnsTransaction> evictedRecords = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
    private final HeldQueue held = new HeldQueue();
    private long seq;
    private long now = Long.MIN_VALUE;

    private final Tally answeredTally;
    private final Tally unanswered;
    private final Tally unsolicited;
    private final Tally retransmissions;
    private final Tally duplicates;
    private final Tally evicted;
    private final Tally evictedFlow;
    private final Tally unsolicitedAfterEviction;
    private final Tally reorderOverflow;
    private final Tally responseFirst;
    private final Tally earlyCollisions;
    private final Tally lateRetransmissions;

    public TransactionMatcher(TxnLimits limits, Consumer<DnsTransaction> sink, Tallies tallies) {
        this.limits = limits;
        this.sink = sink;
        answeredTally = tallies.get("txn", "answered");
        unanswered = tallies.get("txn", "unanswered");
        unsolicited = tallies.get("txn", "unsolicited");
        retransmissions = tallies.get("dns", "query_retransmissions");
        duplicates = tallies.get("dns", "duplicate_responses");
        evicted = tallies.get("dns", "pending_evicted");
        evictedFlow = tallies.get("dns", "pending_evicted_flow_cap");
        unsolicitedAfterEviction = tallies.get("dns", "unsolicited_after_eviction");
        reorderOverflow = tallies.get("dns", "reorder_overflow");
        responseFirst = tallies.get("dns", "response_before_query");
        earlyCollisions = tallies.get("dns", "early_response_collisions");
        lateRetransmissions = tallies.get("dns", "late_retransmissions");
    }

    @Override
    public void accept(DnsMessage m) {
        if (m.tsNanos() > now) {
            now = m.tsNanos();
        }
        if (m.qr()) {
            response(m);
        } else {
            query(m);
        }
        release(false);
    }

    private void query(DnsMessage q) {
        TxnEntry fresh = newEntry();
        fresh.setKey(q, false);
        TxnEntry e = entries.addOrGet(fresh);
        if (e != fresh) {
            recycle(fresh);
        }
        if (e.state == TxnEntry.LAPSED && revive(e, q)) {
            return;
        }
        if (e.early != null) {
            DnsMessage r = takeEarly(e);
            responseFirst.inc();
            emit(q, r, 0);
            answered.add(e.fingerprint());
            if (e.holdsNothing()) {
                forget(e);
            }
            return;
        }
        if (e.state == TxnEntry.PENDING || e.state == TxnEntry.REVIVED) {
            e.retransmissions++;
            retransmissions.inc();
            return;
        }
        TxnFlow flow = flowOf(q);
        if (flow.queries.size() >= limits.maxPendingPerFlow() && !flow.queries.isEmpty()) {
            TxnEntry oldest = flow.queries.first();
            pending.unlink(oldest.byState);
            leaveFlow(oldest, flow);
            evictedFlow.inc();
            evictedKeys.add(oldest.fingerprint());
            evictedRecords.add(emitUnanswered(oldest));
        }
        if (pending.size() >= limits.maxPending() && !pending.isEmpty()) {
            TxnEntry oldest = pending.first();
            pending.unlink(oldest.byState);
            // The evicted query may have been this flow's only one: the flow stays, this query joins it.
            leaveFlow(oldest, flow);
            evicted.inc();
            evictedKeys.add(oldest.fingerprint());
            evictedRecords.add(emitUnanswered(oldest));
        }
        e.query = q;
        e.retransmissions = 0;
        e.state = TxnEntry.PENDING;
        e.flow = flow;
        pending.addLast(e.byState);
        flow.queries.addLast(e.onFlow);
    }

    /**
     * A retransmission of a query past its timeout takes it back (the record keeps the first
     * query's time, and {@code rtt_ms} counts from it); a late response already waiting answers it.
     */
    private boolean revive(TxnEntry e, DnsMessage q) {
        lapsed.unlink(e.byState);
        if (q.tsNanos() - e.query.tsNanos() >= limits.timeoutNanos() + LATE_RETRANSMISSION_NANOS) {
            DnsMessage first = e.query;
            int rtx = e.retransmissions;
            e.state = TxnEntry.NONE;
            e.query = null;
            emit(first, null, rtx); // too late: a new lookup
            return false;
        }
        e.retransmissions++;
        retransmissions.inc();
        lateRetransmissions.inc();
        if (e.early != null) {
            DnsMessage r = takeEarly(e);
            emit(e.query, r, e.retransmissions);
            answered.add(e.fingerprint());
            dropQuery(e);
            return true;
        }
        if (revived.size() >= limits.maxPending() && !revived.isEmpty()) {
            TxnEntry old = revived.first();
            revived.unlink(old.byState);
            evicted.inc();
            emitUnanswered(old);
        }
        e.revivedAt = q.tsNanos();
        e.state = TxnEntry.REVIVED;
        revived.addLast(e.byState);
        return true;
    }

    private void response(DnsMessage r) {
        probe.setKey(r, true);
        TxnEntry e = entries.get(probe);
        TxnEntry matched = null;
        if (e != null && e.state == TxnEntry.PENDING) {
            matched = e;
        } else if (!r.question()) {
            matched = byIdOnly(r);
        }
        if (matched != null) {
            pending.unlink(matched.byState);
            leaveFlow(matched, null);
        } else if (e != null && e.state == TxnEntry.REVIVED) {
            matched = e;
            revived.unlink(e.byState);
        }
        if (matched != null) {
            long fingerprint = matched.fingerprint();
            emit(matched.query, r, matched.retransmissions);
            dropQuery(matched);
            answered.add(fingerprint);
            return;
        }
        long fingerprint = probe.fingerprint();
        if (answered.contains(fingerprint)) {
            duplicates.inc();
            return;
        }
        if (e != null && e.early != null) {
            // mDNS/LLMNR announcements repeat one key (id 0, no question): each is its own record.
            earlyCollisions.inc();
            emit(null, takeEarly(e), 0);
        }
        if (early.size() >= limits.maxPending() && !early.isEmpty()) {
            TxnEntry old = early.first();
            DnsMessage waiting = takeEarly(old);
            if (old.holdsNothing()) {
                forget(old);
            }
            evicted.inc();
            evictedRecords.add(emit(null, waiting, 0));
        }
        if (e == null) {
            e = newEntry();
            e.copyKey(probe);
            entries.add(e);
        }
        e.early = r;
        early.addLast(e.byArrival);
    }

    /** A response without a question (e.g. FORMERR) can only be matched by flow and id. */
    private TxnEntry byIdOnly(DnsMessage r) {
        flowProbe.set(r.tcp(), r.dst(), r.dstPort(), r.src(), r.srcPort());
        TxnFlow flow = flows.get(flowProbe);
        if (flow != null) {
            for (Chain.Link l = flow.queries.head(); l != null; l = l.next) {
                if (l.entry.id == r.id()) {
                    return l.entry;
                }
            }
        }
        return null;
    }

    /** The flow of the query {@code q}, added when it has none. */
    private TxnFlow flowOf(DnsMessage q) {
        TxnFlow fresh = freeFlows.isEmpty() ? new TxnFlow() : freeFlows.pop();
        fresh.set(q.tcp(), q.src(), q.srcPort(), q.dst(), q.dstPort());
        TxnFlow flow = flows.addOrGet(fresh);
        if (flow != fresh) {
            recycle(fresh);
        }
        return flow;
    }

    /** Takes a pending query off its flow's chain; a flow left without queries goes, unless it is {@code keep}. */
    private void leaveFlow(TxnEntry e, TxnFlow keep) {
        TxnFlow flow = e.flow;
        flow.queries.unlink(e.onFlow);
        e.flow = null;
        if (flow.queries.isEmpty() && flow != keep) {
            flows.remove(flow);
            recycle(flow);
        }
    }

    private DnsMessage takeEarly(TxnEntry e) {
        early.unlink(e.byArrival);
        DnsMessage r = e.early;
        e.early = null;
        return r;
    }

    /** Writes the query of an entry taken off its chain as unanswered. */
    private DnsTransaction emitUnanswered(TxnEntry e) {
        DnsMessage q = e.query;
        int rtx = e.retransmissions;
        dropQuery(e);
        return emit(q, null, rtx);
    }

    /** The entry holds no query any more; an entry that holds nothing leaves the table. */
    private void dropQuery(TxnEntry e) {
        e.state = TxnEntry.NONE;
        e.query = null;
        e.retransmissions = 0;
        e.revivedAt = 0;
        if (e.early == null) {
            forget(e);
        }
    }

    private void forget(TxnEntry e) {
        entries.remove(e);
        recycle(e);
    }

    private TxnEntry newEntry() {
        return freeEntries.isEmpty() ? new TxnEntry() : freeEntries.pop();
    }

    private void recycle(TxnEntry e) {
        e.clear();
        if (freeEntries.size() < POOLED) {
            freeEntries.push(e);
        }
    }

    private void recycle(TxnFlow f) {
        f.client = null;
        f.server = null;
        if (freeFlows.size() < POOLED) {
            freeFlows.push(f);
        }
    }

    /**
     * True when {@code t} (while the sink has it) was made from state a cap evicted: a query
     * written as unanswered before its time, a response written as unsolicited whose query was
     * evicted or that waited for its query in vain because the table was full.
     */
    public boolean evicted(DnsTransaction t) {
        return !evictedRecords.isEmpty() && evictedRecords.contains(t);
    }

    /** An unsolicited response whose query a cap evicted. */
    private DnsTransaction emitUnsolicited(long fingerprint, DnsMessage r) {
        DnsTransaction t = emit(null, r, 0);
        if (evictedKeys.contains(fingerprint)) {
            evictedRecords.add(t);
            unsolicitedAfterEviction.inc();
        }
        return t;
    }

    private DnsTransaction emit(DnsMessage q, DnsMessage r, int retrans) {
        DnsTransaction.Status status = q == null ? DnsTransaction.Status.UNSOLICITED
                : r == null ? DnsTransaction.Status.UNANSWERED : DnsTransaction.Status.ANSWERED;
        DnsMessage first = q != null ? q : r;
        DnsMessage named = first.question() ? first : (r != null && r.question() ? r : first);
        Double rtt = null;
        if (q != null && r != null) {
            rtt = Math.max(0, r.tsNanos() - q.tsNanos()) / 1e6;
        }
        // An unsolicited response's client is the side it was sent to.
        IpAddress client = q != null ? q.src() : r.dst();
        int clientPort = q != null ? q.srcPort() : r.dstPort();
        IpAddress server = q != null ? q.dst() : r.src();
        int serverPort = q != null ? q.dstPort() : r.srcPort();
        String ecs = q != null && q.ecs() != null ? q.ecs() : r != null ? r.ecs() : null;
        // The response's damage first: it is what decides whether its answers are facts.
        DnsMessage broken = r != null && r.malformed() != null ? r : q != null && q.malformed() != null ? q : null;
        DnsMessage updating = q != null && q.update() != null ? q : r != null && r.update() != null ? r : null;
        DnsMessage edns = q != null && q.ednsUdpSize() >= 0 ? q : r != null && r.ednsUdpSize() >= 0 ? r : null;
        DnsTransaction t = new DnsTransaction(first.tsNanos(), client, clientPort, server, serverPort,
                first.tcp() ? "tcp" : "udp", first.id(), named.question() ? named.qname() : null,
                named.question() ? Mnemonics.type(named.qtype()) : null,
                named.question() ? Mnemonics.dclass(named.qclass()) : null, status,
                r == null ? null : Mnemonics.rcode(r.rcode()), rtt, (r != null ? r : q).flags(),
                r == null ? java.util.List.of() : r.answers(), first.frame(), retrans, r == null ? 0 : r.frame(),
                r == null ? 0 : r.tsNanos(), Mnemonics.opcode(first.opcode()), r == null ? null : r.authority(), ecs,
                broken == null ? null : broken.malformed().reason(), edns == null ? -1 : edns.ednsUdpSize(),
                edns != null && edns.dnssecOk(), edns == null ? java.util.List.of() : edns.ednsOptions(),
                updating == null ? null : updating.update(), broken == null ? null : broken.malformedSection(),
                broken != null && broken == r);
        switch (status) {
            case ANSWERED -> answeredTally.inc();
            case UNANSWERED -> unanswered.inc();
            default -> unsolicited.inc();
        }
        held.add(t, seq++);
        return t;
    }

    /** Writes held records that no pending state can precede any more. */
    private void release(boolean all) {
        long watermark = now - limits.reorderNanos();
        TxnEntry e = pending.first();
        if (e != null) {
            watermark = Math.min(watermark, e.query.tsNanos());
        }
        e = early.first();
        if (e != null) {
            watermark = Math.min(watermark, e.early.tsNanos() - limits.earlyResponseNanos());
        }
        e = lapsed.first();
        if (e != null) {
            watermark = Math.min(watermark, e.query.tsNanos());
        }
        e = revived.first();
        if (e != null) {
            // A revived query was sent at most a timeout and the grace before its retransmission.
            watermark = Math.min(watermark, e.revivedAt - limits.timeoutNanos() - LATE_RETRANSMISSION_NANOS);
        }
        while (!held.isEmpty()) {
            if (!all && held.firstTs() > watermark) {
                if (held.size() <= limits.maxHeld()) {
                    return;
                }
                reorderOverflow.inc();
            }
            DnsTransaction t = held.poll();
            sink.accept(t);
            if (!evictedRecords.isEmpty()) {
                evictedRecords.remove(t);
            }
        }
    }

    @Override
    public void advance(long nowNanos) {
        if (nowNanos > now) {
            now = nowNanos;
        }
        for (TxnEntry e; (e = pending.first()) != null && now - e.query.tsNanos() >= limits.timeoutNanos(); ) {
            pending.unlink(e.byState);
            leaveFlow(e, null);
            lapse(e);
        }
        for (TxnEntry e; (e = lapsed.first()) != null
                && now - e.query.tsNanos() >= limits.timeoutNanos() + LATE_RETRANSMISSION_NANOS; ) {
            lapsed.unlink(e.byState);
            emitUnanswered(e);
        }
        for (TxnEntry e; (e = revived.first()) != null && now - e.revivedAt >= limits.timeoutNanos(); ) {
            revived.unlink(e.byState);
            emitUnanswered(e);
        }
        for (TxnEntry e; (e = early.first()) != null && now - e.early.tsNanos() >= limits.earlyResponseNanos(); ) {
            long fingerprint = e.fingerprint();
            DnsMessage r = takeEarly(e);
            if (e.holdsNothing()) {
                forget(e);
            }
            emitUnsolicited(fingerprint, r);
        }
        release(false);
    }

    private void lapse(TxnEntry e) {
        if (lapsed.size() >= limits.maxPending() && !lapsed.isEmpty()) {
            TxnEntry old = lapsed.first();
            lapsed.unlink(old.byState);
            emitUnanswered(old);
        }
        e.state = TxnEntry.LAPSED;
        lapsed.addLast(e.byState);
    }

    @Override
    public void finish(long nowNanos) {
        for (Chain chain : new Chain[] {pending, lapsed, revived}) {
            for (Chain.Link l = chain.head(); l != null; l = l.next) {
                emit(l.entry.query, null, l.entry.retransmissions);
            }
        }
        for (Chain.Link l = early.head(); l != null; l = l.next) {
            emitUnsolicited(l.entry.fingerprint(), l.entry.early);
        }
        pending.clear();
        lapsed.clear();
        revived.clear();
        early.clear();
        entries.clear();
        flows.clear();
        release(true);
    }

    /** Keys and flows in the tables (tests): none stay once all their state has expired. */
    int tableSize() {
        return entries.size() + flows.size();
    }

    /** Queries without a response yet, those past their timeout still held for a retransmission too. */
    public int pendingQueries() {
        return pending.size() + lapsed.size() + revived.size();
    }
}
