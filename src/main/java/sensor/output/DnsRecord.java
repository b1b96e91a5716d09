package sensor.output;

import sensor.txn.DnsTransaction;

/**
 * A {@code dns.jsonl} line read back: the transaction, and whether it was made from state a
 * table's cap evicted.
 */
public record DnsRecord(DnsTransaction transaction, boolean evicted) {}
