package sensor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.testutil.ChildJvm;

/**
 * {@code --html} on a Java that finds no fonts (a minimal container: no fontconfig configuration,
 * no font files) writes the page without its charts and says so in one line, where it used to end
 * the run with a fatal error. The child JVM gets a fontconfig file naming no font directory, and
 * a home of its own, where the JDK's cache of an earlier run's fonts cannot help it.
 */
class FontlessHtmlTest {
    @Test
    void thePageIsWrittenWithoutChartsAndOneWarning(@TempDir Path tmp) throws Exception {
        Path conf = tmp.resolve("fonts.conf");
        Files.writeString(conf, "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path html = tmp.resolve("report.html");
        List<String> cmd = ChildJvm.java();
        cmd.add("-Duser.home=" + home);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "sensor.cli.SensorCommand",
                "replay", "--quiet", "--groups", "captures/demo-2016.groups", "-o", tmp.resolve("out").toString(),
                "--html", html.toString(), "captures/demo-2016.pcap"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        pb.environment().put("FONTCONFIG_FILE", conf.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "replay did not finish");
        String err = Files.readString(tmp.resolve("stderr"));
        String page = Files.readString(html);
        assumeFalse(err.isEmpty() && page.contains("<svg"), "this JDK draws text without fontconfig (fonts of its own)");
        assertEquals(0, p.exitValue(), err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("sensor: warning: --html " + html + ": no fonts for the charts ("), err);
        assertTrue(lines.get(0).endsWith("install fontconfig and a font (Debian: apt-get install fontconfig"
                + " fonts-dejavu-core)"), err);
        assertFalse(page.contains("<svg"), "no chart without fonts");
        assertTrue(page.contains("<p class=\"more\">No charts: this Java finds no fonts to draw them with ("), page);
        // Everything else is there: the evidence tables, the rename, SMTP and data quality.
        for (String s : List.of("Exclusive servers and names", "mail1.trump-email.com", "trump1.contact-client.com",
                "SMTP outcomes", "Data quality", "</html>")) {
            assertTrue(page.contains(s), s);
        }
        assertTrue(Files.size(tmp.resolve("out").resolve("dns.jsonl")) > 0);
    }
}
