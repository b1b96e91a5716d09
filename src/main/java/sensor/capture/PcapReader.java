package sensor.capture;

import com.sun.jna.Memory;
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
    // Two out-parameters (struct pcap_pkthdr ** and const u_char **) in one native block.
    private final Memory out = new Memory(16);
    private final Pointer headerOut = out.share(0, 8);
    private final Pointer dataOut = out.share(8, 8);
    private final int linkType;
    private long number;

    PcapReader(PcapHandle pcap4jHandle) {
        this.handle = LibPcap.handleOf(pcap4jHandle);
        this.linkType = LibPcap.pcap_datalink(handle);
    }

    /** Returns OK (frame filled), TIMEOUT (live, nothing yet), ERROR or EOF. */
    int next(Frame frame) {
        int rc = LibPcap.pcap_next_ex(handle, headerOut, dataOut);
        if (rc != OK) {
            return rc;
        }
        long hdr = out.getLong(0);
        long data = out.getLong(8);
        // struct pcap_pkthdr on LP64: struct timeval (8+8), bpf_u_int32 caplen, bpf_u_int32 len
        long sec = LibPcap.getLong(hdr);
        long frac = LibPcap.getLong(hdr + 8);
        int caplen = LibPcap.getInt(hdr + 16);
        int len = LibPcap.getInt(hdr + 20);
        if (caplen < 0 || caplen > Frame.MAX_SNAPLEN) {
            caplen = Frame.MAX_SNAPLEN;
        }
        LibPcap.copy(data, frame.data, caplen);
        frame.caplen = caplen;
        frame.wireLength = len;
        // Timestamps beyond 2106 come back as unsigned 32-bit seconds from pcap files.
        frame.tsNanos = sec * 1_000_000_000L + frac;
        frame.linkType = linkType;
        frame.number = ++number;
        return OK;
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
