package sensor.decode;

import java.util.HashMap;
import java.util.Map;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Finds the network-layer header behind a link-layer header, for every link type libpcap hands
 * us that can carry IP. After {@link #decode} returns an offset, {@link #etherType} says what
 * starts there (0x0800 IPv4, 0x86dd IPv6, anything else is not ours).
 */
public final class LinkLayer {
    public static final int ETHERNET = 1;
    public static final int PPP = 9;
    public static final int FDDI = 10;
    public static final int RAW_12 = 12;
    public static final int RAW_14 = 14;
    public static final int PPP_HDLC = 50;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int PKTAP = 258;
    public static final int LINUX_SLL2 = 276;
    public static final int NULL = 0;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int MAX_VLAN_TAGS = 8;

    private final Tallies tallies;
    private final Tally truncated;
    private final Tally vlanTooDeep;
    private final Tally nonIp;
    private final Tally badFamily;
    private final Tally[] byType = new Tally[300];
    private final Map<Integer, Tally> unknown = new HashMap<>();
    private final Map<String, Tally> unknownInner = new HashMap<>();
    private final Wlan wlan;
    private final Nflog nflog;
    private final WiredLinks wired;

    /** What the last {@link #decode} found at the returned offset. */
    public int etherType;

    public LinkLayer(Tallies tallies) {
        this.tallies = tallies;
        truncated = tallies.weird("truncated_link_header");
        vlanTooDeep = tallies.weird("vlan_stack_too_deep");
        badFamily = tallies.weird("unknown_address_family");
        nonIp = tallies.get("link", "non_ip");
        wlan = new Wlan(this, tallies);
        nflog = new Nflog(this, tallies);
        wired = new WiredLinks(this);
    }

    /** Returns the offset of the network header, or -1 (counted) when there is none for us. */
    public int decode(int linkType, byte[] b, int len, long frame, int depth) {
        count(linkType);
        switch (linkType) {
            case ETHERNET:
                return ethernet(b, 0, len, frame);
            case LINUX_SLL:
                return linuxSll(b, len, frame);
            case LINUX_SLL2:
                if (len < 20) {
                    return truncated(frame);
                }
                return ethertype(Bytes.u16(b, 0), 20, frame);
            case RAW:
            case RAW_12:
            case RAW_14:
                return raw(b, 0, len, frame);
            case IPV4:
                etherType = ETHERTYPE_IPV4;
                return 0;
            case IPV6:
                etherType = ETHERTYPE_IPV6;
                return 0;
            case NULL:
                return nullLink(b, len, frame, false);
            case LOOP:
                return nullLink(b, len, frame, true);
            case FDDI:
                return fddi(b, len, frame);
            case PPP:
            case PPP_HDLC:
                return ppp(b, len, frame);
            case PKTAP:
                return pktap(b, len, frame, depth);
            case Nflog.NFLOG:
                return nflog.decode(b, len, frame);
            case Wlan.IEEE802_11:
                return wlan.frame(b, 0, len, frame);
            case Wlan.RADIOTAP:
                return wlan.radiotap(b, len, frame);
            case Wlan.PRISM:
                return wlan.prism(b, len, frame);
            case Wlan.AVS:
                return wlan.avs(b, len, frame);
            case Wlan.PPI:
                return wlan.ppi(b, len, frame, depth);
            case WiredLinks.C_HDLC:
            case WiredLinks.PFLOG:
            case WiredLinks.NETANALYZER:
            case WiredLinks.NETANALYZER_TRANSPARENT:
            case WiredLinks.ATM_RFC1483:
            case WiredLinks.LINKTYPE_ATM_RFC1483:
            case WiredLinks.IPOIB:
                return wired.decode(linkType, b, len, frame);
            default:
                unknown.computeIfAbsent(linkType, t -> tallies.weird("unknown_link_type_" + t)).hit(frame);
                return -1;
        }
    }

    private void count(int linkType) {
        if (linkType >= 0 && linkType < byType.length) {
            Tally t = byType[linkType];
            if (t == null) {
                t = byType[linkType] = tallies.get("linktype", name(linkType));
            }
            t.inc();
        }
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case ETHERNET -> "ethernet";
            case LINUX_SLL -> "linux_sll";
            case LINUX_SLL2 -> "linux_sll2";
            case RAW, RAW_12, RAW_14 -> "raw";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case NULL -> "null";
            case LOOP -> "loop";
            case FDDI -> "fddi";
            case PPP -> "ppp";
            case PPP_HDLC -> "ppp_hdlc";
            case PKTAP -> "pktap";
            case Nflog.NFLOG -> "nflog";
            case Wlan.IEEE802_11 -> "ieee802_11";
            case Wlan.RADIOTAP -> "ieee802_11_radiotap";
            case Wlan.PRISM -> "ieee802_11_prism";
            case Wlan.AVS -> "ieee802_11_avs";
            case Wlan.PPI -> "ppi";
            case WiredLinks.C_HDLC -> "c_hdlc";
            case WiredLinks.PFLOG -> "pflog";
            case WiredLinks.NETANALYZER -> "netanalyzer";
            case WiredLinks.NETANALYZER_TRANSPARENT -> "netanalyzer_transparent";
            case WiredLinks.ATM_RFC1483, WiredLinks.LINKTYPE_ATM_RFC1483 -> "atm_rfc1483";
            case WiredLinks.IPOIB -> "ipoib";
            default -> "linktype_" + linkType;
        };
    }

    /** Ethernet II, 802.3 with LLC/SNAP, and any stack of 802.1Q / 802.1ad tags. */
    public int ethernet(byte[] b, int off, int len, long frame) {
        if (len - off < 14) {
            return truncated(frame);
        }
        int type = Bytes.u16(b, off + 12);
        int pos = off + 14;
        int tags = 0;
        while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
            if (++tags > MAX_VLAN_TAGS) {
                vlanTooDeep.hit(frame);
                return -1;
            }
            if (len - pos < 4) {
                return truncated(frame);
            }
            type = Bytes.u16(b, pos + 2);
            pos += 4;
        }
        if (type <= 1500) {
            return llc(b, pos, len, frame);
        }
        return ethertype(type, pos, frame);
    }

    int llc(byte[] b, int pos, int len, long frame) {
        // 802.2 LLC: only SNAP (AA AA 03, OUI 0) carries an EtherType we can follow.
        if (len - pos >= 8 && (b[pos] & 0xff) == 0xaa && (b[pos + 1] & 0xff) == 0xaa && b[pos + 2] == 3) {
            return ethertype(Bytes.u16(b, pos + 6), pos + 8, frame);
        }
        if (len - pos < 3) {
            return truncated(frame);
        }
        nonIp.inc();
        return -1;
    }

    private int linuxSll(byte[] b, int len, long frame) {
        if (len < 16) {
            return truncated(frame);
        }
        return ethertype(Bytes.u16(b, 14), 16, frame);
    }

    int raw(byte[] b, int off, int len, long frame) {
        if (len - off < 1) {
            return truncated(frame);
        }
        int v = (b[off] & 0xff) >>> 4;
        etherType = v == 4 ? ETHERTYPE_IPV4 : v == 6 ? ETHERTYPE_IPV6 : 0;
        if (etherType == 0) {
            tallies.weird("bad_ip_version").hit(frame);
            return -1;
        }
        return off;
    }

    private int nullLink(byte[] b, int len, long frame, boolean networkOrder) {
        if (len < 4) {
            return truncated(frame);
        }
        long family = networkOrder ? Bytes.u32(b, 0) : Bytes.u32le(b, 0);
        if (!networkOrder && family > 0xffff) {
            // DLT_NULL is in the capturing host's byte order, which the file does not record.
            family = Bytes.u32(b, 0);
        }
        if (family == 2) {
            etherType = ETHERTYPE_IPV4;
            return 4;
        }
        if (family == 10 || family == 24 || family == 28 || family == 30) {
            etherType = ETHERTYPE_IPV6;
            return 4;
        }
        badFamily.hit(frame);
        return -1;
    }

    private int fddi(byte[] b, int len, long frame) {
        // frame control (1), destination (6), source (6), then 802.2 LLC
        if (len < 13) {
            return truncated(frame);
        }
        return llc(b, 13, len, frame);
    }

    private int ppp(byte[] b, int len, long frame) {
        int pos = 0;
        if (len >= 2 && (b[0] & 0xff) == 0xff && b[1] == 3) {
            pos = 2; // HDLC address and control
        }
        if (len - pos < 2) {
            return truncated(frame);
        }
        int proto = Bytes.u16(b, pos);
        if (proto == 0x0021) {
            etherType = ETHERTYPE_IPV4;
            return pos + 2;
        }
        if (proto == 0x0057) {
            etherType = ETHERTYPE_IPV6;
            return pos + 2;
        }
        nonIp.inc();
        return -1;
    }

    private int pktap(byte[] b, int len, long frame, int depth) {
        // Apple PKTAP: a header whose first field (host order) is its own length, the second the
        // DLT of the frame behind it.
        if (len < 8) {
            return truncated(frame);
        }
        long hdrLen = Bytes.u32le(b, 0);
        long dlt = Bytes.u32le(b, 4);
        if (hdrLen < 8 || hdrLen > len) {
            return truncated(frame);
        }
        if (dlt == ETHERNET) {
            return ethernet(b, (int) hdrLen, len, frame);
        }
        if (dlt == RAW || dlt == RAW_12) {
            return raw(b, (int) hdrLen, len, frame);
        }
        if (dlt == NULL && len - hdrLen >= 4) {
            long family = Bytes.u32le(b, (int) hdrLen);
            etherType = family == 2 ? ETHERTYPE_IPV4 : (family == 24 || family == 28 || family == 30) ? ETHERTYPE_IPV6 : 0;
            return etherType == 0 ? -1 : (int) hdrLen + 4;
        }
        return unknownInner("pktap", dlt, frame);
    }

    /** A link type inside a pseudo-header (PKTAP, PPI) that the decoder does not open, counted by name. */
    int unknownInner(String outer, long dlt, long frame) {
        // the inner type is a field of each frame: beyond a few distinct ones, one name for the rest
        String reason = "unknown_link_type_" + outer + "_" + (unknownInner.size() < 32 ? Long.toString(dlt) : "other");
        unknownInner.computeIfAbsent(reason, tallies::weird).hit(frame);
        return -1;
    }

    int ethertype(int type, int pos, long frame) {
        if (type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6) {
            etherType = type;
            return pos;
        }
        etherType = type;
        nonIp.inc();
        return -1;
    }

    int truncated(long frame) {
        truncated.hit(frame);
        return -1;
    }
}
