package sensor.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import sensor.flow.PortSet;

/** {@code 53,5353,5355} to a port set; a bad list is a usage error (exit 2). */
public final class PortListConverter implements ITypeConverter<PortSet> {
    @Override
    public PortSet convert(String value) {
        try {
            return PortSet.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
