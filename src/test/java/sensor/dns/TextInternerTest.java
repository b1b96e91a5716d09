package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class TextInternerTest {
    private final TextInterner small = new TextInterner(4); // collisions all the time

    /** Whatever collides, the text given back is the text asked for; a repeat is the same object. */
    @Property(tries = 3000)
    void givesBackTheTextAskedFor(@ForAll @StringLength(max = 40) @CharRange(from = ' ', to = '~') String a,
            @ForAll @StringLength(max = 40) @CharRange(from = ' ', to = '~') String b) {
        String x = small.of(name(a));
        assertEquals(a, x);
        assertSame(x, small.of(name(a)));
        byte[] bytes = b.getBytes(StandardCharsets.ISO_8859_1);
        String y = small.of(bytes, bytes.length);
        assertEquals(b, y);
        assertSame(y, small.of(bytes, bytes.length));
        assertEquals(b.hashCode(), y.hashCode());
        assertEquals(a, small.of(name(a)));
    }

    private static NameBuilder name(String s) {
        NameBuilder n = new NameBuilder();
        for (int i = 0; i < s.length(); i++) {
            n.append(s.charAt(i));
        }
        return n;
    }
}
