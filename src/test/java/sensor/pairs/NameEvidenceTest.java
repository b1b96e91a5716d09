package sensor.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.decode.IpAddress;
import sensor.scenario.DnsWire;
import sensor.scenario.DnsWire.Rr;
import sensor.scenario.FrameBuilder;
import sensor.scenario.PcapWriter;
import sensor.scenario.TcpConversation;
import sensor.scenario.Timeline;
import sensor.testutil.CliRun;
import sensor.testutil.ContractCapture;
import sensor.testutil.Expect;

/**
 * What servers.jsonl says of a name beyond its clients (the A/AAAA addresses it resolved to, its
 * lookups by query type, its lookup episodes, the SMTP attempts to its addresses), the SMTP
 * kind's refused clients and the rename's first client group: a capture scripted here, replayed
 * through the command line with a groups file, every expected value worked out from the script.
 *
 * <pre>
 *  time    client  lookup (answered 1 ms later)
 *    0 s   A       mail.example A: CNAME mx.example.net (600), mx.example.net A 192.0.2.3 (300),
 *                  A 192.0.2.26 (120), A 192.0.2.25 (60): the smallest TTL is 60 s
 *    1 s   B       mail.example AAAA: 2001:db8::25 (30)
 *   30 s   A       mail.example A, the same answer
 *   60 s   A       mail.example A, the same answer
 *  200 s   B       mail.example A, never answered
 *  300 s   A       SMTP to 192.0.2.25: 220, EHLO 250, QUIT 221 (accepted)
 *  310 s   B       SMTP to 192.0.2.25: SYN, RST (refused)
 *  320 s   B       SMTP to 192.0.2.26: 554 greeting (rejected)
 *  400 s   A       old.example A 192.0.2.29
 *  410 s   A       old.example NXDOMAIN
 *  420 s   B       new.example A 192.0.2.29 (a rename, first asked by B)
 * </pre>
 * A = 10.0.0.9 and B = 10.0.0.10, both in the group "lab" (10.0.0.8/30).
 */
class NameEvidenceTest {
    private static final IpAddress A = IpAddress.parse("10.0.0.9");
    private static final IpAddress B = IpAddress.parse("10.0.0.10");
    private static final IpAddress RESOLVER = IpAddress.parse("192.0.2.53");
    private static final long T0 = ContractCapture.T0;
    private static final long S = ContractCapture.S;
    private static final long MS = ContractCapture.MS;

    private List<JsonNode> serverLines;
    private Map<String, JsonNode> servers;
    private Map<String, JsonNode> pairs;
    private List<JsonNode> events;

    /** Per test, not once per class: PIT credits what a @BeforeAll runs to one test method only. */
    @BeforeEach
    void replay(@TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("names.pcap");
        write(pcap);
        Path groups = Files.writeString(dir.resolve("groups.txt"), "10.0.0.8/30 lab\n");
        Path out = dir.resolve("out");
        CliRun run = CliRun.execute("replay", "--quiet", "-o", out.toString(), "--groups", groups.toString(),
                pcap.toString());
        assertEquals(0, run.code(), run.err());
        serverLines = ContractCapture.lines(out.resolve("servers.jsonl"));
        servers = Expect.by(serverLines, r -> r.get("kind").asText() + " "
                + r.get("client_group").asBoolean() + " " + r.get("server").asText());
        pairs = Expect.by(ContractCapture.lines(out.resolve("pairs.jsonl")), r -> r.get("kind").asText() + " "
                + r.get("client").asText() + " " + r.get("server").asText());
        events = ContractCapture.lines(out.resolve("events.jsonl"));
    }

    @Test
    void aNamesAddressesAreItsAAndAaaaAnswersOnly() {
        // Three A and one AAAA address, each once however often repeated; the CNAME's target
        // mx.example.net is a name, not an address.
        JsonNode mail = servers.get("name false mail.example");
        TreeSet<String> addresses = new TreeSet<>();
        mail.get("addresses").forEach(a -> addresses.add(a.asText()));
        assertEquals(new TreeSet<>(List.of("192.0.2.3", "192.0.2.25", "192.0.2.26", "2001:db8::25")), addresses,
                mail.toString());
        assertEquals(4, mail.get("addresses").size(), mail.toString());
    }

