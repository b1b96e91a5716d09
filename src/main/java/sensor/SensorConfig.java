package sensor;

import java.nio.file.Path;
import sensor.anonymize.Anonymization;
import sensor.anonymize.Pseudonyms;
import sensor.flow.PortSet;
import sensor.pairs.PairsConfig;
import sensor.txn.TxnLimits;

/**
 * Everything a run is configured with, built once by the CLI (or a test) and handed to the
 * stages; there is no global configuration.
 *
 * @param outDir      where record files go
 * @param filter      the user's BPF filter, or null
 * @param prefilter   whether libpcap drops what the sensor cannot use before it reaches Java
 * @param dnsPorts    ports decoded as DNS
 * @param smtpPorts   ports decoded as SMTP
 * @param quiet       no progress bar and no report
 * @param txnLimits   query/response matching bounds and the unanswered timeout
 * @param pdnsMaxEntries passive DNS entries held before the least recent is written early
 * @param pairs       exclusivity thresholds, client groups and table bounds
 * @param anonymization pseudonyms for client and server addresses (and names), or null
 */
public record SensorConfig(
        Path outDir,
        String filter,
        boolean prefilter,
        PortSet dnsPorts,
        PortSet smtpPorts,
        boolean quiet,
        TxnLimits txnLimits,
        int pdnsMaxEntries,
        PairsConfig pairs,
        Anonymization anonymization) {

    /** A configuration without pseudonyms: the real addresses in every record. */
    public SensorConfig(Path outDir, String filter, boolean prefilter, PortSet dnsPorts, PortSet smtpPorts,
            boolean quiet, TxnLimits txnLimits, int pdnsMaxEntries, PairsConfig pairs) {
        this(outDir, filter, prefilter, dnsPorts, smtpPorts, quiet, txnLimits, pdnsMaxEntries, pairs, null);
    }

    public static SensorConfig defaults(Path outDir) {
        return new SensorConfig(outDir, null, true, new PortSet(53), new PortSet(25, 587), true, TxnLimits.defaults(),
                250_000, PairsConfig.defaults(), null);
    }

    /** The most the pair, name and passive DNS tables hold by default, whatever the heap. */
    public static final int MAX_TABLE_BOUND = 250_000;

    /**
     * The default bound of the pair, name and passive DNS tables for a heap of {@code maxHeapBytes}:
     * full tables take about 1.5 KB of live heap per unit of bound, so this keeps them within
     * about 30% of the heap. A long replay of many names replaces entries all along, and in a
     * small heap G1 needs that much room beside the tables to collect their dead entries without
     * a full collection: 250,000 from 1.25 GiB up, about 52,000 inside {@code -Xmx256m}.
     */
    public static int defaultTableBound(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(MAX_TABLE_BOUND, maxHeapBytes / 5120));
    }

    public SensorConfig withDnsPorts(PortSet ports) {
        return new SensorConfig(outDir, filter, prefilter, ports, smtpPorts, quiet, txnLimits, pdnsMaxEntries, pairs, anonymization);
    }

    public SensorConfig withFilter(String bpf) {
        return new SensorConfig(outDir, bpf, prefilter, dnsPorts, smtpPorts, quiet, txnLimits, pdnsMaxEntries, pairs, anonymization);
    }

    public SensorConfig withPrefilter(boolean on) {
        return new SensorConfig(outDir, filter, on, dnsPorts, smtpPorts, quiet, txnLimits, pdnsMaxEntries, pairs, anonymization);
    }

    public SensorConfig withPairs(PairsConfig p) {
        return new SensorConfig(outDir, filter, prefilter, dnsPorts, smtpPorts, quiet, txnLimits, pdnsMaxEntries, p, anonymization);
    }

    public SensorConfig withOutDir(Path dir) {
        return new SensorConfig(dir, filter, prefilter, dnsPorts, smtpPorts, quiet, txnLimits, pdnsMaxEntries, pairs, anonymization);
    }

    public SensorConfig withAnonymization(Anonymization a) {
        return new SensorConfig(outDir, filter, prefilter, dnsPorts, smtpPorts, quiet, txnLimits, pdnsMaxEntries, pairs, a);
    }

    /**
     * The pair settings the aggregation runs with. It sees pseudonyms when anonymizing, so the
     * groups' prefixes are mapped with the same key: an address then belongs to the organisation
     * its real address belongs to.
     */
    public PairsConfig aggregationPairs() {
        if (anonymization == null || pairs.groups() == null) {
            return pairs;
        }
        Pseudonyms pseudonyms = new Pseudonyms(anonymization.key());
        return new PairsConfig(pairs.exclusiveShare(), pairs.exclusiveMaxClients(), pairs.minCount(),
                pairs.exclusiveP(), pairs.groups().mapPrefixes(pseudonyms::of), pairs.maxPairs());
    }

    /** The ports whose traffic the sensor decodes at all. */
    public PortSet servicePorts() {
        return dnsPorts.union(smtpPorts);
    }
}
