package sensor.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.ChildJvm;

/**
 * Every recipe of the README (a {@code ```sh recipe} block followed by a {@code ```text} block)
 * is run with bash and real jq, as a user would type it, in a directory holding the demo's
 * {@code sensor-out/} made by the README's own first command, and its output must be the one
 * printed below it. {@code ./sensor} there is a stub that runs this build's classes, so the
 * test never builds the jar.
 */
class ReadmeRecipesTest {
    static final Path README = Path.of("README.md");
    static final String DEMO = "./sensor replay --groups captures/demo-2016.groups captures/demo-2016.pcap";
    static final Pattern RECIPE = Pattern.compile("```sh recipe\\n(.*?)\\n```\\n```text\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    static Path work;

    record Recipe(String command, String expected) {}

    static List<Recipe> recipes(String readme) {
        List<Recipe> out = new ArrayList<>();
        Matcher m = RECIPE.matcher(readme);
        while (m.find()) {
            out.add(new Recipe(m.group(1), m.group(2)));
        }
        return out;
    }

    @BeforeAll
    static void demoReplay() throws Exception {
        if (!onPath("jq")) {
            String msg = "SKIPPED: no jq on PATH (apt-get install jq; ./sensor test installs it as root)";
            String ci = System.getenv("CI");
            if (ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"))) {
                fail(msg.substring("SKIPPED: ".length()) + " and CI=" + ci + ": the README's recipes must be run");
            }
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        Files.createSymbolicLink(work.resolve("captures"), Path.of("captures").toAbsolutePath());
        Path stub = work.resolve("sensor");
        String java = ChildJvm.java().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Files.writeString(stub, "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path") + "' sensor.cli.SensorCommand \"$@\"\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(Files.readString(README).contains("\n    " + DEMO + "\n"), "the README's first command is " + DEMO);
        Result r = bash(DEMO);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mail1.trump-email.com"), r.out());
        assertTrue(Files.isRegularFile(work.resolve("sensor-out/servers.jsonl")));
    }

    record Result(int code, String out, String err) {}

    static Result bash(String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(work.toFile());
        // The README's outputs are those of the C locale's sort.
        pb.environment().put("LC_ALL", "C");
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("still running after 120 s: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Lines without trailing blanks, no trailing empty lines: what a reader compares by eye. */
    static String normal(String text) {
        return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).stripTrailing();
    }

    @TestFactory
    List<DynamicTest> everyRecipePrintsWhatTheReadmeShows() throws IOException {
        List<Recipe> recipes = recipes(Files.readString(README));
        assertTrue(recipes.size() >= 12, "a dozen recipes at least, found " + recipes.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (Recipe r : recipes) {
            String name = r.command().length() > 90 ? r.command().substring(0, 90) + "…" : r.command();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Result got = bash(r.command());
                assertEquals("", got.err(), "nothing on stderr: " + r.command());
                assertEquals(normal(r.expected()), normal(got.out()), "the README's output of: " + r.command());
            }));
        }
        return tests;
    }
}
