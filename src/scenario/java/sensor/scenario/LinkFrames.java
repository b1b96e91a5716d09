package sensor.scenario;

import java.io.ByteArrayOutputStream;

/**
 * Wraps an IP packet in the link-layer headers of captures that are not Ethernet: Linux NFLOG,
 * IEEE 802.11 behind radiotap, Prism, AVS or PPI with LLC/SNAP, and the simpler wired ones
 * (Cisco HDLC, pflog, netANALYZER, ATM RFC 1483, IP over InfiniBand). For tests and generated
 * captures; the byte layouts follow the libpcap link-type pages, written here without the
 * decoder's code.
 */
public final class LinkFrames {
    public static final int NFLOG = 239;
    public static final int IEEE802_11 = 105;
    public static final int PRISM = 119;
    public static final int RADIOTAP = 127;
    public static final int AVS = 163;
    public static final int PPI = 192;
    public static final int ATM_RFC1483 = 100;
    public static final int C_HDLC = 104;
    public static final int PFLOG = 117;
    public static final int NETANALYZER = 240;
    public static final int NETANALYZER_TRANSPARENT = 241;
    public static final int IPOIB = 242;

    /** 802.11 frame control, first byte: type data (2), subtypes data (0) and QoS data (8). */
    public static final int DATA = 0x08;
    public static final int QOS_DATA = 0x88;
    public static final int NULL_DATA = 0x48;
    public static final int BEACON = 0x80;
    public static final int ACK = 0xd4;
    /** Frame control, second byte. */
    public static final int TO_DS = 0x01;
    public static final int FROM_DS = 0x02;
    public static final int PROTECTED = 0x40;

    private LinkFrames() {}

    /** The IP packet of an Ethernet frame the {@link FrameBuilder} made (no VLAN tag). */
    public static byte[] ipOf(FrameBuilder fb) {
        return java.util.Arrays.copyOfRange(fb.buffer(), 14, fb.length());
    }

    /**
     * An NFLOG frame: header (family, version 0, resource id 0), then the prefix, hardware-type
     * and payload attributes, lengths and types in little-endian (or big-endian) order.
     */
    public static byte[] nflog(byte[] ip, boolean bigEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((ip[0] & 0xf0) == 0x60 ? 10 : 2);
        out.write(0);
        out.write(0);
        out.write(0);
        tlv(out, 10, "sensor\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), bigEndian); // NFULA_PREFIX
        tlv(out, 15, new byte[] {0, 1}, bigEndian); // NFULA_HWTYPE
        tlv(out, 9, ip, bigEndian); // NFULA_PAYLOAD
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int type, byte[] value, boolean bigEndian) {
        int length = 4 + value.length;
        if (bigEndian) {
            out.write(length >>> 8);
            out.write(length);
            out.write(type >>> 8);
            out.write(type);
        } else {
            out.write(length);
            out.write(length >>> 8);
            out.write(type);
            out.write(type >>> 8);
        }
        out.writeBytes(value);
        for (int i = length; i % 4 != 0; i++) {
            out.write(0);
        }
    }

    /**
     * An 802.11 frame: frame control {@code fc0 fc1}, duration, three addresses (four when both
     * DS bits are set), sequence control, QoS control for QoS subtypes, then LLC/SNAP and the IP
     * packet (none for frames other than data).
     */
    public static byte[] wlan(int fc0, int fc1, byte[] ip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(fc0);
        out.write(fc1);
        out.writeBytes(new byte[] {0, 0});
        int addresses = (fc1 & (TO_DS | FROM_DS)) == (TO_DS | FROM_DS) ? 4 : 3;
        for (int a = 0; a < addresses; a++) {
            out.writeBytes(new byte[] {2, 0, 0, 0, 0, (byte) (a + 1)});
            if (a == 2) {
                out.writeBytes(new byte[] {0x10, 0}); // sequence control sits between address 3 and 4
            }
        }
        if ((fc0 & 0x0c) != 0x08) {
            return out.toByteArray();
        }
        if ((fc0 & 0x80) != 0) {
            out.writeBytes(new byte[] {0, 0}); // QoS control: TID 0, no A-MSDU
        }
        out.writeBytes(new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0});
        out.write((ip[0] & 0xf0) == 0x60 ? 0x86 : 0x08);
        out.write((ip[0] & 0xf0) == 0x60 ? 0xdd : 0x00);
        out.writeBytes(ip);
        return out.toByteArray();
    }

    /** A radiotap header (version 0, length 12: flags and rate present) before an 802.11 frame. */
    public static byte[] radiotap(byte[] wlan) {
        byte[] header = {0, 0, 12, 0, 0x06, 0, 0, 0, 0x00, 0x0c, 0, 0};
        return concat(header, wlan);
    }

    /** A Prism header (message code, length 144 in little-endian, device name, items) before an 802.11 frame. */
    public static byte[] prism(byte[] wlan) {
        byte[] header = new byte[144];
        header[0] = 0x41;
        header[4] = (byte) 144;
        return concat(header, wlan);
    }

    /** An AVS header (version 0x80211001, length 64, big-endian) before an 802.11 frame. */
    public static byte[] avs(byte[] wlan) {
        byte[] header = new byte[64];
        header[0] = (byte) 0x80;
        header[1] = 0x21;
        header[2] = 0x10;
        header[3] = 0x01;
        header[7] = 64;
        return concat(header, wlan);
    }

    /** A PPI header (version 0, length 8, DLT 105 little-endian) before an 802.11 frame. */
    public static byte[] ppi(byte[] wlan) {
        byte[] header = {0, 0, 8, 0, (byte) IEEE802_11, 0, 0, 0};
        return concat(header, wlan);
    }

    private static byte[] etherType(byte[] ip) {
        return (ip[0] & 0xf0) == 0x60 ? new byte[] {(byte) 0x86, (byte) 0xdd} : new byte[] {8, 0};
    }

    /** The IP packet behind the header of one of the wired link types above; {@code ethernet} is the whole frame. */
    public static byte[] wired(int linkType, byte[] ethernet, byte[] ip) {
        return switch (linkType) {
            case C_HDLC -> concat(concat(new byte[] {0x0f, 0}, etherType(ip)), ip);
            case PFLOG -> {
                byte[] header = new byte[64];
                header[0] = 61; // PFLOG_REAL_HDRLEN, padded to 64
                header[1] = (byte) ((ip[0] & 0xf0) == 0x60 ? 24 : 2);
                yield concat(header, ip);
            }
            case NETANALYZER -> concat(new byte[4], ethernet);
            case NETANALYZER_TRANSPARENT -> concat(new byte[] {0, 0, 0, 0, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
                (byte) 0xd5}, ethernet);
            case ATM_RFC1483 -> concat(concat(new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0}, etherType(ip)), ip);
            case IPOIB -> concat(concat(etherType(ip), new byte[2]), ip);
            default -> throw new IllegalArgumentException("link type " + linkType);
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
