package sensor.decode;

import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Opens the encapsulations that carry DNS in the public captures: GRE (and ERSPAN II, GRE over
 * UDP, PPTP), VXLAN, Geneve, Teredo and GTP-U. A tunnel is opened only when its whole header is
 * well formed (flags and reserved fields as the RFC sets them) and what it carries is an IP packet;
 * otherwise the outer UDP stays plain UDP, so a DNS message sent from a tunnel's port is still DNS.
 * Datagrams on a tunnel port left as plain UDP are counted by reason ({@code tunnel.vxlan_bad_header},
 * {@code tunnel.vxlan_not_ip}, ...).
 */
final class Tunnels {
    static final int VXLAN = 4789;
    static final int GENEVE = 6081;
    static final int TEREDO = 3544;
    static final int GTP_U = 2152;
    /** GRE-in-UDP, RFC 8086. */
    static final int GRE_UDP = 4754;
    private static final int TRANSPARENT_ETHERNET = 0x6558;
    private static final int ERSPAN_II = 0x88be;
    private static final int PPP = 0x880b;
    private static final int PPP_IPV4 = 0x21;
    private static final int PPP_IPV6 = 0x57;

    private final PacketDecoder decoder;
    private final LinkLayer link;
    private final Tally opened;
    private final Tally badTunnel;
    private final Tally greNotOpened;
    private final Tally pptpNotIp;
    private final Tally vxlanBadHeader;
    private final Tally vxlanNotIp;
    private final Tally geneveBadHeader;
    private final Tally geneveNotIp;
    private final Tally gtpNotIp;

    Tunnels(PacketDecoder decoder, LinkLayer link, Tallies tallies) {
        this.decoder = decoder;
        this.link = link;
        this.opened = tallies.get("ip", "tunnels_opened");
        this.badTunnel = tallies.weird("bad_tunnel_header");
        this.greNotOpened = tallies.get("ip", "gre_other_protocol");
        this.pptpNotIp = tallies.get("ip", "pptp_ppp_not_ip");
        this.vxlanBadHeader = tallies.get("tunnel", "vxlan_bad_header");
        this.vxlanNotIp = tallies.get("tunnel", "vxlan_not_ip");
        this.geneveBadHeader = tallies.get("tunnel", "geneve_bad_header");
        this.geneveNotIp = tallies.get("tunnel", "geneve_not_ip");
        this.gtpNotIp = tallies.get("tunnel", "gtpu_not_ip");
    }

    /** The inner packet's layer, or null when this UDP datagram is not a tunnel we open. */
    Layer udp(byte[] b, int off, int end, Packet p) {
        int sp = p.srcPort;
        int dp = p.dstPort;
        if (dp == VXLAN || sp == VXLAN) {
            // RFC 7348: flags exactly I (the R bits zero), 24 reserved bits, VNI, 8 reserved bits.
            // VXLAN-GPE (seen on 4789 too): I and P (O allowed), 16 reserved bits, next protocol.
            int flags = end - off >= 8 ? b[off] & 0xff : -1;
            int next = flags == 0x08 && b[off + 3] == 0 ? 3 : (flags & ~0x01) == 0x0c ? b[off + 3] : 0;
            if (next < 1 || next > 3 || b[off + 1] != 0 || b[off + 2] != 0 || b[off + 7] != 0) {
                vxlanBadHeader.inc();
                return null;
            }
            if (next == 3 && innerEthernetIp(b, off + 8, end) >= 0) {
                return ethernet(b, off + 8, end, p);
            }
            if (next != 3 && ipVersion(b, off + 8, end) == (next == 1 ? 4 : 6)) {
                return inner(b, off + 8, end, next == 1 ? LinkLayer.ETHERTYPE_IPV4 : LinkLayer.ETHERTYPE_IPV6, p);
            }
            vxlanNotIp.inc();
            return null;
        } else if (dp == GENEVE || sp == GENEVE) {
            // RFC 8926: version 0, the six bits after O and C and the last byte reserved (zero).
            int hl = 8 + (end - off >= 8 ? (b[off] & 0x3f) * 4 : 0);
            if (end - off < 8 || ((b[off] & 0xff) >>> 6) != 0 || (b[off + 1] & 0x3f) != 0 || b[off + 7] != 0
                    || off + hl > end) {
                geneveBadHeader.inc();
                return null;
            }
            int proto = Bytes.u16(b, off + 2);
            if (proto == TRANSPARENT_ETHERNET && innerEthernetIp(b, off + hl, end) >= 0) {
                return ethernet(b, off + hl, end, p);
            }
            if ((proto == LinkLayer.ETHERTYPE_IPV4 || proto == LinkLayer.ETHERTYPE_IPV6)
                    && ipVersion(b, off + hl, end) == (proto == LinkLayer.ETHERTYPE_IPV4 ? 4 : 6)) {
                return inner(b, off + hl, end, proto, p);
            }
            geneveNotIp.inc();
            return null;
        } else if (dp == TEREDO || sp == TEREDO) {
            return teredo(b, off, end, p);
        } else if (dp == GTP_U || sp == GTP_U) {
            return gtpu(b, off, end, p);
        } else if (dp == GRE_UDP || sp == GRE_UDP) {
            return gre(b, off, end, p);
        }
        return null;
    }

