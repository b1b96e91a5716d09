package sensor.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.flow.TcpState;
import sensor.smtp.SmtpSession;
import sensor.testutil.Lookups;
import sensor.txn.DnsTransaction;

/** What in a record is replaced, and by what: the parties are, DNS data is not. */
class RecordAnonymizerTest {
    private static final AnonymizeKey KEY = AnonymizeKey.of(HexFormat.of()
            .parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    private static final IpAddress CLIENT = IpAddress.parse("2001:db8:1::53");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.53");

    private static SmtpSession session(String helo) {
        return new SmtpSession(1, IpAddress.parse("198.51.100.7"), 40000, SERVER, 25, TcpState.ESTABLISHED, 220,
                "mx.example.com ESMTP", helo, false, List.of(220, 250), SmtpSession.Outcome.ACCEPTED, null, 1,
                List.of(), List.of("EHLO", "MAIL", "RCPT"), "bank.example", List.of("a.example", "b.example"), false,
                0, 0, 0);
    }

    @Test
    void aTransactionGetsPseudonymsForItsPartiesAndItsClientSubnetAndKeepsItsAnswers() {
        DnsTransaction t = Lookups.answered(1, CLIENT, SERVER, 7, "www.example.com", "192.0.2.80")
                .withEndpoints(CLIENT, SERVER, "198.51.100.0/24");
        DnsTransaction a = RecordAnonymizer.of(new Anonymization(KEY, false)).dns(t);
        CryptoPan pan = new CryptoPan(KEY);
        assertEquals(pan.anonymize(CLIENT), a.client());
        assertEquals(pan.anonymize(SERVER), a.server());
        IpAddress subnet = RecordAnonymizer.cut(pan.anonymize(IpAddress.parse("198.51.100.7")), 24);
        assertEquals(subnet + "/24", a.ecs());
        assertTrue(a.ecs().endsWith(".0/24"));
        assertEquals(t.answers(), a.answers());
        assertEquals(t.withEndpoints(a.client(), a.server(), a.ecs()), a);
    }

    @Test
    void withoutSettingsRecordsPassUnchanged() {
        DnsTransaction t = Lookups.answered(1, CLIENT, SERVER, 7, "www.example.com", "192.0.2.80");
        RecordAnonymizer none = RecordAnonymizer.of(null);
        assertSame(t, none.dns(t));
        SmtpSession s = session("mx.bank.example");
        assertSame(s, none.smtp(s));
        assertEquals("192.0.2.53", RecordAnonymizer.addressText(null).apply("192.0.2.53"));
    }

    @Test
    void anAddressGivenAsHeloIsTheClientsAndGetsItsPseudonym() {
        RecordAnonymizer anon = RecordAnonymizer.of(new Anonymization(KEY, false));
        CryptoPan pan = new CryptoPan(KEY);
        String client = pan.anonymize(IpAddress.parse("198.51.100.7")).toString();
        assertEquals("[" + client + "]", anon.smtp(session("[198.51.100.7]")).helo());
        assertEquals(client, anon.smtp(session("198.51.100.7")).helo());
        assertEquals("[IPv6:" + pan.anonymize(CLIENT) + "]", anon.smtp(session("[IPv6:2001:db8:1::53]")).helo());
        SmtpSession s = anon.smtp(session("mx.bank.example"));
        assertEquals("mx.bank.example", s.helo());
        assertEquals("bank.example", s.mailFrom());
        assertEquals(client, s.client().toString());
        assertEquals(pan.anonymize(SERVER), s.server());
        assertEquals("mx.example.com ESMTP", s.banner());
        assertNull(anon.smtp(session(null)).helo());
    }

    @Test
    void withNamesHeloAndDomainsBecomeAKeyedHash() {
        SmtpSession s = RecordAnonymizer.of(new Anonymization(KEY, true)).smtp(session("mx.bank.example"));
        NameHash hash = new NameHash(KEY);
        assertTrue(s.helo().matches("[0-9a-f]{16}"), s.helo());
        assertEquals(hash.of("mx.bank.example"), s.helo());
        assertEquals(hash.of("bank.example"), s.mailFrom());
        assertEquals(List.of(hash.of("a.example"), hash.of("b.example")), s.rcptTo());
        assertNotEquals(new NameHash(AnonymizeKey.of(new byte[32])).of("bank.example"), s.mailFrom());
    }

    @Test
    void anAnswersAddressIsLookedUpUnderItsPseudonym() {
        CryptoPan pan = new CryptoPan(KEY);
        var text = RecordAnonymizer.addressText(new Anonymization(KEY, false));
        assertEquals(pan.anonymize(SERVER).toString(), text.apply("192.0.2.53"));
        assertEquals(pan.anonymize(CLIENT).toString(), text.apply("2001:db8:1::53"));
        assertEquals("not-an-address", text.apply("not-an-address"));
    }
}
