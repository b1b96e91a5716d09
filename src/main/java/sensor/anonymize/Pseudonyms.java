package sensor.anonymize;

import sensor.decode.IpAddress;

/**
 * Crypto-PAn pseudonyms behind a small direct-mapped cache of recent addresses: a capture names the
 * same resolvers and clients over and over, and one IPv4 pseudonym costs 32 AES blocks (IPv6 128).
 * Not thread-safe: one per thread.
 */
public final class Pseudonyms {
    /**
     * 65,536 slots (about 2.5 MB with the pseudonyms): a busy capture has thousands of active
     * clients, and a direct-mapped cache much smaller than that misses on many of them.
     */
    static final int SLOTS = 1 << 16;

    private final CryptoPan pan;
    /** hi and lo of slot i at 2i and 2i+1. */
    private final long[] keys = new long[2 * SLOTS];
    private final IpAddress[] values = new IpAddress[SLOTS];
    private long misses;

    public Pseudonyms(AnonymizeKey key) {
        this.pan = new CryptoPan(key);
    }

    public IpAddress of(IpAddress a) {
        int i = a.hashCode() & (SLOTS - 1);
        IpAddress p = values[i];
        if (p == null || keys[2 * i] != a.hi() || keys[2 * i + 1] != a.lo()) {
            p = pan.anonymize(a);
            values[i] = p;
            keys[2 * i] = a.hi();
            keys[2 * i + 1] = a.lo();
            misses++;
        }
        return p;
    }

    /** Addresses that were not in the cache and were computed. */
    public long misses() {
        return misses;
    }
}
