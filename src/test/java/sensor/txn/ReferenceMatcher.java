package sensor.txn;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import sensor.decode.IpAddress;
import sensor.dns.DnsMessage;
import sensor.dns.Mnemonics;
import sensor.flow.Expiring;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * The matcher as it was built on {@code LinkedHashMap}s of record keys, kept as the reference
 * that {@link TransactionMatcherEquivalenceTest} holds {@link TransactionMatcher} to: it
 * matches responses to queries by (transport, client, client port, server, server port, id,
 * question) and writes one {@link DnsTransaction} per query and per unmatched response, in
 * capture-time order of the first packet (within a bounded window). Retransmitted queries keep
 * the first time; a response seen before its query (mirror ports reorder) waits briefly for it;
 * queries without an answer become {@code unanswered} after the timeout. All state is bounded,
 * every eviction counted.
 */
final class ReferenceMatcher implements Expiring, Consumer<DnsMessage> {
    /**
     * How long after its timeout a query can still be claimed by a retransmission: a client
     * retrying at exactly the timeout (dig's third try at 10 s) must not split one lookup in two.
     */
    static final long LATE_RETRANSMISSION_NANOS = TransactionMatcher.LATE_RETRANSMISSION_NANOS;

    // equals/hashCode written out: the records' generated ones go through invokedynamic
    // bootstraps on the hottest maps of the matcher.
    private record Key(boolean tcp, IpAddress client, int clientPort, IpAddress server, int serverPort, int id,
            String qname, int qtype, int qclass) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id == id && k.clientPort == clientPort && k.serverPort == serverPort
                    && k.qtype == qtype && k.qclass == qclass && k.tcp == tcp && k.client.equals(client)
                    && k.server.equals(server) && java.util.Objects.equals(k.qname, qname);
        }

        @Override
        public int hashCode() {
            int h = (id * 31 + clientPort) * 31 + serverPort;
            h = h * 31 + client.hashCode();
            h = h * 31 + server.hashCode();
            h = h * 31 + (qname == null ? 0 : qname.hashCode());
            return (h * 31 + qtype) * 31 + qclass + (tcp ? 1 : 0);
        }

        /** 64 bits of every field, for {@link AnsweredKeys}. */
        long fingerprint() {
            long h = mix(client.hi() ^ 0x9E3779B97F4A7C15L);
            h = mix(h ^ client.lo());
            h = mix(h ^ server.hi());
            h = mix(h ^ server.lo());
            h = mix(h ^ ((long) clientPort << 48 | (long) serverPort << 32 | (long) id << 16 | (tcp ? 1 : 0)));
            h = mix(h ^ ((long) qtype << 32 | (qclass & 0xffffffffL)));
            if (qname != null) {
                for (int i = 0; i < qname.length(); i++) {
                    h = (h ^ qname.charAt(i)) * 0x100000001b3L;
                }
            }
            return mix(h);
        }

        private static long mix(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            return h ^ (h >>> 33);
        }
    }

    private record Flow(boolean tcp, IpAddress client, int clientPort, IpAddress server, int serverPort) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Flow f && f.clientPort == clientPort && f.serverPort == serverPort && f.tcp == tcp
                    && f.client.equals(client) && f.server.equals(server);
        }

        @Override
        public int hashCode() {
            int h = (clientPort * 31 + serverPort) * 31 + client.hashCode();
            return (h * 31 + server.hashCode()) * 2 + (tcp ? 1 : 0);
        }
    }

    private static final class Pending {
        final DnsMessage query;
        int retransmissions;
        /** Time of the retransmission that claimed this query after its timeout. */
        long revivedAt;

        Pending(DnsMessage query) {
            this.query = query;
        }
    }

    private final TxnLimits limits;
    private final Consumer<DnsTransaction> sink;
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
    private final Map<Flow, ArrayDeque<Key>> byFlow = new HashMap<>();
    private final LinkedHashMap<Key, DnsMessage> early = new LinkedHashMap<>();
    /** Queries past their timeout, waiting {@link #LATE_RETRANSMISSION_NANOS} for a retransmission. */
    private final LinkedHashMap<Key, Pending> lapsed = new LinkedHashMap<>();
    /** Lapsed queries a retransmission claimed: pending again, for one timeout from that copy. */
    private final LinkedHashMap<Key, Pending> revived = new LinkedHashMap<>();
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

    ReferenceMatcher(TxnLimits limits, Consumer<DnsTransaction> sink, Tallies tallies) {
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
        Key key = new Key(q.tcp(), q.src(), q.srcPort(), q.dst(), q.dstPort(), q.id(), q.qname(), q.qtype(),
                q.qclass());
        if (!lapsed.isEmpty() && revive(key, q)) {
            return;
        }
        DnsMessage r = early.remove(key);
        if (r != null) {
            responseFirst.inc();
            emit(q, r, 0);
            answered.add(key.fingerprint());
            return;
        }
        Pending p = pending.get(key);
        if (p == null && !revived.isEmpty()) {
            p = revived.get(key);
        }
        if (p != null) {
            p.retransmissions++;
            retransmissions.inc();
            return;
        }
        Flow flow = new Flow(q.tcp(), q.src(), q.srcPort(), q.dst(), q.dstPort());
        ArrayDeque<Key> keys = byFlow.computeIfAbsent(flow, f -> new ArrayDeque<>(2));
        if (keys.size() >= limits.maxPendingPerFlow()) {
            Key oldest = keys.pollFirst();
            Pending old = pending.remove(oldest);
            if (old != null) {
                evictedFlow.inc();
                evictedKeys.add(oldest.fingerprint());
                evictedRecords.add(emit(old.query, null, old.retransmissions));
            }
        }
        if (pending.size() >= limits.maxPending()) {
            Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
            Map.Entry<Key, Pending> e = it.next();
            it.remove();
            forget(e.getKey());
            evicted.inc();
            evictedKeys.add(e.getKey().fingerprint());
            evictedRecords.add(emit(e.getValue().query, null, e.getValue().retransmissions));
            // The evicted query may have been this flow's only one, and its list gone with it.
            keys = byFlow.computeIfAbsent(flow, f -> new ArrayDeque<>(2));
        }
        pending.put(key, new Pending(q));
        keys.addLast(key);
    }

    /**
     * A retransmission of a query past its timeout takes it back (the record keeps the first
     * query's time, and {@code rtt_ms} counts from it); a late response already waiting answers it.
     */
    private boolean revive(Key key, DnsMessage q) {
        Pending p = lapsed.remove(key);
        if (p == null) {
            return false;
        }
        if (q.tsNanos() - p.query.tsNanos() >= limits.timeoutNanos() + LATE_RETRANSMISSION_NANOS) {
            emit(p.query, null, p.retransmissions); // too late: a new lookup
            return false;
        }
        p.retransmissions++;
        retransmissions.inc();
        lateRetransmissions.inc();
        DnsMessage r = early.remove(key);
        if (r != null) {
            emit(p.query, r, p.retransmissions);
            answered.add(key.fingerprint());
            return true;
        }
        if (revived.size() >= limits.maxPending()) {
            Iterator<Pending> it = revived.values().iterator();
            Pending old = it.next();
            it.remove();
            evicted.inc();
            emit(old.query, null, old.retransmissions);
        }
        p.revivedAt = q.tsNanos();
        revived.put(key, p);
        return true;
    }

    private void response(DnsMessage r) {
        Key key = new Key(r.tcp(), r.dst(), r.dstPort(), r.src(), r.srcPort(), r.id(), r.qname(), r.qtype(),
                r.qclass());
        Pending p = pending.remove(key);
        if (p == null && !r.question()) {
            Key byId = byIdOnly(r);
            if (byId != null) {
                p = pending.remove(byId);
                key = byId;
            }
        }
        if (p != null) {
            forget(key);
        } else if (!revived.isEmpty()) {
            p = revived.remove(key);
        }
        if (p != null) {
            emit(p.query, r, p.retransmissions);
            answered.add(key.fingerprint());
            return;
        }
        if (answered.contains(key.fingerprint())) {
            duplicates.inc();
            return;
        }
        DnsMessage waiting = early.remove(key);
        if (waiting != null) {
            // mDNS/LLMNR announcements repeat one key (id 0, no question): each is its own record.
            earlyCollisions.inc();
            emit(null, waiting, 0);
        }
        if (early.size() >= limits.maxPending()) {
            Iterator<Map.Entry<Key, DnsMessage>> it = early.entrySet().iterator();
            DnsMessage old = it.next().getValue();
            it.remove();
            evicted.inc();
            evictedRecords.add(emit(null, old, 0));
        }
        early.put(key, r);
    }

    /** A response without a question (e.g. FORMERR) can only be matched by flow and id. */
    private Key byIdOnly(DnsMessage r) {
        ArrayDeque<Key> keys = byFlow.get(new Flow(r.tcp(), r.dst(), r.dstPort(), r.src(), r.srcPort()));
        if (keys != null) {
            for (Key k : keys) {
                if (k.id() == r.id()) {
                    return k;
                }
            }
        }
        return null;
    }

    private void forget(Key key) {
        Flow flow = new Flow(key.tcp(), key.client(), key.clientPort(), key.server(), key.serverPort());
        ArrayDeque<Key> keys = byFlow.get(flow);
        if (keys != null) {
            keys.remove(key);
            if (keys.isEmpty()) {
                byFlow.remove(flow);
            }
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
    private DnsTransaction emitUnsolicited(Key key, DnsMessage r) {
        DnsTransaction t = emit(null, r, 0);
        if (evictedKeys.contains(key.fingerprint())) {
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
        if (!pending.isEmpty()) {
            watermark = Math.min(watermark, pending.values().iterator().next().query.tsNanos());
        }
        if (!early.isEmpty()) {
            watermark = Math.min(watermark, early.values().iterator().next().tsNanos() - limits.earlyResponseNanos());
        }
        if (!lapsed.isEmpty()) {
            watermark = Math.min(watermark, lapsed.values().iterator().next().query.tsNanos());
        }
        if (!revived.isEmpty()) {
            // A revived query was sent at most a timeout and the grace before its retransmission.
            watermark = Math.min(watermark, revived.values().iterator().next().revivedAt - limits.timeoutNanos()
                    - LATE_RETRANSMISSION_NANOS);
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
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Pending> e = it.next();
            if (now - e.getValue().query.tsNanos() < limits.timeoutNanos()) {
                break;
            }
            it.remove();
            forget(e.getKey());
            lapse(e.getKey(), e.getValue());
        }
        Iterator<Pending> lp = lapsed.values().iterator();
        while (lp.hasNext()) {
            Pending p = lp.next();
            if (now - p.query.tsNanos() < limits.timeoutNanos() + LATE_RETRANSMISSION_NANOS) {
                break;
            }
            lp.remove();
            emit(p.query, null, p.retransmissions);
        }
        Iterator<Pending> rv = revived.values().iterator();
        while (rv.hasNext()) {
            Pending p = rv.next();
            if (now - p.revivedAt < limits.timeoutNanos()) {
                break;
            }
            rv.remove();
            emit(p.query, null, p.retransmissions);
        }
        Iterator<Map.Entry<Key, DnsMessage>> er = early.entrySet().iterator();
        while (er.hasNext()) {
            Map.Entry<Key, DnsMessage> e = er.next();
            if (now - e.getValue().tsNanos() < limits.earlyResponseNanos()) {
                break;
            }
            er.remove();
            emitUnsolicited(e.getKey(), e.getValue());
        }
        release(false);
    }

    private void lapse(Key key, Pending p) {
        if (lapsed.size() >= limits.maxPending()) {
            Iterator<Pending> it = lapsed.values().iterator();
            Pending old = it.next();
            it.remove();
            emit(old.query, null, old.retransmissions);
        }
        lapsed.put(key, p);
    }

    @Override
    public void finish(long nowNanos) {
        for (Pending p : pending.values()) {
            emit(p.query, null, p.retransmissions);
        }
        for (Pending p : lapsed.values()) {
            emit(p.query, null, p.retransmissions);
        }
        for (Pending p : revived.values()) {
            emit(p.query, null, p.retransmissions);
        }
        pending.clear();
        lapsed.clear();
        revived.clear();
        byFlow.clear();
        for (Map.Entry<Key, DnsMessage> e : early.entrySet()) {
            emitUnsolicited(e.getKey(), e.getValue());
        }
        early.clear();
        release(true);
    }

    /** Queries without a response yet, those past their timeout still held for a retransmission too. */
    public int pendingQueries() {
        return pending.size() + lapsed.size() + revived.size();
    }
}
