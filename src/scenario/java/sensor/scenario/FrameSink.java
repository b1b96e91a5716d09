package sensor.scenario;

import java.io.IOException;

/** Where generated frames go: straight to a pcap file, or into a timeline sorted before writing. */
public interface FrameSink {
    void write(long tsMicros, byte[] frame, int length) throws IOException;
}
