package sensor.decode;

import sensor.capture.Frame;
import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * Link → IP → (tunnels) → UDP/TCP over the frame's bytes, into a reused {@link Packet}. Every
 * length field is checked against what was captured; what does not add up is a named weird and
 * the packet is dropped, never an exception. No allocation per packet.
 */
public final class PacketDecoder {
    static final int MAX_TUNNEL_DEPTH = 4;
    private static final int MAX_EXTENSION_HEADERS = 8;

    private final LinkLayer link;
    private final Tunnels tunnels;
    private final Tally truncatedIp;
    private final Tally badVersion;
    private final Tally ipHdrLenTooSmall;
    private final Tally ipTotalLenTooSmall;
    private final Tally ipTruncated;
    private final Tally ipv6ExtTooMany;
    private final Tally ipv6Jumbo;
    private final Tally ipv6ExtTruncated;
    private final Tally truncatedUdp;
    private final Tally badUdpLength;
    private final Tally udpLengthExceeds;
    private final Tally truncatedTcp;
    private final Tally badTcpOffset;
    private final Tally tunnelTooDeep;
    private final Tally otherIp;
    private final Tally ipv4;
    private final Tally ipv6;

    public PacketDecoder(Tallies tallies) {
        link = new LinkLayer(tallies);
        tunnels = new Tunnels(this, link, tallies);
        truncatedIp = tallies.weird("truncated_ip_header");
        badVersion = tallies.weird("bad_ip_version");
        ipHdrLenTooSmall = tallies.weird("ip_hdr_len_too_small");
        ipTotalLenTooSmall = tallies.weird("ip_total_len_too_small");
        ipTruncated = tallies.weird("ip_length_exceeds_data");
        ipv6ExtTooMany = tallies.weird("ipv6_too_many_extension_headers");
        ipv6Jumbo = tallies.weird("ipv6_jumbogram");
        ipv6ExtTruncated = tallies.weird("truncated_ipv6_extension_header");
        truncatedUdp = tallies.weird("truncated_udp_header");
        badUdpLength = tallies.weird("bad_udp_length");
        udpLengthExceeds = tallies.weird("udp_length_exceeds_data");
        truncatedTcp = tallies.weird("truncated_tcp_header");
        badTcpOffset = tallies.weird("bad_tcp_data_offset");
        tunnelTooDeep = tallies.weird("tunnel_depth_exceeded");
        otherIp = tallies.get("ip", "other_protocol");
        ipv4 = tallies.get("ip", "ipv4");
        ipv6 = tallies.get("ip", "ipv6");
    }

    public Layer decode(Frame frame, Packet p) {
        p.clear();
        p.frameNumber = frame.number;
        p.tsNanos = frame.tsNanos;
        p.input = frame.input;
        p.buf = frame.data;
        int off = link.decode(frame.linkType, frame.data, frame.caplen, frame.number, 0);
        if (off < 0) {
            return Layer.NONE;
        }
        return network(frame.data, off, frame.caplen, link.etherType, p, 0);
    }

    /** Decodes an IP datagram at {@code buf[off..off+len)}, e.g. one rebuilt from fragments. */
    public Layer decodeIp(byte[] buf, int off, int len, Packet p) {
        p.buf = buf;
        if (len < 1) {
            truncatedIp.hit(p.frameNumber);
            return Layer.NONE;
        }
        int v = (buf[off] & 0xff) >>> 4;
        return network(buf, off, off + len, v == 6 ? LinkLayer.ETHERTYPE_IPV6 : LinkLayer.ETHERTYPE_IPV4, p,
                p.tunnelDepth);
    }

    Layer network(byte[] b, int off, int end, int etherType, Packet p, int depth) {
        if (depth > MAX_TUNNEL_DEPTH) {
            tunnelTooDeep.hit(p.frameNumber);
            return Layer.NONE;
        }
        p.tunnelDepth = depth;
        return etherType == LinkLayer.ETHERTYPE_IPV6 ? ipv6(b, off, end, p) : ipv4(b, off, end, p);
    }

