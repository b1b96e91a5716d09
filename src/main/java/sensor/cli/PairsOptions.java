package sensor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sensor.SensorConfig;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;

/**
 * How pairs are counted and judged, shared by {@code replay}, {@code live} and {@code aggregate}
 * (whose tables must be computed with the same settings to compare).
 */
public final class PairsOptions {
    @Option(names = "--exclusive-share", paramLabel = "SHARE",
            description = "share of a server's total its dominant clients must reach (default: ${DEFAULT-VALUE})")
    double exclusiveShare = 0.8;

    @Option(names = "--exclusive-max-clients", paramLabel = "N",
            description = "at most this many dominant clients make a server exclusive (default: ${DEFAULT-VALUE})")
    int exclusiveMaxClients = 2;

    @Option(names = "--min-count", paramLabel = "N",
            description = "fewer transactions than this is too little evidence for 'exclusive' (default: ${DEFAULT-VALUE})")
    long minCount = 10;

    @Option(names = "--exclusive-p", paramLabel = "P",
            description = "largest p-value against the baseline (binomial test) that is still 'exclusive'"
                    + " (default: ${DEFAULT-VALUE})")
    double exclusiveP = 0.001;

    @Option(names = "--groups", paramLabel = "FILE",
            description = "CIDR NAME per line: also count pairs per organisation")
    Path groups;

    @Option(names = "--max-pairs", paramLabel = "N",
            description = "distinct pairs per kind kept exactly; beyond, heavy hitters with a stated error bound"
                    + " (default: 250000, less in a heap under 640 MiB: about 100000 inside -Xmx256m)")
    Integer maxPairs;

    /** The default bound of the tables in this JVM's heap. */
    static int heapBound() {
        return SensorConfig.defaultTableBound(Runtime.getRuntime().maxMemory());
    }

    /** The settings, validated; a bad value or unreadable groups file is an IllegalArgumentException. */
    PairsConfig toConfig() {
        if (exclusiveShare <= 0 || exclusiveShare > 1) {
            throw new IllegalArgumentException("--exclusive-share must be in (0, 1]");
        }
        if (!(exclusiveP >= 0 && exclusiveP <= 1)) {
            throw new IllegalArgumentException("--exclusive-p must be in [0, 1]");
        }
        if (exclusiveMaxClients < 1) {
            throw new IllegalArgumentException("--exclusive-max-clients must be at least 1");
        }
        if (minCount < 0) {
            throw new IllegalArgumentException("--min-count must not be negative");
        }
        if (maxPairs != null && maxPairs < 1) {
            throw new IllegalArgumentException("--max-pairs must be at least 1");
        }
        ClientGroups g = null;
        if (groups != null) {
            try {
                g = ClientGroups.load(groups);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read --groups " + groups + ": " + e.getMessage());
            }
        }
        return new PairsConfig(exclusiveShare, exclusiveMaxClients, minCount, exclusiveP, g, maxPairs != null ? maxPairs : heapBound());
    }
}
