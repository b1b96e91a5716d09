package sensor.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A field of a record file as its enum defines it ({@link DnsField}, {@link SmtpField},
 * {@link PdnsField}): the writer and the reader of the line take their fields from there, and
 * output.md is checked against it.
 */
public interface RecordField {
    /** The member's name in the line. */
    String json();

    /** Whether every line has it (possibly null); else it is written only when it applies. */
    boolean always();

    /**
     * The paths inside the member's value ({@code .aa} of an object, {@code [].name} of a list's
     * objects), as output.md names them after the member's own name.
     */
    List<String> inner();

    /** The member's path and every path inside it, as output.md lists them ({@code answers[].ttl}). */
    default List<String> paths() {
        List<String> out = new ArrayList<>();
        out.add(json());
        for (String p : inner()) {
            out.add(json() + p);
        }
        return out;
    }

    /** The fields of a record file by its name ({@code dns.jsonl}), or null for a file without an enum. */
    static List<? extends RecordField> of(String file) {
        return switch (file) {
            case "dns.jsonl" -> List.of(DnsField.values());
            case "smtp.jsonl" -> List.of(SmtpField.values());
            case "pdns.jsonl" -> List.of(PdnsField.values());
            default -> null;
        };
    }
}
