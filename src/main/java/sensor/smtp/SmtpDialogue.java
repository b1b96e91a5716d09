package sensor.smtp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import sensor.flow.StreamConsumer;
import sensor.flow.TcpConnection;
import sensor.flow.TcpState;

/**
 * Follows one SMTP connection (RFC 5321) over its reassembled streams: the greeting, EHLO/HELO,
 * the extensions offered, every command and every reply in order (pipelined commands are
 * answered in order, RFC 2920), MAIL/RCPT domains, STARTTLS, QUIT. Message content (DATA,
 * BDAT) and AUTH exchanges are skipped, never kept. After a gap in the client's stream (or, when
 * a command was in flight, in the server's), and in a capture that began mid-stream, client lines
 * are not recorded until one that is a well-formed command is answered by a reply: only then does
 * the dialogue trust the line boundaries and the message state again. At close it writes one
 * {@link SmtpSession}.
 */
public final class SmtpDialogue implements StreamConsumer {
    static final int MAX_COMMANDS = 256;
    static final int MAX_RCPT = 100;
    static final int MAX_EXTENSIONS = 64;
    static final int MAX_REPLIES = 512;
    /** Well-formed command lines held while out of step, waiting for a reply to confirm them. */
    static final int MAX_CANDIDATES = 32;

    private final Consumer<SmtpSession> sink;
    private final SmtpCounters counters;
    private final LineSplitter client = new LineSplitter(this::clientLine);
    private final LineSplitter server = new LineSplitter(this::serverLine);
    private final ArrayDeque<String> awaiting = new ArrayDeque<>();
    private final List<Integer> replies = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> extensions = new ArrayList<>();
    private final List<String> rcpt = new ArrayList<>();
    /** Small until needed: only a dialogue out of step holds candidates. */
    private final ArrayDeque<String> candidates = new ArrayDeque<>(1);
    private Integer bannerCode;
    private String banner;
    private String helo;
    private String mailFrom;
    private boolean greeted;
    private boolean heloAccepted;
    private boolean inData;
    /** DATA was sent and its reply not seen yet. */
    private boolean dataAwaiting;
    /** The message began before DATA's reply was seen: the capture lacks the 354. */
    private boolean bodyAhead;
    /** Client lines can be taken as commands: false after a gap until a reply confirms one. */
    private boolean synced = true;
    private boolean clientSpoke;
    /** STARTTLS was sent and its reply not seen yet. */
    private boolean starttlsAwaiting;
    /** The client began TLS after a 220 the capture lacks: its bytes are no longer SMTP. */
    private boolean clientEncrypted;
    private boolean started;
    private boolean inAuth;
    private boolean tls;
    private boolean quit;
    private String rejectStage;
    /** Code and first line of the reply being read (multi-line replies: "250-..." lines). */
    private int replyCode = -1;
    private boolean replyIsEhlo;
    private int gaps;

