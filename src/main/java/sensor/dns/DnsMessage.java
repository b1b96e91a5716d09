package sensor.dns;

import java.util.List;
import sensor.decode.IpAddress;

/**
 * One DNS message as the sensor keeps it: converted once from the wire (dnsjava's mutable
 * {@code Message} stays inside this package), with the endpoints and time it was seen.
 *
 * @param question  false when the message had no question (QDCOUNT 0)
 * @param qname     lower case, no trailing dot, "." for the root; null without a question
 * @param rcode     the full response code, extended by the OPT record's upper bits
 * @param answers   the answer section in presentation form (empty for queries)
 * @param authority owner name of an SOA or NS record in the authority section (the zone that
 *                  answered), or null
 * @param ednsUdpSize the OPT record's UDP payload size, or -1 without EDNS
 * @param ecs       EDNS client subnet as "address/source-prefix", or null
 * @param malformed what could not be read of the message (the question or a later section), else null
 * @param ednsOptions mnemonics of the OPT record's options in order ({@code COOKIE}, {@code
 *                  CLIENT_SUBNET}, {@code CODE65001}), empty without EDNS
 * @param update    a dynamic update's zone, counts and changes (opcode UPDATE), else null
 * @param malformedSection where a malformed message stopped reading, else null
 * @param qnameKey  {@link #nameKey} of qname (0 without a question), computed by the parser from
 *                  the name's bytes: the matcher keys a transaction with it
 */
public record DnsMessage(
        long tsNanos,
        long frame,
        boolean tcp,
        IpAddress src,
        int srcPort,
        IpAddress dst,
        int dstPort,
        int id,
        boolean qr,
        int opcode,
        int rcode,
        Flags flags,
        boolean question,
        String qname,
        int qtype,
        int qclass,
        List<Answer> answers,
        String authority,
        int ednsUdpSize,
        boolean dnssecOk,
        String ecs,
        Malformation malformed,
        List<String> ednsOptions,
        Update update,
        String malformedSection,
        long qnameKey) implements ParseResult {

    /** A message without update details, whose malformed reason (if any) names no section (tests). */
    public DnsMessage(long tsNanos, long frame, boolean tcp, IpAddress src, int srcPort, IpAddress dst, int dstPort,
            int id, boolean qr, int opcode, int rcode, Flags flags, boolean question, String qname,
            int qtype, int qclass, List<Answer> answers, String authority, int ednsUdpSize,
            boolean dnssecOk, String ecs, Malformation malformed, List<String> ednsOptions) {
        this(tsNanos, frame, tcp, src, srcPort, dst, dstPort, id, qr, opcode, rcode, flags, question, qname, qtype,
                qclass, answers, authority, ednsUdpSize, dnssecOk, ecs, malformed, ednsOptions, null, null,
                nameKey(qname));
    }

    /** The 64-bit hash of a name's text that the parser gives {@link #qnameKey}; 0 for null. */
    public static long nameKey(String qname) {
        if (qname == null) {
            return 0;
        }
        byte[] b = qname.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return NameBuilder.key(b, b.length);
    }
}
