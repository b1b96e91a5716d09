package sensor.pairs;

/**
 * How exclusivity is judged and how large the tables may grow.
 *
 * @param exclusiveShare      the share of a server's total its dominant clients must reach
 * @param exclusiveMaxClients at most this many dominant clients for "exclusive"
 * @param minCount            fewer transactions than this is too little evidence for "exclusive"
 * @param exclusiveP          the largest p-value against the baseline that is still "exclusive"
 * @param groups              CIDR to organisation, or null
 * @param maxPairs            distinct pairs kept exactly per kind and level; beyond, the table
 *                            becomes a heavy-hitter summary with a stated error bound
 */
public record PairsConfig(double exclusiveShare, int exclusiveMaxClients, long minCount, double exclusiveP,
        ClientGroups groups, int maxPairs) {

    public static PairsConfig defaults() {
        return new PairsConfig(0.8, 2, 10, 0.001, null, 250_000);
    }

    public Exclusivity.Rule rule() {
        return new Exclusivity.Rule(exclusiveShare, exclusiveMaxClients, minCount, exclusiveP);
    }
}
