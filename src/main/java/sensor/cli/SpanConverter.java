package sensor.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A span of time as analysts write it: seconds ({@code 90}, {@code 1.5}) or a number with one unit
 * ({@code 45s}, {@code 90m}, {@code 36h}, {@code 30d}, {@code 2w}); a bad one is a usage error.
 */
public final class SpanConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1_000_000_000L;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 's' -> unit = 1_000_000_000L;
                case 'm' -> unit = 60_000_000_000L;
                case 'h' -> unit = 3_600_000_000_000L;
                case 'd' -> unit = 86_400_000_000_000L;
                case 'w' -> unit = 7 * 86_400_000_000_000L;
                default -> unit = 0;
            }
            if (unit != 0) {
                v = v.substring(0, v.length() - 1);
            } else {
                unit = 1_000_000_000L;
            }
        }
        double n;
        try {
            n = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a span of time (90, 45s, 90m, 36h, 30d, 2w)");
        }
        if (!(n >= 0) || n * unit > Long.MAX_VALUE / 2.0) {
            throw new TypeConversionException("'" + value + "' is not a span of time from 0 to about 146 years");
        }
        return Duration.ofNanos(Math.round(n * unit));
    }
}
