package sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.flow.TcpConnection;
import sensor.metrics.Tallies;

/** The dialogue state machine on byte streams, split anywhere, pipelined, and hostile. */
class SmtpDialogueTest {
    private final Tallies tallies = new Tallies();
    private final List<SmtpSession> sessions = new ArrayList<>();

    /** A connection whose capture began mid-stream: the dialogue is in step after its first answered command. */
    private static TcpConnection conn() {
        return new TcpConnection(IpAddress.parse("192.0.2.1"), 40000, IpAddress.parse("198.51.100.25"), 25, 0, 1, true);
    }

    private SmtpSession run(String[] turns, int split) {
        SmtpDialogue d = new SmtpDialogue(sessions::add, new SmtpCounters(tallies));
        TcpConnection c = conn();
        for (int i = 0; i < turns.length; i++) {
            byte[] b = turns[i].getBytes(StandardCharsets.ISO_8859_1);
            boolean fromClient = i % 2 == 1;
            for (int off = 0; off < b.length; off += split) {
                d.onData(c, fromClient, b, off, Math.min(split, b.length - off), i);
            }
        }
        d.onClose(c, turns.length);
        return sessions.get(sessions.size() - 1);
    }

    static final String[] ACCEPTED = {
        "220-mx.example.com ESMTP\r\n220 second line\r\n",
        "EHLO client.example.org\r\n",
        "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 STARTTLS\r\n",
        "MAIL FROM:<a@Example.ORG>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.net>\r\nDATA\r\n",
        "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n",
        "Subject: hi\r\nRCPT TO:<not-a-command@example.com>\r\n.\r\nQUIT\r\n",
        "250 queued\r\n221 bye\r\n",
    };

    @Test
    void everySplitGivesTheSameSession() {
        for (int split = 1; split <= 40; split++) {
            SmtpSession s = run(ACCEPTED, split);
            assertEquals(220, s.bannerCode(), "split " + split);
            assertEquals("mx.example.com ESMTP", s.banner());
            assertEquals("client.example.org", s.helo());
            assertEquals(List.of("PIPELINING", "SIZE", "STARTTLS"), s.extensions());
            assertEquals(List.of(220, 250, 250, 250, 250, 354, 250, 221), s.replies());
            assertEquals(List.of("EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"), s.commands(), "content is not commands");
            assertEquals("example.org", s.mailFrom());
            assertEquals(List.of("example.com", "example.net"), s.rcptTo());
            assertEquals(SmtpSession.Outcome.ACCEPTED, s.outcome());
            assertTrue(s.quit());
            assertFalse(s.starttls());
        }
    }

    @Test
    void rejectionsNameTheirStage() {
        assertEquals("greeting", run(new String[] {"554 5.7.1 go away\r\n", "QUIT\r\n", "221 bye\r\n"}, 7).rejectStage());
        SmtpSession helo = run(new String[] {"220 hi\r\n", "HELO x\r\n", "550 no\r\n"}, 3);
        assertEquals(SmtpSession.Outcome.REJECTED, helo.outcome());
        assertEquals("helo", helo.rejectStage());
        SmtpSession rcpt = run(new String[] {"220 hi\r\n", "EHLO x\r\nMAIL FROM:<>\r\nRCPT TO:<u@v.example>\r\n",
            "250 ok\r\n250 ok\r\n554 5.7.1 relay denied\r\n"}, 5);
        assertEquals("rcpt", rcpt.rejectStage());
        assertNull(rcpt.mailFrom(), "the null sender has no domain");
        SmtpSession greylisted = run(new String[] {"220 hi\r\n", "EHLO x\r\nMAIL FROM:<a@b.example>\r\n",
            "250 ok\r\n451 4.7.1 try later\r\n"}, 64);
        assertEquals(SmtpSession.Outcome.ACCEPTED, greylisted.outcome(), "4xx to a command is not a rejection");
        SmtpSession unsolicited = run(new String[] {"220 hi\r\n", "EHLO x\r\n", "250 ok\r\n554 5.7.1 go away\r\n"}, 4);
        assertEquals(SmtpSession.Outcome.REJECTED, unsolicited.outcome(), "a 5xx nobody asked for still rejects");
        assertEquals("helo", unsolicited.rejectStage());
    }

