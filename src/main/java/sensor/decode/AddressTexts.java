package sensor.decode;

import java.util.function.Function;

/**
 * The text of recently seen addresses: a small direct-mapped cache, since a capture's records
 * name the same resolvers and clients over and over and formatting an address costs more than
 * looking it up. One per thread that uses it.
 */
public final class AddressTexts {
    private final long[] his;
    private final long[] los;
    private final String[] texts;
    private final Function<IpAddress, String> miss;

    /** Formats what it has not seen recently. */
    public AddressTexts(int size) {
        this(size, IpAddress::toString);
    }

    /** {@code size} a power of two; {@code miss} gives the text of an address not held. */
    public AddressTexts(int size, Function<IpAddress, String> miss) {
        his = new long[size];
        los = new long[size];
        texts = new String[size];
        this.miss = miss;
    }

    public String of(IpAddress a) {
        int i = a.hashCode() & (texts.length - 1);
        String t = texts[i];
        if (t == null || his[i] != a.hi() || los[i] != a.lo()) {
            t = miss.apply(a);
            texts[i] = t;
            his[i] = a.hi();
            los[i] = a.lo();
        }
        return t;
    }
}
