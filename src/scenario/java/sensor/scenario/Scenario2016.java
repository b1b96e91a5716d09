package sensor.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import sensor.decode.IpAddress;

/**
 * The demo capture: the 2016 timeline of mail1.trump-email.com, seen from the authoritative
 * name server's side as the analysts' logs were, with a baseline around it.
 *
 * <ul>
 *   <li>Two resolvers of one bank and a few other organisations' resolvers look up
 *       {@code mail1.trump-email.com} (A, MX, TXT) in bursts driven by the answer's TTL;</li>
 *   <li>every resolver also looks up many other names: the baseline lift is measured against;</li>
 *   <li>SMTP: the bank's mail host is accepted, other hosts are rejected with 554 or refused by
 *       RST;</li>
 *   <li>on 2016-09-23 the name stops resolving (NXDOMAIN); days later
 *       {@code trump1.contact-client.com} resolves to the same address, and a bank resolver is the
 *       first to ask for it.</li>
 * </ul>
 *
 * All addresses are from the documentation ranges (RFC 5737); the organisations are named in
 * the groups file written beside the capture. The writer is deterministic: the same bytes on
 * every run. It also returns what it scripted, so tests can check every number of the report.
 *
 * <p>Usage: {@code java -cp target/sensor.jar:target/test-classes sensor.scenario.Scenario2016 captures}
 */
public final class Scenario2016 {
    public static final String OLD_NAME = "mail1.trump-email.com";
    public static final String NEW_NAME = "trump1.contact-client.com";
    public static final IpAddress MAIL_SERVER = IpAddress.parse("192.0.2.29");
    public static final IpAddress AUTH_NS = IpAddress.parse("192.0.2.1");
    public static final IpAddress BANK_RESOLVER_1 = IpAddress.parse("203.0.113.15");
    public static final IpAddress BANK_RESOLVER_2 = IpAddress.parse("203.0.113.16");
    public static final IpAddress BANK_MAIL = IpAddress.parse("203.0.113.25");
    public static final IpAddress HEALTH_RESOLVER = IpAddress.parse("198.51.100.40");
    public static final IpAddress ISP_RESOLVER_1 = IpAddress.parse("192.0.2.53");
    public static final IpAddress ISP_RESOLVER_2 = IpAddress.parse("192.0.2.54");
    public static final IpAddress UNIVERSITY_RESOLVER = IpAddress.parse("198.51.100.53");
    public static final IpAddress SCANNER = IpAddress.parse("198.51.100.77");
    public static final IpAddress MARKETER = IpAddress.parse("192.0.2.201");
    public static final IpAddress PROBE = IpAddress.parse("198.51.100.99");

    static final long START = micros("2016-09-16T00:00:00Z");
    static final long END = micros("2016-09-28T00:00:00Z");
    /** The old name's last answer; after it the name is NXDOMAIN. */
    public static final long OLD_LAST_ANSWER = micros("2016-09-23T14:02:11.123456Z");
    /** The first query for the new name (by bank resolver 1). */
    public static final long NEW_FIRST_QUERY = micros("2016-09-27T11:20:04.500000Z");
    static final int TTL = 600;
    private static final int BACKGROUND_NAMES = 40;

    private final SplittableRandom rnd = new SplittableRandom(2016);
    private final FrameBuilder fb = new FrameBuilder();
    private final Timeline timeline = new Timeline();
    private final Map<IpAddress, Integer> ports = new LinkedHashMap<>();
    private int nextId = 1;

    /** What the writer scripted, for the tests to compare the report with. */
    public record Expected(
            Map<String, Map<IpAddress, Integer>> lookupsByName,
            Map<String, Map<IpAddress, Integer>> episodesByName,
            Map<IpAddress, Integer> lookupsByResolver,
            Map<IpAddress, Integer> smtpAttempts,
            Map<IpAddress, String> smtpOutcome,
            int unanswered,
            int malformed,
            long frames) {}

