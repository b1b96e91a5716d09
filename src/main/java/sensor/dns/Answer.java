package sensor.dns;

/**
 * One answer-section record.
 *
 * @param data presentation form: A dotted, AAAA RFC 5952, names without trailing dot,
 *             MX {@code 10 mx.example.com}
 */
public record Answer(String name, String type, long ttl, String data) {}
