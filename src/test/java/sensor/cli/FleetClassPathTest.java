package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed sensor puts the Kafka client, Kafka Streams and RocksDB (lib/fleet) on the class
 * path only for {@code aggregate} and {@code --kafka}: every other command must load and run
 * without them. Here the commands run in a class loader of the test's class path less those jars.
 */
class FleetClassPathTest {
    private static final List<String> FLEET = List.of("/org/apache/kafka/", "/org/rocksdb/", "/com/github/luben/",
            "/org/lz4/", "/org/xerial/snappy/");
    private static final String DEMO = "captures/demo-2016.pcap";

    private static URLClassLoader withoutFleet() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String unix = entry.replace(File.separatorChar, '/');
            if (FLEET.stream().noneMatch(unix::contains)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** Runs the whole command line (every subcommand registered) in {@code loader}; returns exit status and output. */
    private static Object[] run(ClassLoader loader, String... args) throws Exception {
        Object cl = loader.loadClass("sensor.cli.SensorCommand").getMethod("commandLine").invoke(null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.getClass().getMethod("setOut", PrintWriter.class).invoke(cl, new PrintWriter(out, true));
        cl.getClass().getMethod("setErr", PrintWriter.class).invoke(cl, new PrintWriter(err, true));
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(report, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int status = (Integer) cl.getClass().getMethod("execute", String[].class).invoke(cl, (Object) args);
            return new Object[] {status, out + report.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void everyCommandButTheFleetsRunsWithoutKafkasJars(@TempDir Path out) throws Exception {
        try (URLClassLoader loader = withoutFleet()) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.apache.kafka.common.KafkaException"));
            Object[] help = run(loader, "--help");
            assertEquals(0, help[0], (String) help[2]);
            assertTrue(((String) help[1]).contains("aggregate"), (String) help[1]);
            for (String command : new String[] {"replay", "live", "interfaces", "aggregate", "report"}) {
                assertEquals(0, run(loader, command, "--help")[0], command);
            }
            Object[] replay = run(loader, "replay", "--quiet", "-o", out.toString(), DEMO);
            assertEquals(0, replay[0], (String) replay[2]);
            assertTrue(Files.size(out.resolve("dns.jsonl")) > 0);
            Object[] report = run(loader, "report", "--format", "tsv", out.toString());
            assertEquals(0, report[0], (String) report[2]);
            Object[] kafka = run(loader, "replay", "--quiet", "--kafka", "127.0.0.1:1", "-o", out.toString(), DEMO);
            assertEquals(2, kafka[0], "a usage error, not a NoClassDefFoundError");
            assertEquals(1, ((String) kafka[2]).lines().count(), (String) kafka[2]);
            assertTrue(((String) kafka[2]).contains("--kafka needs the Kafka client's jars"), (String) kafka[2]);
        }
    }
}
