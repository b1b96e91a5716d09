package sensor.txn;

import java.util.List;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.dns.Update;

/**
 * One DNS transaction as {@code dns.jsonl} has it: a query and its response, or either alone.
 * The client is the side that sent the query (QR=0); for an unsolicited response, its receiver.
 *
 * @param tsNanos   time of the query, or of the response when no query was seen
 * @param transport {@code udp} or {@code tcp}
 * @param qname     lower case, no trailing dot, {@code .} for the root; null when no question
 * @param qtype     mnemonic ({@code A}, {@code TYPE65534}); null when no question
 * @param rcode     mnemonic ({@code NOERROR}, {@code NXDOMAIN}, extended rcodes included); null
 *                  when unanswered
 * @param rttMs     milliseconds from the first transmission of the query to the response
 * @param flags     of the response, else of the query
 * @param answers   answer section of the response, empty when none
 * @param frame     frame number of the first packet of the transaction
 * @param retransmissions further copies of the query seen before the response
 * @param responseFrame frame number of the response, or 0
 * @param responseTsNanos time of the response, or 0
 * @param opcode    mnemonic of the opcode ({@code QUERY}, {@code NOTIFY} ...)
 * @param authority the zone an SOA/NS record in the response's authority section names, or null
 * @param ecs       EDNS client subnet of the query (else of the response), or null
 * @param malformed named reason when a message of the transaction was partly unreadable: the
 *                  response's when it was, else the query's
 * @param ednsUdpSize the query's EDNS UDP payload size (else the response's), or -1 without EDNS
 * @param dnssecOk  the DO bit of that OPT record
 * @param ednsOptions that OPT record's option mnemonics
 * @param update    a dynamic update's zone, section counts and changes (the request's, else the
 *                  response's); null for other opcodes
 * @param malformedSection the section where the malformed message stopped reading ({@code
 *                  question}, {@code answer}, {@code authority}, {@code additional}; for an
 *                  update {@code zone}, {@code prerequisite}, {@code update}), or null
 * @param malformedInResponse whether {@code malformed} describes the response (else the query)
 */
public record DnsTransaction(
        long tsNanos,
        IpAddress client,
        int clientPort,
        IpAddress server,
        int serverPort,
        String transport,
        int id,
        String qname,
        String qtype,
        String qclass,
        Status status,
        String rcode,
        Double rttMs,
        Flags flags,
        List<Answer> answers,
        long frame,
        int retransmissions,
        long responseFrame,
        long responseTsNanos,
        String opcode,
        String authority,
        String ecs,
        String malformed,
        int ednsUdpSize,
        boolean dnssecOk,
        List<String> ednsOptions,
        Update update,
        String malformedSection,
        boolean malformedInResponse) {

    /** A transaction of the opcode QUERY without update or section details (tests and generators). */
    public DnsTransaction(long tsNanos, IpAddress client, int clientPort, IpAddress server, int serverPort,
            String transport, int id, String qname, String qtype, String qclass, Status status, String rcode,
            Double rttMs, Flags flags, List<Answer> answers, long frame, int retransmissions, long responseFrame,
            long responseTsNanos, String opcode, String authority, String ecs, String malformed, int ednsUdpSize,
            boolean dnssecOk, List<String> ednsOptions) {
        this(tsNanos, client, clientPort, server, serverPort, transport, id, qname, qtype, qclass, status, rcode, rttMs,
                flags, answers, frame, retransmissions, responseFrame, responseTsNanos, opcode, authority, ecs,
                malformed, ednsUdpSize, dnssecOk, ednsOptions, null, null, false);
    }

    /** Whether the transaction is a lookup (opcode QUERY): only lookups count as pairs and facts. */
    public boolean isQuery() {
        return "QUERY".equals(opcode);
    }

    /** The same transaction between other endpoints (pseudonyms), with another client subnet. */
    public DnsTransaction withEndpoints(IpAddress client, IpAddress server, String ecs) {
        return new DnsTransaction(tsNanos, client, clientPort, server, serverPort, transport, id, qname, qtype, qclass,
                status, rcode, rttMs, flags, answers, frame, retransmissions, responseFrame, responseTsNanos, opcode,
                authority, ecs, malformed, ednsUdpSize, dnssecOk, ednsOptions, update, malformedSection,
                malformedInResponse);
    }

    public enum Status {
        ANSWERED("answered"), UNANSWERED("unanswered"), UNSOLICITED("unsolicited");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
