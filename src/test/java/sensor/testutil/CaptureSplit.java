package sensor.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sensor.capture.CaptureException;
import sensor.capture.Frame;
import sensor.capture.PcapFileSource;
import sensor.scenario.PcapWriter;

/** Splits a capture in two with the project's own reader (libpcap, BPF) and {@link PcapWriter}. */
public final class CaptureSplit {
    private CaptureSplit() {}

    /** Frames that pass {@code bpf} into {@code a}, the others into {@code b}. */
    public static long[] byFilter(Path in, String bpf, Path a, Path b) throws IOException, CaptureException {
        return new long[] {copy(in, bpf, a), copy(in, "not (" + bpf + ")", b)};
    }

    private static long copy(Path in, String bpf, Path out) throws IOException, CaptureException {
        Frame f = new Frame();
        try (PcapFileSource src = new PcapFileSource(in, bpf); PcapWriter w = new PcapWriter(out, src.linkType())) {
            while (src.next(f)) {
                w.write(f.tsNanos / 1000, f.data, f.caplen);
            }
            return w.frames();
        }
    }

    /**
     * Before and after the longest silence in the capture: no transaction or SMTP session spans
     * the cut when that silence is longer than the timeouts (a split by time elsewhere would cut
     * transactions in two, which one replay of the whole would not). Returns the cut time.
     */
    public static long byLongestGap(Path in, Path a, Path b) throws IOException, CaptureException {
        List<Long> ts = new ArrayList<>();
        Frame f = new Frame();
        try (PcapFileSource src = new PcapFileSource(in, (String) null)) {
            while (src.next(f)) {
                ts.add(f.tsNanos);
            }
        }
        int cut = 1;
        for (int i = 1; i < ts.size(); i++) {
            if (ts.get(i) - ts.get(i - 1) > ts.get(cut) - ts.get(cut - 1)) {
                cut = i;
            }
        }
        long cutTs = ts.get(cut);
        try (PcapFileSource src = new PcapFileSource(in, (String) null);
                PcapWriter wa = new PcapWriter(a, src.linkType()); PcapWriter wb = new PcapWriter(b, src.linkType())) {
            while (src.next(f)) {
                (f.tsNanos < cutTs ? wa : wb).write(f.tsNanos / 1000, f.data, f.caplen);
            }
        }
        return cutTs;
    }
}
