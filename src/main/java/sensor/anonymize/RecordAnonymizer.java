package sensor.anonymize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import sensor.decode.IpAddress;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * Replaces the client and server of every DNS transaction and SMTP session by its pseudonym
 * before any sink sees it, so every record file, the aggregates, the report and Kafka hold only
 * pseudonyms. The EDNS client subnet is the client's network and is replaced too (its pseudonym
 * cut to the same prefix); an address literal given as HELO is the client's address. Addresses in
 * DNS answers are public DNS data, not parties, and stay. Not thread-safe: one per pipeline.
 */
public final class RecordAnonymizer {
    private final Pseudonyms addresses;
    private final NameHash names;

    private RecordAnonymizer(Pseudonyms addresses, NameHash names) {
        this.addresses = addresses;
        this.names = names;
    }

    /** For the settings, or one that passes records through unchanged when {@code a} is null. */
    public static RecordAnonymizer of(Anonymization a) {
        if (a == null) {
            return new RecordAnonymizer(null, null);
        }
        return new RecordAnonymizer(new Pseudonyms(a.key()), a.names() ? new NameHash(a.key()) : null);
    }

    /**
     * The text an address is recorded under: its pseudonym, or itself when {@code a} is null. A
     * mapping of its own (one per call), for a thread other than the pipeline's.
     */
    public static UnaryOperator<String> addressText(Anonymization a) {
        if (a == null) {
            return UnaryOperator.identity();
        }
        Pseudonyms p = new Pseudonyms(a.key());
        return text -> {
            IpAddress ip = IpAddress.ofDottedQuad(text);
            try {
                return p.of(ip != null ? ip : IpAddress.parse(text)).toString();
            } catch (IllegalArgumentException e) {
                return text; // not an address: no record is counted under it
            }
        };
    }

    public DnsTransaction dns(DnsTransaction t) {
        if (addresses == null) {
            return t;
        }
        return t.withEndpoints(addresses.of(t.client()), addresses.of(t.server()), subnet(t.ecs()));
    }

    public SmtpSession smtp(SmtpSession s) {
        if (addresses == null) {
            return s;
        }
        String helo = s.helo();
        String literal = helo == null ? null : addressLiteral(helo);
        if (literal != null) {
            helo = literal;
        } else if (names != null) {
            helo = names.of(helo);
        }
        String mailFrom = names == null ? s.mailFrom() : names.of(s.mailFrom());
        List<String> rcptTo = s.rcptTo();
        if (names != null && rcptTo != null) {
            rcptTo = new ArrayList<>(rcptTo.size());
            for (String d : s.rcptTo()) {
                rcptTo.add(names.of(d));
            }
        }
        return s.withParties(addresses.of(s.client()), addresses.of(s.server()), helo, mailFrom, rcptTo);
    }

    /** "address/prefix" with the address's pseudonym cut to the prefix; null when unreadable. */
    private String subnet(String ecs) {
        if (ecs == null) {
            return null;
        }
        int slash = ecs.indexOf('/');
        try {
            IpAddress a = IpAddress.parse(ecs.substring(0, slash));
            int prefix = Integer.parseInt(ecs.substring(slash + 1));
            return cut(addresses.of(a), prefix) + "/" + prefix;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null; // never written in clear
        }
    }

    /** The first {@code prefix} bits of {@code a} (of its 32 when IPv4), the rest zero. */
    static IpAddress cut(IpAddress a, int prefix) {
        if (a.isV4()) {
            int bits = Math.max(0, Math.min(32, prefix));
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            return IpAddress.ofV4((int) a.lo() & mask);
        }
        int bits = Math.max(0, Math.min(128, prefix));
        long maskHi = bits == 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
        long maskLo = bits <= 64 ? 0 : -1L << (128 - bits);
        return new IpAddress(a.hi() & maskHi, a.lo() & maskLo);
    }

    /**
     * A HELO that is an address ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}, or bare as some
     * clients send it) with the address's pseudonym in its place; else null.
     */
    private String addressLiteral(String helo) {
        boolean bracketed = helo.length() > 2 && helo.charAt(0) == '[' && helo.charAt(helo.length() - 1) == ']';
        String inner = bracketed ? helo.substring(1, helo.length() - 1) : helo;
        String tag = inner.regionMatches(true, 0, "IPv6:", 0, 5) ? inner.substring(0, 5) : "";
        try {
            IpAddress a = IpAddress.parse(inner.substring(tag.length()));
            String p = tag + addresses.of(a);
            return bracketed ? "[" + p + "]" : p;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Addresses computed rather than found in the cache. */
    public long misses() {
        return addresses == null ? 0 : addresses.misses();
    }
}
