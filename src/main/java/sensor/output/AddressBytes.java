package sensor.output;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import sensor.decode.IpAddress;

/**
 * The text of recently seen addresses as bytes, for a line that copies them in: a direct-mapped
 * cache whose slot holds the address and its text together, 64 bytes, one cache line. The
 * dns.jsonl line names a client and a server; a cache of Strings had cost a read of the slot's
 * key, its String, and the String's bytes, three misses where this is one.
 */
final class AddressBytes {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SLOT = 64;
    /** hi at 0, lo at 8, the text's length at 16, the text from 17. */
    private static final int TEXT = 17;

    private final byte[] slots;
    private final int mask;

    /** {@code size}: a power of two. */
    AddressBytes(int size) {
        slots = new byte[size * SLOT];
        mask = size - 1;
    }

    /**
     * Where the text of {@code a} starts in {@link #bytes()}; {@link #length} gives its length.
     * An address's text is at most 39 bytes (a full IPv6 address), so it always fits its slot.
     */
    int of(IpAddress a) {
        int base = (a.hashCode() & mask) * SLOT;
        long hi = a.hi();
        long lo = a.lo();
        if (slots[base + 16] == 0 || (long) LONG.get(slots, base) != hi || (long) LONG.get(slots, base + 8) != lo) {
            LONG.set(slots, base, hi);
            LONG.set(slots, base + 8, lo);
            slots[base + 16] = (byte) a.writeText(slots, base + TEXT);
        }
        return base + TEXT;
    }

    byte[] bytes() {
        return slots;
    }

    int length(int at) {
        return slots[at - 1];
    }
}
