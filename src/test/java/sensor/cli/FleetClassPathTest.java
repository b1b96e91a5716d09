package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.ChildJvm;

/**
 * The installed sensor puts the Kafka client, Kafka Streams and RocksDB (lib/fleet) on the class
 * path only for {@code aggregate} and {@code --kafka}: every other command must load and run
 * without them. Here the commands run in a JVM whose class path is the test's less those jars.
 */
class FleetClassPathTest {
    private static final List<String> FLEET = List.of("/org/apache/kafka/", "/org/rocksdb/", "/com/github/luben/",
            "/org/lz4/", "/org/xerial/snappy/");
    private static final String DEMO = "captures/demo-2016.pcap";

    record Result(int status, String out, String err) {}

    private static Result sensor(Path tmp, String... args) throws Exception {
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> FLEET.stream().noneMatch(entry.replace(File.separatorChar, '/')::contains))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = ChildJvm.java();
        cmd.addAll(List.of("-cp", classPath, "sensor.cli.SensorCommand"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not end");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void everyCommandButTheFleetsRunsWithoutKafkasJars(@TempDir Path tmp) throws Exception {
        Result help = sensor(tmp, "--help");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().contains("aggregate"), help.out());
        Path out = tmp.resolve("out");
        Result replay = sensor(tmp, "replay", "--quiet", "-o", out.toString(), DEMO);
        assertEquals(new Result(0, "", ""), replay);
        Result kafka = sensor(tmp, "replay", "--quiet", "--kafka", "127.0.0.1:1", "-o", out.toString(), DEMO);
        assertEquals(2, kafka.status(), "a usage error, not a NoClassDefFoundError: " + kafka.err());
        assertEquals(List.of("--kafka needs the Kafka client's jars on the class path (lib/fleet of the installed sensor;"
                + " its launcher adds them when it sees --kafka)", "see 'sensor replay --help'"), kafka.err().lines().toList());
    }
}
