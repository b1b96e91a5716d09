package sensor.output;

import java.io.PrintStream;

/**
 * The replay progress bar on stderr: bytes of input read, frames and frames/s. Drawn only on a
 * terminal and at most a few times a second, so it costs nothing measurable.
 */
public final class Progress {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean enabled;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long doneBytes;

    public Progress(PrintStream err, boolean enabled, long totalBytes) {
        this.err = err;
        this.enabled = enabled;
        this.totalBytes = totalBytes;
    }

    /** Bytes of earlier, finished inputs. */
    public void inputDone(long bytes) {
        doneBytes += Math.max(0, bytes);
    }

    /** Cheap enough to call every few thousand frames. */
    public void update(long position, long frames) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double secs = (now - start) / 1e9;
        long fps = secs > 0 ? (long) (frames / secs) : 0;
        StringBuilder sb = new StringBuilder("\r");
        if (totalBytes > 0 && position >= 0) {
            double f = Math.min(1.0, (doneBytes + position) / (double) totalBytes);
            int filled = (int) (f * WIDTH);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(String.format("%3d%% ", (int) (f * 100)));
        }
        sb.append(String.format("%,d frames  %,d frames/s ", frames, fps));
        err.print(sb);
        err.flush();
    }

    public void done() {
        if (enabled) {
            err.print("\r" + " ".repeat(WIDTH + 50) + "\r");
            err.flush();
        }
    }
}
