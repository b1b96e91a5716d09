package sensor.capture;

import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * A saved capture (pcap or pcapng, any link type libpcap reads, {@code -} for stdin). A read
 * error after at least one frame is a truncated capture: a warning, the frames before it count.
 */
public final class PcapFileSource implements FrameSource {
    private final String name;
    private final PcapHandle handle;
    private final PcapReader reader;
    private final boolean nanoPrecision;
    private final long size;
    private final Pointer file;
    private final String filterNote;
    /** Numbers frames as the file does when a BPF filter hides some of them; null otherwise. */
    private final SavefileIndex index;
    private String warning;

    public PcapFileSource(Path path, String bpfFilter) throws CaptureException {
        this(path.toString(), linkType -> new Filters(bpfFilter, null));
    }

    /**
     * @param filterForLinkType the BPF filters for the file's link type (the prefilter differs per
     *                          link type)
     */
    public PcapFileSource(String path, IntFunction<Filters> filterForLinkType) throws CaptureException {
        LibPcap.ensureLoaded();
        this.name = path;
        boolean stdin = "-".equals(path);
        if (!stdin) {
            Path p = Path.of(path);
            if (!Files.exists(p)) {
                throw new CaptureException(path + ": no such file");
            }
            if (!Files.isReadable(p) || Files.isDirectory(p)) {
                throw new CaptureException(path + ": not a readable file");
            }
        }
        try {
            handle = Pcaps.openOffline(path, PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new CaptureException(path + ": not a capture libpcap can read (" + clean(e.getMessage()) + ")", e);
        }
        reader = new PcapReader(handle, stdin); // a pipe may make libpcap wait
        Filters filters = filterForLinkType.apply(reader.linkType());
        if (stdin) {
            // A pipe cannot be walked alongside for frame numbers, so the prefilter would shift
            // them: stdin is decoded whole (a user's -f still applies, numbering what it passes).
            filters = new Filters(filters.user(), null);
        }
        try {
            filterNote = filters.apply(handle);
        } catch (CaptureException e) {
            handle.close();
            throw new CaptureException(path + ": " + e.getMessage(), e);
        }
        SavefileIndex idx = null;
        if (!stdin && filters.active()) {
            try {
                idx = new SavefileIndex(Path.of(path));
            } catch (java.io.IOException e) {
                idx = null; // frame numbers then count delivered frames only
            }
        }
        index = idx;
        nanoPrecision = !stdin && CaptureFormat.nanoPrecision(Path.of(path));
        long s = -1;
        try {
            s = stdin ? -1 : Files.size(Path.of(path));
        } catch (java.io.IOException ignored) {
            // size only drives the progress bar
        }
        size = s;
        file = stdin ? null : LibPcap.pcapFile(LibPcap.handleOf(handle));
    }

    private static String clean(String msg) {
        return msg == null ? "unknown error" : msg.replace('\n', ' ').trim();
    }

    @Override
    public boolean next(Frame frame) throws CaptureException {
        int rc = reader.next(frame);
        if (rc == PcapReader.OK) {
            if (index != null) {
                long n = index.numberOf(frame.tsNanos, frame.wireLength);
                if (n > 0) {
                    frame.number = n;
                }
            }
            return true;
        }
        if (rc == PcapReader.ERROR) {
            String err = reader.lastError();
            if (reader.frames() == 0) {
                throw new CaptureException(name + ": libpcap cannot read its frames (" + clean(err) + ")");
            }
            warning = name + ": capture ends early after frame " + reader.frames() + " (" + clean(err) + ")";
        }
        return false;
    }

    /** Set when the prefilter could not be used on this input's link type, else null. */
    public String filterNote() {
        return filterNote;
    }

    /** Why reading stopped before the end of the file, or null. */
    public String warning() {
        return warning;
    }

    public boolean nanoPrecision() {
        return nanoPrecision;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int linkType() {
        return reader.linkType();
    }

    @Override
    public long position() {
        return file == null ? -1 : LibPcap.ftell(file);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() {
        if (index != null) {
            index.close();
        }
        handle.close();
    }

    /** Which pcap_next_ex binding reads this file ({@code jna} or {@code foreign}). */
    String binding() {
        return reader.binding();
    }
}
