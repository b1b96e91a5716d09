package sensor.output;

import sensor.decode.AddressTexts;
import sensor.decode.IpAddress;
import sensor.pairs.PassiveDns;

/** One {@code pdns.jsonl} line: the fields of {@link PdnsField}, in their order. */
public final class PdnsRecordFormat {
    private static final PdnsField[] FIELDS = PdnsField.values();
    private final JsonLine line = new JsonLine();
    private final AddressTexts addresses = new AddressTexts(4096);
    final boolean nano;

    public PdnsRecordFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    String address(IpAddress a) {
        return addresses.of(a);
    }

    /** The record as a finished line, valid until the next call. */
    public JsonLine line(PassiveDns.Entry e) {
        JsonLine j = line.begin();
        for (PdnsField f : FIELDS) {
            f.write(this, j, e);
        }
        return j.finish();
    }
}
