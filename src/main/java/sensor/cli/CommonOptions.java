package sensor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sensor.SensorConfig;
import sensor.flow.PortSet;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;
import sensor.txn.TxnLimits;

/** Options shared by {@code replay} and {@code live} (../shared/CONTRACT.md). */
public final class CommonOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "where record files go (default: ${DEFAULT-VALUE})")
    Path out = Path.of("sensor-out");

    @Option(names = {"-f", "--filter"}, paramLabel = "EXPR", description = "BPF filter, compiled by libpcap")
    String filter;

    @Option(names = "--dns-ports", paramLabel = "LIST", converter = PortListConverter.class,
            description = "ports decoded as DNS (default: ${DEFAULT-VALUE}; add 5353 for mDNS, 5355 for LLMNR)")
    PortSet dnsPorts = new PortSet(53);

    @Option(names = "--smtp-ports", paramLabel = "LIST", converter = PortListConverter.class,
            description = "ports decoded as SMTP (default: ${DEFAULT-VALUE})")
    PortSet smtpPorts = new PortSet(25, 587);

    @Option(names = "--no-prefilter", description = "hand every frame to the decoder instead of letting libpcap's BPF"
            + " drop traffic on other ports first")
    boolean noPrefilter;

    @Option(names = "--quiet", description = "no progress bar and no report on stdout")
    boolean quiet;

    @Option(names = "--dns-timeout", paramLabel = "SECONDS",
            description = "a query with no response after this much capture time is unanswered (default: ${DEFAULT-VALUE})")
    double dnsTimeout = 5.0;

    @Option(names = "--pdns-max", paramLabel = "N",
            description = "passive DNS entries held in memory; beyond, the least recent is written early"
                    + " (default: 250000, less in a heap under 640 MiB: about 100000 inside -Xmx256m)")
    Integer pdnsMax;

    @Option(names = "--exclusive-share", paramLabel = "SHARE",
            description = "share of a server's total its dominant clients must reach (default: ${DEFAULT-VALUE})")
    double exclusiveShare = 0.8;

    @Option(names = "--exclusive-max-clients", paramLabel = "N",
            description = "at most this many dominant clients make a server exclusive (default: ${DEFAULT-VALUE})")
    int exclusiveMaxClients = 2;

    @Option(names = "--min-count", paramLabel = "N",
            description = "fewer transactions than this is too little evidence for 'exclusive' (default: ${DEFAULT-VALUE})")
    long minCount = 10;

    @Option(names = "--groups", paramLabel = "FILE",
            description = "CIDR NAME per line: also count pairs per organisation")
    Path groups;

    @Option(names = "--max-pairs", paramLabel = "N",
            description = "distinct pairs per kind kept exactly; beyond, heavy hitters with a stated error bound"
                    + " (default: 250000, less in a heap under 640 MiB: about 100000 inside -Xmx256m)")
    Integer maxPairs;

    SensorConfig toConfig() {
        if (exclusiveShare <= 0 || exclusiveShare > 1) {
            throw new IllegalArgumentException("--exclusive-share must be in (0, 1]");
        }
        int bound = SensorConfig.defaultTableBound(Runtime.getRuntime().maxMemory());
        if ((maxPairs != null && maxPairs < 1) || (pdnsMax != null && pdnsMax < 1)) {
            throw new IllegalArgumentException("--max-pairs and --pdns-max must be at least 1");
        }
        ClientGroups g = null;
        if (groups != null) {
            try {
                g = ClientGroups.load(groups);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read --groups " + groups + ": " + e.getMessage());
            }
        }
        return new SensorConfig(out, filter, !noPrefilter, dnsPorts, smtpPorts, quiet,
                TxnLimits.defaults().withTimeoutNanos((long) (dnsTimeout * 1e9)), pdnsMax != null ? pdnsMax : bound,
                new PairsConfig(exclusiveShare, exclusiveMaxClients, minCount, g, maxPairs != null ? maxPairs : bound));
    }
}
