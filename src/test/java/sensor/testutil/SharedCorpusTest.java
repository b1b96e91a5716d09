package sensor.testutil;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** A missing corpus is a skip on a user's machine and a failure in CI. */
class SharedCorpusTest {
    private static final Path MISSING = Path.of("/nonexistent/shared/captures/public");

    @Test
    void inCiAMissingCorpusFails() {
        assertThrows(AssertionFailedError.class, () -> SharedCorpus.failInCi(MISSING, "true"));
        assertThrows(AssertionFailedError.class, () -> SharedCorpus.failInCi(MISSING, "TRUE"));
        assertThrows(AssertionFailedError.class, () -> SharedCorpus.failInCi(MISSING, "1"));
    }

    @Test
    void elsewhereItIsOnlyASkip() {
        assertDoesNotThrow(() -> SharedCorpus.failInCi(MISSING, null));
        assertDoesNotThrow(() -> SharedCorpus.failInCi(MISSING, "false"));
        assertDoesNotThrow(() -> SharedCorpus.failInCi(MISSING, ""));
    }
}