    private Layer ipv4(byte[] b, int off, int end, Packet p) {
        if (end - off < 20) {
            truncatedIp.hit(p.frameNumber);
            return Layer.NONE;
        }
        int vihl = b[off] & 0xff;
        if ((vihl >>> 4) != 4) {
            badVersion.hit(p.frameNumber);
            return Layer.NONE;
        }
        int ihl = (vihl & 0x0f) * 4;
        if (ihl < 20) {
            ipHdrLenTooSmall.hit(p.frameNumber);
            return Layer.NONE;
        }
        int total = Bytes.u16(b, off + 2);
        if (total < ihl) {
            // TSO-offloaded captures carry 0 here; without a length we cannot trust the rest.
            ipTotalLenTooSmall.hit(p.frameNumber);
            return Layer.NONE;
        }
        if (off + ihl > end) {
            truncatedIp.hit(p.frameNumber);
            return Layer.NONE;
        }
        // Ethernet padding beyond the datagram is not payload; a datagram longer than what was
        // captured is decoded as far as it goes (as tshark does), and counted.
        int ipEnd = off + total;
        if (ipEnd > end) {
            ipTruncated.hit(p.frameNumber);
            ipEnd = end;
        }
        ipv4.inc();
        p.ipVersion = 4;
        p.ipOffset = off;
        p.srcHi = 0;
        p.srcLo = IpAddress.v4Lo((int) Bytes.u32(b, off + 12));
        p.dstHi = 0;
        p.dstLo = IpAddress.v4Lo((int) Bytes.u32(b, off + 16));
        p.protocol = b[off + 9] & 0xff;
        int frag = Bytes.u16(b, off + 6);
        if ((frag & 0x3fff) != 0) {
            p.fragId = Bytes.u16(b, off + 4);
            p.fragOffset = (frag & 0x1fff) * 8;
            p.moreFragments = (frag & 0x2000) != 0;
            p.payloadOffset = off + ihl;
            p.payloadLength = ipEnd - (off + ihl);
            return Layer.FRAGMENT;
        }
        return transport(b, off + ihl, ipEnd, p.protocol, p);
    }

