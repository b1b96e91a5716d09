package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shared flag objects read the header bits they are named after, for every header. */
class FlagsTest {
    @Test
    void everyHeaderGivesItsBits() {
        for (int h = 0; h < 65536; h++) {
            assertEquals(new Flags((h & 0x0400) != 0, (h & 0x0200) != 0, (h & 0x0100) != 0,
                    (h & 0x0080) != 0, (h & 0x0020) != 0, (h & 0x0010) != 0), Flags.ofHeader(h),
                    "header flags " + Integer.toHexString(h));
        }
    }
}
