package sensor.decode;

import java.util.function.Function;

/**
 * The text of recently seen addresses: a small direct-mapped cache, since a capture's records
 * name the same resolvers and clients over and over and formatting an address costs more than
 * looking it up. One per thread that uses it.
 */
public final class AddressTexts {
    /** hi and lo of slot i at 2i and 2i+1: one cache line read for both halves. */
    private final long[] keys;
    private final String[] texts;
    private final Function<IpAddress, String> miss;

    /** Formats what it has not seen recently. */
    public AddressTexts(int size) {
        this(size, IpAddress::toString);
    }

    /** {@code size} a power of two; {@code miss} gives the text of an address not held. */
    public AddressTexts(int size, Function<IpAddress, String> miss) {
        keys = new long[2 * size];
        texts = new String[size];
        this.miss = miss;
    }

    public String of(IpAddress a) {
        return of(a.hi(), a.lo(), a);
    }

    /** The text of the address {@code hi}, {@code lo}: an IpAddress is made only when it is not held. */
    public String of(long hi, long lo) {
        return of(hi, lo, null);
    }

    private String of(long hi, long lo, IpAddress a) {
        int i = IpAddress.hash(hi, lo) & (texts.length - 1);
        String t = texts[i];
        if (t == null || keys[2 * i] != hi || keys[2 * i + 1] != lo) {
            t = miss.apply(a != null ? a : new IpAddress(hi, lo));
            texts[i] = t;
            keys[2 * i] = hi;
            keys[2 * i + 1] = lo;
        }
        return t;
    }
}
