package sensor.dns;

import java.util.List;
import sensor.decode.Bytes;
import sensor.decode.IpAddress;

/**
 * Reads the OPT pseudo-record (RFC 6891) from the additional section by hand, for messages
 * with no answer or authority records (most queries), so EDNS and the client subnet (RFC 7871)
 * cost no dnsjava parse.
 */
final class Opt {
    static final int TYPE_OPT = 41;
    private static final int OPTION_ECS = 8;

    /**
     * The OPT record of an additional section that reads.
     *
     * @param udpSize       the UDP payload size, or -1 when the section has no OPT record
     * @param extendedRcode the upper eight bits of the rcode
     * @param ecs           a well-formed client subnet as "address/prefix", or null
     * @param options       the options' mnemonics in order
     * @param problem       what is wrong with options of a record that otherwise reads
     *                      ({@link Malformation#BAD_EDNS_OPTION}, {@link Malformation#BAD_ECS}), or null
     */
    record Edns(int udpSize, int extendedRcode, boolean dnssecOk, String ecs, List<String> options,
            Malformation problem) {
        /** An additional section without an OPT record. */
        static final Edns NONE = new Edns(-1, 0, false, null, List.of(), null);

        boolean present() {
            return udpSize >= 0;
        }
    }

    private Opt() {}

    /**
     * Walks {@code count} additional records from {@code pos}: the OPT record among them (or
     * {@link Edns#NONE}), or null when the section runs past the message.
     */
    static Edns read(byte[] b, int start, int pos, int end, int count) {
        Edns edns = Edns.NONE;
        for (int i = 0; i < count; i++) {
            int nameEnd = skipName(b, pos, end);
            if (nameEnd < 0 || nameEnd + 10 > end) {
                return null;
            }
            int type = Bytes.u16(b, nameEnd);
            int rdlen = Bytes.u16(b, nameEnd + 8);
            int rdata = nameEnd + 10;
            if (rdata + rdlen > end) {
                return null;
            }
            if (type == TYPE_OPT) {
                edns = opt(b, nameEnd, rdata, rdata + rdlen, edns.options());
            }
            pos = rdata + rdlen;
        }
        return edns;
    }

    /**
     * The OPT record whose fixed part starts at {@code fixed}, its options from {@code rdata} to
     * {@code rdend}, after the options of an earlier OPT record in the section ({@code before}).
     */
    private static Edns opt(byte[] b, int fixed, int rdata, int rdend, List<String> before) {
        int o = rdata;
        int n = 0;
        while (o + 4 <= rdend) {
            n++;
            o += 4 + Bytes.u16(b, o + 2);
        }
        List<String> options = before;
        if (n > 0) {
            String[] names = new String[before.size() + n];
            for (int i = 0; i < before.size(); i++) {
                names[i] = before.get(i);
            }
            o = rdata;
            for (int i = before.size(); i < names.length; i++) {
                names[i] = DnsParser.optionName(Bytes.u16(b, o));
                o += 4 + Bytes.u16(b, o + 2);
            }
            options = List.of(names);
        }
        Malformation problem = null;
        String ecs = null;
        int subnet = clientSubnet(b, rdata, rdend);
        if (subnet == BAD) {
            problem = Malformation.BAD_ECS;
        } else if (subnet >= 0) {
            ecs = subnetText(b, subnet);
        }
        // The options must fill the rdata exactly: one running past it (or a stray byte or three
        // after the last) is a malformed record, not a shorter one.
        if (o != rdend) {
            problem = Malformation.BAD_EDNS_OPTION;
        }
        return new Edns(Bytes.u16(b, fixed + 2), b[fixed + 4] & 0xff, (b[fixed + 6] & 0x80) != 0, ecs, options,
                problem);
    }

    private static int skipName(byte[] b, int pos, int end) {
        while (pos < end) {
            int len = b[pos] & 0xff;
            if (len == 0) {
                return pos + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return pos + 2;
            }
            if ((len & 0xc0) != 0) {
                return -1;
            }
            pos += 1 + len;
        }
        return -1;
    }

    /** What {@link #clientSubnet} returns for a client subnet option that is not well formed. */
    private static final int BAD = -2;

    /**
     * The offset of the client subnet option's data, -1 when there is none, or {@link #BAD} when
     * it is not well formed (RFC 7871 6: family 1 or 2, prefixes within the address, and exactly
     * the address bytes the source prefix needs).
     */
    private static int clientSubnet(byte[] b, int pos, int end) {
        while (pos + 4 <= end) {
            int code = Bytes.u16(b, pos);
            int len = Bytes.u16(b, pos + 2);
            int data = pos + 4;
            if (data + len > end) {
                return -1; // the walk of the options names the overrun
            }
            if (code == OPTION_ECS) {
                if (len < 4) {
                    return BAD;
                }
                int family = Bytes.u16(b, data);
                int source = b[data + 2] & 0xff;
                int scope = b[data + 3] & 0xff;
                int bits = family == 1 ? 32 : family == 2 ? 128 : -1;
                if (bits < 0 || source > bits || scope > bits || len - 4 != (source + 7) / 8) {
                    return BAD;
                }
                return data;
            }
            pos = data + len;
        }
        return -1;
    }

    /** "address/prefix" of the well-formed client subnet option whose data is at {@code data}. */
    private static String subnetText(byte[] b, int data) {
        int family = Bytes.u16(b, data);
        int source = b[data + 2] & 0xff;
        byte[] addr = new byte[family == 1 ? 4 : 16];
        System.arraycopy(b, data + 4, addr, 0, (source + 7) / 8);
        return IpAddress.ofBytes(addr) + "/" + source;
    }
}
