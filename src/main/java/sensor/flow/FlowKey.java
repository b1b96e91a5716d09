package sensor.flow;

/**
 * A TCP connection's canonical key: the lower endpoint (address, then port) first, so both
 * directions find the same entry (Zeek's ConnKey). Mutable so that the tracker can probe the
 * table with one reused instance; a copy is stored on insert.
 */
final class FlowKey {
    long aHi;
    long aLo;
    long bHi;
    long bLo;
    int aPort;
    int bPort;

    /** Sets the key from one packet's endpoints; returns true when the source is endpoint A. */
    boolean set(long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort) {
        int c = Long.compareUnsigned(srcHi, dstHi);
        if (c == 0) {
            c = Long.compareUnsigned(srcLo, dstLo);
        }
        if (c == 0) {
            c = Integer.compare(srcPort, dstPort);
        }
        if (c <= 0) {
            aHi = srcHi;
            aLo = srcLo;
            aPort = srcPort;
            bHi = dstHi;
            bLo = dstLo;
            bPort = dstPort;
            return true;
        }
        aHi = dstHi;
        aLo = dstLo;
        aPort = dstPort;
        bHi = srcHi;
        bLo = srcLo;
        bPort = srcPort;
        return false;
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.aHi = aHi;
        k.aLo = aLo;
        k.bHi = bHi;
        k.bLo = bLo;
        k.aPort = aPort;
        k.bPort = bPort;
        return k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.aLo == aLo && k.bLo == bLo && k.aPort == aPort && k.bPort == bPort
                && k.aHi == aHi && k.bHi == bHi;
    }

    @Override
    public int hashCode() {
        long h = aLo * 0x9E3779B97F4A7C15L + bLo;
        h = h * 31 + aHi * 17 + bHi;
        h = h * 31 + ((long) aPort << 16 | bPort);
        return (int) (h ^ (h >>> 32));
    }
}