    public SmtpDialogue(Consumer<SmtpSession> sink, SmtpCounters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    @Override
    public void onData(TcpConnection conn, boolean fromClient, byte[] buf, int off, int len, long ts) {
        if (!started) {
            started = true;
            if (conn.partial) {
                desync(); // the capture began mid-stream: where the message or the exchange stands is unknown
            }
        }
        if (tls) {
            return; // after STARTTLS the bytes are TLS records, not SMTP
        }
        if (fromClient && starttlsAwaiting && synced) {
            // A client speaks after STARTTLS only once it got the 220, and then in TLS.
            starttlsAwaiting = false;
            clientEncrypted = true;
            counters.tlsReplyUnseen();
        }
        if (fromClient && clientEncrypted) {
            return;
        }
        (fromClient ? client : server).data(buf, off, len, ts);
    }

    @Override
    public int bufferedBytes() {
        return client.capacity() + server.capacity();
    }

    @Override
    public void onGap(TcpConnection conn, boolean fromClient, long missedBytes, long ts) {
        gaps++;
        counters.gap();
        if (fromClient) {
            client.gap(false); // the next line may be whole: judged as a candidate, not trusted
            desync();
            return;
        }
        server.gap(true);
        // Replies were lost: which command the next reply answers is no longer known, nor whether
        // a DATA or AUTH in flight was accepted (the client may be sending a message now).
        if (!awaiting.isEmpty() || inAuth) {
            desync();
        }
        awaiting.clear();
        replyCode = -1;
    }

    /** Stops taking client lines as commands until a reply confirms a well-formed one. */
    private void desync() {
        if (synced) {
            counters.desync();
        }
        synced = false;
        dropCandidates(0);
        awaiting.clear();
        inData = false;
        inAuth = false;
        dataAwaiting = false;
        bodyAhead = false;
        starttlsAwaiting = false;
    }

    /** A client line while out of step: kept as a candidate when it has a command's shape. */
    private void candidate(String verb, String arg, String line) {
        if (!SmtpVerbs.wellFormed(verb, arg)) {
            dropCandidates(1); // message text or junk: what came before it was not commands either
            return;
        }
        if (candidates.size() == MAX_CANDIDATES) {
            candidates.poll();
            counters.unrecorded(1);
        }
        candidates.add(line);
        if ("BDAT".equals(verb)) {
            client.skipRaw(SmtpVerbs.chunkSize(arg));
        }
    }

    /** Forgets the candidates (and {@code more} lines besides): none of them is recorded. */
    private void dropCandidates(int more) {
        if (more + candidates.size() > 0) {
            counters.unrecorded(more + candidates.size());
        }
        candidates.clear();
    }

    /** A reply after well-formed candidates: they were commands, and the dialogue is in step again. */
    private void resync() {
        synced = true;
        counters.resync();
        List<String> lines = new ArrayList<>(candidates);
        candidates.clear();
        for (String line : lines) {
            int sp = line.indexOf(' ');
            command(line.substring(0, sp < 0 ? line.length() : sp).toUpperCase(Locale.ROOT),
                    sp < 0 ? "" : line.substring(sp + 1).trim(), false);
        }
    }

    private void clientLine(byte[] b, int off, int len, boolean cut, long ts) {
        clientSpoke = true;
        if (cut) {
            counters.weird("smtp_line_too_long");
        }
        if (dataAwaiting && !inData && synced) {
            // A client sends the message only after a 354: this one has it, the capture does not.
            dataAwaiting = false;
            bodyAhead = true;
            inData = true;
            counters.bodyBeforeReply();
        }
        if (inData) {
            if (len == 1 && b[off] == '.') {
                inData = false;
                awaiting.add("DATA-END");
            }
            return;
        }
        if (inAuth) {
            // SASL responses (base64): credentials are never kept, not even as a command.
            if (len == 1 && b[off] == '*') {
                inAuth = false;
            }
            return;
        }
        if (binary(b, off, len)) {
            counters.weird("smtp_binary_command");
            if (!synced) {
                dropCandidates(1);
                return;
            }
            command(SmtpVerbs.UNRECOGNISED, "", true);
            return;
        }
        if (synced && SmtpText.ascii(b, off, len)) {
            // Nearly every line: its verb and (where kept) its argument read from the bytes,
            // as the String path below would read them.
            int sp = off;
            while (sp < off + len && b[sp] != ' ') {
                sp++;
            }
            if (sp == off) {
                return; // no verb
            }
            String verb = SmtpVerbs.verb(b, off, sp - off);
            boolean hasArgument = SmtpVerbs.keepsArgument(verb) && sp < off + len;
            command(verb, hasArgument ? SmtpText.trimmed(b, sp + 1, off + len) : "", true);
            return;
        }
        String line = SmtpText.decode(b, off, len);
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : line.substring(sp + 1).trim();
        if (verb.isEmpty()) {
            return;
        }
        if (!synced) {
            candidate(verb, arg, line);
            return;
        }
        command(verb, arg, true);
    }

    /** One command line the server will answer; {@code chunk}: a BDAT's data follows in the stream. */
    private void command(String verb, String arg, boolean chunk) {
        if (commands.size() < MAX_COMMANDS) {
            commands.add(SmtpVerbs.recorded(verb));
        }
        if (awaiting.size() < MAX_COMMANDS) {
            awaiting.add(verb);
        } else {
            counters.weird("smtp_too_many_unanswered_commands");
        }
        switch (verb) {
            case "EHLO", "HELO", "LHLO" -> helo = helo == null || !arg.isEmpty() ? arg : helo; // "" = sent bare
            case "MAIL" -> mailFrom = domain(arg);
            case "RCPT" -> {
                String d = domain(arg);
                if (d != null && rcpt.size() < MAX_RCPT) {
                    rcpt.add(d);
                }
            }
            case "BDAT" -> {
                long size = SmtpVerbs.chunkSize(arg);
                if (size < 0) {
                    counters.weird("smtp_bad_bdat");
                } else if (chunk) {
                    client.skipRaw(size);
                }
            }
            case "DATA" -> dataAwaiting = true;
            case "STARTTLS" -> starttlsAwaiting = true;
            case "QUIT" -> quit = true;
            default -> { }
        }
    }

    private void serverLine(byte[] b, int off, int len, boolean cut, long ts) {
        if (cut) {
            counters.weird("smtp_line_too_long");
        }
        if (len < 3 || !digit(b[off]) || !digit(b[off + 1]) || !digit(b[off + 2])
                || (len > 3 && b[off + 3] != '-' && b[off + 3] != ' ')) {
            counters.weird("smtp_bad_reply");
            return;
        }
        int code = (b[off] - '0') * 100 + (b[off + 1] - '0') * 10 + (b[off + 2] - '0');
        boolean more = len > 3 && b[off + 3] == '-';
        if (replyCode < 0) {
            replyCode = code;
            startReply(code, b, off, len);
        } else if (replyIsEhlo && extensions.size() < MAX_EXTENSIONS && len > 4) {
            // Continuation lines of an EHLO reply name one extension each.
            String text = replyText(b, off, len);
            int sp = text.indexOf(' ');
            extensions.add((sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT));
        }
        if (!more) {
            replyCode = -1;
            replyIsEhlo = false;
        }
    }

    /** A reply line's text after its code; made only where it is kept (the banner, EHLO's extensions). */
    private static String replyText(byte[] b, int off, int len) {
        return len > 4 ? SmtpText.decode(b, off + 4, len - 4) : "";
    }

    /** The first line of a reply: whose reply it is, and what it means for the session. */
    private void startReply(int code, byte[] line, int off, int len) {
        if (replies.size() < MAX_REPLIES) {
            replies.add(code);
        }
        if (!greeted) {
            greeted = true;
            // Mid-stream, a first reply is the greeting only before the client spoke, with a greeting's code.
            if (synced || (!clientSpoke && (code == 220 || code == 421 || code == 554))) {
                bannerCode = code;
                banner = replyText(line, off, len);
                if (code >= 400) {
                    rejectStage = "greeting";
                }
                return;
            }
        }
        if (!synced && !candidates.isEmpty()) {
            resync();
        }
        String verb = awaiting.isEmpty() ? null : awaiting.poll();
        if (verb == null) {
            // Unsolicited (421 before closing) or after a lost stretch of replies: a 5xx still
            // rejects (the contract says "any 5xx"); its stage is the last command the client sent,
            // or unknown when none was seen after the greeting's reply.
            if (code >= 500 && rejectStage == null) {
                rejectStage = !commands.isEmpty() ? SmtpVerbs.stage(commands.get(commands.size() - 1))
                        : replies.size() <= 2 && bannerCode != null ? "greeting" : "unknown";
            }
            return;
        }
        replyIsEhlo = "EHLO".equals(verb) && code / 100 == 2;
        switch (verb) {
            case "EHLO", "HELO", "LHLO" -> {
                if (code / 100 == 2) {
                    heloAccepted = true;
                }
            }
            case "DATA" -> {
                dataAwaiting = false;
                if (bodyAhead) {
                    bodyAhead = false; // the message already went by; this reply is its late 354
                } else {
                    inData = code == 354;
                }
            }
            case "AUTH" -> inAuth = code == 334;
            case "STARTTLS" -> {
                starttlsAwaiting = false;
                tls = code == 220;
            }
            default -> { }
        }
        if ("AUTH".equals(verb) && code == 334) {
            awaiting.addFirst("AUTH"); // the exchange goes on until a final reply
        }
        if (code >= 500 && rejectStage == null) {
            rejectStage = SmtpVerbs.stage(verb);
        }
    }

    /** The domain of {@code FROM:<user@domain> ...} or {@code TO:<...>}; null for {@code <>}. */
    static String domain(String arg) {
        int lt = arg.indexOf('<');
        int gt = arg.indexOf('>', lt + 1);
        String addr = lt >= 0 && gt > lt ? arg.substring(lt + 1, gt)
                : arg.substring(arg.indexOf(':') + 1).trim().split("\\s+")[0];
        int at = addr.lastIndexOf('@');
        if (at < 0 || at == addr.length() - 1) {
            return null;
        }
        return addr.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean binary(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onClose(TcpConnection conn, long ts) {
        TcpState state = conn.state();
        SmtpSession.Outcome outcome;
        if (state == TcpState.REFUSED) {
            outcome = SmtpSession.Outcome.REFUSED;
        } else if (state == TcpState.NO_ANSWER) {
            outcome = SmtpSession.Outcome.NO_ANSWER;
        } else if (rejectStage != null) {
            outcome = SmtpSession.Outcome.REJECTED;
        } else if (bannerCode != null && bannerCode / 100 == 2 && heloAccepted) {
            outcome = SmtpSession.Outcome.ACCEPTED;
        } else {
            outcome = SmtpSession.Outcome.INCOMPLETE;
        }
        dropCandidates(0);
        counters.session(outcome);
        // The dialogue ends here, so the session takes its lists as they are (read-only), not copies.
        sink.accept(new SmtpSession(conn.firstTsNanos, conn.client, conn.clientPort, conn.server, conn.serverPort,
                state, bannerCode, banner, helo, tls, Collections.unmodifiableList(replies), outcome,
                outcome == SmtpSession.Outcome.REJECTED ? rejectStage : null, conn.firstFrame,
                Collections.unmodifiableList(extensions), Collections.unmodifiableList(commands), mailFrom,
                Collections.unmodifiableList(rcpt), quit, conn.synRetransmissions(), gaps,
                conn.missedBytes(true) + conn.missedBytes(false)));
    }
}
