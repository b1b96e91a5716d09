package sensor.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * The BPF program that lets libpcap drop, before a frame crosses into Java, what the sensor
 * cannot use. It must still pass what only the decoder can judge: fragments (non-first ones carry
 * no ports), IPv6 with extension headers (BPF's {@code port} does not walk them), VLAN-tagged
 * frames and the tunnels the decoder opens (GRE, IP-in-IP, VXLAN, Geneve, Teredo, GTP-U, GRE over
 * UDP).
 */
public final class Prefilter {
    /** libpcap's LINKTYPE_ETHERNET: the only link type where VLAN tags occur in our inputs. */
    private static final int ETHERNET = 1;
    static final int[] TUNNEL_UDP_PORTS = {4789, 6081, 3544, 2152, 4754};
    private static final int PFLOG = 117;
    /** 802.11 bare, behind Prism, radiotap, AVS and PPI headers. */
    private static final java.util.Set<Integer> WLAN_LINK_TYPES = java.util.Set.of(105, 119, 127, 163, 192);

    private Prefilter() {}

    /** The prefilter for the service ports (DNS and SMTP) on a link type. */
    public static String expression(int[] ports, int linkType) {
        String core = core(ports);
        if (linkType == ETHERNET) {
            // "vlan" shifts every later offset, so each tag depth gets its own copy of the test.
            return "(" + core + ") or (vlan and ((" + core + ") or (vlan and (" + core + "))))";
        }
        if (WLAN_LINK_TYPES.contains(linkType)) {
            // libpcap's 802.11 header length ignores the fourth address, so "ip" and "port" never
            // match a data frame with both DS bits set (WDS, mesh): those go to the decoder.
            return core + " or (wlan[0] & 0x0c = 0x08 and wlan[1] & 0x03 = 0x03)";
        }
        if (linkType == PFLOG) {
            // libpcap's "ip6" on pflog compares the family with the reading host's AF_INET6, which
            // differs between the BSDs that write pflog and Linux: every non-IPv4 frame goes on.
            return core + " or link[1] != 2";
        }
        return core;
    }

    /** A user's filter and the prefilter together: a frame must pass both. */
    public static String combine(String user, String prefilter) {
        if (user == null || user.isBlank()) {
            return prefilter;
        }
        if (prefilter == null) {
            return user;
        }
        return "(" + user + ") and (" + prefilter + ")";
    }

    private static String core(int[] ports) {
        List<String> parts = new ArrayList<>();
        for (int p : ports) {
            parts.add("port " + p);
        }
        for (int p : TUNNEL_UDP_PORTS) {
            parts.add("udp port " + p);
        }
        parts.add("(ip and ip[6:2] & 0x3fff != 0)");
        parts.add("(ip and (ip proto 47 or ip proto 4 or ip proto 41))");
        parts.add("(ip6 and ip6[6] != 6 and ip6[6] != 17)");
        return String.join(" or ", parts);
    }
}
