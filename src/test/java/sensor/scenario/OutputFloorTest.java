package sensor.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFloorTest {
    private static final String CAPTURE = "captures/demo-2016.pcap";

    @Test
    void writesAndRemovesItsOwnDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("floor");
        OutputFloor.main(new String[] {CAPTURE, dir.toString(), "0", "70000", "1"});
        assertFalse(Files.exists(dir));
    }

    /** The bench passes the replay's output directory: one that is there is never written in nor removed. */
    @Test
    void leavesAnExistingDirectoryAlone(@TempDir Path tmp) throws Exception {
        Path kept = Files.writeString(tmp.resolve("dns.jsonl"), "{}\n");
        assertThrows(FileAlreadyExistsException.class,
                () -> OutputFloor.main(new String[] {CAPTURE, tmp.toString(), "10"}));
        assertTrue(Files.exists(kept));
    }
}
