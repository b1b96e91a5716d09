package sensor.anonymize;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import sensor.decode.IpAddress;

/**
 * Crypto-PAn (Xu, Fan, Ammar, Moon 2002): a prefix-preserving, one-to-one pseudonym of an address
 * under a 32-byte key, the same for every tool that implements it with that key.
 *
 * <p>Bit {@code i} of the pseudonym is bit {@code i} of the address flipped by the first bit of
 * AES-128 over a block made of the address's first {@code i} bits followed by the pad's remaining
 * bits (the pad is the AES encryption of the key's second half). So the pseudonym's first
 * {@code n} bits depend on the address's first {@code n} bits only: two addresses sharing exactly
 * a /n share exactly a /n after. IPv4 is the reference's 32-bit construction (the address in the
 * block's first 32 bits); IPv6 is the same construction over all 128 bits with the 16-byte pad, as
 * the Go, C# and Python implementations do. An IPv4 address stays IPv4.
 *
 * <p>Not thread-safe (it holds a Cipher and its buffers): one per thread.
 */
public final class CryptoPan {
    private final Cipher aes;
    private final long padHi;
    private final long padLo;
    /** The blocks of one address, encrypted in one call: ECB takes them all at once. */
    private final byte[] blocks = new byte[128 * 16];
    private final byte[] encrypted = new byte[128 * 16];
    private long flipHi;
    private long flipLo;

    public CryptoPan(AnonymizeKey key) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.half(0), "AES"));
            byte[] pad = aes.doFinal(key.half(16));
            padHi = longAt(pad, 0);
            padLo = longAt(pad, 8);
        } catch (GeneralSecurityException e) {
            // AES/ECB/NoPadding is a cipher every JDK must provide.
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** The pseudonym of an address: IPv4 by the 32-bit construction, IPv6 by the 128-bit one. */
    public IpAddress anonymize(IpAddress a) {
        if (a.isV4()) {
            int v4 = (int) a.lo();
            flips((v4 & 0xffff_ffffL) << 32, 0, 32);
            return IpAddress.ofV4(v4 ^ (int) (flipHi >>> 32));
        }
        flips(a.hi(), a.lo(), 128);
        return new IpAddress(a.hi() ^ flipHi, a.lo() ^ flipLo);
    }

    /**
     * Sets {@link #flipHi}, {@link #flipLo} to the first {@code bits} flip bits for the address
     * {@code hi, lo} (left-aligned), one AES block per bit.
     */
    private void flips(long hi, long lo, int bits) {
        for (int p = 0; p < bits; p++) {
            long maskHi = p == 0 ? 0 : p >= 64 ? -1L : -1L << (64 - p);
            long maskLo = p <= 64 ? 0 : -1L << (128 - p);
            putLong(blocks, 16 * p, (hi & maskHi) | (padHi & ~maskHi));
            putLong(blocks, 16 * p + 8, (lo & maskLo) | (padLo & ~maskLo));
        }
        try {
            aes.doFinal(blocks, 0, 16 * bits, encrypted, 0);
        } catch (GeneralSecurityException e) {
            // Whole blocks into a buffer of their size: ECB without padding cannot refuse them.
            throw new IllegalStateException(e);
        }
        long fh = 0;
        long fl = 0;
        for (int p = 0; p < bits; p++) {
            long bit = (encrypted[16 * p] >>> 7) & 1;
            if (p < 64) {
                fh |= bit << (63 - p);
            } else {
                fl |= bit << (127 - p);
            }
        }
        flipHi = fh;
        flipLo = fl;
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
