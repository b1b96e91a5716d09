package sensor.txn;

import java.util.List;
import sensor.decode.IpAddress;

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

    public record Flags(boolean aa, boolean tc, boolean rd, boolean ra, boolean ad, boolean cd) {
        private static final Flags[] ALL = new Flags[64];

        static {
            for (int i = 0; i < 64; i++) {
                ALL[i] = new Flags((i & 32) != 0, (i & 16) != 0, (i & 8) != 0, (i & 4) != 0, (i & 2) != 0,
                        (i & 1) != 0);
            }
        }

        /** The flags of a DNS header's second 16 bits, one shared instance per combination. */
        public static Flags ofHeader(int headerFlags) {
            return ALL[((headerFlags >>> 5) & 0x38) | ((headerFlags >>> 5) & 0x4) | ((headerFlags >>> 4) & 0x3)];
        }
    }

    /**
     * One answer-section record.
     *
     * @param data presentation form: A dotted, AAAA RFC 5952, names without trailing dot,
     *             MX {@code 10 mx.example.com}
     */
    public record Answer(String name, String type, long ttl, String data) {}

    /**
     * A dynamic update (RFC 2136, opcode UPDATE): the zone, its section counts, and the records it
     * adds or deletes. Its prerequisite and update sections are never answers.
     *
     * @param added   update records of the zone's class: {@code data} is the record added
     * @param deleted update records of class ANY (a whole RRset, or every RRset of the name when
     *                the type is {@code ANY}: {@code data} null) or NONE (one record: {@code data})
     */
    public record Update(String zone, int prerequisites, int updates, int additional, List<Answer> added,
            List<Answer> deleted) {}
}
