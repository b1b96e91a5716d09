package sensor.pairs;

import java.util.Arrays;
import java.util.List;

/**
 * When a name was asked for and answered, and per address when it was first and last answered
 * with it and when it was then seen to stop: the raw material of rename events.
 */
final class NameHistory {
    /** No such time (yet). */
    static final long NEVER = Long.MIN_VALUE;

    final String name;
    long firstQuery = Long.MAX_VALUE;
    String firstQueryClient;
    long firstAnswer = Long.MAX_VALUE;
    long lastAnswer = NEVER;
    /** First NXDOMAIN after the last answer, or {@link #NEVER}. */
    long nxAfterLastAnswer = NEVER;
    /**
     * The first {@link PairTable#MAX_SET} distinct addresses it was answered with, unsorted, and
     * beside each the detector's list of names on that address, once this name is on it (or the
     * list was full): an answer repeating a known address then needs no lookup of its list.
     */
    private String[] addresses;
    private RenameDetector.Holders[] holders;
    /** Per address: its first and last answer, and the first denial after that last answer. */
    private long[] firstWith;
    private long[] lastWith;
    private long[] stoppedAt;
    /** Bit i: the i-th address is IPv6 (at most {@link PairTable#MAX_SET}, 64, addresses). */
    private long v6Addresses;
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
            nxAfterLastAnswer = NEVER;
        }
        int i = PairTable.indexOf(addresses, addressCount, address);
        if (i < 0) {
            if (addressCount == PairTable.MAX_SET) {
                return -1;
            }
            i = add(address, ts);
        }
        firstWith[i] = Math.min(firstWith[i], ts);
        if (ts > lastWith[i]) {
            lastWith[i] = ts;
            stoppedAt[i] = NEVER; // answered again: an earlier denial no longer says it stopped
        }
        return i;
    }

    private int add(String address, long ts) {
        if (addresses == null || addressCount == addresses.length) {
            int n = addresses == null ? 1 : Math.min(PairTable.MAX_SET, 2 * addressCount);
            addresses = addresses == null ? new String[n] : Arrays.copyOf(addresses, n);
            holders = holders == null ? new RenameDetector.Holders[n] : Arrays.copyOf(holders, n);
            firstWith = firstWith == null ? new long[n] : Arrays.copyOf(firstWith, n);
            lastWith = lastWith == null ? new long[n] : Arrays.copyOf(lastWith, n);
            stoppedAt = stoppedAt == null ? new long[n] : Arrays.copyOf(stoppedAt, n);
        }
        addresses[addressCount] = address;
        firstWith[addressCount] = ts;
        lastWith[addressCount] = ts;
        stoppedAt[addressCount] = NEVER;
        if (isV6(address)) {
            v6Addresses |= 1L << addressCount;
        }
        return addressCount++;
    }

    /**
     * A NOERROR response at {@code ts} to a query for addresses of one family ({@code v6} or not)
     * answered only {@code answered}: every other known address of that family was seen to stop,
     * if this came after its last answer.
     */
    void denied(long ts, boolean v6, List<String> answered) {
        // The family and the times first: they are in this history's arrays, where a text
        // comparison reads every address's string.
        for (int i = 0; i < addressCount; i++) {
            if ((v6Addresses >>> i & 1) == (v6 ? 1 : 0) && ts > lastWith[i] && stoppedAt[i] == NEVER
                    && !answered.contains(addresses[i])) {
                stoppedAt[i] = ts;
            }
        }
    }

    void nxdomain(long ts) {
        if (ts > lastAnswer && nxAfterLastAnswer == NEVER) {
            nxAfterLastAnswer = ts;
        }
        for (int i = 0; i < addressCount; i++) {
            stop(i, ts);
        }
    }

    private void stop(int i, long ts) {
        if (ts > lastWith[i] && stoppedAt[i] == NEVER) {
            stoppedAt[i] = ts;
        }
    }

    static boolean isV6(String address) {
        return address.indexOf(':') >= 0;
    }

    /** Where {@code address} is among the first ones, or -1. */
    int indexOf(String address) {
        return PairTable.indexOf(addresses, addressCount, address);
    }

    long firstWith(int i) {
        return firstWith[i];
    }

    long lastWith(int i) {
        return lastWith[i];
    }

    /** The first denial after the i-th address's last answer, or {@link #NEVER}. */
    long stoppedAt(int i) {
        return stoppedAt[i];
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

    boolean everAnswered() {
        return lastAnswer != NEVER;
    }
}
