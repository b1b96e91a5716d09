package sensor.smtp;

import java.util.List;
import sensor.decode.IpAddress;
import sensor.flow.TcpState;

/**
 * One TCP connection attempt to an SMTP port, as {@code smtp.jsonl} has it.
 *
 * @param tsNanos     time of the first packet
 * @param bannerCode  the greeting's reply code, null when no greeting was seen
 * @param banner      the greeting's first line (text after the code), null when none
 * @param helo        the EHLO/HELO argument, null when none
 * @param starttls    the client sent STARTTLS and the server answered 220
 * @param replies     every reply code the server sent, in order
 * @param outcome     the contract's outcome
 * @param rejectStage for {@code rejected}: {@code greeting}, {@code unknown} (no command seen) or
 *                    the stage of a command ({@link SmtpVerbs#stage}); else null
 * @param frame       frame number of the first packet
 * @param extensions  the EHLO keywords the server offered (STARTTLS, SIZE, PIPELINING ...)
 * @param commands    the client's command verbs in order (bounded)
 * @param mailFrom    the MAIL FROM domain, or null
 * @param rcptTo      the RCPT TO domains in order (bounded)
 * @param quit        the client sent QUIT
 * @param synRetransmissions SYNs the client sent beyond the first
 * @param gaps        holes in either direction's stream
 * @param missedBytes bytes lost in those holes
 */
public record SmtpSession(
        long tsNanos,
        IpAddress client,
        int clientPort,
        IpAddress server,
        int serverPort,
        TcpState tcp,
        Integer bannerCode,
        String banner,
        String helo,
        boolean starttls,
        List<Integer> replies,
        Outcome outcome,
        String rejectStage,
        long frame,
        List<String> extensions,
        List<String> commands,
        String mailFrom,
        List<String> rcptTo,
        boolean quit,
        int synRetransmissions,
        int gaps,
        long missedBytes) {

    /** The same session between other endpoints (pseudonyms), with other HELO and domains. */
    public SmtpSession withParties(IpAddress client, IpAddress server, String helo, String mailFrom,
            List<String> rcptTo) {
        return new SmtpSession(tsNanos, client, clientPort, server, serverPort, tcp, bannerCode, banner, helo, starttls,
                replies, outcome, rejectStage, frame, extensions, commands, mailFrom, rcptTo, quit, synRetransmissions,
                gaps, missedBytes);
    }

    public enum Outcome {
        /** 2xx greeting and 2xx to HELO/EHLO, no 5xx. */
        ACCEPTED("accepted"),
        /** Any 4xx/5xx greeting or 5xx reply. */
        REJECTED("rejected"),
        REFUSED("refused"),
        NO_ANSWER("no_answer"),
        INCOMPLETE("incomplete");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
