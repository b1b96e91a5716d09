package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import sensor.testutil.CliRun;

/**
 * Every option of every command, found through picocli's model, given values no run could use:
 * each is refused before the command runs, with exit 2, nothing on stdout and one line on stderr
 * (and the hint where to read more). An option added without a bad-value case here fails the test.
 */
class OptionValuesTest {
    /** Numeric options get their bad values from their {@link Range}; these are the others. */
    private static Map<String, List<String>> badValues(Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String missing = dir.resolve("missing").toString();
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put("--out", List.of(file.toString()));
        bad.put("--state-dir", List.of(file.toString()));
        bad.put("--html", List.of(dir.resolve("no-dir/report.html").toString(), dir.toString()));
        bad.put("--filter", List.of("port ((", "udp and and"));
        bad.put("--dns-ports", List.of("53,notaport", "0", "65536", ""));
        bad.put("--smtp-ports", List.of("25,notaport", "0", "65536"));
        bad.put("--anonymize-key", List.of(missing, file.toString()));
        bad.put("--groups", List.of(missing, file.toString()));
        bad.put("--kafka", List.of("127.0.0.1:notaport"));
        bad.put("--kafka-config", List.of(missing));
        bad.put("--sensor-id", List.of("without-kafka"));
        bad.put("--application-id", List.of("has space", "a/b"));
        bad.put("--window", List.of("soon", "-1h", "90x"));
        bad.put("--retain", List.of("soon", "-1h", "0"));
        bad.put("--metrics-bind", List.of("999.1.1.1", "metrics.example", ":::1"));
        bad.put("--format", List.of("yaml"));
        bad.put("--since", List.of("yesterday"));
        bad.put("--until", List.of("2016-13-45"));
        return bad;
    }

    /** Options where every value means something: a subject no record names is exit 1, said in one line. */
    private static final List<String> ANY_VALUE = List.of("--server", "--name", "--client");

    /** The command's required arguments, so that the option under test is what is refused. */
    private static List<String[]> base(String command, Path dir) {
        String out = dir.resolve("out").toString();
        return switch (command) {
            case "replay" -> List.of(new String[] {"--quiet"}, new String[] {"-o", out},
                    new String[] {Path.of("captures", "demo-2016.pcap").toString()});
            case "live" -> List.of(new String[] {"-i", "lo"}, new String[] {"--duration", "1"},
                    new String[] {"-o", out}, new String[] {"--quiet"});
            case "aggregate" -> List.of(new String[] {"--kafka", "127.0.0.1:1"}, new String[] {"--duration", "1"},
                    new String[] {"--state-dir", dir.resolve("state").toString()}, new String[] {"--quiet"});
            case "report" -> List.<String[]>of(new String[] {dir.resolve("no-such-run").toString()});
            default -> List.of();
        };
    }

    @Test
    void everyOptionOfEveryCommandRefusesABadValueInOneLine(@TempDir Path dir) throws Exception {
        Map<String, List<String>> bad = badValues(dir);
        List<String> missingCases = new ArrayList<>();
        int cases = 0;
        for (CommandLine sub : SensorCommand.commandLine().getSubcommands().values()) {
            String command = sub.getCommandName();
            for (OptionSpec o : sub.getCommandSpec().options()) {
                String name = o.longestName();
                List<String> values = new ArrayList<>();
                if (o.arity().max() == 0) {
                    values.add(name + "=maybe");
                } else if (isNumber(o.type())) {
                    Range r = OptionCheck.range(o);
                    if (r == null) {
                        missingCases.add(command + " " + name + " (numeric, no @Range)");
                        continue;
                    }
                    values.addAll(outside(r, o.type()));
                    values.add("x");
                } else if (bad.containsKey(name)) {
                    bad.get(name).forEach(v -> values.add(name + "=" + v));
                } else if (name.equals("--interface")) {
                    CliRun r = run(command, "-i", "nosuchif0", "--duration", "1", "-o", dir.resolve("out").toString());
                    assertEquals(1, r.code(), "an input that cannot be opened is exit 1, as a missing file is");
                    assertEquals(List.of("sensor: nosuchif0: no such interface (see: sensor interfaces)"), lines(r.err()));
                    cases++;
                    continue;
                } else if (!ANY_VALUE.contains(name)) {
                    missingCases.add(command + " " + name);
                    continue;
                }
                for (String v : values) {
                    String arg = v.startsWith("-") && v.contains("=") ? v : name + "=" + v;
                    assertRefused(command, name, withBase(base(command, dir), o, arg));
                    cases++;
                }
            }
        }
        if (!missingCases.isEmpty()) {
            fail("options without a bad-value case: " + missingCases);
        }
        assertTrue(cases > 100, cases + " cases");
    }

