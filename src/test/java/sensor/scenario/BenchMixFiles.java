package sensor.scenario;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a benchmark mix for tests outside this package (BenchMix's writer is package-private). */
public final class BenchMixFiles {
    /** The seed {@code ./sensor bench} writes its captures with. */
    public static final long SEED = 2016;

    private BenchMixFiles() {}

    /** {@code frames} frames (or a few more, to finish the last exchange) of {@code mix} into {@code file}. */
    public static Path write(Path file, long frames, String mix) throws IOException {
        try (PcapWriter out = new PcapWriter(file, PcapWriter.LINKTYPE_ETHERNET)) {
            BenchMix.write(out, frames, mix, SEED);
        }
        return file;
    }
}
