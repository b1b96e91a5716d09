package sensor.pairs;

/** When a name was asked for and answered: the raw material of rename events. */
final class NameHistory {
    final String name;
    long firstQuery = Long.MAX_VALUE;
    String firstQueryClient;
    long firstAnswer = Long.MAX_VALUE;
    long lastAnswer = Long.MIN_VALUE;
    /** First NXDOMAIN after the last answer, or MIN_VALUE. */
    long nxAfterLastAnswer = Long.MIN_VALUE;
    /**
     * The first {@link PairTable#MAX_SET} distinct addresses it was answered with, unsorted, and
     * beside each the detector's list of names on that address, once this name is on it (or the
     * list was full): an answer repeating a known address then needs no lookup of its list.
     */
    private String[] addresses;
    private RenameDetector.Holders[] holders;
    private int addressCount;
    /** Dropped from the detector's bounded table: whoever still holds it must ask again. */
    boolean forgotten;

    NameHistory(String name) {
        this.name = name;
    }

    void query(long ts, String client) {
        if (ts < firstQuery) {
            firstQuery = ts;
            firstQueryClient = client;
        }
    }

    /**
     * Records an answer; returns where the address is among the first ones (for {@link #holders}),
     * or -1 beyond them.
     */
    int answer(long ts, String address) {
        firstAnswer = Math.min(firstAnswer, ts);
        if (ts > lastAnswer) {
            lastAnswer = ts;
            nxAfterLastAnswer = Long.MIN_VALUE;
        }
        int known = PairTable.indexOf(addresses, addressCount, address);
        if (known >= 0) {
            return known;
        }
        if (addressCount == PairTable.MAX_SET) {
            return -1;
        }
        if (addresses == null || addressCount == addresses.length) {
            int n = addresses == null ? 1 : Math.min(PairTable.MAX_SET, 2 * addressCount);
            addresses = addresses == null ? new String[n] : java.util.Arrays.copyOf(addresses, n);
            holders = holders == null ? new RenameDetector.Holders[n] : java.util.Arrays.copyOf(holders, n);
        }
        addresses[addressCount] = address;
        return addressCount++;
    }

    /** The detector's names on the i-th address, as {@link RenameDetector} last left them, or null. */
    RenameDetector.Holders holders(int i) {
        return holders[i];
    }

    void holders(int i, RenameDetector.Holders h) {
        holders[i] = h;
    }

    /** The smallest address it was answered with (among the first ones), or null. */
    String firstAddress() {
        String min = null;
        for (int i = 0; i < addressCount; i++) {
            if (min == null || addresses[i].compareTo(min) < 0) {
                min = addresses[i];
            }
        }
        return min;
    }

    void nxdomain(long ts) {
        if (ts > lastAnswer && nxAfterLastAnswer == Long.MIN_VALUE) {
            nxAfterLastAnswer = ts;
        }
    }

    boolean everAnswered() {
        return lastAnswer != Long.MIN_VALUE;
    }
}
