package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The 64-bit key of a text (the interner's slot, the matcher's question): texts of one length
 * that differ in a single byte, wherever it is (in a whole word, in the overlapped last word, in
 * a short text's tail), never share a key, and bytes past the text do not count.
 */
class NameKeyTest {

    @Property(tries = 3000)
    void oneByteChangedChangesTheKey(@ForAll @Size(min = 1, max = 100) byte[] text,
            @ForAll @IntRange(min = 0, max = 99) int at, @ForAll @IntRange(min = 1, max = 255) int flip) {
        int i = at % text.length;
        byte[] other = text.clone();
        other[i] ^= (byte) flip;
        assertNotEquals(NameBuilder.key(text, text.length), NameBuilder.key(other, other.length));
    }

    @Property(tries = 1000)
    void onlyTheTextCounts(@ForAll @Size(min = 0, max = 60) byte[] text, @ForAll byte past) {
        byte[] longer = java.util.Arrays.copyOf(text, text.length + 9);
        java.util.Arrays.fill(longer, text.length, longer.length, past);
        assertEquals(NameBuilder.key(text, text.length), NameBuilder.key(longer, text.length));
    }
}
