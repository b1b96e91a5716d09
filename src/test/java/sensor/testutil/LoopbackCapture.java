package sensor.testutil;

import org.junit.jupiter.api.Assumptions;
import sensor.capture.CaptureException;
import sensor.capture.Filters;
import sensor.capture.PcapLiveSource;

/**
 * Whether live capture on {@code lo} is possible here. What decides is the capability itself
 * (root, CAP_NET_RAW on the process or on the java binary, a container that drops it), tried by
 * opening {@code lo}, not the user's name: a sensor child runs the same java with the same
 * privileges.
 */
public final class LoopbackCapture {
    private LoopbackCapture() {}

    /** Skips the calling test, loudly, with libpcap's reason, unless {@code lo} opens for capture. */
    public static void require() {
        String why = refusal();
        if (why != null) {
            System.err.println("SKIPPED: live capture on lo is not possible here: " + why);
        }
        Assumptions.assumeTrue(why == null, "live capture on lo is not possible here: " + why);
    }

    /** Null when {@code lo} opens for capture, else the reason. */
    public static String refusal() {
        try (PcapLiveSource lo = new PcapLiveSource("lo", new PcapLiveSource.Options(256, false, 1 << 16, true, 100),
                linkType -> new Filters(null, null))) {
            return null;
        } catch (CaptureException | LinkageError e) {
            return e.getMessage();
        }
    }
}
