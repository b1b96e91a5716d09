package sensor.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** RFC mnemonics of wire codes ({@code A}, {@code TYPE65534}, {@code NXDOMAIN}), from dnsjava's tables. */
public final class Mnemonics {
    // Filled as codes are met, one text per code: dnsjava's tables box the code for a map lookup
    // on every call. A slot read racing its first fill only computes the same immutable text twice.
    private static final String[] TYPES = new String[65536];
    private static final String[] CLASSES = new String[65536];
    private static final String[] RCODES = new String[4096];
    private static final String[] OPCODES = new String[16];

    private Mnemonics() {}

    public static String type(int type) {
        if (type < 0 || type >= TYPES.length) {
            return Type.string(type);
        }
        String s = TYPES[type];
        return s != null ? s : (TYPES[type] = Type.string(type));
    }

    public static String dclass(int dclass) {
        if (dclass < 0 || dclass >= CLASSES.length) {
            return DClass.string(dclass);
        }
        String s = CLASSES[dclass];
        return s != null ? s : (CLASSES[dclass] = DClass.string(dclass));
    }

    public static String rcode(int rcode) {
        if (rcode < 0 || rcode >= RCODES.length) {
            return Rcode.string(rcode);
        }
        String s = RCODES[rcode];
        return s != null ? s : (RCODES[rcode] = Rcode.string(rcode));
    }

    public static String opcode(int opcode) {
        if (opcode < 0 || opcode >= OPCODES.length) {
            return Opcode.string(opcode);
        }
        String s = OPCODES[opcode];
        return s != null ? s : (OPCODES[opcode] = Opcode.string(opcode));
    }

    /**
     * OPT and the meta-types and QTYPEs of RFC 6895 (128-255: TKEY, TSIG, IXFR, AXFR, ANY ...) are
     * parts of a transaction, not data a name holds.
     */
    public static boolean isMetaType(String type) {
        switch (type) {
            case "A", "AAAA", "CNAME", "MX", "NS", "PTR", "TXT", "SOA", "SRV", "HTTPS" -> {
                return false;
            }
            default -> {
                int code = Type.value(type);
                return code == Type.OPT || (code >= 128 && code <= 255);
            }
        }
    }
}
