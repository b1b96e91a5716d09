package sensor.capture;

import com.sun.jna.Native;
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
    /** The read buffer given to libpcap's FILE * (native memory, freed after the close), or 0. */
    private long readBuffer;
    private final String filterNote;
    /** Whether a filter (the user's or the prefilter) may hide frames. */
    private final boolean filtered;
    /** Numbers frames as the file does when libpcap's filter hides some of them; null otherwise. */
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
        // stdin, a named pipe or a process substitution (/dev/fd/N): what libpcap reads is gone,
        // so nothing else may open the path to read alongside it.
        boolean pipe = stdin || !Files.isRegularFile(Path.of(path));
        reader = new PcapReader(handle, pipe); // a pipe may make libpcap wait
        Filters filters = filterForLinkType.apply(reader.linkType());
        // Where the reader filters frames itself it counts the ones it passes over, so frame
        // numbers stay the file's, a pipe's too. Else libpcap's filter hides frames inside
        // pcap_next_ex, and the index walks the file's headers alongside to number them: a pipe
        // cannot be walked, so it is decoded whole (a user's -f still applies, numbering what it
        // passes).
        boolean readerFilters = reader.canFilter();
        if (pipe && !readerFilters) {
            filters = new Filters(filters.user(), null);
        }
        try {
            filterNote = readerFilters ? filters.apply(reader, handle) : filters.apply(handle);
        } catch (CaptureException e) {
            reader.close();
            handle.close();
            throw new CaptureException(path + ": " + e.getMessage(), e);
        }
        filtered = filters.active();
        SavefileIndex idx = null;
        if (!pipe && !readerFilters && filters.active()) {
            try {
                idx = new SavefileIndex(Path.of(path));
            } catch (java.io.IOException e) {
                idx = null; // frame numbers then count delivered frames only
            }
        }
        index = idx;
        nanoPrecision = !pipe && CaptureFormat.nanoPrecision(Path.of(path));
        long s = -1;
        try {
            s = pipe ? -1 : Files.size(Path.of(path));
        } catch (java.io.IOException ignored) {
            // size only drives the progress bar
        }
        size = s;
        file = stdin ? null : LibPcap.pcapFile(LibPcap.handleOf(handle));
        if (file != null && !pipe) {
            enlargeReadBuffer();
        }
    }

    /**
     * libpcap reads a savefile through stdio's default buffer, one 4 KiB read(2) per buffer: 72,000
     * system calls for a 300 MB capture, a twentieth of the decoding thread. A larger buffer is set
     * after libpcap read the file header, which glibc allows: setvbuf first seeks the stream back
     * to what was consumed, then reads on from there into the new buffer. That seek is why only
     * regular files get one (on a pipe glibc would drop what the old buffer held).
     */
    private void enlargeReadBuffer() {
        long buffer = Native.malloc(READ_BUFFER);
        if (buffer == 0) {
            return; // the default buffer still works
        }
        if (LibPcap.setReadBuffer(file, buffer, READ_BUFFER)) {
            readBuffer = buffer;
        } else {
            Native.free(buffer);
        }
    }

    private static final long READ_BUFFER = 1 << 20;

    /** Whether libpcap reads this file through the larger buffer. */
    boolean readBufferEnlarged() {
        return readBuffer != 0;
    }

    private static String clean(String msg) {
        return msg == null ? "unknown error" : msg.replace('\n', ' ').trim();
    }

    @Override
    public boolean next(Frame frame) throws CaptureException {
        int rc = reader.next(frame);
        if (rc == PcapReader.OK) {
            if (index != null) {
                long n = index.numberOf(frame.tsNanos, frame.wireLength, frame.data, frame.caplen);
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
            long read = framesRead();
            warning = name + ": capture ends early after frame " + (read < 0 ? reader.records() : read) + " ("
                    + clean(err) + ")";
        }
        return false;
    }

    /**
     * Frames read from the input so far, whether decoded or dropped by a filter; -1 where a
     * filter inside libpcap hid an unknown number (a pipe read through JNA with {@code -f}). At
     * the end of the input, the file's whole count.
     */
    public long framesRead() {
        if (reader.canFilter() || !filtered) {
            return reader.records();
        }
        return index == null ? -1 : index.recordsToEnd();
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
        reader.close();
        handle.close(); // fclose: the stream no longer uses its buffer
        if (readBuffer != 0) {
            Native.free(readBuffer);
            readBuffer = 0;
        }
    }

    /** Which pcap_next_ex binding reads this file ({@code jna} or {@code foreign}). */
    String binding() {
        return reader.binding();
    }
}
