package sensor.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.SimpleTimePeriod;
import org.jfree.data.time.TimeTableXYDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * A stacked bar chart of counts per time bin and party (client or organisation), with events
 * marked as vertical lines, drawn by JFreeChart into an inline SVG element. The y-axis starts at
 * zero and says what a bar counts.
 */
public final class TimelineChart {
    static {
        // Drawing to SVG needs fonts, never a display: a DISPLAY left set must not be opened.
        System.setProperty("java.awt.headless", "true");
    }

    /** Bin widths tried in order: the first that gives at most {@link #MAX_BINS} bins over the span. */
    private static final long[] BIN_SECONDS = {60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400};
    static final int MAX_BINS = 80;
    /** Series colours, distinguishable and printable; the last is for "other clients". */
    static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0x999999)};

    /** One event line: where and what. */
    public record Mark(long tsNanos, String label) {}

    private TimelineChart() {}

    /**
     * Null when Java can measure text, else why not: a JRE without fontconfig or without any font
     * (a minimal container) fails inside its font system on the first string a chart measures.
     */
    public static String fontsMissing() {
        try {
            Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
            try {
                g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 11)).stringWidth("0");
            } finally {
                g.dispose();
            }
            return null;
        } catch (RuntimeException | InternalError | LinkageError e) {
            // The JDK says "Fontconfig head is null" on 25, an InternalError around a reflection error on 17.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() != null ? root.getMessage() : e.getMessage();
            return why != null ? why.replace('\n', ' ') : e.getClass().getSimpleName();
        }
    }

    /** The bin width in seconds for a span of capture time. */
    static long binSeconds(long spanNanos) {
        for (long b : BIN_SECONDS) {
            if (spanNanos / 1_000_000_000L / b < MAX_BINS) {
                return b;
            }
        }
        return BIN_SECONDS[BIN_SECONDS.length - 1];
    }

    /**
     * The chart as an {@code <svg>} element.
     *
     * @param counts party to (bin start in epoch seconds to count), the parties in stacking order
     * @param binSeconds the bins' width
     * @param span   first and last capture time of the whole report, in epoch nanoseconds: every
     *               chart shows all of it, so when a name came and went reads at a glance
     * @param id     unique within the page (SVG definitions such as clip paths are named after it)
     */
    public static String svg(String title, String what, Map<String, Map<Long, Long>> counts, long binSeconds,
            long[] span, List<Mark> marks, String id, int width, int height) {
        TimeTableXYDataset data = new TimeTableXYDataset(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        // Every party has every bin (0 where it made none): a table dataset stacks by bin.
        TreeSet<Long> bins = new TreeSet<>();
        counts.values().forEach(m -> bins.addAll(m.keySet()));
        for (Map.Entry<String, Map<Long, Long>> e : counts.entrySet()) {
            for (long b : bins) {
                data.add(new SimpleTimePeriod(new Date(b * 1000), new Date((b + binSeconds) * 1000 - 1)),
                        e.getValue().getOrDefault(b, 0L), e.getKey(), false);
            }
        }
        DateAxis time = new DateAxis("capture time (UTC)");
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        SimpleDateFormat day = new SimpleDateFormat(binSeconds >= 3600 ? "MM-dd" : "MM-dd HH:mm", Locale.ROOT);
        day.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(day);
        long binMillis = binSeconds * 1000;
        time.setRange(new Date(Math.floorDiv(span[0] / 1_000_000, binMillis) * binMillis),
                new Date((Math.floorDiv(span[1] / 1_000_000, binMillis) + 1) * binMillis));
        NumberAxis count = new NumberAxis(what + " per " + binText(binSeconds));
        count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        count.setAutoRangeIncludesZero(true);
        StackedXYBarRenderer bars = new StackedXYBarRenderer(0.1);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        for (int i = 0; i < counts.size(); i++) {
            bars.setSeriesPaint(i, i == counts.size() - 1 && counts.containsKey(HtmlReport.OTHERS)
                    ? COLOURS[COLOURS.length - 1] : COLOURS[i % (COLOURS.length - 1)]);
        }
        XYPlot plot = new XYPlot(data, time, count, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        for (Mark m : marks) {
            ValueMarker line = new ValueMarker(m.tsNanos() / 1_000_000.0, Color.BLACK,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 3}, 0));
            line.setLabel(m.label());
            line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            line.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            line.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(line);
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id);
        // Two decimals of a pixel: the file stays small and the drawing is the same.
        g.setGeomDoubleConverter(v -> String.format(Locale.ROOT, "%.2f", v));
        chart.draw(g, new Rectangle(0, 0, width, height));
        // Inline in HTML the parser knows the SVG namespace: the declarations would be the page's only URLs.
        return g.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null)
                .replaceAll(" xmlns(:\\w+)?=('[^']*'|\"[^\"]*\")", "");
    }

    static String binText(long s) {
        if (s % 86_400 == 0) {
            return s == 86_400 ? "day" : s / 86_400 + " days";
        }
        if (s % 3600 == 0) {
            return s == 3600 ? "hour" : s / 3600 + " hours";
        }
        return s / 60 + " min";
    }
}
