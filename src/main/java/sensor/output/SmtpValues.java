package sensor.output;

import java.util.List;
import sensor.decode.IpAddress;
import sensor.flow.TcpState;
import sensor.smtp.SmtpSession;

/** The components of a session as a line's fields are read, one {@link SmtpField} at a time. */
final class SmtpValues {
    long tsNanos;
    IpAddress client;
    int clientPort;
    IpAddress server;
    int serverPort;
    TcpState tcp;
    Integer bannerCode;
    String banner;
    String helo;
    boolean starttls;
    List<Integer> replies;
    SmtpSession.Outcome outcome;
    String rejectStage;
    long frame;
    List<String> extensions;
    List<String> commands;
    String mailFrom;
    List<String> rcptTo;
    boolean quit;
    int synRetransmissions;
    int gaps;
    long missedBytes;

    SmtpSession session() {
        return new SmtpSession(tsNanos, client, clientPort, server, serverPort, tcp, bannerCode, banner, helo, starttls,
                replies, outcome, rejectStage, frame, extensions, commands, mailFrom, rcptTo, quit, synRetransmissions,
                gaps, missedBytes);
    }
}
