package sensor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sensor.output.ExclusivityReport;
import sensor.output.JsonLine;
import sensor.output.PairsOutput;

/** Prints tables as text (aligned, each shortened to its top rows), TSV (Zeek-style headers) or one JSON object. */
public final class TableFormat {
    public enum Format { TEXT, TSV, JSON }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final boolean nano;

    public TableFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    /** Text: a title, a header and aligned rows, at most {@code top} of them, then how many more. */
    public void text(PrintStream out, Table t, int top) {
        out.println();
        out.println(t.title() + ":");
        if (t.rows().isEmpty()) {
            out.println("  none");
            return;
        }
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[t.columns().size()];
        for (int c = 0; c < header.length; c++) {
            header[c] = t.columns().get(c).name();
        }
        lines.add(header);
        for (List<Object> row : t.rows().subList(0, Math.min(top, t.rows().size()))) {
            String[] cells = new String[header.length];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = text(t.columns().get(c).kind(), row.get(c));
            }
            lines.add(cells);
        }
        int[] width = new int[header.length];
        for (String[] l : lines) {
            for (int c = 0; c < l.length; c++) {
                width[c] = Math.max(width[c], l[c].length());
            }
        }
        for (String[] l : lines) {
            StringBuilder sb = new StringBuilder(" ");
            for (int c = 0; c < l.length; c++) {
                boolean right = t.columns().get(c).kind() != Table.Kind.TEXT && t.columns().get(c).kind() != Table.Kind.LIST
                        && t.columns().get(c).kind() != Table.Kind.TIME;
                String pad = " ".repeat(width[c] - l[c].length());
                sb.append(' ').append(right ? pad + l[c] : c == l.length - 1 ? l[c] : l[c] + pad);
            }
            out.println(sb);
        }
        if (t.rows().size() > top) {
            out.printf("  ... %,d more (--report-top, or --format tsv or json for all)%n", t.rows().size() - top);
        }
    }

    /** TSV: {@code #section NAME}, {@code #fields} and one line per row, every row; "-" for none. */
    public void tsv(PrintStream out, Table t) {
        out.println("#section\t" + t.name());
        StringBuilder sb = new StringBuilder("#fields");
        for (Table.Column c : t.columns()) {
            sb.append('\t').append(c.name());
        }
        out.println(sb);
        for (List<Object> row : t.rows()) {
            sb.setLength(0);
            for (int c = 0; c < row.size(); c++) {
                sb.append(c == 0 ? "" : "\t").append(tsv(t.columns().get(c).kind(), row.get(c)));
            }
            out.println(sb);
        }
    }

    /** One JSON object: the given fields, then each table as an array of objects under its name. */
    public void json(PrintStream out, Map<String, Object> head, List<Table> tables) {
        ObjectNode o = JSON.createObjectNode();
        head.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
        for (Table t : tables) {
            ArrayNode rows = o.putArray(t.name());
            for (List<Object> row : t.rows()) {
                ObjectNode r = rows.addObject();
                for (int c = 0; c < row.size(); c++) {
                    r.set(t.columns().get(c).name(), JSON.valueToTree(json(t.columns().get(c).kind(), row.get(c))));
                }
            }
        }
        try {
            out.println(JSON.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report table is not JSON", e);
        }
    }

    /** HTML: a table with a caption, at most {@code top} rows, then how many more; cells as in text. */
    public void html(StringBuilder out, Table t, int top) {
        out.append("<table>\n<caption>").append(HtmlReport.escape(t.title())).append("</caption>\n<tr>");
        for (Table.Column c : t.columns()) {
            out.append("<th>").append(HtmlReport.escape(c.name().replace('_', ' '))).append("</th>");
        }
        out.append("</tr>\n");
        for (List<Object> row : t.rows().subList(0, Math.min(top, t.rows().size()))) {
            out.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                Table.Kind kind = t.columns().get(c).kind();
                boolean number = kind != Table.Kind.TEXT && kind != Table.Kind.LIST && kind != Table.Kind.TIME;
                out.append(number ? "<td class=\"n\">" : "<td>").append(HtmlReport.escape(text(kind, row.get(c))))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        if (t.rows().isEmpty()) {
            out.append("<p class=\"more\">none</p>\n");
        } else if (t.rows().size() > top) {
            out.append(String.format("<p class=\"more\">… %,d more (sensor report --format tsv)</p>%n", t.rows().size() - top));
        }
    }

    private String text(Table.Kind kind, Object v) {
        if (v == null) {
            return "-";
        }
        return switch (kind) {
            case COUNT -> String.format("%,d", (Long) v);
            case SHARE -> ExclusivityReport.percent((Double) v);
            case RATIO -> String.format("%.2f", (Double) v);
            case P -> ExclusivityReport.pValue((Double) v);
            case TIME -> JsonLine.time((Long) v, nano);
            case SECONDS -> ExclusivityReport.duration((Double) v);
            case LIST -> String.join(", ", strings(v));
            default -> String.valueOf(v);
        };
    }

    private String tsv(Table.Kind kind, Object v) {
        Object j = json(kind, v);
        if (j == null) {
            return "-";
        }
        if (kind == Table.Kind.LIST) {
            return strings(j).isEmpty() ? "(empty)" : String.join(",", strings(j));
        }
        // Tabs and newlines would split a field (a banner or HELO name is the client's text).
        return String.valueOf(j).replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private Object json(Table.Kind kind, Object v) {
        if (v == null) {
            return null;
        }
        return switch (kind) {
            case SHARE, RATIO, SECONDS -> PairsOutput.round((Double) v);
            case P -> PairsOutput.significant((Double) v);
            case TIME -> JsonLine.time((Long) v, nano);
            default -> v;
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return (List<String>) v;
    }
}
