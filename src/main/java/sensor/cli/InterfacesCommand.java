package sensor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import sensor.capture.CaptureException;
import sensor.capture.Interfaces;

@Command(name = "interfaces", mixinStandardHelpOptions = true, description = "List the interfaces libpcap can capture on.")
public final class InterfacesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try {
            Interfaces.describeAll().forEach(System.out::println);
            return 0;
        } catch (CaptureException e) {
            System.err.println("sensor: cannot list interfaces: " + e.getMessage());
            return 1;
        }
    }
}
