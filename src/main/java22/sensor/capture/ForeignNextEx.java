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
 * A filter given to {@link #filter} runs here, on each frame still in libpcap's buffer
 * ({@code pcap_offline_filter}), so the frames it drops are counted.
 */
final class ForeignNextEx implements NextEx {
    /** All of memory, so headers and frames are read at libpcap's addresses without a segment each. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** libpcap's PCAP_NETMASK_UNKNOWN: a filter naming {@code ip broadcast} then fails to compile. */
    private static final int NETMASK_UNKNOWN = 0xffffffff;

    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup library;
    private final String libraryPath;
    private final MethodHandle nextEx;
    private final MemorySegment handle;
    private final MemorySegment out;
    private final MemorySegment headerOut;
    private final MemorySegment dataOut;
    /** The compiled filter ({@code struct bpf_program}), or null. */
    private MemorySegment program;
    /** {@code pcap_offline_filter}, its two pointers passed as the integers they are on LP64. */
    private MethodHandle offlineFilter;
    private long dropped;

    ForeignNextEx(long handleAddress, String library, boolean mayBlock) {
        this.libraryPath = library;
        this.library = SymbolLookup.libraryLookup(Path.of(library), Arena.global());
        FunctionDescriptor sig = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        nextEx = downcall("pcap_next_ex", sig, !mayBlock);
        handle = MemorySegment.ofAddress(handleAddress);
        out = Arena.ofAuto().allocate(16, 8);
        headerOut = out.asSlice(0, 8);
        dataOut = out.asSlice(8, 8);
    }

    private MethodHandle downcall(String name, FunctionDescriptor sig, boolean critical) {
        MemorySegment symbol = library.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError(name + " not in " + libraryPath));
        return critical ? linker.downcallHandle(symbol, sig, Linker.Option.critical(false))
                : linker.downcallHandle(symbol, sig);
    }

    @Override
    public boolean canFilter() {
        return true;
    }

    @Override
    public boolean filter(String expression) {
        if (program != null) {
            throw new IllegalStateException("a filter is already set");
        }
        // struct bpf_program on LP64: u_int bf_len, then (8-aligned) struct bpf_insn *bf_insns
        MemorySegment prog = Arena.ofAuto().allocate(16, 8);
        MemorySegment text = Arena.ofAuto().allocateFrom(expression);
        MethodHandle compile = downcall("pcap_compile",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT), false);
        int rc;
        try {
            rc = (int) compile.invokeExact(handle, prog, text, 1, NETMASK_UNKNOWN);
        } catch (Throwable t) {
            throw new IllegalStateException("pcap_compile", t);
        }
        if (rc != 0) {
            return false; // the reason is the handle's error (pcap_geterr)
        }
        offlineFilter = downcall("pcap_offline_filter", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
                true);
        program = prog;
        return true;
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        if (program != null) {
            MemorySegment prog = program;
            program = null;
            try {
                MethodHandle free = downcall("pcap_freecode", FunctionDescriptor.ofVoid(ADDRESS), false);
                free.invokeExact(prog);
            } catch (Throwable t) {
                throw new IllegalStateException("pcap_freecode", t);
            }
        }
    }

    @Override
    public int next(Frame frame) {
        long hdr;
        long data;
        while (true) {
            int rc;
            try {
                rc = (int) nextEx.invokeExact(handle, headerOut, dataOut);
            } catch (Throwable t) {
                throw new IllegalStateException("pcap_next_ex", t);
            }
            if (rc != PcapReader.OK) {
                return rc;
            }
            hdr = out.get(JAVA_LONG, 0);
            data = out.get(JAVA_LONG, 8);
            if (program == null || passes(hdr, data)) {
                break;
            }
            dropped++;
        }
        // struct pcap_pkthdr on LP64: struct timeval (8+8), bpf_u_int32 caplen, bpf_u_int32 len
        int caplen = NextEx.header(frame, ALL.get(JAVA_LONG_UNALIGNED, hdr), ALL.get(JAVA_LONG_UNALIGNED, hdr + 8),
                ALL.get(JAVA_INT_UNALIGNED, hdr + 16), ALL.get(JAVA_INT_UNALIGNED, hdr + 20));
        MemorySegment.copy(ALL, JAVA_BYTE, data, frame.data, 0, caplen);
        return PcapReader.OK;
    }

    private boolean passes(long hdr, long data) {
        try {
            return (int) offlineFilter.invokeExact(program, hdr, data) != 0;
        } catch (Throwable t) {
            throw new IllegalStateException("pcap_offline_filter", t);
        }
    }
}
