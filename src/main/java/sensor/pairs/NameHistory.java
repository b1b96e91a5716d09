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
     * The first {@link PairTable#MAX_SET} distinct addresses it was answered with, unsorted, each
     * at 2i with the detector's list of names on that address at 2i+1, once this name is on it
     * (or the list was full): an answer repeating a known address then needs no lookup of its list.
     * Per address, its first and last answer and the first denial after that last answer are at
     * 3i, 3i+1 and 3i+2 of {@link #times}. An answer reads these two arrays: five arrays, one per
     * field, had been five cache misses.
     */
    private Object[] addresses;
    private long[] times;
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
        int i = indexOf(address);
        if (i < 0) {
            if (addressCount == PairTable.MAX_SET) {
                return -1;
            }
            i = add(address, ts);
        }
        long[] t = times;
        t[3 * i] = Math.min(t[3 * i], ts);
        if (ts > t[3 * i + 1]) {
            t[3 * i + 1] = ts;
            t[3 * i + 2] = NEVER; // answered again: an earlier denial no longer says it stopped
        }
        return i;
    }

    private int add(String address, long ts) {
        if (addresses == null || 2 * addressCount == addresses.length) {
            int n = addresses == null ? 1 : Math.min(PairTable.MAX_SET, 2 * addressCount);
            addresses = addresses == null ? new Object[2 * n] : Arrays.copyOf(addresses, 2 * n);
            times = times == null ? new long[3 * n] : Arrays.copyOf(times, 3 * n);
        }
        int i = addressCount;
        addresses[2 * i] = address;
        times[3 * i] = ts;
        times[3 * i + 1] = ts;
        times[3 * i + 2] = NEVER;
        if (isV6(address)) {
            v6Addresses |= 1L << i;
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
            if ((v6Addresses >>> i & 1) == (v6 ? 1 : 0) && ts > times[3 * i + 1] && times[3 * i + 2] == NEVER
                    && !answered.contains(address(i))) {
                times[3 * i + 2] = ts;
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
        if (ts > times[3 * i + 1] && times[3 * i + 2] == NEVER) {
            times[3 * i + 2] = ts;
        }
    }

    static boolean isV6(String address) {
        return address.indexOf(':') >= 0;
    }

    /** Where {@code address} is among the first ones, or -1. */
    int indexOf(String address) {
        return PairTable.indexOf(addresses, addressCount, 2, address);
    }

    private String address(int i) {
        return (String) addresses[2 * i];
    }

    long firstWith(int i) {
        return times[3 * i];
    }

    long lastWith(int i) {
        return times[3 * i + 1];
    }

    /** The first denial after the i-th address's last answer, or {@link #NEVER}. */
    long stoppedAt(int i) {
        return times[3 * i + 2];
    }

    /** The detector's names on the i-th address, as {@link RenameDetector} last left them, or null. */
    RenameDetector.Holders holders(int i) {
        return (RenameDetector.Holders) addresses[2 * i + 1];
    }

    void holders(int i, RenameDetector.Holders h) {
        addresses[2 * i + 1] = h;
    }

    /** The smallest address it was answered with (among the first ones), or null. */
    String firstAddress() {
        String min = null;
        for (int i = 0; i < addressCount; i++) {
            if (min == null || address(i).compareTo(min) < 0) {
                min = address(i);
            }
        }
        return min;
    }

    boolean everAnswered() {
        return lastAnswer != NEVER;
    }
}
