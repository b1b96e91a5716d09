package sensor.output;

import java.util.List;
import sensor.smtp.SmtpSession;

/** One {@code smtp.jsonl} line: the contract's fields, then the sensor's extras. */
public final class SmtpRecordFormat {
    private final JsonLine line = new JsonLine();
    private final boolean nano;

    public SmtpRecordFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    public String format(SmtpSession s) {
        return line.begin()
                .time("ts", s.tsNanos(), nano)
                .str("client", s.client().toString())
                .num("client_port", s.clientPort())
                .str("server", s.server().toString())
                .num("server_port", s.serverPort())
                .str("tcp", s.tcp().wire())
                .num("banner_code", s.bannerCode() == null ? null : Long.valueOf(s.bannerCode()))
                .str("banner", s.banner())
                .str("helo", s.helo())
                .bool("starttls", s.starttls())
                .raw("replies", ints(s.replies()))
                .str("outcome", s.outcome().wire())
                .str("reject_stage", s.rejectStage())
                .raw("extensions", strings(s.extensions()))
                .raw("commands", strings(s.commands()))
                .str("mail_from_domain", s.mailFrom())
                .raw("rcpt_domains", strings(s.rcptTo()))
                .bool("quit", s.quit())
                .num("syn_retransmissions", s.synRetransmissions())
                .num("gaps", s.gaps())
                .num("missed_bytes", s.missedBytes())
                .num("frame", s.frame())
                .end();
    }

    private static String ints(List<Integer> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(xs.get(i));
        }
        return sb.append(']').toString();
    }

    private static String strings(List<String> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonLine.quote(sb, xs.get(i));
        }
        return sb.append(']').toString();
    }
}
