package sensor.dns;

/**
 * Why a DNS message, or a section of it, could not be read: the named reasons (like Zeek's
 * weirds) that are counted in summary.json and written as {@code malformed} in dns.jsonl.
 * As a {@link ParseResult}, one that left nothing to decode (only a short header does).
 */
public enum Malformation implements ParseResult {
    TRUNCATED_HEADER("dns_truncated_header"),
    TRUNCATED_MESSAGE("dns_truncated_message"),
    COMPRESSION_LOOP("dns_compression_loop"),
    BAD_LABEL("dns_bad_label"),
    NAME_TOO_LONG("dns_name_too_long"),
    BAD_LENGTH("dns_bad_length"),
    BAD_RDATA("dns_bad_rdata"),
    BAD_ECS("dns_bad_ecs"),
    BAD_EDNS_OPTION("dns_bad_edns_option");

    private final String reason;

    Malformation(String reason) {
        this.reason = reason;
    }

    /** The counter and record name ({@code dns_truncated_message}). */
    public String reason() {
        return reason;
    }
}
