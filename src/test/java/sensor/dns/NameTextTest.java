package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;

/**
 * Names read by hand print as dnsjava prints them (lower-cased, no final dot): every byte of a
 * label, the escaped ones included (\DDD below space and above '~', a backslash before the
 * characters that mean something in a zone file).
 */
class NameTextTest {

    @Property(tries = 2000)
    void readsAsDnsjavaPrints(@ForAll @Size(min = 0, max = 4) List<@Size(min = 1, max = 20) List<Byte>> labels)
            throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (List<Byte> label : labels) {
            wire.write(label.size());
            for (byte b : label) {
                wire.write(b);
            }
        }
        wire.write(0);
        byte[] b = wire.toByteArray();
        NameBuilder out = new NameBuilder();
        assertEquals(b.length, NameText.read(b, 0, 0, b.length, out));
        String want = NameText.fromDnsjava(new Name(new DNSInput(b)).toString(true));
        assertEquals(want, out.toString());
        // The matcher keys by the parser's hash of the bytes; a message made from the text has the same.
        assertEquals(DnsMessage.nameKey(want), out.key());
        assertEquals(want.equals(out.toString()), out.contentEquals(want));
    }
}
