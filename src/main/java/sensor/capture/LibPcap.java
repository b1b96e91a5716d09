package sensor.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pcap4j.core.PcapHandle;
import sun.misc.Unsafe;

/**
 * The few libpcap calls on the per-frame path, bound by JNA direct mapping on the handle pcap4j
 * opened, because pcap4j's own read calls allocate JNA objects per frame; everything else (open,
 * filter, stats) stays with pcap4j.
 */
final class LibPcap {
    private static final String LIB_PROPERTY = "org.pcap4j.core.pcapLibName";
    private static final Unsafe UNSAFE;
    private static final long BYTE_ARRAY_BASE;
    private static final Field HANDLE_FIELD;
    private static final String LOAD_ERROR;

    static {
        String error = null;
        try {
            String lib = libraryPath();
            // pcap4j loads "pcap" (libpcap.so, only in the -dev package); point it at the runtime one.
            if (System.getProperty(LIB_PROPERTY) == null && lib != null) {
                System.setProperty(LIB_PROPERTY, lib);
            }
            Native.register(LibPcap.class, NativeLibrary.getInstance(lib != null ? lib : "pcap"));
        } catch (UnsatisfiedLinkError e) {
            error = "libpcap not found (" + e.getMessage() + "); install it: apt-get install libpcap0.8";
        }
        LOAD_ERROR = error;
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (Unsafe) f.get(null);
            BYTE_ARRAY_BASE = UNSAFE.arrayBaseOffset(byte[].class);
            HANDLE_FIELD = PcapHandle.class.getDeclaredField("handle");
            HANDLE_FIELD.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LibPcap() {}

    /** Throws a clear error when libpcap could not be loaded. */
    static void ensureLoaded() throws CaptureException {
        if (LOAD_ERROR != null) {
            throw new CaptureException(LOAD_ERROR);
        }
    }

    static String libraryPath() {
        String configured = System.getProperty(LIB_PROPERTY);
        if (configured != null) {
            return configured;
        }
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/lib/x86_64-linux-gnu", "/usr/local/lib")) {
            for (String name : List.of("libpcap.so.1", "libpcap.so.0.8", "libpcap.so")) {
                Path p = Path.of(dir, name);
                if (Files.exists(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    static Pointer handleOf(PcapHandle handle) {
        try {
            return (Pointer) HANDLE_FIELD.get(handle);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    // int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **pkt_header, const u_char **pkt_data)
    static native int pcap_next_ex(Pointer p, Pointer headerOut, Pointer dataOut);

    static native int pcap_datalink(Pointer p);

    static native Pointer pcap_geterr(Pointer p);

    static native void pcap_breakloop(Pointer p);

    static native Pointer pcap_file(Pointer p);

    /** The FILE * of a savefile, or null for a live handle. */
    static Pointer pcapFile(Pointer p) {
        return pcap_file(p);
    }

    /** Byte offset of a savefile, for the progress bar; -1 when unknown. */
    static long ftell(Pointer file) {
        return LibC.ftell(file);
    }

    /**
     * Gives a savefile's FILE * a read buffer of {@code size} bytes at {@code buffer} (native
     * memory that must outlive the stream); false when stdio refused it.
     */
    static boolean setReadBuffer(Pointer file, long buffer, long size) {
        return LibC.setvbuf(file, new Pointer(buffer), LibC.IOFBF, size) == 0;
    }

    static long getLong(long address) {
        return UNSAFE.getLong(address);
    }

    static int getInt(long address) {
        return UNSAFE.getInt(address);
    }

    static void copy(long address, byte[] dst, int length) {
        UNSAFE.copyMemory(null, address, dst, BYTE_ARRAY_BASE, length);
    }
}
