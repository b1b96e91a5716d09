package sensor.output;

import sensor.decode.IpAddress;
import sensor.txn.DnsTransaction;

/** One {@code dns.jsonl} line: the fields of {@link DnsField}, in their order. */
public final class DnsRecordFormat {
    private final JsonLine line = new JsonLine();
    // 64 Ki slots (4 MB): on the benchmark's 10,000 clients 4 Ki slots missed a quarter of the
    // lookups (each a formatted text), 64 Ki miss 2%.
    private final AddressBytes addresses = new AddressBytes(1 << 16);
    final boolean nano;
    /** Whether the line being written is of a record made from evicted state. */
    boolean evicted;

    public DnsRecordFormat(boolean nanoPrecision) {
        this.nano = nanoPrecision;
    }

    JsonLine address(JsonLine j, IpAddress a) {
        int at = addresses.of(a);
        return j.put('"').ascii(addresses.bytes(), at, addresses.length(at)).put('"');
    }

    /** The record as a finished line, valid until the next call. */
    public JsonLine line(DnsTransaction t) {
        return line(t, false);
    }

    /**
     * With {@code evicted}: the record was made from state a table's cap evicted (its status is
     * the sensor's loss, not the network's), written as {@code "evicted": true}.
     */
    public JsonLine line(DnsTransaction t, boolean evicted) {
        this.evicted = evicted;
        JsonLine j = line.begin();
        // DnsField's constants in their order, one call each, so that the JIT sees straight-line
        // code (RecordFieldsTest holds this list to the enum).
        DnsField.TS.write(this, j, t);
        DnsField.CLIENT.write(this, j, t);
        DnsField.CLIENT_PORT.write(this, j, t);
        DnsField.SERVER.write(this, j, t);
        DnsField.SERVER_PORT.write(this, j, t);
        DnsField.TRANSPORT.write(this, j, t);
        DnsField.ID.write(this, j, t);
        DnsField.QNAME.write(this, j, t);
        DnsField.QTYPE.write(this, j, t);
        DnsField.QCLASS.write(this, j, t);
        DnsField.STATUS.write(this, j, t);
        DnsField.RCODE.write(this, j, t);
        DnsField.RTT_MS.write(this, j, t);
        DnsField.FLAGS.write(this, j, t);
        DnsField.ANSWERS.write(this, j, t);
        DnsField.OPCODE.write(this, j, t);
        DnsField.FRAME.write(this, j, t);
        DnsField.RESPONSE_FRAME.write(this, j, t);
        DnsField.RETRANSMISSIONS.write(this, j, t);
        DnsField.EDNS.write(this, j, t);
        DnsField.ECS.write(this, j, t);
        DnsField.UPDATE.write(this, j, t);
        DnsField.MALFORMED.write(this, j, t);
        DnsField.MALFORMED_SECTION.write(this, j, t);
        DnsField.MALFORMED_IN.write(this, j, t);
        DnsField.EVICTED.write(this, j, t);
        return j.finish();
    }
}
