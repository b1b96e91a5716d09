package sensor.capture;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;

/**
 * The BPF program for one input: the user's filter combined with the prefilter, and the user's
 * filter alone to fall back on where the prefilter does not compile for the link type.
 *
 * @param user      the user's {@code -f} expression, or null
 * @param prefilter the prefilter for the input's link type, or null when off
 */
public record Filters(String user, String prefilter) {

    /**
     * libpcap's complaint when {@code expression} is not BPF syntax at all, else null: compiled
     * once on a dead Ethernet handle, so a typo is a usage error before any capture opens (what
     * compiles on one link type only is still judged per input).
     */
    public static String syntaxError(String expression) {
        try {
            LibPcap.ensureLoaded();
        } catch (CaptureException | LinkageError e) {
            return null; // no libpcap: opening the input says so
        }
        try (PcapHandle dead = org.pcap4j.core.Pcaps.openDead(org.pcap4j.packet.namednumber.DataLinkType.EN10MB, 65535)) {
            dead.compileFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN).free();
            return null;
        } catch (PcapNativeException | NotOpenException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("syntax error") ? m.substring(m.indexOf("syntax error")) : null;
        }
    }

    /** True when some filter will hide frames from the reader. */
    boolean active() {
        return (user != null && !user.isBlank()) || prefilter != null;
    }

    /** Installs the filter on the handle; returns a note when it had to fall back, else null. */
    String apply(PcapHandle handle) throws CaptureException {
        return apply(expression -> {
            try {
                handle.setFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                throw new CaptureException(e.getMessage(), e);
            }
        }, String.valueOf(handle.getDlt()));
    }

    /** The same, the handle's reader filtering each frame itself (see {@link NextEx#filter}). */
    String apply(PcapReader reader, PcapHandle handle) throws CaptureException {
        return apply(reader::filter, String.valueOf(handle.getDlt()));
    }

    /** Where a filter expression goes; a CaptureException when libpcap does not compile it. */
    private interface Installer {
        void install(String expression) throws CaptureException;
    }

    private String apply(Installer installer, String linkType) throws CaptureException {
        String combined = Prefilter.combine(user, prefilter);
        if (combined == null || combined.isBlank()) {
            return null;
        }
        try {
            installer.install(combined);
            return null;
        } catch (CaptureException e) {
            if (prefilter == null) {
                throw new CaptureException("bad filter '" + user + "' (" + e.getMessage() + ")", e);
            }
        }
        if (user != null && !user.isBlank()) {
            try {
                installer.install(user);
            } catch (CaptureException e) {
                throw new CaptureException("bad filter '" + user + "' (" + e.getMessage() + ")", e);
            }
        }
        return "prefilter does not compile for link type " + linkType + "; every frame goes to the decoder";
    }
}
