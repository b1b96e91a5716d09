package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sensor.decode.IpAddress;
import sensor.metrics.Tallies;
import sensor.scenario.DnsWire;

/**
 * A parse is a value: a decoded message (naming what of it could not be read) or the
 * malformation that left nothing to decode, and the decoder counts each under its name.
 */
class DnsParserTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("192.0.2.53");
    private static final byte[] COOKIE = {0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] ECS = {0, 8, 0, 7, 0, 1, 24, 0, (byte) 198, 51, 100};
    private static final byte[] ECS_PREFIX_200 = {0, 8, 0, 7, 0, 1, (byte) 200, 0, (byte) 198, 51, 100};
    private static final byte[] OVERRUN = {0, 10, 0, 40, 1, 2, 3, 4}; // claims 40 bytes, holds 4

    private final DnsParser parser = new DnsParser();

    private ParseResult parse(byte[] m) {
        return parser.parse(m, 0, m.length, false, CLIENT, 40000, SERVER, 53, 0, 1);
    }

    private static byte[] queryWithOpt(byte[]... optionSets) {
        List<DnsWire.RawRr> opts = new ArrayList<>();
        for (byte[] options : optionSets) {
            opts.add(new DnsWire.RawRr(".", DnsWire.OPT, 1232, 0, options));
        }
        return DnsWire.message(7, 0x0100, "q.example", DnsWire.A, 1, List.of(), List.of(), opts);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aShortHeaderIsTheOneMalformationThatLeavesNothingToDecode() {
        byte[] query = DnsWire.query(7, "q.example", DnsWire.A, false);
        assertSame(Malformation.TRUNCATED_HEADER, parse(Arrays.copyOf(query, 11)));
        assertEquals("dns_truncated_header", Malformation.TRUNCATED_HEADER.reason());
        DnsMessage cut = assertInstanceOf(DnsMessage.class, parse(Arrays.copyOf(query, 14)));
        assertEquals(Malformation.TRUNCATED_MESSAGE, cut.malformed());
        assertEquals("question", cut.malformedSection());
        assertNull(cut.qname());
    }

    @Test
    void theOptRecordIsReadIntoTheMessage() {
        DnsMessage m = assertInstanceOf(DnsMessage.class, parse(queryWithOpt(concat(COOKIE, ECS))));
        assertNull(m.malformed());
        assertEquals(1232, m.ednsUdpSize());
        assertEquals("198.51.100.0/24", m.ecs());
        assertEquals(List.of("COOKIE", "edns-client-subnet"), m.ednsOptions());
    }

    @Test
    void anOptionRunningPastItsRecordOutranksABadClientSubnet() {
        DnsMessage bad = assertInstanceOf(DnsMessage.class, parse(queryWithOpt(ECS_PREFIX_200)));
        assertEquals(Malformation.BAD_ECS, bad.malformed());
        assertEquals("additional", bad.malformedSection());
        assertNull(bad.ecs());
        DnsMessage both = assertInstanceOf(DnsMessage.class, parse(queryWithOpt(concat(ECS_PREFIX_200, OVERRUN))));
        assertEquals(Malformation.BAD_EDNS_OPTION, both.malformed());
        DnsMessage overrun = assertInstanceOf(DnsMessage.class, parse(queryWithOpt(concat(ECS, OVERRUN))));
        assertEquals(Malformation.BAD_EDNS_OPTION, overrun.malformed());
        assertEquals("198.51.100.0/24", overrun.ecs(), "a well-formed subnet before the overrun still reads");
    }

    @Test
    void twoOptRecordsGiveTheLastOnesFieldsAndTheOptionsOfBoth() {
        DnsMessage m = assertInstanceOf(DnsMessage.class, parse(queryWithOpt(ECS_PREFIX_200, COOKIE)));
        assertNull(m.malformed(), "the second record's options are fine");
        assertEquals(List.of("edns-client-subnet", "COOKIE"), m.ednsOptions());
    }

    @Test
    void anAdditionalSectionRunningPastTheMessageIsATruncatedMessage() {
        byte[] q = queryWithOpt(COOKIE);
        DnsMessage m = assertInstanceOf(DnsMessage.class, parse(Arrays.copyOf(q, q.length - 3)));
        assertEquals(Malformation.TRUNCATED_MESSAGE, m.malformed());
        assertEquals("additional", m.malformedSection());
        assertEquals(-1, m.ednsUdpSize());
    }

    @Test
    void theDecoderCountsEachMalformationUnderItsName() {
        Tallies tallies = new Tallies();
        List<DnsMessage> decoded = new ArrayList<>();
        DnsDecoder decoder = new DnsDecoder(decoded::add, tallies);
        byte[] query = DnsWire.query(7, "q.example", DnsWire.A, false);
        byte[] badEcs = queryWithOpt(ECS_PREFIX_200);
        decoder.onMessage(query, 0, 11, false, CLIENT, 40000, SERVER, 53, 0, 1);
        decoder.onMessage(badEcs, 0, badEcs.length, false, CLIENT, 40001, SERVER, 53, 0, 2);
        decoder.onMessage(query, 0, query.length, false, CLIENT, 40002, SERVER, 53, 0, 3);
        assertEquals(1, tallies.value("weird", "dns_truncated_header"));
        assertEquals(1, tallies.value("weird", "dns_bad_ecs"));
        assertEquals(2, tallies.value("dns", "malformed"));
        assertEquals(2, tallies.value("dns", "messages"));
        assertEquals(2, decoded.size(), "a message without a header goes no further");
    }
}
