package sensor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import picocli.CommandLine.Command;
import sensor.capture.CaptureException;
import sensor.capture.Interfaces;

@Command(name = "interfaces", mixinStandardHelpOptions = true, description = "List the interfaces libpcap can capture on.")
public final class InterfacesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try {
            Interfaces.ensureLibpcap();
            List<PcapNetworkInterface> all = Pcaps.findAllDevs();
            for (PcapNetworkInterface nif : all) {
                StringBuilder sb = new StringBuilder(nif.getName());
                for (PcapAddress a : nif.getAddresses()) {
                    if (a.getAddress() != null) {
                        sb.append(' ').append(a.getAddress().getHostAddress());
                    }
                }
                if (nif.getDescription() != null) {
                    sb.append("  (").append(nif.getDescription()).append(')');
                }
                System.out.println(sb);
            }
            return 0;
        } catch (PcapNativeException | CaptureException e) {
            System.err.println("sensor: cannot list interfaces: " + e.getMessage());
            return 1;
        }
    }
}
