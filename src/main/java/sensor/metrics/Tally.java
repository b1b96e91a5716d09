package sensor.metrics;

/**
 * A named count kept by the stage that owns it. Only the owning thread increments it; the
 * metrics endpoint and the summary read it (a slightly stale read is fine there).
 */
public final class Tally {
    private final String group;
    private final String name;
    private long count;
    private long firstFrame = -1;

    Tally(String group, String name) {
        this.group = group;
        this.name = name;
    }

    public void inc() {
        count++;
    }

    public void add(long n) {
        count += n;
    }

    /** Counts one occurrence and remembers the first frame it was seen in, for the report. */
    public void hit(long frameNumber) {
        if (count++ == 0) {
            firstFrame = frameNumber;
        }
    }

    public void set(long value) {
        count = value;
    }

    public long get() {
        return count;
    }

    public long firstFrame() {
        return firstFrame;
    }

    public String group() {
        return group;
    }

    public String name() {
        return name;
    }
}
