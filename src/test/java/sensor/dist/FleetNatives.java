package sensor.dist;

/**
 * Loads the native parts of RocksDB, zstd and snappy from the jars it is run with (the installed
 * lib/fleet, whose natives the package cut to Linux x86_64 and aarch64) and prints "ok".
 */
public final class FleetNatives {
    private FleetNatives() {}

    public static void main(String[] args) {
        org.rocksdb.RocksDB.loadLibrary();
        com.github.luben.zstd.util.Native.load();
        if (org.xerial.snappy.Snappy.maxCompressedLength(100) <= 0) {
            throw new IllegalStateException("snappy");
        }
        System.out.println("ok");
    }
}