    private final Map<String, Map<IpAddress, Integer>> lookups = new TreeMap<>();
    private final Map<String, Map<IpAddress, Integer>> episodes = new TreeMap<>();
    private final Map<IpAddress, Integer> byResolver = new LinkedHashMap<>();
    private final Map<IpAddress, Integer> smtpAttempts = new LinkedHashMap<>();
    private final Map<IpAddress, String> smtpOutcome = new LinkedHashMap<>();
    private int unanswered;
    private int malformed;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "captures");
        Expected e = new Scenario2016().write(dir);
        System.err.println("wrote " + e.frames() + " frames to " + dir.resolve("demo-2016.pcap"));
    }

    public Expected write(Path dir) throws IOException {
        oldNameEra();
        newNameEra();
        background();
        smtp();
        dataQuality();
        Files.createDirectories(dir);
        try (PcapWriter out = new PcapWriter(dir.resolve("demo-2016.pcap"), PcapWriter.LINKTYPE_ETHERNET)) {
            timeline.writeTo(out);
        }
        Files.writeString(dir.resolve("demo-2016.groups"), """
                # CIDR organisation (sensor --groups): one organisation's resolvers are one party
                203.0.113.0/24 bank
                198.51.100.40/32 health-network
                192.0.2.52/30 isp
                198.51.100.53/32 university
                """);
        return new Expected(lookups, episodes, byResolver, smtpAttempts, smtpOutcome, unanswered, malformed,
                timeline.size());
    }

    // --- mail1.trump-email.com while it resolves: ~87% of lookups from the bank's two resolvers
    private void oldNameEra() {
        long eraEnd = OLD_LAST_ANSWER;
        episodesOf(BANK_RESOLVER_1, OLD_NAME, 50, START, eraEnd - 3_600_000_000L);
        episodesOf(BANK_RESOLVER_2, OLD_NAME, 37, START, eraEnd - 3_600_000_000L);
        episodesOf(HEALTH_RESOLVER, OLD_NAME, 9, START, eraEnd - 3_600_000_000L);
        episodesOf(ISP_RESOLVER_1, OLD_NAME, 3, START, eraEnd - 3_600_000_000L);
        episodesOf(UNIVERSITY_RESOLVER, OLD_NAME, 1, START, eraEnd - 3_600_000_000L);
        // The last answer, exactly at OLD_LAST_ANSWER, to bank resolver 1.
        lookup(BANK_RESOLVER_1, OLD_NAME, 1, OLD_LAST_ANSWER - 800, true);
        count(episodes, OLD_NAME, BANK_RESOLVER_1);
        // After the deletion: NXDOMAIN to whoever still asks.
        nx(HEALTH_RESOLVER, OLD_NAME, micros("2016-09-24T09:15:00Z"));
        nx(BANK_RESOLVER_2, OLD_NAME, micros("2016-09-25T03:40:00Z"));
    }

    // --- trump1.contact-client.com, same address, first asked by bank resolver 1
    private void newNameEra() {
        lookup(BANK_RESOLVER_1, NEW_NAME, 1, NEW_FIRST_QUERY, false);
        count(episodes, NEW_NAME, BANK_RESOLVER_1);
        episodesOf(BANK_RESOLVER_1, NEW_NAME, 5, NEW_FIRST_QUERY + 3_600_000_000L, END - 3_600_000_000L);
        episodesOf(BANK_RESOLVER_2, NEW_NAME, 4, NEW_FIRST_QUERY + 3_600_000_000L, END - 3_600_000_000L);
    }

    /** {@code n} cache-refresh bursts spread over [from, to): A, MX and TXT within seconds. */
    private void episodesOf(IpAddress resolver, String name, int n, long from, long to) {
        long slot = (to - from) / n;
        for (int i = 0; i < n; i++) {
            // Bursts are at least a TTL apart: each one is a new episode.
            long t = from + i * slot + (long) (rnd.nextDouble() * (slot - (TTL + 60) * 1_000_000L));
            lookup(resolver, name, 1, t, false);
            lookup(resolver, name, 15, t + 40_000 + rnd.nextInt(900_000), false);
            if (rnd.nextInt(3) == 0) {
                lookup(resolver, name, 16, t + 1_100_000 + rnd.nextInt(2_000_000), false);
            }
            count(episodes, name, resolver);
        }
    }

    private void lookup(IpAddress resolver, String name, int qtype, long t, boolean exactAnswerTime) {
        int id = nextId++ & 0xffff;
        int port = port(resolver);
        long rtt = exactAnswerTime ? 800 : 300 + rnd.nextInt(40_000);
        udp(resolver, port, AUTH_NS, 53, DnsWire.query(id, name, qtype, true), t);
        List<DnsWire.Rr> answers = switch (qtype) {
            case DnsWire.A -> List.of(new DnsWire.Rr(name, DnsWire.A, TTL, MAIL_SERVER.toString()));
            case DnsWire.MX -> List.of(new DnsWire.Rr(name, DnsWire.MX, TTL, "10 " + name));
            default -> List.of(new DnsWire.Rr(name, DnsWire.TXT, TTL, "v=spf1 ip4:" + MAIL_SERVER + " -all"));
        };
        udp(AUTH_NS, 53, resolver, port, DnsWire.response(id, name, qtype, DnsWire.NOERROR, answers, true), t + rtt);
        count(lookups, name, resolver);
        byResolver.merge(resolver, 1, Integer::sum);
    }

    private void nx(IpAddress resolver, String name, long t) {
        int id = nextId++ & 0xffff;
        int port = port(resolver);
        udp(resolver, port, AUTH_NS, 53, DnsWire.query(id, name, DnsWire.A, true), t);
        udp(AUTH_NS, 53, resolver, port, DnsWire.response(id, name, DnsWire.A, DnsWire.NXDOMAIN, List.of(), true),
                t + 1200);
        count(lookups, name, resolver);
        count(episodes, name, resolver);
        byResolver.merge(resolver, 1, Integer::sum);
    }

    // --- the baseline: every resolver looks up other names served by the same name server
    private void background() {
        IpAddress[] resolvers = {BANK_RESOLVER_1, BANK_RESOLVER_2, HEALTH_RESOLVER, ISP_RESOLVER_1, ISP_RESOLVER_2,
            UNIVERSITY_RESOLVER};
        int[] weight = {300, 250, 350, 900, 700, 400};
        for (int r = 0; r < resolvers.length; r++) {
            for (int k = 0; k < weight[r]; k++) {
                int n = rnd.nextInt(BACKGROUND_NAMES);
                String name = "www.shop" + n + ".example";
                long t = START + (long) (rnd.nextDouble() * (END - START));
                int id = nextId++ & 0xffff;
                int port = port(resolvers[r]);
                udp(resolvers[r], port, AUTH_NS, 53, DnsWire.query(id, name, DnsWire.A, true), t);
                udp(AUTH_NS, 53, resolvers[r], port, DnsWire.response(id, name, DnsWire.A, DnsWire.NOERROR,
                        List.of(new DnsWire.Rr(name, DnsWire.A, 300, "192.0.2." + (100 + n))), true), t + 900);
                count(lookups, name, resolvers[r]);
                byResolver.merge(resolvers[r], 1, Integer::sum);
            }
        }
    }

    // --- SMTP: the bank's mail host is accepted; everyone else is turned away
    private void smtp() {
        long day = 86_400_000_000L;
        for (int i = 0; i < 12; i++) {
            long t = START + i * day + 36_000_000_000L + rnd.nextInt(600_000_000);
            new TcpConversation(timeline, BANK_MAIL, 40_000 + i, MAIL_SERVER, 25, t, 2_000, rnd.nextLong(),
                    rnd.nextLong())
                    .handshake().server("220 mail1.trump-email.com ESMTP\r\n")
                    .client("EHLO mx.bank.example\r\n")
                    .server("250-mail1.trump-email.com\r\n250-SIZE 10240000\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
                    .client("MAIL FROM:<noreply@bank.example>\r\n").server("250 2.1.0 Ok\r\n")
                    .client("RCPT TO:<list@trump-email.com>\r\n").server("250 2.1.5 Ok\r\n")
                    .client("QUIT\r\n").server("221 2.0.0 Bye\r\n").close();
            attempt(BANK_MAIL, "accepted");
        }
        for (int i = 0; i < 3; i++) {
            long t = START + (2 * i + 1) * day + rnd.nextInt(600_000_000);
            new TcpConversation(timeline, SCANNER, 50_000 + i, MAIL_SERVER, 25, t, 2_000, rnd.nextLong(),
                    rnd.nextLong())
                    .handshake().server("554 5.7.1 mail1.trump-email.com: access denied\r\n")
                    .client("QUIT\r\n").server("221 2.0.0 Bye\r\n").close();
            attempt(SCANNER, "rejected");
        }
        for (int i = 0; i < 2; i++) {
            long t = START + (3 * i + 2) * day + rnd.nextInt(600_000_000);
            new TcpConversation(timeline, MARKETER, 51_000 + i, MAIL_SERVER, 25, t, 2_000, rnd.nextLong(),
                    rnd.nextLong())
                    .handshake().server("220 mail1.trump-email.com ESMTP\r\n")
                    .client("EHLO relay.marketer.example\r\n")
                    .server("554 5.7.1 relay.marketer.example: client host rejected\r\n")
                    .client("QUIT\r\n").server("221 2.0.0 Bye\r\n").close();
            attempt(MARKETER, "rejected");
        }
        for (int i = 0; i < 3; i++) {
            long t = START + (4 * i + 1) * day + 50_000_000_000L + rnd.nextInt(600_000_000);
            new TcpConversation(timeline, PROBE, 52_000 + i, MAIL_SERVER, 25, t, 2_000, rnd.nextLong(),
                    rnd.nextLong()).refused();
            attempt(PROBE, "refused");
        }
    }

    private void attempt(IpAddress client, String outcome) {
        smtpAttempts.merge(client, 1, Integer::sum);
        smtpOutcome.put(client, outcome);
    }

    // --- what a real capture has too: queries nobody answered, one broken message
    private void dataQuality() {
        long t = micros("2016-09-20T06:00:00Z");
        for (int i = 0; i < 3; i++) {
            int id = nextId++ & 0xffff;
            udp(ISP_RESOLVER_2, port(ISP_RESOLVER_2), AUTH_NS, 53,
                    DnsWire.query(id, "www.shop1.example", DnsWire.A, true), t + i * 7_000_000L);
            unanswered++;
            count(lookups, "www.shop1.example", ISP_RESOLVER_2); // a lookup, though nobody answered
            byResolver.merge(ISP_RESOLVER_2, 1, Integer::sum);
        }
        byte[] q = DnsWire.query(nextId++ & 0xffff, "www.shop2.example", DnsWire.A, false);
        // Cut inside the question: a message no parser can finish.
        udp(ISP_RESOLVER_2, port(ISP_RESOLVER_2), AUTH_NS, 53, java.util.Arrays.copyOf(q, 20),
                micros("2016-09-21T06:00:00Z"));
        malformed++;
        byResolver.merge(ISP_RESOLVER_2, 1, Integer::sum); // its name is unreadable, its sender is not
    }

    private int port(IpAddress resolver) {
        // Resolvers randomise source ports; a fixed sequence keeps the file deterministic.
        return ports.merge(resolver, 1, Integer::sum) * 7919 % 50_000 + 10_000;
    }

    private void udp(IpAddress src, int sport, IpAddress dst, int dport, byte[] payload, long t) {
        fb.udp(src, sport, dst, dport, payload, 0);
        timeline.write(t, fb.buffer(), fb.length());
    }

    private static void count(Map<String, Map<IpAddress, Integer>> m, String name, IpAddress client) {
        m.computeIfAbsent(name, k -> new TreeMap<>()).merge(client, 1, Integer::sum);
    }

    static long micros(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    static {
        // Keep the documented window honest at class load: the rename must fall inside it.
        if (!(START < OLD_LAST_ANSWER && OLD_LAST_ANSWER < NEW_FIRST_QUERY && NEW_FIRST_QUERY < END)) {
            throw new UncheckedIOException(new IOException("scenario times out of order"));
        }
    }
}
