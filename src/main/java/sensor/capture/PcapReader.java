package sensor.capture;

import com.sun.jna.Pointer;
import org.pcap4j.core.PcapHandle;

/**
 * Reads frames from an open pcap4j handle with {@code pcap_next_ex} into a reused {@link Frame}:
 * one native call and one copy per frame, no garbage. The handle must have been opened with
 * nanosecond timestamp precision (the {@code ts_usec} field then holds nanoseconds).
 */
final class PcapReader {
    /** pcap_next_ex results. */
    static final int OK = 1;
    static final int TIMEOUT = 0;
    static final int ERROR = -1;
    static final int EOF = -2;

    private final Pointer handle;
    private final NextEx nextEx;
    private final int linkType;
    private long number;

    /** {@code live}: the handle waits for packets (see {@link NextEx#bind}). */
    PcapReader(PcapHandle pcap4jHandle, boolean live) {
        this.handle = LibPcap.handleOf(pcap4jHandle);
        this.linkType = LibPcap.pcap_datalink(handle);
        this.nextEx = NextEx.bind(handle, live);
    }

    /** Returns OK (frame filled), TIMEOUT (live, nothing yet), ERROR or EOF. */
    int next(Frame frame) {
        int rc = nextEx.next(frame);
        if (rc != OK) {
            return rc;
        }
        frame.linkType = linkType;
        frame.number = ++number + nextEx.dropped();
        return OK;
    }

    /** Whether {@link #filter} is there (see {@link NextEx#filter}). */
    boolean canFilter() {
        return nextEx.canFilter();
    }

    /** Frames the expression rejects are read, counted and passed over. */
    void filter(String expression) throws CaptureException {
        if (!nextEx.filter(expression)) {
            throw new CaptureException(lastError());
        }
    }

    /** Frames read from the file so far: delivered, or passed over by the {@link #filter}. */
    long records() {
        return number + nextEx.dropped();
    }

    void close() {
        nextEx.close();
    }

    /** Which binding reads the frames (for the benchmark and the tests). */
    String binding() {
        return nextEx instanceof JnaNextEx ? "jna" : "foreign";
    }

    String lastError() {
        Pointer p = LibPcap.pcap_geterr(handle);
        return p == null ? "unknown libpcap error" : p.getString(0);
    }

    void breakLoop() {
        LibPcap.pcap_breakloop(handle);
    }

    int linkType() {
        return linkType;
    }

    long frames() {
        return number;
    }
}
