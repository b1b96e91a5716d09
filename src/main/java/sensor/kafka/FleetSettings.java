package sensor.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * The host name as the kernel has it. Not {@code InetAddress.getLocalHost()}: that may send a
     * DNS lookup, and a sensor sends none of its own.
     */
    public static String hostName() {
        for (String f : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
            try {
                String name = Files.readString(Path.of(f)).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or not readable: try the next source
            }
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env.trim() : "sensor";
    }
}
