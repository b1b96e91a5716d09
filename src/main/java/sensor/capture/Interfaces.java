package sensor.capture;

/** Loads libpcap the way the sources do, before pcap4j is used directly. */
public final class Interfaces {
    private Interfaces() {}

    public static void ensureLibpcap() throws CaptureException {
        LibPcap.ensureLoaded();
    }
}