    @Test
    void starttlsAcceptedStopsParsing() {
        SmtpSession s = run(new String[] {"220 hi\r\n", "EHLO x\r\nstartTLS\r\n", "250 ok\r\n220 go ahead\r\n",
            "\u0016\u0003\u0001 binary TLS hello\r\n", "\u0016\u0003\u0003 more TLS\r\n"}, 4);
        assertTrue(s.starttls());
        assertEquals(List.of(220, 250, 220), s.replies());
        assertEquals(List.of("EHLO", "STARTTLS"), s.commands());
    }

    @Test
    void authExchangesAreNeverKept() {
        SmtpSession s = run(new String[] {"220 hi\r\n", "EHLO x\r\nAUTH LOGIN\r\n", "250 ok\r\n334 VXNlcm5hbWU6\r\n",
            "c2VjcmV0LXVzZXI=\r\n", "334 UGFzc3dvcmQ6\r\n", "c2VjcmV0LXBhc3M=\r\n", "235 ok\r\n"}, 3);
        assertEquals(List.of("EHLO", "AUTH"), s.commands());
        assertEquals(SmtpSession.Outcome.ACCEPTED, s.outcome());
    }

    @Test
    void hostileStreamsAreBoundedAndCounted() {
        SmtpDialogue d = new SmtpDialogue(sessions::add, new SmtpCounters(tallies));
        TcpConnection c = conn();
        for (String[] turn : new String[][] {{"s", "220 hi\r\n"}, {"c", "EHLO x\r\n"}, {"s", "250 ok\r\n"}}) {
            byte[] b = turn[1].getBytes(StandardCharsets.US_ASCII);
            d.onData(c, turn[0].equals("c"), b, 0, b.length, 0); // in step: the rest is taken as commands
        }
        byte[] junk = new byte[1 << 20];
        new Random(1).nextBytes(junk);
        for (int i = 0; i < 10; i++) {
            d.onData(c, true, junk, 0, junk.length, i); // 10 MB of binary, few newlines
        }
        byte[] a = new byte[64 * 1024];
        java.util.Arrays.fill(a, (byte) 'A');
        for (int i = 0; i < 100; i++) {
            d.onData(c, false, a, 0, a.length, i); // a 6 MB reply line, never ending
        }
        for (int i = 0; i < 10_000; i++) {
            byte[] cmd = "NOOP\r\n".getBytes(StandardCharsets.US_ASCII);
            d.onData(c, true, cmd, 0, cmd.length, i); // a server that never answers
        }
        d.onGap(c, true, 500, 1);
        d.onClose(c, 2);
        SmtpSession s = sessions.get(0);
        assertTrue(s.commands().size() <= SmtpDialogue.MAX_COMMANDS);
        assertTrue(s.commands().stream().allMatch(v -> v.equals("EHLO") || v.equals("NOOP") || v.equals("UNKNOWN")),
                "junk is never a verb");
        assertEquals(SmtpSession.Outcome.ACCEPTED, s.outcome());
        assertEquals(1, s.gaps());
        assertTrue(tallies.value(Tallies.WEIRD, "smtp_line_too_long") > 0);
        assertTrue(tallies.value(Tallies.WEIRD, "smtp_too_many_unanswered_commands") > 0);
    }

    @Test
    void aGapResynchronisesOnAnAnsweredCommand() {
        SmtpDialogue d = new SmtpDialogue(sessions::add, new SmtpCounters(tallies));
        TcpConnection c = conn();
        byte[] g = "220 hi\r\n".getBytes(StandardCharsets.US_ASCII);
        d.onData(c, false, g, 0, g.length, 0);
        byte[] part = "EHLO half-a-li".getBytes(StandardCharsets.US_ASCII);
        d.onData(c, true, part, 0, part.length, 1);
        d.onGap(c, true, 100, 2);
        byte[] rest = "ne lost\r\nHELO again.example\r\n".getBytes(StandardCharsets.US_ASCII);
        d.onData(c, true, rest, 0, rest.length, 3);
        byte[] ok = "250 hello\r\n".getBytes(StandardCharsets.US_ASCII);
        d.onData(c, false, ok, 0, ok.length, 4);
        d.onClose(c, 5);
        assertEquals(List.of("HELO"), sessions.get(0).commands());
        assertEquals("again.example", sessions.get(0).helo());
        assertEquals(SmtpSession.Outcome.ACCEPTED, sessions.get(0).outcome());
        assertEquals(1, tallies.value("smtp", "resyncs"));
        assertEquals(1, tallies.value("smtp", "unrecorded_lines"), "ne lost");
    }