    /**
     * GRE (RFC 2784/2890), over IP or UDP (RFC 8086), and PPTP's enhanced GRE (version 1, RFC
     * 2637) with IP inside PPP. What it carries and we do not open is counted, never silent.
     */
    Layer gre(byte[] b, int off, int end, Packet p) {
        if (end - off < 4) {
            badTunnel.hit(p.frameNumber);
            return null;
        }
        int flags = Bytes.u16(b, off);
        int version = flags & 0x7;
        if (version == 1) {
            return pptp(b, off, end, flags, p);
        }
        if (version != 0) {
            badTunnel.hit(p.frameNumber);
            return null;
        }
        int proto = Bytes.u16(b, off + 2);
        int pos = off + 4;
        if ((flags & 0x8000) != 0) {
            pos += 4; // checksum and reserved
        }
        if ((flags & 0x2000) != 0) {
            pos += 4; // key
        }
        if ((flags & 0x1000) != 0) {
            pos += 4; // sequence number
        }
        if (pos > end) {
            badTunnel.hit(p.frameNumber);
            return null;
        }
        if (proto == LinkLayer.ETHERTYPE_IPV4 || proto == LinkLayer.ETHERTYPE_IPV6) {
            return inner(b, pos, end, proto, p);
        }
        if (proto == TRANSPARENT_ETHERNET) {
            return ethernet(b, pos, end, p);
        }
        if (proto == ERSPAN_II && end - pos >= 8) {
            return ethernet(b, pos + 8, end, p);
        }
        greNotOpened.inc();
        return null;
    }

    /**
     * Enhanced GRE: key present (payload length, call id), optional sequence and acknowledgment
     * numbers, then a PPP frame whose IPv4 or IPv6 datagram is opened; control (LCP, IPCP),
     * compressed or encrypted (CCP, MPPE) frames are counted. An acknowledgment alone carries none.
     */
    private Layer pptp(byte[] b, int off, int end, int flags, Packet p) {
        if (Bytes.u16(b, off + 2) != PPP || (flags & 0x2000) == 0 || end - off < 8) {
            badTunnel.hit(p.frameNumber);
            return null;
        }
        int payload = Bytes.u16(b, off + 4);
        int pos = off + 8;
        if ((flags & 0x1000) != 0) {
            pos += 4; // sequence number
        }
        if ((flags & 0x0080) != 0) {
            pos += 4; // acknowledgment number
        }
        if (pos > end) {
            badTunnel.hit(p.frameNumber);
            return null;
        }
        if (payload == 0) {
            return null; // an acknowledgment without data
        }
        int pppEnd = Math.min(end, pos + payload);
        if (pppEnd - pos >= 2 && (b[pos] & 0xff) == 0xff && b[pos + 1] == 0x03) {
            pos += 2; // address and control, unless compressed away (ACFC)
        }
        if (pos >= pppEnd) {
            badTunnel.hit(p.frameNumber);
            return null;
        }
        int protocol;
        if ((b[pos] & 1) != 0) {
            protocol = b[pos] & 0xff; // protocol field compressed to one byte (PFC)
            pos += 1;
        } else if (pppEnd - pos >= 2) {
            protocol = Bytes.u16(b, pos);
            pos += 2;
        } else {
            badTunnel.hit(p.frameNumber);
            return null;
        }
        if (protocol == PPP_IPV4) {
            return inner(b, pos, pppEnd, LinkLayer.ETHERTYPE_IPV4, p);
        }
        if (protocol == PPP_IPV6) {
            return inner(b, pos, pppEnd, LinkLayer.ETHERTYPE_IPV6, p);
        }
        pptpNotIp.inc();
        return null;
    }

