package sensor.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;

/**
 * Exposes every {@link Tally} as the Micrometer meter {@link MetricNames} names for it, so what
 * summary.json counts is what Prometheus sees: group {@code weird} becomes
 * {@code sensor.decode.errors{reason=...}}, {@code txn} {@code sensor.dns.transactions{status=...}}.
 */
public final class TallyMeters {
    private final Tallies tallies;
    private final MeterRegistry registry;
    private final Set<Tally> bound = new HashSet<>();

    public TallyMeters(Tallies tallies, MeterRegistry registry) {
        this.tallies = tallies;
        this.registry = registry;
        sync();
    }

    /** Registers tallies created since the last call (stages create some lazily, e.g. per rcode). */
    public synchronized void sync() {
        for (Tally t : tallies.all()) {
            if (!bound.add(t)) {
                continue;
            }
            MetricNames.Exposed m = MetricNames.of(t.group(), t.name());
            if (m == null) {
                continue;
            }
            Tags tags = m.tagKey() == null ? Tags.empty() : Tags.of(m.tagKey(), m.tagValue());
            if (m.gauge()) {
                Gauge.builder(m.name(), t, Tally::get).tags(tags).description(m.help()).register(registry);
            } else {
                FunctionCounter.builder(m.name(), t, Tally::get).tags(tags).description(m.help()).register(registry);
            }
        }
    }
}
