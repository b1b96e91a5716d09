package sensor.scenario;

import sensor.decode.IpAddress;

/**
 * Builds Ethernet frames carrying IPv4 or IPv6 with UDP or TCP, checksums included, into one
 * reused buffer. For generated captures and tests, not for the decoding path.
 */
public final class FrameBuilder {
    private final byte[] buf = new byte[70_000];
    private int length;

    public byte[] buffer() {
        return buf;
    }

    public int length() {
        return length;
    }

    public FrameBuilder udp(IpAddress src, int sport, IpAddress dst, int dport, byte[] payload, int vlan) {
        int ipOff = ethernet(src.isV4(), vlan);
        int l4 = ip(ipOff, src, dst, 17, 8 + payload.length, 0, false);
        put16(l4, sport);
        put16(l4 + 2, dport);
        put16(l4 + 4, 8 + payload.length);
        put16(l4 + 6, 0);
        System.arraycopy(payload, 0, buf, l4 + 8, payload.length);
        length = l4 + 8 + payload.length;
        int sum = checksum(pseudo(src, dst, 17, 8 + payload.length), l4, 8 + payload.length);
        put16(l4 + 6, sum == 0 ? 0xffff : sum);
        return this;
    }

    /** An IP datagram of any protocol (GRE 47, say) around {@code payload}. */
    public FrameBuilder ip(IpAddress src, IpAddress dst, int protocol, byte[] payload) {
        int l4 = ip(ethernet(src.isV4(), 0), src, dst, protocol, payload.length, 0, false);
        System.arraycopy(payload, 0, buf, l4, payload.length);
        length = l4 + payload.length;
        return this;
    }

    /** A TCP segment; {@code flags} as in the TCP header (SYN 0x02, ACK 0x10 ...). */
    public FrameBuilder tcp(IpAddress src, int sport, IpAddress dst, int dport, long seq, long ack, int flags,
            byte[] payload) {
        int ipOff = ethernet(src.isV4(), 0);
        int l4 = ip(ipOff, src, dst, 6, 20 + payload.length, 0, false);
        put16(l4, sport);
        put16(l4 + 2, dport);
        put32(l4 + 4, seq);
        put32(l4 + 8, ack);
        buf[l4 + 12] = (byte) (5 << 4);
        buf[l4 + 13] = (byte) flags;
        put16(l4 + 14, 65535);
        put16(l4 + 16, 0);
        put16(l4 + 18, 0);
        System.arraycopy(payload, 0, buf, l4 + 20, payload.length);
        length = l4 + 20 + payload.length;
        put16(l4 + 16, checksum(pseudo(src, dst, 6, 20 + payload.length), l4, 20 + payload.length));
        return this;
    }

    private int ethernet(boolean v4, int vlan) {
        // Locally administered MACs: 02:00:00:00:00:01 -> 02:00:00:00:00:02
        for (int i = 0; i < 12; i++) {
            buf[i] = 0;
        }
        buf[0] = 2;
        buf[5] = 2;
        buf[6] = 2;
        buf[11] = 1;
        int off = 12;
        if (vlan > 0) {
            put16(off, 0x8100);
            put16(off + 2, vlan & 0xfff);
            off += 4;
        }
        put16(off, v4 ? 0x0800 : 0x86dd);
        return off + 2;
    }

    private int ip(int off, IpAddress src, IpAddress dst, int proto, int l4len, int id, boolean df) {
        if (src.isV4()) {
            buf[off] = 0x45;
            buf[off + 1] = 0;
            put16(off + 2, 20 + l4len);
            put16(off + 4, id);
            put16(off + 6, df ? 0x4000 : 0);
            buf[off + 8] = 64;
            buf[off + 9] = (byte) proto;
            put16(off + 10, 0);
            put32(off + 12, src.lo() & 0xffffffffL);
            put32(off + 16, dst.lo() & 0xffffffffL);
            put16(off + 10, checksum(0, off, 20));
            return off + 20;
        }
        put32(off, 0x6000_0000L);
        put16(off + 4, l4len);
        buf[off + 6] = (byte) proto;
        buf[off + 7] = 64;
        put64(off + 8, src.hi());
        put64(off + 16, src.lo());
        put64(off + 24, dst.hi());
        put64(off + 32, dst.lo());
        return off + 40;
    }

    private static long pseudo(IpAddress src, IpAddress dst, int proto, int len) {
        long sum = proto + len;
        if (src.isV4()) {
            return sum + words(src.lo() & 0xffffffffL, 2) + words(dst.lo() & 0xffffffffL, 2);
        }
        return sum + words(src.hi(), 4) + words(src.lo(), 4) + words(dst.hi(), 4) + words(dst.lo(), 4);
    }

    private static long words(long v, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += (v >>> (16 * i)) & 0xffff;
        }
        return s;
    }

    private int checksum(long initial, int off, int len) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((buf[off + i] & 0xff) << 8) | (buf[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (buf[off + len - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private void put16(int off, int v) {
        buf[off] = (byte) (v >>> 8);
        buf[off + 1] = (byte) v;
    }

    private void put32(int off, long v) {
        buf[off] = (byte) (v >>> 24);
        buf[off + 1] = (byte) (v >>> 16);
        buf[off + 2] = (byte) (v >>> 8);
        buf[off + 3] = (byte) v;
    }

    private void put64(int off, long v) {
        put32(off, v >>> 32);
        put32(off + 4, v & 0xffffffffL);
    }
}
