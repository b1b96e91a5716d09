package sensor.output;

import sensor.decode.IpAddress;

/**
 * The text of recently written addresses: a small direct-mapped cache, since a capture's records
 * name the same resolvers and clients over and over and formatting an address costs more than
 * looking it up. One per writing thread.
 */
final class AddressText {
    private static final int SIZE = 4096;
    private final long[] his = new long[SIZE];
    private final long[] los = new long[SIZE];
    private final String[] texts = new String[SIZE];

    String of(IpAddress a) {
        int i = a.hashCode() & (SIZE - 1);
        String t = texts[i];
        if (t == null || his[i] != a.hi() || los[i] != a.lo()) {
            t = a.toString();
            texts[i] = t;
            his[i] = a.hi();
            los[i] = a.lo();
        }
        return t;
    }
}
