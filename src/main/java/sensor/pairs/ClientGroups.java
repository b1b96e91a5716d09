package sensor.pairs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import sensor.decode.IpAddress;

/**
 * Organisations by address block ({@code --groups FILE}: one {@code CIDR NAME} per line, {@code #}
 * comments). One organisation's several resolvers are one party; the longest prefix wins, and an
 * address in no block is a group of its own, named by the address.
 */
public final class ClientGroups {
    private record Block(long hi, long lo, int bits, String name) {}

    private final List<Block> blocks;

    private ClientGroups(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static ClientGroups load(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    static ClientGroups parse(List<String> lines, String source) {
        List<Block> blocks = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+", 2);
            if (f.length < 2 || !f[0].contains("/")) {
                throw new IllegalArgumentException(source + ":" + n + ": expected 'CIDR NAME', got '" + raw + "'");
            }
            String[] cidr = f[0].split("/");
            IpAddress a;
            int bits;
            try {
                a = IpAddress.parse(cidr[0]);
                bits = Integer.parseInt(cidr[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + n + ": bad CIDR '" + f[0] + "'");
            }
            int total = a.isV4() ? 32 : 128;
            if (bits < 0 || bits > total) {
                throw new IllegalArgumentException(source + ":" + n + ": bad prefix length in '" + f[0] + "'");
            }
            int bits128 = a.isV4() ? 96 + bits : bits;
            blocks.add(new Block(mask(a.hi(), bits128, true) , mask(a.lo(), bits128, false), bits128, f[1].trim()));
        }
        blocks.sort(Comparator.comparingInt(Block::bits).reversed());
        return new ClientGroups(blocks);
    }

    /**
     * The same organisations over pseudonyms: each block's prefix becomes the first bits of its
     * pseudonym. Under a prefix-preserving map an address is in a block exactly when its pseudonym
     * is in the mapped block, so membership is decided as on the real address. An IPv6 block that
     * holds the IPv4-mapped space (from ::/1 to a /96) is refused: IPv4 addresses get IPv4
     * pseudonyms, which that block's pseudonym would no longer hold.
     */
    public ClientGroups mapPrefixes(UnaryOperator<IpAddress> pseudonym) {
        IpAddress v4Space = IpAddress.ofV4(0);
        List<Block> mapped = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            if (b.bits() > 0 && b.bits() <= 96 && mask(v4Space.hi(), b.bits(), true) == b.hi()
                    && mask(v4Space.lo(), b.bits(), false) == b.lo()) {
                throw new IllegalArgumentException("the IPv6 block of '" + b.name() + "' holds IPv4 addresses;"
                        + " with pseudonyms give IPv4 blocks in dotted form");
            }
            IpAddress p = pseudonym.apply(new IpAddress(b.hi(), b.lo()));
            mapped.add(new Block(mask(p.hi(), b.bits(), true), mask(p.lo(), b.bits(), false), b.bits(), b.name()));
        }
        return new ClientGroups(mapped);
    }

    private static long mask(long half, int bits128, boolean high) {
        int bits = high ? Math.min(64, bits128) : Math.max(0, bits128 - 64);
        if (bits == 0) {
            return 0;
        }
        return half & (-1L << (64 - bits));
    }

    /** The organisation of an address, or the address itself. */
    public String groupOf(IpAddress a) {
        for (Block b : blocks) {
            if (mask(a.hi(), b.bits(), true) == b.hi() && mask(a.lo(), b.bits(), false) == b.lo()) {
                return b.name();
            }
        }
        return a.toString();
    }

    public int size() {
        return blocks.size();
    }
}
