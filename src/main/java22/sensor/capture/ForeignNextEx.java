package sensor.capture;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * {@code pcap_next_ex} through the JDK's foreign-function API (JDK 22+), on the handle pcap4j
 * opened: the same libpcap, loaded once, so the {@code pcap_t} is shared. A savefile's call is
 * bound as a critical one (no thread-state transition): it reads from a buffer and never waits.
 */
final class ForeignNextEx implements NextEx {
    /** All of memory, so headers and frames are read at libpcap's addresses without a segment each. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final MethodHandle nextEx;
    private final MemorySegment handle;
    private final MemorySegment out;
    private final MemorySegment headerOut;
    private final MemorySegment dataOut;

    ForeignNextEx(long handleAddress, String library, boolean mayBlock) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = SymbolLookup.libraryLookup(Path.of(library), Arena.global()).find("pcap_next_ex")
                .orElseThrow(() -> new UnsatisfiedLinkError("pcap_next_ex not in " + library));
        FunctionDescriptor sig = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        nextEx = mayBlock ? linker.downcallHandle(symbol, sig)
                : linker.downcallHandle(symbol, sig, Linker.Option.critical(false));
        handle = MemorySegment.ofAddress(handleAddress);
        out = Arena.ofAuto().allocate(16, 8);
        headerOut = out.asSlice(0, 8);
        dataOut = out.asSlice(8, 8);
    }

    @Override
    public int next(Frame frame) {
        int rc;
        try {
            rc = (int) nextEx.invokeExact(handle, headerOut, dataOut);
        } catch (Throwable t) {
            throw new IllegalStateException("pcap_next_ex", t);
        }
        if (rc != PcapReader.OK) {
            return rc;
        }
        long hdr = out.get(JAVA_LONG, 0);
        long data = out.get(JAVA_LONG, 8);
        // struct pcap_pkthdr on LP64: struct timeval (8+8), bpf_u_int32 caplen, bpf_u_int32 len
        int caplen = NextEx.header(frame, ALL.get(JAVA_LONG_UNALIGNED, hdr), ALL.get(JAVA_LONG_UNALIGNED, hdr + 8),
                ALL.get(JAVA_INT_UNALIGNED, hdr + 16), ALL.get(JAVA_INT_UNALIGNED, hdr + 20));
        MemorySegment.copy(ALL, JAVA_BYTE, data, frame.data, 0, caplen);
        return PcapReader.OK;
    }
}
