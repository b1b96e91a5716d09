package sensor.anonymize;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code --anonymize-names}: a name becomes the first 64 bits of HMAC-SHA256 under the whole key, in
 * hex, so equal names stay equal across runs and sensors with the key and nobody without it can
 * test a guess. Not thread-safe: one per thread.
 */
public final class NameHash {
    private static final int HEX_DIGITS = 16;

    private final Mac mac;

    public NameHash(AnonymizeKey key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.all(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a MAC every JDK must provide.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The hash of {@code name}, or null for null. */
    public String of(String name) {
        if (name == null) {
            return null;
        }
        byte[] h = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h).substring(0, HEX_DIGITS);
    }
}
