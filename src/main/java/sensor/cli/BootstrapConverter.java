package sensor.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --kafka}: HOST:PORT[,HOST:PORT...] as Kafka's bootstrap.servers takes it, checked before any client is made. */
public final class BootstrapConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        for (String server : value.split(",", -1)) {
            String s = server.strip();
            int colon = s.lastIndexOf(':');
            String port = colon < 0 ? "" : s.substring(colon + 1);
            if (colon < 1 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                throw new TypeConversionException("'" + s + "' is not HOST:PORT (as in 127.0.0.1:9092)");
            }
        }
        return value;
    }
}
