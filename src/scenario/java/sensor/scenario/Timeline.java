package sensor.scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Frames of many scripted conversations collected out of order, then written in time order
 * (stable for equal times, so the file is the same bytes on every run).
 */
public final class Timeline implements FrameSink {
    private record Entry(long tsMicros, long seq, byte[] frame) {}

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public void write(long tsMicros, byte[] frame, int length) {
        entries.add(new Entry(tsMicros, entries.size(), Arrays.copyOf(frame, length)));
    }

    public int size() {
        return entries.size();
    }

    public void writeTo(PcapWriter out) throws IOException {
        entries.sort(Comparator.comparingLong(Entry::tsMicros).thenComparingLong(Entry::seq));
        for (Entry e : entries) {
            out.write(e.tsMicros(), e.frame(), e.frame().length);
        }
    }
}
