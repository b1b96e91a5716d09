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
    void givesBackTheTextAskedFor(@ForAll @StringLength(max = 120) @CharRange(from = ' ', to = '~') String a,
            @ForAll @StringLength(max = 120) @CharRange(from = ' ', to = '~') String b) {
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

    /** Texts with the same hash and length ("Aa" and "BB" hash alike), short and longer than a slot holds. */
    @org.junit.jupiter.api.Test
    void tellsApartTextsOfTheSameHashAndLength() {
        for (int pairs : new int[] {1, 5, 29, 30, 40}) {
            String a = "Aa".repeat(pairs);
            String b = "BB".repeat(pairs);
            assertEquals(a.hashCode(), b.hashCode());
            TextInterner one = new TextInterner(1);
            assertEquals(a, one.of(name(a)));
            assertEquals(b, one.of(name(b)));
            assertEquals(a, one.of(name(a)));
            byte[] bytes = b.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(b, one.of(bytes, bytes.length));
            assertEquals(a, one.of(name(a)));
        }
        // Another length, the same hash (0), the shorter text a prefix of what the slot holds.
        TextInterner one = new TextInterner(1);
        assertEquals("\0\0", one.of(new byte[2], 2));
        assertEquals("", one.of(new byte[2], 0));
    }

    private static NameBuilder name(String s) {
        NameBuilder n = new NameBuilder();
        for (int i = 0; i < s.length(); i++) {
            n.append(s.charAt(i));
        }
        return n;
    }
}
