package sensor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sensor.cli.SensorCommand;

/**
 * The demo's HTML report: one self-contained page whose charts have drawn bars and the rename
 * marked, written by replay and report alike, and read in a real browser where Debian's chromium is installed.
 */
class HtmlReportTest {
    static final Path CAPTURES = Path.of("captures");
    static final String GROUPS = CAPTURES.resolve("demo-2016.groups").toString();
    /** The first series' colour (the bank, the largest party in both charts). */
    static final int BANK_BLUE = 0x1f77b4;
    @TempDir
    static Path tmp;
    static Path fromReplay;
    static String page;

    @BeforeAll
    static void replay() throws IOException {
        fromReplay = tmp.resolve("replay.html");
        assertEquals(0, run("replay", "--quiet", "--groups", GROUPS, "-o", tmp.resolve("out").toString(), "--html",
                fromReplay.toString(), CAPTURES.resolve("demo-2016.pcap").toString()));
        page = Files.readString(fromReplay);
    }

    private static int run(String... args) {
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = SensorCommand.commandLine();
            cl.setOut(new PrintWriter(System.out, true));
            return cl.execute(args);
        } finally {
            System.setOut(oldOut);
        }
    }

    private static List<String> charts(String html) {
        List<String> svgs = new ArrayList<>();
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            svgs.add(m.group());
        }
        return svgs;
    }

    @Test
    void onePageWithNothingToFetch() {
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        assertFalse(page.contains("://"), "no URL at all: nothing is fetched when the page opens");
        assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find());
        assertTrue(page.length() < 200_000, "bounded: " + page.length());
    }

    @Test
    void theEvidenceAndEachExclusiveNamesTimelineWithItsRename() {
        assertTrue(page.contains("<td>mail1.trump-email.com</td>"), "the exclusive name");
        assertTrue(page.contains("203.0.113.15 124 (49.8%, lift 3.62)"), "its dominant client with count, share, lift");
        assertTrue(page.contains("<td class=\"n\">3.8e-93</td>"), "its p-value");
        List<String> svgs = charts(page);
        assertEquals(2, svgs.size(), "one timeline per exclusive name (its two levels share one)");
        assertTrue(svgs.get(0).contains("name mail1.trump-email.com") && svgs.get(0).contains("renamed to trump1.contact-client.com"));
        assertTrue(svgs.get(1).contains("name trump1.contact-client.com") && svgs.get(1).contains("renamed from mail1.trump-email.com"));
        for (String svg : svgs) {
            // drawn bars in the bank's colour, a legend naming it, and an honest axis from 0
            assertTrue(svg.split("fill:rgb\\(31,119,180\\)", -1).length - 1 >= 3, svg.substring(0, 200));
            assertTrue(svg.contains(">bank</text>") && svg.contains(">0</text>"));
        }
        assertTrue(page.contains("SMTP to 192.0.2.29: 20 attempts"));
        assertTrue(page.contains("decode error: dns_truncated_message"), "the data-quality panel reads summary.json");
    }

    @Test
    void reportWritesTheSamePageAsReplay() throws IOException {
        Path html = tmp.resolve("report.html");
        assertEquals(0, run("report", "--groups", GROUPS, "--html", html.toString(), tmp.resolve("out").toString()));
        assertEquals(page, Files.readString(html));
    }

    /** Debian's chromium, or null (the test then says why it is skipped). */
    private static Path chromium() {
        for (String p : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    private static String browse(Path browser, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("chromium-profile")));
        cmd.addAll(List.of(args));
        cmd.add(fromReplay.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void chromiumShowsTheTextAndDrawsTheBars() throws Exception {
        Path browser = chromium();
        if (browser == null) {
            System.err.println("HtmlReportTest: skipped, Debian's chromium is not installed (apt-get install chromium)");
        }
        Assumptions.assumeTrue(browser != null, "chromium is not installed");
        String dom = browse(browser, "--dump-dom");
        assertTrue(dom.contains("Exclusive servers and names") && dom.contains("renamed to trump1.contact-client.com"),
                dom.length() > 300 ? dom.substring(0, 300) : dom);
        Path shot = Path.of("target", "html-report-demo.png"); // kept as the test's artifact
        Files.createDirectories(shot.getParent());
        browse(browser, "--window-size=1200,1400", "--screenshot=" + shot.toAbsolutePath());
        BufferedImage image = ImageIO.read(shot.toFile());
        long blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                blue += (image.getRGB(x, y) & 0xffffff) == BANK_BLUE ? 1 : 0;
            }
        }
        // The bank's bars of both charts: tens of thousands of pixels on this page, none without charts.
        assertTrue(blue > 10_000, "bank-blue pixels in the screenshot: " + blue);
    }
}
