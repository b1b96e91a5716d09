package sensor.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;
import sensor.decode.Bytes;
import sensor.decode.IpAddress;

/**
 * Wire bytes to {@link DnsMessage}. The header, the question and (for messages without answer
 * or authority records) the OPT record are read by hand: that is all most messages need, and it
 * costs a fraction of a dnsjava parse. Messages with records to report go through dnsjava, the
 * only library that parses DNS here, and are converted once.
 */
public final class DnsParser {
    static final int HEADER = 12;
    private final NameBuilder name = new NameBuilder();
    // 256 Ki recent names and addresses (2 MB of slots): direct-mapped, so it holds well only
    // below a half of its slots, and the benchmark alone has 50,000 names and 65,000 AAAA texts
    // (at 64 Ki, half of them were pushed out between uses, and identity checks downstream failed).
    private final TextInterner texts = new TextInterner(1 << 18);
    private final AnswerSection answerSection = new AnswerSection(texts);
    private final ReadablePart readable = new ReadablePart();
    private final boolean handAnswers;

    public DnsParser() {
        this(true);
    }

    /** {@code handAnswers} false sends every message with records to dnsjava (tests compare). */
    DnsParser(boolean handAnswers) {
        this.handAnswers = handAnswers;
    }

    /**
     * The message, or {@link Malformation#TRUNCATED_HEADER} when not even the header is there
     * (a message that breaks later is still decoded, and names its malformation).
     */
    public ParseResult parse(byte[] b, int off, int len, boolean tcp, IpAddress src, int srcPort, IpAddress dst,
            int dstPort, long ts, long frame) {
        if (len < HEADER) {
            return Malformation.TRUNCATED_HEADER;
        }
        int end = off + len;
        int id = Bytes.u16(b, off);
        int flags = Bytes.u16(b, off + 2);
        int qd = Bytes.u16(b, off + 4);
        int an = Bytes.u16(b, off + 6);
        int ns = Bytes.u16(b, off + 8);
        int ar = Bytes.u16(b, off + 10);
        boolean qr = (flags & 0x8000) != 0;
        int opcode = (flags >>> 11) & 0xf;
        int rcode = flags & 0xf;
        boolean update = opcode == Opcode.UPDATE;
        Flags f = Flags.ofHeader(flags);
        Malformation malformed = null;
        String qname = null;
        long qnameKey = 0;
        int qtype = -1;
        int qclass = -1;
        int pos = off + HEADER;
        if (qd > 0) {
            name.clear();
            int after = NameText.read(b, off, pos, end, name);
            if (after < 0) {
                malformed = NameText.reason(after);
            } else if (after + 4 > end) {
                malformed = Malformation.TRUNCATED_MESSAGE;
            } else {
                qnameKey = name.key();
                qname = texts.of(name, qnameKey);
                qtype = Bytes.u16(b, after);
                qclass = Bytes.u16(b, after + 2);
                pos = after + 4;
            }
        }
        boolean question = qname != null;
        String malformedSection = malformed == null ? null : ReadablePart.sectionName(ReadablePart.QUESTION, update);
        List<Answer> answers = List.of();
        String authority = null;
        int udpSize = -1;
        boolean dnssecOk = false;
        String ecs = null;
        List<String> options = List.of();
        AnswerSection.Sections plain = null;
        Opt.Edns edns = null; // the hand-read OPT record, when it applies
        Update changes = null;
        if (handAnswers && !update && malformed == null && qd == 1 && (an > 0 || ns > 0)) {
            // The common response: A/AAAA/CNAME/MX answers, SOA/NS authority, glue and at most
            // an OPT record, read by hand.
            plain = answerSection.read(b, off, pos, end, an, ns, qname);
            if (plain != null && ar > 0) {
                edns = answerSection.additional(b, off, plain.end(), end, ar);
                if (edns == null) {
                    plain = null; // another record, or one that does not read: dnsjava decides
                } else if (!edns.present()) {
                    edns = null;
                }
            }
        }
        if (plain != null) {
            answers = plain.answers();
            authority = plain.authority();
        } else if (malformed == null && (an > 0 || ns > 0 || (qd > 1 && ar > 0))) {
            // Records worth reporting: let dnsjava read the whole message, or what of it reads.
            Message m = null;
            try {
                m = new Message(java.util.Arrays.copyOfRange(b, off, end));
            } catch (WireParseException e) {
                malformed = reason(e);
            } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                // dnsjava signals a few malformed rdata cases this way (e.g. bad SVCB params).
                malformed = Malformation.BAD_RDATA;
            }
            if (m == null) {
                ReadablePart.Prefix prefix = readable.read(b, off, end);
                m = prefix.message();
                malformedSection = ReadablePart.sectionName(prefix.brokenSection(), update);
            }
            if (m != null) {
                try {
                    if (update) {
                        changes = update(m, qname, an, ns, ar);
                    } else {
                        answers = answers(m.getSection(Section.ANSWER), m.getQuestion(), qname);
                        authority = authority(m.getSection(Section.AUTHORITY));
                    }
                    OPTRecord optRecord = m.getOPT();
                    if (optRecord != null) {
                        udpSize = optRecord.getPayloadSize();
                        dnssecOk = (optRecord.getFlags() & 0x8000) != 0;
                        rcode = m.getRcode();
                        ecs = ecs(optRecord);
                        options = optionNames(optRecord);
                    }
                } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                    // a record dnsjava read but cannot print (it reads more than it prints)
                    malformed = Malformation.BAD_RDATA;
                    malformedSection = ReadablePart.sectionName(ReadablePart.ANSWER, update);
                }
            }
        } else if (malformed == null && ar > 0) {
            edns = Opt.read(b, off, pos, end, qd > 1 ? 0 : ar);
            if (edns == null) {
                malformed = Malformation.TRUNCATED_MESSAGE;
                malformedSection = ReadablePart.sectionName(ReadablePart.ADDITIONAL, update);
            }
        }
        if (update && changes == null) {
            changes = new Update(qname, an, ns, ar, List.of(), List.of());
        }
        if (edns != null) {
            if (edns.problem() != null && malformed == null) {
                malformed = edns.problem();
                malformedSection = ReadablePart.sectionName(ReadablePart.ADDITIONAL, update);
            }
            udpSize = edns.udpSize();
            rcode |= edns.extendedRcode() << 4;
            dnssecOk = edns.dnssecOk();
            ecs = edns.ecs();
            options = edns.options();
        }
        return new DnsMessage(ts, frame, tcp, src, srcPort, dst, dstPort, id, qr, opcode, rcode, f, question, qname,
                qtype, qclass, answers, authority, udpSize, dnssecOk, ecs, malformed, options, changes,
                malformedSection, qnameKey);
    }

    /**
     * A dynamic update's changes (RFC 2136 2.5): records of class ANY delete an RRset (every RRset
     * of the name for type ANY), of class NONE delete one record, of any other class add one.
     */
    private static Update update(Message m, String zone, int prerequisites, int updates,
            int additional) {
        List<Answer> added = new ArrayList<>();
        List<Answer> deleted = new ArrayList<>();
        for (Record r : m.getSection(Section.UPDATE)) {
            String owner = NameText.fromDnsjava(r.getName().toString());
            String type = Mnemonics.type(r.getType());
            if (r.getDClass() == DClass.ANY) {
                deleted.add(new Answer(owner, type, r.getTTL(), null));
            } else if (r.getDClass() == DClass.NONE) {
                // dnsjava keeps an update record without rdata as an empty record: no data to print
                String data = r.rdataToString().isEmpty() ? null : data(r);
                deleted.add(new Answer(owner, type, r.getTTL(), data));
            } else {
                added.add(new Answer(owner, type, r.getTTL(), data(r)));
            }
        }
        return new Update(zone, prerequisites, updates, additional, List.copyOf(added),
                List.copyOf(deleted));
    }

    static Malformation reason(WireParseException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        if (m.contains("pointer") || m.contains("compression")) {
            return Malformation.COMPRESSION_LOOP;
        }
        if (m.contains("label")) {
            return Malformation.BAD_LABEL;
        }
        if (m.contains("truncated") || m.contains("end of input") || m.contains("short")) {
            return Malformation.TRUNCATED_MESSAGE;
        }
        if (m.contains("length")) {
            return Malformation.BAD_LENGTH;
        }
        return Malformation.BAD_RDATA;
    }

    private static List<Answer> answers(List<Record> records, Record question, String qname) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<Answer> out = new ArrayList<>(records.size());
        for (Record r : records) {
            // Most answers are owned by the question's name: reuse its text instead of rebuilding it.
            String owner = question != null && qname != null && r.getName().equals(question.getName()) ? qname
                    : NameText.fromDnsjava(r.getName().toString());
            out.add(new Answer(owner, Mnemonics.type(r.getType()), r.getTTL(), data(r)));
        }
        return out;
    }

    /** Presentation form: A dotted, AAAA RFC 5952, names without trailing dot (inside rdata too). */
    static String data(Record r) {
        return RdataText.of(r);
    }

    private static String authority(List<Record> records) {
        for (Record r : records) {
            if (r.getType() == Type.SOA || r.getType() == Type.NS) {
                return NameText.fromDnsjava(r.getName().toString());
            }
        }
        return null;
    }

    private static List<String> optionNames(OPTRecord opt) {
        List<EDNSOption> os = opt.getOptions();
        if (os.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(os.size());
        for (EDNSOption o : os) {
            out.add(optionName(o.getCode()));
        }
        return out;
    }

    static String optionName(int code) {
        return EDNSOption.Code.string(code);
    }

    private static String ecs(OPTRecord opt) {
        for (EDNSOption o : opt.getOptions()) {
            if (o instanceof ClientSubnetOption cs) {
                return IpAddress.ofBytes(cs.getAddress().getAddress()) + "/" + cs.getSourcePrefixLength();
            }
        }
        return null;
    }
}
