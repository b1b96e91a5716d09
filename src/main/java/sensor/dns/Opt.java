package sensor.dns;

/**
 * Reads the OPT pseudo-record (RFC 6891) from the additional section by hand, for messages
 * with no answer or authority records (most queries), so EDNS and the client subnet (RFC 7871)
 * cost no dnsjava parse.
 */
final class Opt {
    private static final int TYPE_OPT = 41;
    private static final int OPTION_ECS = 8;
    /** {@code out[3]}: what is wrong with an OPT record that otherwise reads. */
    static final int FINE = 0;
    static final int OPTION_OVERRUN = 1;
    static final int BAD_ECS = 2;

    private Opt() {}

    /**
     * Walks {@code count} additional records from {@code pos}. Fills {@code out} with UDP size,
     * extended rcode bits, DO flag and {@link #FINE} or what is wrong with the OPT record's options
     * ({@link #OPTION_OVERRUN}, {@link #BAD_ECS}); {@code ecs[0]} with "address/prefix" of a
     * well-formed client subnet. Returns false when the section runs past the message.
     */
    static boolean read(byte[] b, int start, int pos, int end, int count, int[] out, String[] ecs,
            java.util.List<String> options) {
        out[0] = -1;
        for (int i = 0; i < count; i++) {
            int nameEnd = skipName(b, pos, end);
            if (nameEnd < 0 || nameEnd + 10 > end) {
                return false;
            }
            int type = DnsParser.u16(b, nameEnd);
            int rdlen = DnsParser.u16(b, nameEnd + 8);
            int rdata = nameEnd + 10;
            if (rdata + rdlen > end) {
                return false;
            }
            if (type == TYPE_OPT) {
                out[0] = DnsParser.u16(b, nameEnd + 2);
                out[1] = b[nameEnd + 4] & 0xff;
                out[2] = (b[nameEnd + 6] & 0x80) != 0 ? 1 : 0;
                out[3] = FINE;
                ecs[0] = clientSubnet(b, rdata, rdata + rdlen, out);
                int o = rdata;
                while (o + 4 <= rdata + rdlen) {
                    options.add(DnsParser.optionName(DnsParser.u16(b, o)));
                    o += 4 + DnsParser.u16(b, o + 2);
                }
                // The options must fill the rdata exactly: one running past it (or a stray byte
                // or three after the last) is a malformed record, not a shorter one.
                if (o != rdata + rdlen) {
                    out[3] = OPTION_OVERRUN;
                }
            }
            pos = rdata + rdlen;
        }
        return true;
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

    /**
     * The client subnet option's "address/prefix", or null when there is none or it is not well
     * formed (RFC 7871 6: family 1 or 2, prefixes within the address, and exactly the address
     * bytes the source prefix needs), which sets {@code out[3]} to {@link #BAD_ECS}.
     */
    private static String clientSubnet(byte[] b, int pos, int end, int[] out) {
        while (pos + 4 <= end) {
            int code = DnsParser.u16(b, pos);
            int len = DnsParser.u16(b, pos + 2);
            int data = pos + 4;
            if (data + len > end) {
                return null; // the walk of the options names the overrun
            }
            if (code == OPTION_ECS) {
                if (len < 4) {
                    out[3] = BAD_ECS;
                    return null;
                }
                int family = DnsParser.u16(b, data);
                int source = b[data + 2] & 0xff;
                int scope = b[data + 3] & 0xff;
                int bits = family == 1 ? 32 : family == 2 ? 128 : -1;
                int addrLen = len - 4;
                if (bits < 0 || source > bits || scope > bits || addrLen != (source + 7) / 8) {
                    out[3] = BAD_ECS;
                    return null;
                }
                byte[] addr = new byte[bits / 8];
                System.arraycopy(b, data + 4, addr, 0, addrLen);
                return sensor.decode.IpAddress.ofBytes(addr) + "/" + source;
            }
            pos = data + len;
        }
        return null;
    }
}
