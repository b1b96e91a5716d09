package sensor.capture;

import com.sun.jna.Pointer;

/**
 * libpcap's {@code pcap_next_ex} on one handle, the frame copied into a reused {@link Frame}
 * (data, caplen, wire length, time stamp). Two bindings: JNA direct mapping (any JDK), and the
 * JDK's foreign-function API on JDK 22 and later (~240 ns a call against ~600, MEASURED.md),
 * compiled from {@code src/main/java22} only when the build runs on such a JDK.
 */
interface NextEx {
    /** Returns {@link PcapReader#OK} (frame filled), TIMEOUT, ERROR or EOF. */
    int next(Frame frame);

    /** Whether {@link #filter} can be used: the binding filters frames itself. */
    default boolean canFilter() {
        return false;
    }

    /**
     * Has {@link #next} pass over the frames a BPF expression rejects, and count them
     * ({@link #dropped}): the filter runs on each frame in libpcap's buffer before it is copied, so
     * frame numbers stay the file's without a second read of it. False when libpcap cannot compile
     * the expression (the handle's error says why). Only where {@link #canFilter}: through JNA a
     * second call per frame costs more than the handle's own filter and the file's index.
     */
    default boolean filter(String expression) {
        throw new UnsupportedOperationException("this binding does not filter frames");
    }

    /** Frames read and passed over by the {@link #filter}. */
    default long dropped() {
        return 0;
    }

    /** Frees the filter's program. */
    default void close() {}

    /** System property: {@code false} keeps JNA even where the foreign-function API is there. */
    String FOREIGN_PROPERTY = "sensor.pcap.foreign";

    /**
     * The foreign-function binding where the JDK has it, else JNA. {@code mayBlock}: a live
     * handle waits in the call for packets, so it cannot be bound as a short (critical) call.
     */
    static NextEx bind(Pointer handle, boolean mayBlock) {
        if (foreignAvailable() && !"false".equals(System.getProperty(FOREIGN_PROPERTY))) {
            try {
                return (NextEx) Class.forName("sensor.capture.ForeignNextEx")
                        .getDeclaredConstructor(long.class, String.class, boolean.class)
                        .newInstance(Pointer.nativeValue(handle), LibPcap.libraryPath(), mayBlock);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // built on an older JDK (no such class), or native access refused: JNA it is
            }
        }
        return new JnaNextEx(handle);
    }

    /**
     * The fields of a {@code struct pcap_pkthdr} into {@code frame}, whichever binding read them;
     * returns the number of bytes to copy (caplen, bounded by the reused buffer).
     */
    static int header(Frame frame, long sec, long frac, int caplen, int len) {
        int n = caplen < 0 || caplen > Frame.MAX_SNAPLEN ? Frame.MAX_SNAPLEN : caplen;
        frame.caplen = n;
        frame.wireLength = len;
        // A pcap file's seconds are an unsigned 32-bit field that libpcap hands over sign-extended:
        // 2038-2106 would come back as 1901-1970 (no capture is from then).
        long seconds = sec < 0 && sec >= Integer.MIN_VALUE ? sec & 0xffffffffL : sec;
        frame.tsNanos = seconds * 1_000_000_000L + frac;
        return n;
    }

    /** Whether {@link #bind} can give the foreign-function binding in this JVM. */
    static boolean foreignAvailable() {
        try {
            Class.forName("sensor.capture.ForeignNextEx");
            return Runtime.version().feature() >= 22 && LibPcap.libraryPath() != null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
