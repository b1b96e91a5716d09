package sensor.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;

/**
 * Exposes every {@link Tally} as a Micrometer counter, so the names in summary.json and in
 * Prometheus are one set: group {@code weird} becomes {@code sensor.decode.errors{reason=...}},
 * any other group {@code sensor.<group>{name=...}}. Tag values are fixed words (reasons, rcodes,
 * states), never addresses, so cardinality stays bounded.
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
            if (Tallies.WEIRD.equals(t.group())) {
                FunctionCounter.builder("sensor.decode.errors", t, Tally::get).tag("reason", t.name())
                        .description("input that could not be decoded, by reason").register(registry);
            } else {
                FunctionCounter.builder("sensor." + t.group(), t, Tally::get).tag("name", t.name()).register(registry);
            }
        }
    }
}
