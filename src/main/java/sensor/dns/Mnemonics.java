package sensor.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** RFC mnemonics of wire codes ({@code A}, {@code TYPE65534}, {@code NXDOMAIN}), from dnsjava's tables. */
public final class Mnemonics {
    private Mnemonics() {}

    public static String type(int type) {
        return Type.string(type);
    }

    public static String dclass(int dclass) {
        return DClass.string(dclass);
    }

    public static String rcode(int rcode) {
        return Rcode.string(rcode);
    }

    public static String opcode(int opcode) {
        return Opcode.string(opcode);
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