    /** Values the options accept one by one but not together. */
    @Test
    void combinationsNoRunCouldUseAreRefusedTheSameWay(@TempDir Path dir) {
        String demo = Path.of("captures", "demo-2016.pcap").toString();
        String out = dir.resolve("out").toString();
        assertRefused("replay", "--smtp-ports", List.of("--dns-ports", "53", "--smtp-ports", "53", "-o", out, demo));
        assertRefused("live", "--smtp-ports", List.of("-i", "lo", "--duration", "1", "--dns-ports", "25,53", "-o", out));
        assertRefused("aggregate", "--replication", List.of("--kafka", "127.0.0.1:1", "--replication", "0"));
        assertRefused("live", "--interface", List.of("-i", "lo", "-i", "lo", "--duration", "1", "-o", out));
        assertRefused("replay", "--anonymize-names", List.of("--anonymize-names", "-o", out, demo));
        assertRefused("report", "--since", List.of("--since", "2016-09-28", "--until", "2016-09-27", out));
    }

    @Test
    void theRangeIsSaidInWords() {
        CliRun r = run("live", "-i", "lo", "--duration", "-5");
        assertEquals(List.of("--duration must be at least 1, not -5", "see 'sensor live --help'"), lines(r.err()));
        r = run("live", "-i", "lo", "--metrics-port", "99999");
        assertEquals("--metrics-port must be from 0 to 65535, not 99999", lines(r.err()).get(0));
        r = run("replay", "--exclusive-share", "0", "x.pcap");
        assertEquals("--exclusive-share must be more than 0 and at most 1, not 0", lines(r.err()).get(0));
        r = run("live", "-i", "lo", "--ring-frames", "3");
        assertEquals("--ring-frames must be a power of two from 2 to 1073741824, not 3", lines(r.err()).get(0));
        r = run("replay", "--groups", "/nonexistent/groups.txt", "x.pcap");
        assertEquals("cannot read --groups /nonexistent/groups.txt: no such file or directory", lines(r.err()).get(0));
    }

    private static void assertRefused(String command, String option, List<String> args) {
        List<String> full = new ArrayList<>();
        full.add(command);
        full.addAll(args);
        CliRun r = run(full.toArray(String[]::new));
        String what = String.join(" ", full) + "\nstderr: " + r.err();
        assertEquals(2, r.code(), what);
        assertEquals("", r.out(), what);
        List<String> err = lines(r.err());
        assertEquals(2, err.size(), what);
        assertEquals("see 'sensor " + command + " --help'", err.get(1), what);
        String line = err.get(0);
        String shortName = option.replaceFirst("^--", "");
        assertTrue(line.contains(shortName) || args.stream().anyMatch(a -> a.length() > 2 && line.contains(a)), what);
        assertTrue(!line.contains("Exception") && !line.contains("\tat "), what);
    }

    /** The base arguments without the option under test (given twice, picocli would refuse that instead), then it. */
    private static List<String> withBase(List<String[]> base, OptionSpec o, String arg) {
        List<String> args = new ArrayList<>();
        for (String[] pair : base) {
            if (!List.of(o.names()).contains(pair[0])) {
                args.addAll(List.of(pair));
            }
        }
        args.add(0, arg); // before a positional argument, which picocli could take for the option's value
        return args;
    }

    private static List<String> outside(Range r, Class<?> type) {
        boolean integral = type != double.class && type != Double.class && type != float.class;
        List<String> v = new ArrayList<>();
        if (r.min() != Double.NEGATIVE_INFINITY) {
            double below = r.minExclusive() ? r.min() : r.min() - (integral ? 1 : 0.001);
            v.add(integral ? Long.toString((long) below) : Double.toString(below));
        }
        if (r.max() != Double.POSITIVE_INFINITY) {
            v.add(integral ? Long.toString((long) r.max() + 1) : Double.toString(r.max() * 1.5 + 1));
        }
        if (r.powerOfTwo()) {
            v.add(Long.toString((long) r.min() + 1 == 3 ? 3 : (long) r.min() * 3));
        }
        if (!integral) {
            v.add("NaN");
        }
        return v;
    }

    private static boolean isNumber(Class<?> t) {
        return t == int.class || t == long.class || t == short.class || t == double.class || Number.class.isAssignableFrom(t);
    }

    /** stderr's lines without those Jazzer's agent writes into the test JVM's stderr. */
    private static List<String> lines(String s) {
        return s.lines().filter(l -> !l.startsWith("INFO: ") && !l.isBlank()).toList();
    }

    /** A value that is not refused may mean a run that never ends (live without --duration): that fails too. */
    private static CliRun run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRun.execute(args), () -> String.join(" ", args));
    }
}
