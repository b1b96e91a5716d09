package sensor.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The capture time a report covers: records from {@code since} (inclusive) to {@code until}
 * (exclusive), either end open when null.
 */
public record Window(Long sinceNanos, Long untilNanos) {
    public static final Window ALL = new Window(null, null);

    public boolean contains(long tsNanos) {
        return (sinceNanos == null || tsNanos >= sinceNanos) && (untilNanos == null || tsNanos < untilNanos);
    }

    public boolean isAll() {
        return sinceNanos == null && untilNanos == null;
    }

    /**
     * An ISO-8601 time as the records write it ({@code 2016-09-27T00:00:00Z}), with an offset
     * ({@code +02:00}), or a date alone (its midnight UTC); anything else is an IllegalArgumentException.
     */
    public static long parse(String option, String text) {
        Instant i;
        try {
            i = Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                i = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    i = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(option + " '" + text
                            + "' is not an ISO-8601 time (2016-09-27T00:00:00Z) or date (2016-09-27)");
                }
            }
        }
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
