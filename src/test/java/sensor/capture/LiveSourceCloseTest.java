package sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sensor.testutil.ChildJvm;
import sensor.testutil.LoopbackCapture;

/**
 * A stop request may come after the capture handle is freed (a SIGTERM while a live run ends):
 * pcap_breakloop on a freed handle had the JVM die of SIGSEGV (an hs_err file, exit 134), so
 * this runs in a child JVM.
 */
class LiveSourceCloseTest {

    /** The child: open lo, read until stopped, close, then ask to stop again, twice, from two threads. */
    public static void main(String[] args) throws Exception {
        for (int round = 0; round < 50; round++) {
            PcapLiveSource lo = new PcapLiveSource("lo", new PcapLiveSource.Options(256, false, 1 << 16, true, 10),
                    linkType -> new Filters(null, null));
            Thread reader = new Thread(() -> {
                try {
                    while (lo.next(new Frame())) {
                        // frames of the loopback, if any
                    }
                } catch (CaptureException e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.start();
            lo.breakLoop();
            reader.join();
            Thread late = new Thread(lo::breakLoop); // a signal thread racing the close
            late.start();
            lo.close();
            late.join();
            lo.breakLoop();
            lo.close();
        }
        // As a service ends: the handle closed, SIGTERMs arrive while the JVM shuts down and JNA's
        // hook unloads libpcap; each runs the stop request.
        PcapLiveSource last = new PcapLiveSource("lo", new PcapLiveSource.Options(256, false, 1 << 16, true, 10),
                linkType -> new Filters(null, null));
        last.close();
        StopSignals.install(last::breakLoop);
        long pid = ProcessHandle.current().pid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = 0; i < 40; i++) {
                try {
                    new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
                } catch (Exception e) {
                    return;
                }
            }
        }));
        System.out.println("stopped after close");
        System.exit(0);
    }

    @Test
    void aStopAfterCloseIsHarmless() throws Exception {
        LoopbackCapture.require();
        List<String> cmd = new ArrayList<>(ChildJvm.java());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LiveSourceCloseTest.class.getName()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out);
        assertEquals("stopped after close", out.strip());
    }
}
