package sensor.output;

import sensor.smtp.SmtpSession;

/** One {@code smtp.jsonl} line: the fields of {@link SmtpField}, in their order. */
public final class SmtpRecordFormat {
    private static final SmtpField[] FIELDS = SmtpField.values();
    private final JsonLine line = new JsonLine();
    final boolean nano;

    public SmtpRecordFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    public String format(SmtpSession s) {
        return line(s).toString();
    }

    /** The line as bytes, for a record file: no String to make and encode again. Reused by the next call. */
    public JsonLine line(SmtpSession s) {
        JsonLine j = line.begin();
        for (SmtpField f : FIELDS) {
            f.write(this, j, s);
        }
        return j.finish();
    }
}
