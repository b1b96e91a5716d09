package sensor.testutil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The start of a command line for a child JVM like the test's own, given the options the launcher gives that Java. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * The test JVM's java with the launcher's access options on Java 25 and later (JNA's native access and the frame
     * copy's Unsafe, allowed without a warning), so that the child's stderr holds only what the sensor says.
     */
    public static List<String> java() {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 25) {
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        return cmd;
    }
}
