package sensor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sensor.SensorConfig;
import sensor.anonymize.AnonymizeKey;
import sensor.anonymize.Anonymization;
import sensor.flow.PortSet;
import sensor.pairs.PairsConfig;
import sensor.txn.TxnLimits;

/** Options shared by {@code replay} and {@code live} (../shared/CONTRACT.md). */
public final class CommonOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", converter = OutputPaths.Directory.class, description = "where record files go (default: ${DEFAULT-VALUE})")
    Path out = Path.of("sensor-out");

    @Option(names = {"-f", "--filter"}, paramLabel = "EXPR", converter = FilterConverter.class, description = "BPF filter, compiled by libpcap")
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

    @Option(names = "--quiet", description = "only warnings and errors: replay prints no progress bar and no report,"
            + " live no capture, status or final lines")
    boolean quiet;

    @Option(names = "--dns-timeout", paramLabel = "SECONDS",
            description = "a query with no response after this much capture time is unanswered (default: ${DEFAULT-VALUE})")
    @Range(min = 0, minExclusive = true, max = 3600)
    double dnsTimeout = 10.0;

    @Option(names = "--pdns-max", paramLabel = "N",
            description = "passive DNS entries held in memory; beyond, the least recent is written early"
                    + " (default: 250000, less in a heap under 1.25 GiB: about 52000 inside -Xmx256m)")
    @Range(min = 1)
    Integer pdnsMax;

    @Option(names = "--anonymize-key", paramLabel = "FILE",
            description = "replace every client and server address by its Crypto-PAn pseudonym under this key"
                    + " (32 bytes: raw, or 64 hex digits)")
    Path anonymizeKey;

    @Option(names = "--anonymize-names",
            description = "with --anonymize-key, also replace SMTP HELO names and MAIL/RCPT domains by a keyed hash")
    boolean anonymizeNames;

    @Mixin
    PairsOptions pairs;

    SensorConfig toConfig() {
        String shared = dnsPorts.shared(smtpPorts);
        if (shared != null) {
            throw new IllegalArgumentException("port " + shared + " is in both --dns-ports and --smtp-ports: give each port one protocol");
        }
        if (anonymizeNames && anonymizeKey == null) {
            throw new IllegalArgumentException("--anonymize-names needs --anonymize-key");
        }
        PairsConfig p = pairs.toConfig();
        Anonymization a = anonymizeKey == null ? null : new Anonymization(AnonymizeKey.load(anonymizeKey), anonymizeNames);
        SensorConfig config = new SensorConfig(out, filter, !noPrefilter, dnsPorts, smtpPorts, quiet,
                TxnLimits.forHeap(Runtime.getRuntime().maxMemory()).withTimeoutNanos((long) (dnsTimeout * 1e9)),
                pdnsMax != null ? pdnsMax : PairsOptions.heapBound(), p, a);
        try {
            config.aggregationPairs(); // a groups file pseudonyms cannot serve is refused now, not mid-run
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--groups " + pairs.groups + " with --anonymize-key: " + e.getMessage());
        }
        return config;
    }
}
