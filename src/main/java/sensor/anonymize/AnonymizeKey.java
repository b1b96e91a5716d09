package sensor.anonymize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The secret of {@code --anonymize-key FILE}: 32 bytes, the first 16 the AES key of Crypto-PAn and
 * the last 16 the block its pad is made from, as every Crypto-PAn tool reads a key. The file holds
 * them raw or as 64 hex digits (surrounding white space allowed). Never printed: {@link #toString()}
 * says only that a key is there.
 */
public final class AnonymizeKey {
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private AnonymizeKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A key of exactly 32 bytes. */
    public static AnonymizeKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a key is " + LENGTH + " bytes, not " + bytes.length);
        }
        return new AnonymizeKey(bytes.clone());
    }

    /** Reads a key file; anything but 32 raw bytes or 64 hex digits is an IllegalArgumentException. */
    public static AnonymizeKey load(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --anonymize-key " + file + ": " + reason(e));
        }
        if (raw.length == LENGTH) {
            return new AnonymizeKey(raw);
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1).strip();
        if (text.length() == 2 * LENGTH && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new AnonymizeKey(HexFormat.of().parseHex(text));
        }
        throw new IllegalArgumentException("--anonymize-key " + file + " holds " + raw.length
                + " bytes; expected 32 raw bytes or 64 hex digits");
    }

    private static String reason(IOException e) {
        String cls = e.getClass().getSimpleName();
        return switch (cls) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() != null ? e.getMessage() : cls;
        };
    }

    /** Bytes {@code from} to {@code from + 16}: the AES key (0) or the pad's block (16). */
    byte[] half(int from) {
        return Arrays.copyOfRange(bytes, from, from + 16);
    }

    /** All 32 bytes, for the keyed hash of names. */
    byte[] all() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "AnonymizeKey[32 bytes, not shown]";
    }
}
