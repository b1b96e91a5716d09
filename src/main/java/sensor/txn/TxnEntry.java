package sensor.txn;

import it.unimi.dsi.fastutil.HashCommon;
import sensor.decode.IpAddress;
import sensor.dns.DnsMessage;

/**
 * What the matcher holds for one key (transport, client, client port, server, server port, id,
 * question): the key's query, pending or past its timeout, and a response that came before any
 * query. Pooled and reused, its own key in the matcher's table, on chains by time of arrival.
 */
final class TxnEntry {
    static final byte NONE = 0;
    static final byte PENDING = 1;
    /** Past its timeout, waiting {@link TransactionMatcher#LATE_RETRANSMISSION_NANOS} for a retransmission. */
    static final byte LAPSED = 2;
    /** Lapsed, then claimed by a retransmission: pending again, for one timeout from that copy. */
    static final byte REVIVED = 3;

    boolean tcp;
    IpAddress client;
    int clientPort;
    IpAddress server;
    int serverPort;
    int id;
    String qname;
    /** {@link DnsMessage#qnameKey}: the question in the hash and fingerprint, so neither reads qname's String. */
    long qnameKey;
    int qtype;
    int qclass;
    private int hash;

    /** The first copy of the query while {@link #state} is not {@link #NONE}. */
    DnsMessage query;
    byte state;
    int retransmissions;
    /** Time of the retransmission that revived the query. */
    long revivedAt;
    /** A response waiting for its query, or null. */
    DnsMessage early;
    /** The flow whose chain holds this entry while pending. */
    TxnFlow flow;

    /** Its place on the chain of its state (pending, lapsed or revived). */
    final Chain.Link byState = new Chain.Link(this);
    /** Its place on the chain of early responses. */
    final Chain.Link byArrival = new Chain.Link(this);
    /** Its place on its flow's chain while pending. */
    final Chain.Link onFlow = new Chain.Link(this);

    /** Makes this the key of {@code m}: a query's, or the query's that a response answers. */
    void setKey(DnsMessage m, boolean response) {
        tcp = m.tcp();
        client = response ? m.dst() : m.src();
        clientPort = response ? m.dstPort() : m.srcPort();
        server = response ? m.src() : m.dst();
        serverPort = response ? m.srcPort() : m.dstPort();
        id = m.id();
        qname = m.qname();
        qnameKey = m.qnameKey();
        qtype = m.qtype();
        qclass = m.qclass();
        int h = (id * 31 + clientPort) * 31 + serverPort;
        h = h * 31 + client.hashCode();
        h = h * 31 + server.hashCode();
        h = h * 31 + Long.hashCode(qnameKey);
        hash = (h * 31 + qtype) * 31 + qclass + (tcp ? 1 : 0);
    }

    void copyKey(TxnEntry k) {
        tcp = k.tcp;
        client = k.client;
        clientPort = k.clientPort;
        server = k.server;
        serverPort = k.serverPort;
        id = k.id;
        qname = k.qname;
        qnameKey = k.qnameKey;
        qtype = k.qtype;
        qclass = k.qclass;
        hash = k.hash;
    }

    /** Drops every reference, for the pool. */
    void clear() {
        client = null;
        server = null;
        qname = null;
        query = null;
        early = null;
        flow = null;
        state = NONE;
        retransmissions = 0;
        revivedAt = 0;
    }

    boolean holdsNothing() {
        return state == NONE && early == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxnEntry k && k.hash == hash && k.id == id && k.clientPort == clientPort
                && k.serverPort == serverPort && k.qnameKey == qnameKey && k.qtype == qtype && k.qclass == qclass
                && k.tcp == tcp && k.client.equals(client) && k.server.equals(server) && java.util.Objects.equals(k.qname, qname);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** 64 bits of every field of the key (the question by its 64-bit key), for {@link AnsweredKeys}. */
    long fingerprint() {
        long h = mix(client.hi() ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ client.lo());
        h = mix(h ^ server.hi());
        h = mix(h ^ server.lo());
        h = mix(h ^ ((long) clientPort << 48 | (long) serverPort << 32 | (long) id << 16 | (tcp ? 1 : 0)));
        h = mix(h ^ ((long) qtype << 32 | (qclass & 0xffffffffL)));
        return mix(h ^ qnameKey);
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long mix(long h) {
        return HashCommon.murmurHash3(h);
    }
}