    @Test
    void lookupsByQueryType() {
        // A: A's three and B's unanswered one; AAAA: B's one. Total 5.
        fields("{'total': 5, 'clients': 2, 'qtypes': {'A': 4, 'AAAA': 1}}", servers.get("name false mail.example"));
        fields("{'total': 5, 'clients': 1, 'qtypes': {'A': 4, 'AAAA': 1}}", servers.get("name true mail.example"));
    }

    @Test
    void lookupsWithinTheSmallestTtlOfAnEpisodesFirstAreOneEpisode() {
        // A: 0 s opens an episode to 0 + 60 = 60 s; 30 s is in it; 60 s is not (it ends there)
        // and opens one: 2 episodes of 3 lookups.
        fields("{'count': 3, 'episodes': 2}", pairs.get("name 10.0.0.9 mail.example"));
        // B: 1 s (to 1 + 30 = 31 s); 200 s, unanswered, has no TTL: an episode of its own. 2 of 2.
        fields("{'count': 2, 'episodes': 2}", pairs.get("name 10.0.0.10 mail.example"));
        fields("{'episodes': 4}", servers.get("name false mail.example"));
        // lab, A's and B's lookups as one client: 0 s (to 60 s) holds 1 s and 30 s; 60 s; 200 s:
        // 3 episodes of 5 lookups.
        fields("{'count': 5, 'episodes': 3}", pairs.get("name lab mail.example"));
        fields("{'episodes': 3}", servers.get("name true mail.example"));
    }

    @Test
    void smtpAttemptsToTheNamesAddresses() {
        // 192.0.2.25: A accepted at 300 s, B refused at 310 s; 192.0.2.26: B rejected at 320 s;
        // nothing to 192.0.2.3 or 2001:db8::25, which have no entry.
        Map<String, JsonNode> evidence = byAddress(servers.get("name false mail.example"));
        assertEquals(2, evidence.size(), evidence.toString());
        fields("""
                {'attempts': 2, 'accepted_clients': ['10.0.0.9'], 'rejected_clients': [],
                 'refused_clients': ['10.0.0.10']}
                """, evidence.get("192.0.2.25"));
        fields("{'attempts': 1, 'accepted_clients': [], 'rejected_clients': ['10.0.0.10'], 'refused_clients': []}",
                evidence.get("192.0.2.26"));
        Map<String, JsonNode> lab = byAddress(servers.get("name true mail.example"));
        assertEquals(2, lab.size(), lab.toString());
        fields("{'attempts': 2, 'accepted_clients': ['lab'], 'rejected_clients': [], 'refused_clients': ['lab']}",
                lab.get("192.0.2.25"));
        fields("{'attempts': 1, 'accepted_clients': [], 'rejected_clients': ['lab'], 'refused_clients': []}",
                lab.get("192.0.2.26"));
    }

    @Test
    void smtpServersNameTheirClientsByOutcome() {
        fields("""
                {'total': 2, 'clients': 2, 'accepted_clients': ['10.0.0.9'], 'rejected_clients': [],
                 'refused_clients': ['10.0.0.10']}
                """, servers.get("smtp false 192.0.2.25"));
        fields("{'total': 1, 'accepted_clients': [], 'rejected_clients': ['10.0.0.10'], 'refused_clients': []}",
                servers.get("smtp false 192.0.2.26"));
        fields("{'total': 2, 'clients': 1, 'accepted_clients': ['lab'], 'rejected_clients': [], 'refused_clients': ['lab']}",
                servers.get("smtp true 192.0.2.25"));
    }

    @Test
    void theRenamesFirstClientGroup() {
        // old.example last answered .29 at 400.001 s, NXDOMAIN at 410.001 s; B asked new.example at 420 s.
        assertEquals(1, events.size(), events.toString());
        fields("""
                {'type': 'rename', 'address': '192.0.2.29', 'old_name': 'old.example', 'new_name': 'new.example',
                 'first_client': '10.0.0.10', 'first_client_group': 'lab'}
                """, events.get(0));
    }

