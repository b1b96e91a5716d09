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
}
