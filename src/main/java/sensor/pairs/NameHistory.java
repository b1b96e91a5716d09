package sensor.pairs;

import java.util.TreeSet;

/** When a name was asked for and answered: the raw material of rename events. */
final class NameHistory {
    final String name;
    long firstQuery = Long.MAX_VALUE;
    String firstQueryClient;
    long firstAnswer = Long.MAX_VALUE;
    long lastAnswer = Long.MIN_VALUE;
    /** First NXDOMAIN after the last answer, or MIN_VALUE. */
    long nxAfterLastAnswer = Long.MIN_VALUE;
    final TreeSet<String> addresses = new TreeSet<>();
    private String lastAddress;
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

    void answer(long ts, String address) {
        firstAnswer = Math.min(firstAnswer, ts);
        if (ts > lastAnswer) {
            lastAnswer = ts;
            nxAfterLastAnswer = Long.MIN_VALUE;
        }
        if (!address.equals(lastAddress)) { // most answers repeat the last address
            PairTable.addBounded(addresses, address);
            lastAddress = address;
        }
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
