package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import sensor.decode.IpAddress;

/** The cached bytes are the address's text, whatever shares its slot. */
class AddressBytesTest {
    private final AddressBytes small = new AddressBytes(4); // collisions all the time

    @Property(tries = 3000)
    void givesTheAddressText(@ForAll long hi, @ForAll long lo, @ForAll int v4, @ForAll boolean mapped) {
        IpAddress v6 = new IpAddress(mapped ? 0 : hi, mapped ? 0xffff00000000L | (lo & 0xffffffffL) : lo);
        IpAddress four = IpAddress.ofV4(v4);
        for (IpAddress a : new IpAddress[] {v6, four, v6}) {
            int at = small.of(a);
            assertEquals(a.toString(), new String(small.bytes(), at, small.length(at), StandardCharsets.ISO_8859_1));
        }
    }
}
