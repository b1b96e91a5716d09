package sensor.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sensor.flow.StreamConsumer;
import sensor.flow.TcpConnection;
import sensor.flow.TcpState;
import sensor.output.RecordSink;

/**
 * Follows one SMTP connection (RFC 5321) over its reassembled streams: the greeting, EHLO/HELO,
 * the extensions offered, every command and every reply in order (pipelined commands are
 * answered in order, RFC 2920), MAIL/RCPT domains, STARTTLS, QUIT. Message content (DATA,
 * BDAT) and AUTH exchanges are skipped, never kept. At close it writes one {@link SmtpSession}.
 */
public final class SmtpDialogue implements StreamConsumer {
    static final int MAX_COMMANDS = 256;
    static final int MAX_RCPT = 100;
    static final int MAX_EXTENSIONS = 64;
    static final int MAX_REPLIES = 512;

    private final RecordSink<SmtpSession> sink;
    private final SmtpCounters counters;
    private final LineSplitter client = new LineSplitter(this::clientLine);
    private final LineSplitter server = new LineSplitter(this::serverLine);
    private final ArrayDeque<String> awaiting = new ArrayDeque<>();
    private final List<Integer> replies = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> extensions = new ArrayList<>();
    private final List<String> rcpt = new ArrayList<>();
    private Integer bannerCode;
    private String banner;
    private String helo;
    private String mailFrom;
    private boolean greeted;
    private boolean heloAccepted;
    private boolean inData;
    private boolean inAuth;
    private boolean tls;
    private boolean quit;
    private String rejectStage;
    /** Code and first line of the reply being read (multi-line replies: "250-..." lines). */
    private int replyCode = -1;
    private boolean replyIsEhlo;
    private int gaps;

    public SmtpDialogue(RecordSink<SmtpSession> sink, SmtpCounters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    @Override
    public void onData(TcpConnection conn, boolean fromClient, byte[] buf, int off, int len, long ts) {
        if (tls) {
            return; // after STARTTLS the bytes are TLS records, not SMTP
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
        (fromClient ? client : server).gap();
        if (!fromClient) {
            // Replies were lost: which command the next reply answers is no longer known.
            awaiting.clear();
            replyCode = -1;
        }
    }

    private void clientLine(byte[] b, int len, boolean cut, long ts) {
        if (cut) {
            counters.weird("smtp_line_too_long");
        }
        if (inData) {
            if (len == 1 && b[0] == '.') {
                inData = false;
                awaiting.add("DATA-END");
            }
            return;
        }
        if (inAuth) {
            // SASL responses (base64): credentials are never kept, not even as a command.
            if (len == 1 && b[0] == '*') {
                inAuth = false;
            }
            return;
        }
        if (binary(b, len)) {
            counters.weird("smtp_binary_command");
            return;
        }
        String line = new String(b, 0, len, StandardCharsets.ISO_8859_1);
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : line.substring(sp + 1).trim();
        if (verb.isEmpty()) {
            return;
        }
        if (commands.size() < MAX_COMMANDS) {
            commands.add(verb.length() > 16 ? verb.substring(0, 16) : verb);
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
                String[] p = arg.split("\\s+");
                try {
                    client.skipRaw(Long.parseLong(p[0]));
                } catch (NumberFormatException e) {
                    counters.weird("smtp_bad_bdat");
                }
            }
            case "QUIT" -> quit = true;
            default -> { }
        }
    }

    private void serverLine(byte[] b, int len, boolean cut, long ts) {
        if (cut) {
            counters.weird("smtp_line_too_long");
        }
        if (len < 3 || !digit(b[0]) || !digit(b[1]) || !digit(b[2]) || (len > 3 && b[3] != '-' && b[3] != ' ')) {
            counters.weird("smtp_bad_reply");
            return;
        }
        int code = (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0');
        boolean more = len > 3 && b[3] == '-';
        String text = len > 4 ? new String(b, 4, len - 4, StandardCharsets.ISO_8859_1) : "";
        if (replyCode < 0) {
            replyCode = code;
            startReply(code, text);
        } else if (replyIsEhlo && extensions.size() < MAX_EXTENSIONS && !text.isEmpty()) {
            // Continuation lines of an EHLO reply name one extension each.
            int sp = text.indexOf(' ');
            extensions.add((sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT));
        }
        if (!more) {
            replyCode = -1;
            replyIsEhlo = false;
        }
    }

    /** The first line of a reply: whose reply it is, and what it means for the session. */
    private void startReply(int code, String text) {
        if (replies.size() < MAX_REPLIES) {
            replies.add(code);
        }
        if (!greeted) {
            greeted = true;
            bannerCode = code;
            banner = text;
            if (code >= 400) {
                rejectStage = "greeting";
            }
            return;
        }
        String verb = awaiting.isEmpty() ? null : awaiting.poll();
        if (verb == null) {
            // Unsolicited (421 before closing) or after a lost stretch of replies: a 5xx still
            // rejects (the contract says "any 5xx"); its stage is the last command the client sent.
            if (code >= 500 && rejectStage == null) {
                rejectStage = commands.isEmpty() ? "greeting" : stage(commands.get(commands.size() - 1));
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
            case "DATA" -> inData = code == 354;
            case "AUTH" -> inAuth = code == 334;
            case "STARTTLS" -> tls = code == 220;
            default -> { }
        }
        if ("AUTH".equals(verb) && code == 334) {
            awaiting.addFirst("AUTH"); // the exchange goes on until a final reply
        }
        if (code >= 500 && rejectStage == null) {
            rejectStage = stage(verb);
        }
    }

    private static String stage(String verb) {
        return switch (verb) {
            case "EHLO", "HELO", "LHLO" -> "helo";
            case "MAIL" -> "mail";
            case "RCPT" -> "rcpt";
            case "DATA", "DATA-END", "BDAT" -> "data";
            default -> verb.toLowerCase(Locale.ROOT);
        };
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

    private static boolean binary(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
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
        counters.session(outcome);
        sink.accept(new SmtpSession(conn.firstTsNanos, conn.client, conn.clientPort, conn.server, conn.serverPort,
                state, bannerCode, banner, helo, tls, List.copyOf(replies), outcome,
                outcome == SmtpSession.Outcome.REJECTED ? rejectStage : null, conn.firstFrame, List.copyOf(extensions),
                List.copyOf(commands), mailFrom, List.copyOf(rcpt), quit, conn.synRetransmissions(), gaps,
                conn.missedBytes(true) + conn.missedBytes(false)));
    }
}
