package sensor.testutil;

import java.util.List;
import sensor.decode.IpAddress;
import sensor.dns.Answer;
import sensor.dns.Flags;
import sensor.txn.DnsTransaction;

/** Answered A lookups as the matcher hands them on, for tests that feed the aggregation directly. */
public final class Lookups {
    private Lookups() {}

    /** {@code client} asked {@code server} for {@code name} at {@code tsNanos}; answered 1 ms later. */
    public static DnsTransaction answered(long tsNanos, IpAddress client, IpAddress server, int id, String name,
            String address) {
        return new DnsTransaction(tsNanos, client, 1024 + (id % 50_000), server, 53, "udp", id & 0xffff, name, "A",
                "IN", DnsTransaction.Status.ANSWERED, "NOERROR", 1.0,
                new Flags(false, false, true, true, false, false),
                List.of(new Answer(name, "A", 300, address)), id, 0, id + 1, tsNanos + 1_000_000L,
                "QUERY", null, null, null, -1, false, List.of());
    }
}
