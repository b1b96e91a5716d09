package sensor.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import sensor.capture.Filters;

/** A {@code -f} expression libpcap cannot parse is a usage error on the command line, not a failed input. */
public final class FilterConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        String why = Filters.syntaxError(value);
        if (why != null) {
            throw new TypeConversionException("bad filter '" + value + "' (" + why + ")");
        }
        return value;
    }
}
