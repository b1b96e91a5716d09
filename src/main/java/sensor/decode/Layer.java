package sensor.decode;

/** How far the decoder got with a packet. */
public enum Layer {
    /** Not IP, or undecodable: already counted (a weird, or a non-IP link payload). */
    NONE,
    /** An IPv4 or IPv6 fragment: the defragmenter takes it from here. */
    FRAGMENT,
    UDP,
    TCP,
    /** Another IP protocol (ICMP, ESP ...): counted, not an error. */
    OTHER_IP
}
