package sensor.output;

import java.util.List;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.dns.Update;
import sensor.txn.DnsTransaction;

/** The components of a transaction as a line's fields are read, one {@link DnsField} at a time. */
final class DnsValues {
    long tsNanos;
    IpAddress client;
    int clientPort;
    IpAddress server;
    int serverPort;
    String transport;
    int id;
    String qname;
    String qtype;
    String qclass;
    DnsTransaction.Status status;
    String rcode;
    Double rttMs;
    Flags flags;
    List<Answer> answers;
    long frame;
    int retransmissions;
    long responseFrame;
    String opcode;
    String ecs;
    String malformed;
    int ednsUdpSize = -1;
    boolean dnssecOk;
    List<String> ednsOptions = List.of();
    Update update;
    String malformedSection;
    boolean malformedInResponse;
    boolean evicted;

    /**
     * The transaction; its response time is the query time plus {@code rtt_ms} (exact to the
     * nanosecond: the sensor computes {@code rtt_ms} from the two times), the record time for an
     * unsolicited response, and 0 when unanswered, as the sensor has it. The line does not carry
     * the authority zone.
     */
    DnsRecord record() {
        long responseTsNanos = switch (status) {
            case ANSWERED -> rttMs == null ? tsNanos : tsNanos + Math.round(rttMs * 1e6);
            case UNSOLICITED -> tsNanos;
            case UNANSWERED -> 0;
        };
        return new DnsRecord(new DnsTransaction(tsNanos, client, clientPort, server, serverPort, transport, id, qname,
                qtype, qclass, status, rcode, rttMs, flags, answers, frame, retransmissions, responseFrame,
                responseTsNanos, opcode, null, ecs, malformed, ednsUdpSize, dnssecOk, ednsOptions, update,
                malformedSection, malformedInResponse), evicted);
    }
}