    /**
     * Turns alternate server, client, server ...; {@code null} is a hole in that turn's direction.
     * The connection began before the capture, so the dialogue is in step once EHLO is answered.
     */
    private SmtpSession dialogue(String... turns) {
        SmtpDialogue d = new SmtpDialogue(sessions::add, new SmtpCounters(tallies));
        TcpConnection c = conn();
        for (int i = 0; i < turns.length; i++) {
            boolean fromClient = i % 2 == 1;
            if (turns[i] == null) {
                d.onGap(c, fromClient, 40, i);
                continue;
            }
            byte[] b = turns[i].getBytes(StandardCharsets.ISO_8859_1);
            d.onData(c, fromClient, b, 0, b.length, i);
        }
        d.onClose(c, turns.length);
        return sessions.get(sessions.size() - 1);
    }

    @Test
    void rejectStageIsOneOfAFixedSet() {
        SmtpSession junk = dialogue("220 hi\r\n", "EHLO x\r\n", "250 ok\r\n", "g\t\u00e4y\u00e9xh junk\r\n",
                "500 5.5.1 Command unrecognized\r\n");
        assertEquals("other", junk.rejectStage());
        assertEquals(List.of("EHLO", "UNKNOWN"), junk.commands(), "a line outside the vocabulary is never its text");
        assertEquals("auth", dialogue("220 hi\r\n", "EHLO x\r\nAUTH PLAIN AGFAYg==\r\n", "250 ok\r\n535 no\r\n")
                .rejectStage());
    }

    @Test
    void aMessageSentBeforeItsGoAheadIsNotCommands() {
        SmtpSession s = dialogue("220 hi\r\n", "EHLO x\r\n", "250 ok\r\n",
                "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nQuit now\r\nHELP me\r\n.\r\n",
                "250 ok\r\n250 ok\r\n354 go\r\n250 queued\r\n", "QUIT\r\n", "221 bye\r\n");
        assertEquals(List.of("EHLO", "MAIL", "RCPT", "DATA", "QUIT"), s.commands());
        assertEquals(1, tallies.value("smtp", "data_reply_unseen"));
        assertEquals(List.of(220, 250, 250, 250, 354, 250, 221), s.replies());
    }

    @Test
    void aLostGoAheadDoesNotTurnTheMessageIntoCommands() {
        SmtpSession s = dialogue("220 hi\r\n", "EHLO x\r\n", "250 ok\r\n",
                "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n", "250 ok\r\n250 ok\r\n",
                "" /* the client waits */, null /* the hole where the 354 was */,
                "From: a@b.example\r\nData is here\r\nRSET\r\n.\r\n", "250 queued\r\n", "QUIT\r\n", "221 bye\r\n");
        assertEquals(List.of("EHLO", "MAIL", "RCPT", "DATA", "QUIT"), s.commands());
        assertEquals(2, tallies.value("smtp", "desyncs"), "the capture's start, and the hole");
        assertEquals(2, tallies.value("smtp", "resyncs"));
        assertEquals(4, tallies.value("smtp", "unrecorded_lines"));
    }

    /** Only the client's side: after STARTTLS its bytes are TLS, never commands. */
    @Test
    void aClientGoingOnAfterStarttlsSpeaksTls() {
        SmtpSession s = dialogue("", "EHLO x\r\n", "250 ok\r\n", "STARTTLS\r\n", "",
                "\u0016\u0003\u0001\u0002\u0000\u0001 hello\r\nQUIT\r\n\u0017\u0003\u0003 more\r\n");
        assertEquals(List.of("EHLO", "STARTTLS"), s.commands());
        assertFalse(s.starttls(), "no 220 was seen");
        assertEquals(1, tallies.value("smtp", "starttls_reply_unseen"));
    }
}
