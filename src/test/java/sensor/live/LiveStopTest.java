package sensor.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sensor.testutil.LoopbackCapture;
import sensor.testutil.LoopbackDnsServer;

/**
 * {@code sensor live} stops within a bounded time while its capture thread waits in libpcap for a
 * packet that never comes, on every JDK found here and both bindings of pcap_next_ex (JNA, and
 * the foreign-function one where the JDK and the build have it): on SIGINT even when started the
 * way a script's {@code &} starts it (SIGINT ignored), and at the end of {@code --duration}. What
 * was decoded before the stop is written. Needs the capability to capture on lo; no packet leaves it.
 */
class LiveStopTest {
    /** How long a stop may take: it takes a fraction of a second; a stuck sensor never ends. */
    private static final long STOP_BOUND_SECONDS = 15;
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    /** One way to run the sensor: a JDK's java and the JVM options that pick the binding. */
    record Runtime(String label, Path java, List<String> jvmOptions) {
        @Override
        public String toString() {
            return label;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void sigintStopsAnIdleCaptureStartedWithSigintIgnored(Runtime runtime, @TempDir Path out) throws Exception {
        LoopbackCapture.require();
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            List<String> cmd = command(runtime, out, "--dns-ports", Integer.toString(dns.port()), "--duration", "300");
            try (LiveSensorProcess.Child child = LiveSensorProcess.startInBackground(cmd)) {
                StringBuilder stderr = new StringBuilder();
                String metricsUrl = LiveSensorProcess.awaitMetricsUrl(child.process(), stderr);
                Set<String> names = Set.of("a.stop.test", "b.stop.test", "c.stop.test");
                int id = 3000;
                for (String name : names) {
                    LoopbackDnsServer.query(dns.port(), name, ++id);
                }
                long messages = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < deadline && messages < 6) {
                    messages = LiveSensorProcess.metric(LiveSensorProcess.scrape(metricsUrl),
                            "sensor_dns_messages_total{opcode=\"QUERY\"}");
                    Thread.sleep(100);
                }
                assertEquals(6, messages, "3 queries + 3 responses decoded");
                // Nothing more passes the filter: the capture thread now waits in pcap_next_ex.
                Thread.sleep(500);

                long sent = System.nanoTime();
                new ProcessBuilder("kill", "-INT", Long.toString(child.sensorPid())).start().waitFor();
                boolean ended = child.process().waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS);
                double took = (System.nanoTime() - sent) / 1e9;
                assertTrue(ended, runtime + ": no stop within " + STOP_BOUND_SECONDS + " s of SIGINT\n" + stderr);
                assertEquals(0, child.process().exitValue(), runtime + ", stopped in " + took + " s\n" + stderr);

                Set<String> answered = new HashSet<>();
                ObjectMapper json = new ObjectMapper();
                for (String line : Files.readAllLines(out.resolve("dns.jsonl"))) {
                    var r = json.readTree(line);
                    assertEquals("answered", r.get("status").asText(), line);
                    answered.add(r.get("qname").asText());
                }
                assertEquals(names, answered, runtime.label());
                assertTrue(Files.exists(out.resolve("summary.json")), "summary.json");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimes")
    void durationEndsACaptureThatNeverSeesAPacket(Runtime runtime, @TempDir Path out) throws Exception {
        LoopbackCapture.require();
        // A port nothing uses and a filter nothing passes: pcap_next_ex never returns a frame.
        List<String> cmd = command(runtime, out, "--dns-ports", "9", "--smtp-ports", "7", "--filter", "udp port 9",
                "--duration", "1");
        try (LiveSensorProcess.Child child = LiveSensorProcess.start(cmd)) {
            StringBuilder stderr = new StringBuilder();
            LiveSensorProcess.awaitMetricsUrl(child.process(), stderr);
            long ready = System.nanoTime();
            boolean ended = child.process().waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS);
            double took = (System.nanoTime() - ready) / 1e9;
            assertTrue(ended, runtime + ": --duration 1 still running after " + STOP_BOUND_SECONDS + " s\n" + stderr);
            assertEquals(0, child.process().exitValue(), runtime + ", ended in " + took + " s\n" + stderr);
            var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertEquals(0, summary.get("packets").asLong(), summary.toString());
            assertEquals(0, summary.get("dns_messages").asLong(), summary.toString());
        }
    }

    private static List<String> command(Runtime runtime, Path out, String... options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(runtime.java().toString());
        cmd.addAll(runtime.jvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand", "live", "-i", "lo",
                "--metrics-port", "0", "-o", out.toString()));
        cmd.addAll(List.of(options));
        return cmd;
    }

    /**
     * This test's JDK, and each other JDK 17 or later under /usr/lib/jvm (one per feature
     * version); on a JDK 22 or later with the foreign binding built, both bindings.
     */
    static Stream<Runtime> runtimes() throws IOException {
        Map<Integer, Path> jdks = new LinkedHashMap<>();
        Path home = Path.of(System.getProperty("java.home"));
        jdks.put(java.lang.Runtime.version().feature(), home);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                for (Path dir : dirs.sorted().toList()) {
                    Integer feature = feature(dir);
                    if (feature != null && feature >= 17 && Files.isExecutable(dir.resolve("bin/java"))) {
                        jdks.putIfAbsent(feature, dir);
                    }
                }
            }
        }
        boolean foreignBuilt = LiveStopTest.class.getClassLoader().getResource("sensor/capture/ForeignNextEx.class")
                != null;
        List<Runtime> runtimes = new ArrayList<>();
        for (Map.Entry<Integer, Path> jdk : jdks.entrySet()) {
            Path java = jdk.getValue().resolve("bin/java");
            int feature = jdk.getKey();
            List<String> options = feature >= 22 ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();
            if (feature >= 22 && foreignBuilt) {
                runtimes.add(new Runtime("JDK " + feature + ", foreign binding", java, options));
                List<String> jna = new ArrayList<>(options);
                jna.add("-Dsensor.pcap.foreign=false");
                runtimes.add(new Runtime("JDK " + feature + ", JNA binding", java, jna));
            } else {
                runtimes.add(new Runtime("JDK " + feature + ", JNA binding", java, options));
            }
        }
        return runtimes.stream();
    }

    /** A JDK's feature version from its release file, or null. */
    private static Integer feature(Path jdk) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(jdk.resolve("release")));
            return m.find() ? Integer.valueOf(m.group(1)) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
