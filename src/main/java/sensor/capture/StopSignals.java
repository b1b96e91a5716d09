package sensor.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as a request to stop. A shell without job control starts a background
 * command with SIGINT ignored, and the JVM then leaves SIGINT ignored: like tcpdump, the sensor
 * takes it back, so that {@code kill -INT} stops it however it was started.
 */
public final class StopSignals {
    private static final long SIG_IGN = 1;
    /** glibc's struct sigaction is 152 bytes on LP64, its handler first; room to spare. */
    private static final int SIGACTION_BYTES = 256;

    private StopSignals() {}

    /** Runs {@code stop} (on a JVM signal thread) at each SIGINT or SIGTERM. */
    public static void install(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                unignore(signal.getNumber());
                Signal.handle(signal, sig -> stop.run());
            } catch (IllegalArgumentException unavailable) {
                // not on this platform, or kept by the JVM (-Xrs): the JVM default applies
            }
        }
    }

    /** Whether {@code signal} is ignored by this process right now. */
    public static boolean ignored(int signal) {
        Memory old = new Memory(SIGACTION_BYTES);
        old.clear();
        return Posix.INSTANCE != null && Posix.sigaction(signal, null, old) == 0 && old.getLong(0) == SIG_IGN;
    }

    /** An inherited SIG_IGN becomes SIG_DFL, which the JVM then replaces with its own handler. */
    private static void unignore(int signal) {
        if (ignored(signal)) {
            Posix.signal(signal, null);
        }
    }

    /** The two libc calls, bound once; absent (null INSTANCE) where libc cannot be loaded. */
    private static final class Posix {
        static final Object INSTANCE = load();

        private static Object load() {
            try {
                Native.register(Posix.class, NativeLibrary.getInstance("c"));
                return new Object();
            } catch (UnsatisfiedLinkError e) {
                return null;
            }
        }

        static native int sigaction(int signal, Pointer action, Pointer old);

        static native Pointer signal(int signal, Pointer handler);
    }
}
