package sensor.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One section of a report as rows of typed cells, so text, TSV and JSON print the same facts:
 * a share is a number in TSV and JSON and a percentage in text.
 */
public record Table(String name, String title, List<Column> columns, List<List<Object>> rows) {

    /** How a column's cells print; null cells are "-" in text and TSV and null in JSON. */
    public enum Kind {
        /** a String */
        TEXT,
        /** a Long */
        COUNT,
        /** a Double in [0, 1] */
        SHARE,
        /** a Double (lift) */
        RATIO,
        /** a Double p-value */
        P,
        /** a Long, epoch nanoseconds */
        TIME,
        /** a Double, seconds */
        SECONDS,
        /** a Boolean */
        FLAG,
        /** a List of Strings */
        LIST
    }

    public record Column(String name, Kind kind) {}

    public static Table of(String name, String title, Column... columns) {
        return new Table(name, title, List.of(columns), new ArrayList<>());
    }

    public static Column col(String name, Kind kind) {
        return new Column(name, kind);
    }

    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(name + ": " + cells.length + " cells for " + columns.size() + " columns");
        }
        rows.add(Arrays.asList(cells));
        return this;
    }
}
