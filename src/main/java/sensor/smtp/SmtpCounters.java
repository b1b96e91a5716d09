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
    private final Map<SmtpSession.Outcome, Tally> byOutcome = new EnumMap<>(SmtpSession.Outcome.class);
    private final Map<String, Tally> weirds = new HashMap<>();

    public SmtpCounters(Tallies tallies) {
        this.tallies = tallies;
        sessions = tallies.get("smtp", "sessions");
        gaps = tallies.get("smtp", "gaps");
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

    void weird(String reason) {
        weirds.computeIfAbsent(reason, tallies::weird).inc();
    }
}
