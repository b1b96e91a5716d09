package sensor.kafka;

import java.util.Map;

/**
 * How a sensor publishes to the fleet's Kafka.
 *
 * @param bootstrap      Kafka bootstrap servers ({@code host:port,...})
 * @param sensorId       names this sensor in every record's {@code sensor} header
 * @param writeFiles     dns/smtp/pdns files are written as well (false: only produced)
 * @param bufferRecords  records held for Kafka at most; beyond, new ones are dropped and counted
 * @param timeoutMillis  how long a record may take to be acknowledged, and how long the end of
 *                       a run waits for the last ones, before they count as failed
 * @param client         further Kafka client properties (TLS, SASL ...), applied last
 */
public record FleetSettings(String bootstrap, String sensorId, boolean writeFiles, int bufferRecords,
        long timeoutMillis, Map<String, String> client) {

    public FleetSettings(String bootstrap, String sensorId, boolean writeFiles, int bufferRecords, long timeoutMillis) {
        this(bootstrap, sensorId, writeFiles, bufferRecords, timeoutMillis, Map.of());
    }

    public FleetSettings {
        client = Map.copyOf(client);
    }
}