    private Layer ipv6(byte[] b, int off, int end, Packet p) {
        if (end - off < 40) {
            truncatedIp.hit(p.frameNumber);
            return Layer.NONE;
        }
        if (((b[off] & 0xff) >>> 4) != 6) {
            badVersion.hit(p.frameNumber);
            return Layer.NONE;
        }
        int payloadLen = Bytes.u16(b, off + 4);
        if (payloadLen == 0 && b[off + 6] == 0) {
            ipv6Jumbo.hit(p.frameNumber);
            return Layer.NONE;
        }
        int ipEnd = off + 40 + payloadLen;
        if (ipEnd > end) {
            ipTruncated.hit(p.frameNumber);
            ipEnd = end;
        }
        ipv6.inc();
        p.ipVersion = 6;
        p.ipOffset = off;
        p.srcHi = Bytes.u64(b, off + 8);
        p.srcLo = Bytes.u64(b, off + 16);
        p.dstHi = Bytes.u64(b, off + 24);
        p.dstLo = Bytes.u64(b, off + 32);
        int next = b[off + 6] & 0xff;
        int pos = off + 40;
        for (int i = 0; ; i++) {
            if (i > MAX_EXTENSION_HEADERS) {
                ipv6ExtTooMany.hit(p.frameNumber);
                return Layer.NONE;
            }
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> { // hop-by-hop, routing, destination, mobility, HIP, shim6
                    if (ipEnd - pos < 8) {
                        ipv6ExtTruncated.hit(p.frameNumber);
                        return Layer.NONE;
                    }
                    int len = ((b[pos + 1] & 0xff) + 1) * 8;
                    if (pos + len > ipEnd) {
                        ipv6ExtTruncated.hit(p.frameNumber);
                        return Layer.NONE;
                    }
                    next = b[pos] & 0xff;
                    pos += len;
                }
                case 51 -> { // AH: length in 4-byte units, minus 2
                    if (ipEnd - pos < 8) {
                        ipv6ExtTruncated.hit(p.frameNumber);
                        return Layer.NONE;
                    }
                    int len = ((b[pos + 1] & 0xff) + 2) * 4;
                    if (pos + len > ipEnd) {
                        ipv6ExtTruncated.hit(p.frameNumber);
                        return Layer.NONE;
                    }
                    next = b[pos] & 0xff;
                    pos += len;
                }
                case 44 -> {
                    if (ipEnd - pos < 8) {
                        ipv6ExtTruncated.hit(p.frameNumber);
                        return Layer.NONE;
                    }
                    int fo = Bytes.u16(b, pos + 2);
                    p.protocol = b[pos] & 0xff;
                    p.fragId = Bytes.u32(b, pos + 4);
                    p.fragOffset = (fo >>> 3) * 8;
                    p.moreFragments = (fo & 1) != 0;
                    p.payloadOffset = pos + 8;
                    p.payloadLength = ipEnd - (pos + 8);
                    if (p.fragOffset == 0 && !p.moreFragments) {
                        // An atomic fragment (RFC 6946): a whole datagram behind a fragment header.
                        return transport(b, pos + 8, ipEnd, p.protocol, p);
                    }
                    return Layer.FRAGMENT;
                }
                default -> {
                    p.protocol = next;
                    return transport(b, pos, ipEnd, next, p);
                }
            }
        }
    }

    Layer transport(byte[] b, int off, int end, int protocol, Packet p) {
        p.protocol = protocol;
        switch (protocol) {
            case Packet.UDP -> {
                if (end - off < 8) {
                    truncatedUdp.hit(p.frameNumber);
                    return Layer.NONE;
                }
                int len = Bytes.u16(b, off + 4);
                if (len < 8) {
                    badUdpLength.hit(p.frameNumber);
                    return Layer.NONE;
                }
                if (off + len > end) {
                    // The datagram claims more than is there: keep what is (the DNS layer will
                    // count a short message), like tshark.
                    udpLengthExceeds.hit(p.frameNumber);
                    len = end - off;
                }
                p.srcPort = Bytes.u16(b, off);
                p.dstPort = Bytes.u16(b, off + 2);
                p.payloadOffset = off + 8;
                p.payloadLength = len - 8;
                Layer inner = tunnels.udp(b, p.payloadOffset, p.payloadOffset + p.payloadLength, p);
                return inner != null ? inner : Layer.UDP;
            }
            case Packet.TCP -> {
                if (end - off < 20) {
                    truncatedTcp.hit(p.frameNumber);
                    return Layer.NONE;
                }
                int hl = ((b[off + 12] & 0xff) >>> 4) * 4;
                if (hl < 20 || off + hl > end) {
                    badTcpOffset.hit(p.frameNumber);
                    return Layer.NONE;
                }
                p.srcPort = Bytes.u16(b, off);
                p.dstPort = Bytes.u16(b, off + 2);
                p.seq = Bytes.u32(b, off + 4);
                p.ack = Bytes.u32(b, off + 8);
                p.tcpFlags = b[off + 13] & 0x3f;
                p.payloadOffset = off + hl;
                p.payloadLength = end - (off + hl);
                return Layer.TCP;
            }
            case 4 -> {
                return network(b, off, end, LinkLayer.ETHERTYPE_IPV4, p, p.tunnelDepth + 1);
            }
            case 41 -> {
                return network(b, off, end, LinkLayer.ETHERTYPE_IPV6, p, p.tunnelDepth + 1);
            }
            case 47 -> {
                Layer inner = tunnels.gre(b, off, end, p);
                if (inner != null) {
                    return inner;
                }
                otherIp.inc();
                return Layer.OTHER_IP;
            }
            default -> {
                otherIp.inc();
                return Layer.OTHER_IP;
            }
        }
    }
}
