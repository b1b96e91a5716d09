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
        JsonLine j = line.begin();
        for (SmtpField f : FIELDS) {
            f.write(this, j, s);
        }
        return j.end();
    }
}
