package sensor.capture;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** ftell on libpcap's FILE *, for the replay progress bar. */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {}

    static native long ftell(Pointer stream);
}
