package sensor.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import sensor.live.LiveSensorProcess;
import sensor.testutil.ChildJvm;
import sensor.testutil.LoopbackDnsServer;

/**
 * The .deb as an operator meets it, on this machine (as root, as CI runs): installed with apt-get,
 * the unit checked by {@code systemd-analyze verify}, the unit's own ExecStart run as user
 * {@code sensor} holding only the capabilities the unit grants, in a mount namespace as read-only as
 * the unit's sandbox, while DNS goes over {@code lo}, the
 * same without CAP_NET_RAW, every command of the installed launcher, and a purge at the end,
 * failed or not. Runs when {@code -Dsensor.deb=FILE} names the package ({@code ./sensor test} does).
 */
@EnabledIfSystemProperty(named = "sensor.deb", matches = ".+")
class DebPackageTest {
    private static final Path UNIT = Path.of("/usr/lib/systemd/system/sensor@.service");
    private static final Path STATE = Path.of("/var/lib/sensor");
    private static final String[] ONLY_NET_RAW = {"--inh-caps", "-all,+net_raw", "--ambient-caps", "-all,+net_raw",
        "--bounding-set", "-all,+net_raw"};
    private static final String[] NO_CAPS = {"--inh-caps", "-all", "--ambient-caps", "-all", "--bounding-set", "-all"};

    /**
     * The unit's ProtectSystem=strict, ReadWritePaths, PrivateTmp and ProtectHome as a mount
     * namespace makes them where systemd is not there to: everything read-only but the instance's
     * output directory ($1), a private /tmp, no home directories.
     */
    private static final String SANDBOX = String.join("\n", "set -e", "rw=$1; shift",
            "mount --make-rprivate /", "mount -o remount,bind,ro /", "mount -t tmpfs -o mode=1777 tmpfs /tmp",
            "for d in /home /root /run/user; do if [ -d $d ]; then mount -t tmpfs -o ro,mode=0 tmpfs $d; fi; done",
            "mount --bind $rw $rw", "mount -o remount,bind,rw $rw", "exec \"$@\"");

    record Result(int status, String out, String err) {}

