package sensor.dns;

/**
 * What {@link DnsParser#parse} gives: a decoded message (which may still name a malformation in
 * a later section, see {@link DnsMessage#malformed}), or the {@link Malformation} that left
 * nothing to decode.
 */
public sealed interface ParseResult permits DnsMessage, Malformation {}
