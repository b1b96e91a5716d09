package sensor.capture;

import java.util.function.IntFunction;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/** A live interface through libpcap, read with the same per-frame path as files. */
public final class PcapLiveSource implements FrameSource {
    private final String name;
    private final PcapHandle handle;
    private final PcapReader reader;
    private final String filterNote;
    private volatile boolean stopped;
    /** The handle is freed: no libpcap call may use it (guarded by this). */
    private boolean closed;

    /** Capture settings of one interface. */
    public record Options(int snaplen, boolean promiscuous, int bufferSize, boolean immediate, int timeoutMillis) {
        public static Options defaults() {
            return new Options(65535, true, 16 << 20, false, 100);
        }
    }

    public PcapLiveSource(String iface, Options options, IntFunction<Filters> filterForLinkType) throws CaptureException {
        LibPcap.ensureLoaded();
        this.name = iface;
        try {
            if (Pcaps.getDevByName(iface) == null && !"any".equals(iface)) {
                throw new CaptureException(iface + ": no such interface (see: sensor interfaces)");
            }
        } catch (PcapNativeException e) {
            throw new CaptureException(iface + ": cannot list interfaces (" + e.getMessage() + ")", e);
        }
        PcapHandle h;
        try {
            h = builder(iface, options).timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException e) {
            if (permission(e)) {
                throw denied(iface, e);
            }
            try {
                // Some drivers refuse nanosecond time stamps; microseconds are still exact to the µs.
                h = builder(iface, options).build();
            } catch (PcapNativeException e2) {
                throw permission(e2) ? denied(iface, e2)
                        : new CaptureException(iface + ": cannot capture (" + e2.getMessage() + ")", e2);
            }
        }
        handle = h;
        reader = new PcapReader(handle, true);
        try {
            filterNote = filterForLinkType.apply(reader.linkType()).apply(handle);
        } catch (CaptureException e) {
            handle.close();
            throw new CaptureException(iface + ": " + e.getMessage(), e);
        }
    }

    private static PcapHandle.Builder builder(String iface, Options o) {
        return new PcapHandle.Builder(iface)
                .snaplen(o.snaplen())
                .promiscuousMode(o.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                        : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(o.timeoutMillis())
                .bufferSize(o.bufferSize())
                .immediateMode(o.immediate());
    }

    private static boolean permission(PcapNativeException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        return m.contains("permission") || m.contains("operation not permitted");
    }

    private static CaptureException denied(String iface, PcapNativeException e) {
        return new CaptureException(iface + ": permission denied: capturing needs root or the CAP_NET_RAW capability"
                + " (the sensor@ service grants it; by hand: setcap cap_net_raw=eip on the java binary)", e);
    }

    @Override
    public boolean next(Frame frame) throws CaptureException {
        while (!stopped) {
            int rc = reader.next(frame);
            if (rc == PcapReader.OK) {
                return true;
            }
            if (rc == PcapReader.ERROR) {
                throw new CaptureException(name + ": capture failed (" + reader.lastError() + ")");
            }
            if (rc == PcapReader.EOF) {
                return false;
            }
            // TIMEOUT: nothing arrived within the read timeout; look at the stop flag again.
        }
        return false;
    }

    /** libpcap's counters: received, dropped by the kernel buffer, dropped by the interface. */
    public record Stats(long received, long dropped, long ifDropped) {}

    public Stats stats() {
        try {
            PcapStat s = handle.getStats();
            return new Stats(s.getNumPacketsReceived(), s.getNumPacketsDropped(), s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            return new Stats(-1, -1, -1);
        }
    }

    /** Set when the prefilter could not be used on this interface's link type, else null. */
    public String filterNote() {
        return filterNote;
    }

    /**
     * Stops {@link #next}. Safe at any time, also after {@link #close}: a SIGTERM that arrives
     * while the run is ending finds the handle freed, and pcap_breakloop on it would crash the JVM.
     */
    @Override
    public void breakLoop() {
        stopped = true;
        synchronized (this) {
            if (!closed) {
                reader.breakLoop();
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int linkType() {
        return reader.linkType();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            handle.close();
        }
    }
}
