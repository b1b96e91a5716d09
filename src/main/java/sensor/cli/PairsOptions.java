package sensor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sensor.SensorConfig;
import sensor.output.OutputFiles;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;

/**
 * How pairs are counted and judged, shared by {@code replay}, {@code live} and {@code aggregate}
 * (whose tables must be computed with the same settings to compare).
 */
public final class PairsOptions {
    @Option(names = "--exclusive-share", paramLabel = "SHARE",
            description = "share of a server's total its dominant clients must reach (default: ${DEFAULT-VALUE})")
    @Range(min = 0, minExclusive = true, max = 1)
    double exclusiveShare = 0.8;

    @Option(names = "--exclusive-max-clients", paramLabel = "N",
            description = "at most this many dominant clients make a server exclusive (default: ${DEFAULT-VALUE})")
    @Range(min = 1)
    int exclusiveMaxClients = 2;

    @Option(names = "--min-count", paramLabel = "N",
            description = "fewer transactions than this is too little evidence for 'exclusive' (default: ${DEFAULT-VALUE})")
    @Range(min = 0)
    long minCount = 10;

    @Option(names = "--exclusive-p", paramLabel = "P",
            description = "largest p-value against the baseline (binomial test) that is still 'exclusive'"
                    + " (default: ${DEFAULT-VALUE})")
    @Range(min = 0, max = 1)
    double exclusiveP = 0.001;

    @Option(names = "--groups", paramLabel = "FILE",
            description = "CIDR NAME per line: also count pairs per organisation")
    Path groups;

    @Option(names = "--max-pairs", paramLabel = "N",
            description = "distinct pairs per kind kept exactly; beyond, heavy hitters with a stated error bound"
                    + " (default: 250000, less in a heap under 1.25 GiB: about 52000 inside -Xmx256m)")
    @Range(min = 1)
    Integer maxPairs;

    /** The default bound of the tables in this JVM's heap. */
    static int heapBound() {
        return SensorConfig.defaultTableBound(Runtime.getRuntime().maxMemory());
    }

    /** The settings; an unreadable or malformed groups file is an IllegalArgumentException. */
    PairsConfig toConfig() {
        ClientGroups g = null;
        if (groups != null) {
            try {
                g = ClientGroups.load(groups);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read --groups " + groups + ": " + OutputFiles.reason(e));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read --groups " + groups + ": " + e.getMessage());
            }
        }
        return new PairsConfig(exclusiveShare, exclusiveMaxClients, minCount, exclusiveP, g, maxPairs != null ? maxPairs : heapBound());
    }
}
