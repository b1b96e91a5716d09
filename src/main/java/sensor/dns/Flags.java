package sensor.dns;

/** The header flags of a DNS message: of the response in a transaction, else of the query. */
public record Flags(boolean aa, boolean tc, boolean rd, boolean ra, boolean ad, boolean cd) {
    private static final Flags[] ALL = new Flags[64];

    static {
        for (int i = 0; i < 64; i++) {
            ALL[i] = new Flags((i & 32) != 0, (i & 16) != 0, (i & 8) != 0, (i & 4) != 0, (i & 2) != 0,
                    (i & 1) != 0);
        }
    }

    /** The flags of a DNS header's second 16 bits, one shared instance per combination. */
    public static Flags ofHeader(int headerFlags) {
        return ALL[((headerFlags >>> 5) & 0x38) | ((headerFlags >>> 5) & 0x4) | ((headerFlags >>> 4) & 0x3)];
    }
}
