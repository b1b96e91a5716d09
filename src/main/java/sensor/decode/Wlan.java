package sensor.decode;

import sensor.metrics.Tallies;
import sensor.metrics.Tally;

/**
 * IEEE 802.11 frames and the radio headers libpcap puts before them (radiotap, Prism, AVS, PPI):
 * data frames are followed through LLC/SNAP to their EtherType; management, control and
 * extension frames, data frames without data, encrypted data frames and A-MSDUs are counted by
 * name, since none of them carries an IP packet the sensor can read.
 */
final class Wlan {
    static final int IEEE802_11 = 105;
    static final int PRISM = 119;
    static final int RADIOTAP = 127;
    static final int AVS = 163;
    static final int PPI = 192;

    private static final int TYPE_MANAGEMENT = 0;
    private static final int TYPE_CONTROL = 1;
    private static final int TYPE_DATA = 2;
    private static final int TO_DS_FROM_DS = 0x03;
    private static final int PROTECTED = 0x40;
    private static final int ORDER = 0x80;
    private static final int SUBTYPE_QOS = 0x8;
    private static final int SUBTYPE_NO_DATA = 0x4;
    private static final int QOS_AMSDU = 0x80;

    private final LinkLayer link;
    private final Tally management;
    private final Tally control;
    private final Tally extension;
    private final Tally noData;
    private final Tally encrypted;
    private final Tally amsdu;
    private final Tally badVersion;

    Wlan(LinkLayer link, Tallies tallies) {
        this.link = link;
        management = tallies.get("link", "wlan_management");
        control = tallies.get("link", "wlan_control");
        extension = tallies.get("link", "wlan_extension");
        noData = tallies.get("link", "wlan_no_data");
        encrypted = tallies.get("link", "wlan_protected");
        amsdu = tallies.get("link", "wlan_amsdu");
        badVersion = tallies.weird("wlan_bad_version");
    }

    /** Radiotap: a little-endian header length at byte 2, then the 802.11 frame. */
    int radiotap(byte[] b, int len, long frame) {
        if (len < 8) {
            return link.truncated(frame);
        }
        int header = Bytes.u16le(b, 2);
        if (header < 8 || header > len) {
            return link.truncated(frame);
        }
        return frame(b, header, len, frame);
    }

    /** Prism monitor-mode header: its length at byte 4 (host order); AVS headers come under this type too. */
    int prism(byte[] b, int len, long frame) {
        if (len < 8) {
            return link.truncated(frame);
        }
        if ((Bytes.u32(b, 0) & 0xfffffff0L) == 0x80211000L) {
            return avs(b, len, frame);
        }
        long header = Bytes.u32le(b, 4);
        if (header < 8 || header > len) {
            header = Bytes.u32(b, 4);
        }
        if (header < 8 || header > len) {
            return link.truncated(frame);
        }
        return frame(b, (int) header, len, frame);
    }

    /** AVS: a big-endian header length at byte 4. */
    int avs(byte[] b, int len, long frame) {
        if (len < 8) {
            return link.truncated(frame);
        }
        long header = Bytes.u32(b, 4);
        if (header < 8 || header > len) {
            return link.truncated(frame);
        }
        return frame(b, (int) header, len, frame);
    }

    /** PPI: a little-endian header length at byte 2 and the DLT of what follows at byte 4. */
    int ppi(byte[] b, int len, long frame, int depth) {
        if (len < 8) {
            return link.truncated(frame);
        }
        int header = Bytes.u16le(b, 2);
        long dlt = Bytes.u32le(b, 4);
        if (header < 8 || header > len) {
            return link.truncated(frame);
        }
        if (dlt == IEEE802_11) {
            return frame(b, header, len, frame);
        }
        if (dlt == LinkLayer.ETHERNET) {
            return link.ethernet(b, header, len, frame);
        }
        return link.unknownInner("ppi", dlt, frame);
    }

    /** An 802.11 frame at {@code off}: the offset of the IP header behind its LLC/SNAP, or -1 (counted). */
    int frame(byte[] b, int off, int len, long frame) {
        if (len - off < 2) {
            return link.truncated(frame);
        }
        int fc0 = b[off] & 0xff;
        int fc1 = b[off + 1] & 0xff;
        if ((fc0 & 0x03) != 0) {
            badVersion.hit(frame);
            return -1;
        }
        int type = (fc0 >>> 2) & 0x03;
        int subtype = fc0 >>> 4;
        if (type != TYPE_DATA) {
            (type == TYPE_MANAGEMENT ? management : type == TYPE_CONTROL ? control : extension).inc();
            return -1;
        }
        if ((subtype & SUBTYPE_NO_DATA) != 0) {
            noData.inc();
            return -1;
        }
        if ((fc1 & PROTECTED) != 0) {
            encrypted.inc();
            return -1;
        }
        int header = 24;
        if ((fc1 & TO_DS_FROM_DS) == TO_DS_FROM_DS) {
            header += 6; // the fourth address of a frame between access points (WDS, mesh)
        }
        boolean qos = (subtype & SUBTYPE_QOS) != 0;
        if (qos) {
            header += 2;
            if ((fc1 & ORDER) != 0) {
                header += 4; // HT Control
            }
        }
        if (len - off < header) {
            return link.truncated(frame);
        }
        if (qos && (b[off + (((fc1 & TO_DS_FROM_DS) == TO_DS_FROM_DS) ? 30 : 24)] & QOS_AMSDU) != 0) {
            amsdu.inc();
            return -1;
        }
        return link.llc(b, off + header, len, frame);
    }
}
