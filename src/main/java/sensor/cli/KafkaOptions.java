package sensor.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import sensor.kafka.FleetSettings;
import sensor.output.OutputFiles;

/** {@code replay} and {@code live}: publish the records to the fleet's Kafka as well. */
public final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", converter = BootstrapConverter.class,
            description = "also produce dns, smtp and pdns records to Kafka (topics sensor.dns, sensor.smtp, sensor.pdns)")
    String bootstrap;

    @Option(names = "--sensor-id", paramLabel = "ID", description = "this sensor's name in the fleet (default: the host name)")
    String sensorId;

    @Option(names = "--no-files", description = "with --kafka: do not write dns.jsonl, smtp.jsonl and pdns.jsonl, only produce them")
    boolean noFiles;

    @Option(names = "--kafka-buffer", paramLabel = "N",
            description = "records held for Kafka at most; beyond, new ones are dropped and counted (default: ${DEFAULT-VALUE})")
    @Range(min = 1)
    int buffer = 100_000;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, ssl.*, sasl.* ...), applied last")
    Path clientConfig;

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS",
            description = "a record not acknowledged by then counts as failed; the end of a run waits this long"
                    + " for the last ones (default: ${DEFAULT-VALUE})")
    @Range(min = 0, minExclusive = true, max = 3600)
    double timeoutSeconds = 30;

    /** The settings, or null without {@code --kafka}. */
    FleetSettings toSettings() {
        if (bootstrap == null) {
            if (noFiles || sensorId != null || clientConfig != null) {
                throw new IllegalArgumentException("--no-files, --sensor-id and --kafka-config need --kafka");
            }
            return null;
        }
        if (!kafkaOnClassPath()) {
            throw new IllegalArgumentException("--kafka needs the Kafka client's jars on the class path"
                    + " (lib/fleet of the installed sensor; its launcher adds them when it sees --kafka)");
        }
        return new FleetSettings(bootstrap, sensorId != null ? sensorId : FleetSettings.hostName(), !noFiles, buffer,
                (long) (timeoutSeconds * 1000), clientProperties(clientConfig));
    }

    private static boolean kafkaOnClassPath() {
        try {
            Class.forName("org.apache.kafka.clients.producer.KafkaProducer", false, KafkaOptions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A Java properties file of Kafka client settings, or none. */
    static Map<String, String> clientProperties(Path file) {
        if (file == null) {
            return Map.of();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --kafka-config " + file + ": " + OutputFiles.reason(e));
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
