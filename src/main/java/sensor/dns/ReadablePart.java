package sensor.dns;

import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Message;
import sensor.decode.Bytes;

/**
 * The part of a message that dnsjava cannot parse whole which still reads: the header, the
 * questions and every record before the first one that breaks, as a dnsjava {@link Message} of
 * that prefix, and the section where it broke. Records after a break are never guessed at.
 */
final class ReadablePart {
    static final int QUESTION = 0;
    static final int ANSWER = 1;
    static final int AUTHORITY = 2;
    static final int ADDITIONAL = 3;
    private static final String[] SECTIONS = {"question", "answer", "authority", "additional"};
    private static final String[] UPDATE_SECTIONS = {"zone", "prerequisite", "update", "additional"};

    private final NameBuilder name = new NameBuilder();
    private final int[] complete = new int[4];
    private final int[] counts = new int[4];

    /**
     * What of a message reads.
     *
     * @param message       the header, questions and whole records before the break, or null
     *                      when not even the questions read
     * @param brokenSection the section where the break is ({@link #QUESTION} ... {@link #ADDITIONAL})
     */
    record Prefix(Message message, int brokenSection) {}

    /** The section's name: RFC 1035's, or RFC 2136's for an update. */
    static String sectionName(int section, boolean update) {
        return (update ? UPDATE_SECTIONS : SECTIONS)[section];
    }

    /** The records that read whole, and where the message breaks. */
    Prefix read(byte[] b, int off, int end) {
        for (int s = 0; s < 4; s++) {
            counts[s] = Bytes.u16(b, off + 4 + 2 * s);
            complete[s] = 0;
        }
        int brokenSection = walk(b, off, end);
        if (brokenSection == QUESTION) {
            return new Prefix(null, QUESTION);
        }
        // The records that are whole by their lengths; dnsjava may still refuse one for its
        // rdata, and refusing is monotonic in the prefix, so the longest prefix it reads is found
        // by halving.
        int whole = complete[ANSWER] + complete[AUTHORITY] + complete[ADDITIONAL];
        Message m = parse(b, off, end, whole);
        if (m != null) {
            return new Prefix(m, brokenSection);
        }
        int lo = 0; // a prefix known to parse (once checked)
        Message best = parse(b, off, end, 0);
        if (best == null) {
            return new Prefix(null, QUESTION);
        }
        int hi = whole; // a prefix known not to parse
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            Message x = parse(b, off, end, mid);
            if (x != null) {
                lo = mid;
                best = x;
            } else {
                hi = mid;
            }
        }
        return new Prefix(best, sectionOf(lo));
    }

    /** The section of the record at {@code index} in record order (0 is the first answer). */
    private int sectionOf(int index) {
        int s = ANSWER;
        int left = index;
        while (s < ADDITIONAL && left >= complete[s]) {
            left -= complete[s];
            s++;
        }
        return s;
    }

    /** Counts the records that are whole by their lengths; returns the section that breaks. */
    private int walk(byte[] b, int off, int end) {
        int pos = off + DnsParser.HEADER;
        for (int s = 0; s < 4; s++) {
            for (int i = 0; i < counts[s]; i++) {
                name.clear();
                int after = NameText.read(b, off, pos, end, name);
                int fixed = s == QUESTION ? 4 : 10;
                if (after < 0 || after + fixed > end) {
                    return s;
                }
                pos = after + fixed;
                if (s != QUESTION) {
                    pos += Bytes.u16(b, after + 8);
                    if (pos > end) {
                        return s;
                    }
                }
                complete[s]++;
            }
        }
        // Whole by lengths: dnsjava refused some record's rdata; the halving finds which.
        return ADDITIONAL;
    }

    /** dnsjava's parse of the questions and the first {@code records} records, or null. */
    private Message parse(byte[] b, int off, int end, int records) {
        byte[] copy = Arrays.copyOfRange(b, off, end);
        int left = records;
        for (int s = ANSWER; s <= ADDITIONAL; s++) {
            int n = Math.min(left, complete[s]);
            left -= n;
            copy[4 + 2 * s] = (byte) (n >>> 8);
            copy[5 + 2 * s] = (byte) n;
        }
        try {
            return new Message(copy);
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }
}