    @Test
    void installsRunsAsTheUnitWithOnlyCapNetRawAndPurges(@TempDir Path tmp) throws Exception {
        Path deb = Path.of(System.getProperty("sensor.deb")).toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(deb), "no package at " + deb);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "installing a package needs root");
        Result install = run(Map.of(), 300, "apt-get", "install", "-y", "-qq", "--no-install-recommends", deb.toString());
        assertEquals(0, install.status(), install.out() + install.err());
        try {
            installedFiles();
            Result verify = run(Map.of(), 60, "systemd-analyze", "verify", "sensor@lo.service");
            assertEquals(new Result(0, "", ""), verify, "systemd-analyze verify sensor@lo.service");
            captureAsTheUnit();
            refusedWithoutCapNetRaw();
            everyCommand(tmp);
        } finally {
            Result purge = run(Map.of(), 300, "apt-get", "purge", "-y", "-qq", "sensor");
            assertEquals(0, purge.status(), purge.out() + purge.err());
        }
        assertFalse(Files.exists(Path.of("/usr/bin/sensor")));
        assertFalse(Files.exists(STATE), "purge removes the records");
        assertFalse(Files.exists(Path.of("/etc/sensor")), "and the configuration");
        assertEquals(2, run(Map.of(), 10, "getent", "passwd", "sensor").status(), "and the user");
    }

    private static void installedFiles() throws Exception {
        for (String f : new String[] {"/usr/bin/sensor", "/etc/sensor/sensor.conf", "/etc/default/sensor",
            "/usr/share/bash-completion/completions/sensor", "/usr/share/man/man1/sensor.1.gz",
            "/usr/share/man/man1/sensor-live.1.gz", "/usr/share/doc/sensor/install.md", UNIT.toString()}) {
            assertTrue(Files.isRegularFile(Path.of(f)), f);
        }
        try (var jars = Files.list(Path.of("/usr/share/sensor/lib"))) {
            assertTrue(jars.anyMatch(p -> p.getFileName().toString().startsWith("dns-sensor-")), "the sensor's own jar");
        }
        try (var jars = Files.list(Path.of("/usr/share/sensor/lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    assertTrue(zip.stream().noneMatch(e -> !e.isDirectory() && e.getName().startsWith("sensor/scenario/")),
                            jar + ": the capture generators are test fixtures, not part of the package");
                }
            }
        }
        try (var jars = Files.list(Path.of("/usr/share/sensor/lib"))) {
            assertTrue(jars.noneMatch(p -> p.getFileName().toString().startsWith("kafka")), "Kafka only in lib/fleet");
        }
        assertEquals("sensor", Files.getOwner(STATE).getName());
        Result man = run(Map.of(), 30, "sh", "-c", "zcat /usr/share/man/man1/sensor-live.1.gz");
        assertTrue(man.out().contains("\\-\\-dir\\-per\\-run"), "the live man page documents the options");
    }

    /** The unit's ExecStart, its specifiers and environment variables expanded as systemd does. */
    private static List<String> execStart(String instance, Map<String, String> env) throws IOException {
        String line = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> words = new ArrayList<>();
        for (String w : line.substring("ExecStart=".length()).trim().split("\\s+")) {
            if (w.startsWith("$")) {
                String v = env.getOrDefault(w.replaceAll("[${}]", ""), "").trim();
                if (!v.isEmpty()) {
                    words.addAll(Arrays.asList(v.split("\\s+")));
                }
            } else {
                words.add(w.replace("%I", instance).replace("%i", instance));
            }
        }
        return words;
    }

    private static List<String> asSensor(String[] caps, List<String> command) {
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid", "sensor", "--regid", "sensor", "--init-groups"));
        c.addAll(Arrays.asList(caps));
        c.add("--no-new-privs");
        c.addAll(command);
        return c;
    }

    private static void captureAsTheUnit() throws Exception {
        // StateDirectory=sensor/%I: systemd makes the instance's directory, owned by the user
        assertEquals(0, run(Map.of(), 10, "install", "-d", "-o", "sensor", "-g", "sensor", "-m", "0750",
                STATE.resolve("lo").toString()).status());
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            // the per-instance options a drop-in would set: the test's DNS port, metrics on a free port
            Map<String, String> env = Map.of("SENSOR_OPTS", "--dns-ports " + dns.port() + " --metrics-port 0 --immediate"
                    + " --duration 60");
            List<String> sandboxed = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c", SANDBOX, "sandbox",
                    STATE.resolve("lo").toString()));
            sandboxed.addAll(asSensor(ONLY_NET_RAW, execStart("lo", env)));
            ProcessBuilder pb = new ProcessBuilder(sandboxed).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            serviceEnvironment(pb, env);
            Process sensor = pb.start();
            try {
                StringBuilder stderr = new StringBuilder();
                String url = LiveSensorProcess.awaitMetricsUrl(sensor, stderr);
                assertTrue(url.startsWith("http://127.0.0.1:"), url);
                for (int i = 0; i < 5; i++) {
                    LoopbackDnsServer.query(dns.port(), "pkg" + i + ".deb.test", 5300 + i);
                }
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.contains("sensor_"), "metrics served");
                assertEquals(0, run(Map.of(), 10, "kill", "-TERM", Long.toString(sensor.pid())).status());
                assertTrue(sensor.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM as systemd stops it");
                assertEquals(0, sensor.exitValue(), stderr.toString());
                Path run = STATE.resolve("lo").resolve("current").toRealPath();
                assertEquals("sensor", Files.getOwner(run.resolve("dns.jsonl")).getName());
                String records = Files.readString(run.resolve("dns.jsonl"));
                for (int i = 0; i < 5; i++) {
                    assertTrue(records.contains("\"pkg" + i + ".deb.test\""), "pkg" + i + " in " + records);
                }
            } finally {
                sensor.destroyForcibly();
                sensor.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void refusedWithoutCapNetRaw() throws Exception {
        Map<String, String> env = Map.of("SENSOR_OPTS", "--duration 5");
        Result r = run(env, 60, asSensor(NO_CAPS, execStart("lo", env)).toArray(String[]::new));
        assertEquals(1, r.status(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("sensor: lo: permission denied: capturing needs root or the CAP_NET_RAW"),
                lines.get(0));
        try (var entries = Files.list(STATE.resolve("lo"))) {
            assertEquals(2, entries.count(), "the refused start leaves no run directory: the earlier run and current");
        }
        assertTrue(Files.exists(STATE.resolve("lo/current/dns.jsonl")), "current still names the earlier run");
    }

    private static void everyCommand(Path tmp) throws Exception {
        Result version = run(Map.of(), 30, "sensor", "--version");
        assertEquals(0, version.status(), version.err());
        assertTrue(version.out().startsWith("sensor 0."), version.out());
        Path demo = Path.of("captures/demo-2016.pcap").toAbsolutePath();
        Result replay = run(Map.of(), 120, "sensor", "replay", "--quiet", "-o", tmp.resolve("newest").toString(),
                demo.toString());
        assertEquals(new Result(0, "", ""), replay);
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        if (Files.isDirectory(jdk17)) {
            // compiled for release 17: the same records on Debian's JRE 17 as on the newest JVM
            Result on17 = run(Map.of("JAVA_HOME", jdk17.toString()), 120, "sensor", "replay", "--quiet", "-o",
                    tmp.resolve("17").toString(), demo.toString());
            assertEquals(new Result(0, "", ""), on17);
            assertEquals(Files.readString(tmp.resolve("newest/dns.jsonl")), Files.readString(tmp.resolve("17/dns.jsonl")));
        }
        Result report = run(Map.of(), 60, "sensor", "report", "--format", "tsv", tmp.resolve("newest").toString());
        assertEquals(0, report.status(), report.err());
        assertTrue(report.out().contains("mail1.trump-email.com"), report.out());
        Result interfaces = run(Map.of(), 30, "sensor", "interfaces");
        assertEquals(0, interfaces.status(), interfaces.err());
        assertTrue(interfaces.out().lines().anyMatch(l -> l.startsWith("lo ")), interfaces.out());
        // aggregate gets lib/fleet: Kafka Streams loads, and refuses a state directory it cannot make
        Result aggregate = run(Map.of(), 60, "sensor", "aggregate", "--kafka", "127.0.0.1:1", "--state-dir",
                "/proc/no/such/dir");
        assertEquals(1, aggregate.status(), aggregate.err());
        assertTrue(aggregate.err().startsWith("sensor: cannot start the aggregate on --state-dir"), aggregate.err());
        assertEquals(1, aggregate.err().lines().count(), aggregate.err());
        List<String> java = ChildJvm.java();
        java.addAll(List.of("-cp", "/usr/share/sensor/lib/fleet/*:target/test-classes", FleetNatives.class.getName()));
        Result natives = run(Map.of(), 60, java.toArray(String[]::new));
        assertEquals(new Result(0, "ok\n", ""), natives, "RocksDB, zstd and snappy load their Linux natives");
    }

    /** What systemd puts in a service's environment for User=sensor, and the unit's variables. */
    private static void serviceEnvironment(ProcessBuilder pb, Map<String, String> env) {
        pb.environment().clear();
        pb.environment().putAll(Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME", STATE.toString(), "USER", "sensor", "LOGNAME", "sensor", "SHELL", "/usr/sbin/nologin"));
        pb.environment().putAll(env);
    }

    private static Result run(Map<String, String> env, int timeoutSeconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (command[0].equals("setpriv")) {
            serviceEnvironment(pb, env);
        } else {
            pb.environment().putAll(env);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        }
        Path out = Files.createTempFile("deb-test", ".out");
        Path err = Files.createTempFile("deb-test", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
