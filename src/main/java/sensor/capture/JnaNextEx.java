package sensor.capture;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** {@code pcap_next_ex} through JNA direct mapping, the header and frame read with Unsafe. */
final class JnaNextEx implements NextEx {
    private final Pointer handle;
    // Two out-parameters (struct pcap_pkthdr ** and const u_char **) in one native block.
    private final Memory out = new Memory(16);
    private final Pointer headerOut = out.share(0, 8);
    private final Pointer dataOut = out.share(8, 8);

    JnaNextEx(Pointer handle) {
        this.handle = handle;
    }

    @Override
    public int next(Frame frame) {
        int rc = LibPcap.pcap_next_ex(handle, headerOut, dataOut);
        if (rc != PcapReader.OK) {
            return rc;
        }
        long hdr = out.getLong(0);
        long data = out.getLong(8);
        // struct pcap_pkthdr on LP64: struct timeval (8+8), bpf_u_int32 caplen, bpf_u_int32 len
        int caplen = NextEx.header(frame, LibPcap.getLong(hdr), LibPcap.getLong(hdr + 8), LibPcap.getInt(hdr + 16),
                LibPcap.getInt(hdr + 20));
        LibPcap.copy(data, frame.data, caplen);
        return PcapReader.OK;
    }
}
