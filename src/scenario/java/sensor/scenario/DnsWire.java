package sensor.scenario;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import sensor.decode.IpAddress;

/**
 * DNS messages in wire form (RFC 1035) for generated captures, written by hand so that the
 * generator depends on nothing the decoder uses: a generated capture checks the decoder, not the
 * other way round.
 */
public final class DnsWire {
    public static final int A = 1;
    public static final int NS = 2;
    public static final int CNAME = 5;
    public static final int MX = 15;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int OPT = 41;

    public static final int NOERROR = 0;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int REFUSED = 5;

    private DnsWire() {}

    /** One answer record; data is an address for A/AAAA, a name for CNAME, "pref name" for MX, text for TXT. */
    public record Rr(String name, int type, long ttl, String data) {}

    public static byte[] query(int id, String qname, int qtype, boolean edns) {
        return message(id, false, NOERROR, qname, qtype, List.of(), edns);
    }

    public static byte[] response(int id, String qname, int qtype, int rcode, List<Rr> answers, boolean edns) {
        return message(id, true, rcode, qname, qtype, answers, edns);
    }

    private static byte[] message(int id, boolean qr, int rcode, String qname, int qtype, List<Rr> answers,
            boolean edns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        u16(out, id);
        int flags = (qr ? 0x8000 : 0) | 0x0100 /* RD */ | (qr ? 0x0080 /* RA */ : 0) | (rcode & 0xf);
        u16(out, flags);
        u16(out, 1);
        u16(out, answers.size());
        u16(out, 0);
        u16(out, edns ? 1 : 0);
        name(out, qname);
        u16(out, qtype);
        u16(out, 1);
        for (Rr rr : answers) {
            if (rr.name().equalsIgnoreCase(qname)) {
                u16(out, 0xc00c); // pointer to the question name at offset 12
            } else {
                name(out, rr.name());
            }
            u16(out, rr.type());
            u16(out, 1);
            u32(out, rr.ttl());
            byte[] rdata = rdata(rr);
            u16(out, rdata.length);
            out.writeBytes(rdata);
        }
        if (edns) {
            out.write(0); // root
            u16(out, OPT);
            u16(out, 1232); // UDP payload size
            u32(out, 0);
            u16(out, 0);
        }
        return out.toByteArray();
    }

    /** A record with its class and raw rdata, for sections the typed builders do not make. */
    public record RawRr(String name, int type, int dclass, long ttl, byte[] rdata) {
        /** A typed record of class IN, its rdata as {@link Rr} writes it. */
        public static RawRr of(Rr rr) {
            return new RawRr(rr.name(), rr.type(), 1, rr.ttl(), DnsWire.rdata(rr));
        }
    }

    /**
     * Any message: the header's second 16 bits as given ({@code flags}: QR, opcode, AA ... rcode),
     * one question (none when {@code qname} is null) and the three record sections. Names are
     * written without compression.
     */
    public static byte[] message(int id, int flags, String qname, int qtype, int qclass, List<RawRr> answer,
            List<RawRr> authority, List<RawRr> additional) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        u16(out, id);
        u16(out, flags);
        u16(out, qname == null ? 0 : 1);
        u16(out, answer.size());
        u16(out, authority.size());
        u16(out, additional.size());
        if (qname != null) {
            name(out, qname);
            u16(out, qtype);
            u16(out, qclass);
        }
        for (List<RawRr> section : List.of(answer, authority, additional)) {
            for (RawRr rr : section) {
                name(out, rr.name());
                u16(out, rr.type());
                u16(out, rr.dclass());
                u32(out, rr.ttl());
                u16(out, rr.rdata().length);
                out.writeBytes(rr.rdata());
            }
        }
        return out.toByteArray();
    }

    private static byte[] rdata(Rr rr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (rr.type()) {
            case A, AAAA -> out.writeBytes(IpAddress.parse(rr.data()).toBytes());
            case CNAME, NS -> name(out, rr.data());
            case MX -> {
                String[] p = rr.data().split(" ", 2);
                u16(out, Integer.parseInt(p[0]));
                name(out, p[1]);
            }
            case TXT -> {
                byte[] t = rr.data().getBytes(StandardCharsets.US_ASCII);
                out.write(t.length);
                out.writeBytes(t);
            }
            default -> throw new IllegalArgumentException("type " + rr.type());
        }
        return out.toByteArray();
    }

    /** A name in wire form, uncompressed: the rdata of a CNAME, NS or PTR. */
    public static byte[] name(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 2);
        name(out, name);
        return out.toByteArray();
    }

    private static void name(ByteArrayOutputStream out, String name) {
        if (!name.isEmpty() && !name.equals(".")) {
            for (String label : name.split("\\.")) {
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        out.write(0);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v >>> 16) & 0xffff);
        u16(out, (int) v & 0xffff);
    }
}