    private Layer teredo(byte[] b, int off, int end, Packet p) {
        int pos = off;
        // Authentication indicator (0x0001) then origin indication (0x0000), both optional.
        if (end - pos >= 4 && Bytes.u16(b, pos) == 0x0001) {
            int idLen = b[pos + 2] & 0xff;
            int authLen = b[pos + 3] & 0xff;
            pos += 4 + idLen + authLen + 8 + 1;
        }
        if (end - pos >= 8 && Bytes.u16(b, pos) == 0x0000) {
            pos += 8;
        }
        if (end - pos < 40 || ((b[pos] & 0xff) >>> 4) != 6 || pos + 40 + Bytes.u16(b, pos + 4) != end) {
            return null; // a bubble or not IPv6: plain UDP
        }
        return inner(b, pos, end, LinkLayer.ETHERTYPE_IPV6, p);
    }

    private Layer gtpu(byte[] b, int off, int end, Packet p) {
        if (end - off < 8) {
            return null;
        }
        int flags = b[off] & 0xff;
        int type = b[off + 1] & 0xff;
        if ((flags >>> 5) != 1 || (flags & 0x10) == 0 || type != 0xff) {
            return null; // not GTPv1 G-PDU
        }
        int pos = off + 8;
        if ((flags & 0x07) != 0) {
            if (end - pos < 4) {
                badTunnel.hit(p.frameNumber);
                return null;
            }
            int nextExt = b[pos + 3] & 0xff;
            pos += 4;
            for (int i = 0; nextExt != 0 && i < 8; i++) {
                if (end - pos < 4) {
                    badTunnel.hit(p.frameNumber);
                    return null;
                }
                int len = (b[pos] & 0xff) * 4;
                if (len == 0 || pos + len > end) {
                    badTunnel.hit(p.frameNumber);
                    return null;
                }
                nextExt = b[pos + len - 1] & 0xff;
                pos += len;
            }
        }
        int v = ipVersion(b, pos, end);
        if (v < 0) {
            gtpNotIp.inc();
            return null;
        }
        return inner(b, pos, end, v == 4 ? LinkLayer.ETHERTYPE_IPV4 : LinkLayer.ETHERTYPE_IPV6, p);
    }

    /**
     * 4 or 6 when {@code b[off..end)} starts with a plausible IP header (version, IPv4 header
     * length, total length that fits the header), else -1. Only a look: the IP decoder checks the
     * rest and counts what is wrong.
     */
    static int ipVersion(byte[] b, int off, int end) {
        if (end - off < 20) {
            return -1;
        }
        int v = (b[off] & 0xff) >>> 4;
        if (v == 4) {
            int ihl = (b[off] & 0x0f) * 4;
            return ihl >= 20 && Bytes.u16(b, off + 2) >= ihl ? 4 : -1;
        }
        return v == 6 && end - off >= 40 ? 6 : -1;
    }

    /** Offset of the IP header inside an Ethernet frame (up to two VLAN tags) that carries IP, else -1. */
    static int innerEthernetIp(byte[] b, int off, int end) {
        int pos = off + 12;
        for (int tags = 0; tags <= 2 && end - pos >= 2; tags++) {
            int type = Bytes.u16(b, pos);
            if (type == 0x8100 || type == 0x88a8) {
                pos += 4;
                continue;
            }
            int want = type == LinkLayer.ETHERTYPE_IPV4 ? 4 : type == LinkLayer.ETHERTYPE_IPV6 ? 6 : 0;
            return want != 0 && ipVersion(b, pos + 2, end) == want ? pos + 2 : -1;
        }
        return -1;
    }

    private Layer ethernet(byte[] b, int off, int end, Packet p) {
        int ip = link.ethernet(b, off, end, p.frameNumber);
        if (ip < 0) {
            return Layer.NONE;
        }
        return inner(b, ip, end, link.etherType, p);
    }

    private Layer inner(byte[] b, int off, int end, int etherType, Packet p) {
        opened.inc();
        int depth = p.tunnelDepth + 1;
        p.srcPort = p.dstPort = 0;
        p.payloadOffset = p.payloadLength = 0;
        return decoder.network(b, off, end, etherType, p, depth);
    }
}
