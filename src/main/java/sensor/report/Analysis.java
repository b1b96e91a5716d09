package sensor.report;

import java.util.List;
import java.util.function.UnaryOperator;
import sensor.pairs.PairAggregator;
import sensor.pairs.PairsConfig;
import sensor.pairs.Verdicts;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * The records fed to the project's own aggregation, as a replay feeds it (by capture time, DNS
 * before SMTP at the same instant), and the snapshot the replay's files and report come from.
 *
 * @param smtpServerOf the text an SMTP server at a DNS answer's address is recorded under: its
 *                     pseudonym in anonymized records (answers keep public addresses), else itself
 */
public record Analysis(Records records, Verdicts.Snapshot snapshot, UnaryOperator<String> smtpServerOf) {

    public static Analysis of(Records records, PairsConfig config) {
        return of(records, config, UnaryOperator.identity());
    }

    public static Analysis of(Records records, PairsConfig config, UnaryOperator<String> smtpServerOf) {
        PairAggregator agg = new PairAggregator(config);
        List<DnsTransaction> dns = records.dns();
        List<SmtpSession> smtp = records.smtp();
        int d = 0;
        int s = 0;
        while (d < dns.size() || s < smtp.size()) {
            if (s == smtp.size() || (d < dns.size() && dns.get(d).tsNanos() <= smtp.get(s).tsNanos())) {
                agg.onDns(dns.get(d++));
            } else {
                agg.onSmtp(smtp.get(s++));
            }
        }
        return new Analysis(records, Verdicts.snapshot(agg), smtpServerOf);
    }

    public PairsConfig config() {
        return snapshot.aggregate().config();
    }
}
