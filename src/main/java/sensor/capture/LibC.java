package sensor.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** stdio calls on libpcap's FILE *: ftell for the replay progress bar, setvbuf for its reads. */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {}

    static native long ftell(Pointer stream);

    static final int IOFBF = 0; // glibc's _IOFBF: fully buffered

    static native int setvbuf(Pointer stream, Pointer buf, int mode, long size);
}