    @Test
    void busiestServerFirstWithinEachKindAndLevel() {
        // Names per client: mail.example 5, old.example 2, new.example 1.
        List<String> names = serverLines.stream()
                .filter(r -> r.get("kind").asText().equals("name") && !r.get("client_group").asBoolean())
                .map(r -> r.get("server").asText() + " " + r.get("total").asLong()).toList();
        assertEquals(List.of("mail.example 5", "old.example 2", "new.example 1"), names);
        // SMTP servers: 192.0.2.25 with 2 attempts, 192.0.2.26 with 1.
        List<String> smtp = serverLines.stream()
                .filter(r -> r.get("kind").asText().equals("smtp") && !r.get("client_group").asBoolean())
                .map(r -> r.get("server").asText()).toList();
        assertEquals(List.of("192.0.2.25", "192.0.2.26"), smtp);
    }

    private static Map<String, JsonNode> byAddress(JsonNode server) {
        List<JsonNode> entries = new ArrayList<>();
        server.get("smtp_evidence").forEach(entries::add);
        return Expect.by(entries, e -> e.get("address").asText());
    }

    // --- the script

    private static int id;

    private static void write(Path pcap) throws IOException {
        id = 0;
        Timeline t = new Timeline();
        FrameBuilder fb = new FrameBuilder();
        List<Rr> mx = List.of(new Rr("mail.example", DnsWire.CNAME, 600, "mx.example.net"),
                new Rr("mx.example.net", DnsWire.A, 300, "192.0.2.3"),
                new Rr("mx.example.net", DnsWire.A, 120, "192.0.2.26"),
                new Rr("mx.example.net", DnsWire.A, 60, "192.0.2.25"));
        lookup(t, fb, A, "mail.example", DnsWire.A, mx, T0);
        lookup(t, fb, B, "mail.example", DnsWire.AAAA,
                List.of(new Rr("mail.example", DnsWire.AAAA, 30, "2001:db8:0:0:0:0:0:25")), T0 + S);
        lookup(t, fb, A, "mail.example", DnsWire.A, mx, T0 + 30 * S);
        lookup(t, fb, A, "mail.example", DnsWire.A, mx, T0 + 60 * S);
        lookup(t, fb, B, "mail.example", DnsWire.A, null, T0 + 200 * S);

        new TcpConversation(t, A, 50001, IpAddress.parse("192.0.2.25"), 25, T0 + 300 * S, MS, 1000, 9000).handshake()
                .server("220 mx.example.net ESMTP\r\n")
                .client("EHLO a.example\r\n").server("250 mx.example.net\r\n")
                .client("QUIT\r\n").server("221 Bye\r\n")
                .close();
        new TcpConversation(t, B, 50002, IpAddress.parse("192.0.2.25"), 25, T0 + 310 * S, MS, 2000, 9000).refused();
        new TcpConversation(t, B, 50003, IpAddress.parse("192.0.2.26"), 25, T0 + 320 * S, MS, 3000, 9000).handshake()
                .server("554 no service here\r\n")
                .client("QUIT\r\n").server("221 Bye\r\n")
                .close();

        lookup(t, fb, A, "old.example", DnsWire.A, List.of(new Rr("old.example", DnsWire.A, 300, "192.0.2.29")),
                T0 + 400 * S);
        lookup(t, fb, A, "old.example", DnsWire.A, List.of(), T0 + 410 * S);
        lookup(t, fb, B, "new.example", DnsWire.A, List.of(new Rr("new.example", DnsWire.A, 300, "192.0.2.29")),
                T0 + 420 * S);
        try (PcapWriter w = new PcapWriter(pcap, PcapWriter.LINKTYPE_ETHERNET)) {
            t.writeTo(w);
        }
    }

    /** A query at {@code at}; the answer 1 ms later (NXDOMAIN when empty), none when null. */
    private static void lookup(Timeline t, FrameBuilder fb, IpAddress client, String name, int type, List<Rr> answers,
            long at) {
        int q = ++id;
        int port = 40_000 + q;
        fb.udp(client, port, RESOLVER, 53, DnsWire.query(q, name, type, false), 0);
        t.write(at, fb.buffer(), fb.length());
        if (answers != null) {
            byte[] response = DnsWire.response(q, name, type, answers.isEmpty() ? DnsWire.NXDOMAIN : DnsWire.NOERROR,
                    answers, false);
            fb.udp(RESOLVER, 53, client, port, response, 0);
            t.write(at + MS, fb.buffer(), fb.length());
        }
    }
}
