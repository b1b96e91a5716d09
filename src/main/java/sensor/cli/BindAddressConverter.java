package sensor.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --metrics-bind}: an IP address ({@code 127.0.0.1}, {@code ::1}, {@code 0.0.0.0}) or
 * {@code localhost}. Other names are refused rather than resolved: the sensor sends no DNS
 * queries of its own.
 */
public final class BindAddressConverter implements ITypeConverter<String> {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    @Override
    public String convert(String value) {
        if (value.equals("localhost") || IPV4.matcher(value).matches()) {
            return value;
        }
        if (value.contains(":")) {
            try {
                InetAddress.getByName(value); // a literal with a colon is parsed, never looked up
                return value;
            } catch (UnknownHostException e) {
                // below
            }
        }
        throw new TypeConversionException("'" + value + "' is not an IP address (127.0.0.1, ::1, 0.0.0.0)");
    }
}
