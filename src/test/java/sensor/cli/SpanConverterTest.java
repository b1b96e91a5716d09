package sensor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SpanConverterTest {
    private final SpanConverter c = new SpanConverter();

    @Test
    void secondsOrOneUnit() {
        assertEquals(Duration.ofSeconds(90), c.convert("90"));
        assertEquals(Duration.ofMillis(1500), c.convert("1.5"));
        assertEquals(Duration.ofSeconds(45), c.convert("45S"));
        assertEquals(Duration.ofMinutes(90), c.convert("90m"));
        assertEquals(Duration.ofHours(36), c.convert("36h"));
        assertEquals(Duration.ofDays(30), c.convert(" 30d "));
        assertEquals(Duration.ofDays(14), c.convert("2w"));
        assertEquals(Duration.ofHours(12), c.convert("0.5d"));
        assertEquals(Duration.ZERO, c.convert("0"));
    }

    @Test
    void anythingElseIsAUsageError() {
        for (String bad : new String[] {"", "d", "abc", "-5m", "5y", "NaNh", "1e300d", "3x"}) {
            assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
        }
    }
}
