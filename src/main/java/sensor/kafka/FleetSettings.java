package sensor.kafka;

/**
 * How a sensor publishes to the fleet's Kafka.
 *
 * @param bootstrap      Kafka bootstrap servers ({@code host:port,...})
 * @param sensorId       names this sensor in every record's {@code sensor} header
 * @param writeFiles     dns/smtp/pdns files are written as well (false: only produced)
 * @param bufferRecords  records held for Kafka at most; beyond, new ones are dropped and counted
 * @param timeoutMillis  how long a record may take to be acknowledged, and how long the end of
 *                       a run waits for the last ones, before they count as failed
 */
public record FleetSettings(String bootstrap, String sensorId, boolean writeFiles, int bufferRecords,
        long timeoutMillis) {}
