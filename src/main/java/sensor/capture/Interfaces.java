package sensor.capture;

import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** The interfaces libpcap can capture on, one line each: name, addresses, description. */
public final class Interfaces {
    private Interfaces() {}

    /** One line per interface, as {@code sensor interfaces} prints them; libpcap is loaded the way the sources load it. */
    public static List<String> describeAll() throws CaptureException {
        LibPcap.ensureLoaded();
        List<PcapNetworkInterface> all;
        try {
            all = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new CaptureException(e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
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
            lines.add(sb.toString());
        }
        return lines;
    }
}
