package sensor.smtp;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/** The counts every SMTP dialogue shares: sessions by outcome, gaps, hostile input. */
public final class SmtpCounters {
    private final Tallies tallies;
    private final Tally sessions;
    private final Tally gaps;
    private final Tally desyncs;
    private final Tally resyncs;
    private final Tally unrecordedLines;
    private final Tally bodyBeforeReply;
    private final Tally tlsReplyUnseen;
    private final Map<SmtpSession.Outcome, Tally> byOutcome = new EnumMap<>(SmtpSession.Outcome.class);
    private final Map<String, Tally> weirds = new HashMap<>();

    public SmtpCounters(Tallies tallies) {
        this.tallies = tallies;
        sessions = tallies.get("smtp", "sessions");
        gaps = tallies.get("smtp", "gaps");
        desyncs = tallies.get("smtp", "desyncs");
        resyncs = tallies.get("smtp", "resyncs");
        unrecordedLines = tallies.get("smtp", "unrecorded_lines");
        bodyBeforeReply = tallies.get("smtp", "data_reply_unseen");
        tlsReplyUnseen = tallies.get("smtp", "starttls_reply_unseen");
        for (SmtpSession.Outcome o : SmtpSession.Outcome.values()) {
            byOutcome.put(o, tallies.get("smtp_outcome", o.wire()));
        }
    }

    void session(SmtpSession.Outcome outcome) {
        sessions.inc();
        byOutcome.get(outcome).inc();
    }

    void gap() {
        gaps.inc();
    }

    /** A gap or a mid-stream start: client lines are no longer taken as commands. */
    void desync() {
        desyncs.inc();
    }

    /** A reply confirmed well-formed command lines: the dialogue is in step again. */
    void resync() {
        resyncs.inc();
    }

    /** Client lines seen while out of step and never confirmed: not recorded as commands. */
    void unrecorded(int lines) {
        unrecordedLines.add(lines);
    }

    /** A message began before the reply to DATA was seen (a one-sided capture, or a lost 354). */
    void bodyBeforeReply() {
        bodyBeforeReply.inc();
    }

    /** The client went on after STARTTLS without a reply in the capture: it speaks TLS now. */
    void tlsReplyUnseen() {
        tlsReplyUnseen.inc();
    }

    void weird(String reason) {
        weirds.computeIfAbsent(reason, tallies::weird).inc();
    }
}
