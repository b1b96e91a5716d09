package sensor.scenario;

import java.nio.file.Path;
import sensor.capture.CaptureException;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;

/** Prints the number of frames in a capture (for the benchmark script, where capinfos may be absent). */
public final class CountFrames {
    private CountFrames() {}

    public static void main(String[] args) throws CaptureException {
        Frame frame = new Frame();
        long n = 0;
        try (PcapFileSource src = new PcapFileSource(Path.of(args[0]), null)) {
            while (src.next(frame)) {
                n++;
            }
        }
        System.out.println(n);
    }
}
