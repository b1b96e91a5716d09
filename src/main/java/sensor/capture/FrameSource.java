package sensor.capture;

/** A stream of frames from one file or one interface. */
public interface FrameSource extends AutoCloseable {

    /**
     * Fills {@code frame} with the next frame.
     *
     * @return false at the end of the input (or when {@link #breakLoop()} was called)
     */
    boolean next(Frame frame) throws CaptureException;

    /** The file name or interface name, for messages. */
    String name();

    /** libpcap's link type of this source. */
    int linkType();

    /** Asks a blocked {@link #next(Frame)} to return false soon; safe from another thread. */
    default void breakLoop() {}

    /** Bytes of the input consumed so far and its total size, when known (files); else -1. */
    default long position() { return -1; }

    default long size() { return -1; }

    @Override
    void close();
}
