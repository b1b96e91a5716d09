package sensor.pairs;

import java.util.ArrayList;
import java.util.List;
import sensor.decode.AddressTexts;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * Who talks to whom: DNS transactions and SMTP connection attempts become client-server pairs
 * of three kinds, at address level and (with groups) at organisation level, plus the name
 * histories behind rename events. DNS evidence and connection evidence are kept apart here and
 * joined only in the output, where a name's addresses meet the SMTP servers.
 *
 * <p>What counts: {@code resolver} and {@code name} pairs count every transaction that has a
 * query (answered or unanswered), since an unsolicited response says nothing about who asked;
 * {@code name} pairs need a question. {@code smtp} pairs count every connection attempt.
 */
public final class PairAggregator {
    public static final String RESOLVER = "resolver";
    public static final String NAME = "name";
    public static final String SMTP = "smtp";

    private final PairsConfig config;
    private final List<PairTable> tables = new ArrayList<>();
    private final PairTable resolver;
    private final PairTable name;
    private final PairTable smtp;
    private final PairTable resolverGroup;
    private final PairTable nameGroup;
    private final PairTable smtpGroup;
    private final RenameDetector renames;
    private final java.util.Map<IpAddress, String> addressText = new java.util.HashMap<>();
    /** The A and AAAA answers of the transaction being counted (one list, cleared for each). */
    private final List<String> addresses = new ArrayList<>();

    public PairAggregator(PairsConfig config) {
        this.config = config;
        resolver = newTable(RESOLVER, false);
        name = newTable(NAME, false);
        smtp = newTable(SMTP, false);
        boolean groups = config.groups() != null;
        resolverGroup = groups ? newTable(RESOLVER, true) : null;
        nameGroup = groups ? newTable(NAME, true) : null;
        smtpGroup = groups ? newTable(SMTP, true) : null;
        renames = new RenameDetector(config.maxPairs());
    }

    private PairTable newTable(String kind, boolean group) {
        PairTable t = new PairTable(kind, group, config.maxPairs());
        tables.add(t);
        return t;
    }

    public void onDns(DnsTransaction t) {
        // Only lookups (opcode QUERY) are pairs: an update, a notify or an inverse query asks for no name.
        if (t.status() == DnsTransaction.Status.UNSOLICITED || !t.isQuery()) {
            return;
        }
        String client = text(t.client());
        String server = text(t.server());
        String group = config.groups() == null ? null : config.groups().groupOf(t.client());
        long ts = t.tsNanos();
        resolver.add(client, server, ts, 0);
        if (group != null) {
            resolverGroup.add(group, server, ts, 0);
        }
        if (t.qname() == null) {
            return;
        }
        long ttl = Long.MAX_VALUE;
        List<String> addresses = this.addresses;
        addresses.clear();
        List<Answer> answers = t.answers();
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            ttl = Math.min(ttl, a.ttl());
            if (("A".equals(a.type()) || "AAAA".equals(a.type()))) {
                addresses.add(a.data());
            }
        }
        // A lookup repeated within the answer's TTL is the same episode: a resolver refreshing
        // its cache is not many independent lookups.
        long episode = ttl == Long.MAX_VALUE ? 0 : ttl * 1_000_000_000L;
        PairTable.Server named = count(name, client, t, ts, episode, addresses);
        if (group != null) {
            count(nameGroup, group, t, ts, episode, addresses);
        }
        // The history hangs off the name's entry: one map lookup fewer per transaction, and the
        // same history as the detector's own map holds (a forgotten one is asked for again).
        NameHistory h = named.history;
        if (h == null || h.forgotten) {
            h = renames.history(t.qname());
            named.history = h;
        }
        h.query(ts, client);
        if (t.status() == DnsTransaction.Status.ANSWERED) {
            if ("NOERROR".equals(t.rcode())) {
                for (int i = 0; i < addresses.size(); i++) {
                    renames.answered(h, t.responseTsNanos(), addresses.get(i));
                }
                // A whole answer to a question for one family that lacks an address the name had:
                // it stopped resolving there (a truncated or partly unreadable answer says nothing).
                boolean v4 = "A".equals(t.qtype());
                if ((v4 || "AAAA".equals(t.qtype())) && !t.flags().tc() && t.malformed() == null) {
                    h.denied(t.responseTsNanos(), !v4, addresses);
                }
            } else if ("NXDOMAIN".equals(t.rcode())) {
                h.nxdomain(t.responseTsNanos());
            }
        }
    }

    private static PairTable.Server count(PairTable table, String client, DnsTransaction t, long ts, long episode,
            List<String> addresses) {
        PairTable.Server s = table.add(client, t.qname(), ts, episode);
        if (t.qtype() != null) {
            s.countQtype(t.qtype());
        }
        for (int i = 0; i < addresses.size(); i++) {
            s.addAddress(addresses.get(i));
        }
        return s;
    }

    public void onSmtp(SmtpSession s) {
        String client = text(s.client());
        String server = text(s.server());
        record(smtp, client, server, s);
        if (config.groups() != null) {
            record(smtpGroup, config.groups().groupOf(s.client()), server, s);
        }
    }

    private static void record(PairTable t, String client, String server, SmtpSession s) {
        PairTable.Server srv = t.add(client, server, s.tsNanos(), 0);
        switch (s.outcome()) {
            case ACCEPTED -> srv.addAccepted(client);
            case REJECTED -> srv.addRejected(client);
            case REFUSED -> srv.addRefused(client);
            default -> { }
        }
    }

    /** One String per address, shared by every pair that names it (bounded; beyond, not shared). */
    private String sharedText(IpAddress a) {
        String s = addressText.get(a);
        if (s == null) {
            s = a.toString();
            if (addressText.size() < config.maxPairs()) {
                addressText.put(a, s);
            }
        }
        return s;
    }

    /** The shared text, behind a cache of recent addresses: the same resolvers and clients recur. */
    private String text(IpAddress a) {
        return recentText.of(a);
    }

    // 64 Ki slots (about 2 MB): a busy capture has tens of thousands of active clients, and a
    // miss here is a lookup in the larger shared map.
    private final AddressTexts recentText = new AddressTexts(1 << 16, this::sharedText);

    public List<PairTable> tables() {
        return tables;
    }

    public PairsConfig config() {
        return config;
    }

    RenameDetector renames() {
        return renames;
    }

    public PairTable table(String kind, boolean group) {
        for (PairTable t : tables) {
            if (t.kind().equals(kind) && t.groupLevel() == group) {
                return t;
            }
        }
        return null;
    }

    /** Renames, aliases and vanished names, in time order. */
    public List<Event> events() {
        return renames.events((client, oldName) -> {
            PairTable.Server old = name.server(oldName);
            long total = old == null ? 0 : old.total;
            long mine = name.count(client, oldName);
            return total == 0 ? 0.0 : Math.round(1e6 * mine / (double) total) / 1e6;
        }, client -> config.groups() == null ? null : config.groups().groupOf(IpAddress.parse(client)));
    }
}
