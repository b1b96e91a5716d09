package sensor.dns;

import java.util.ArrayList;
import java.util.List;
import sensor.decode.Bytes;
import sensor.decode.IpAddress;

/**
 * Reads by hand the answer section that most responses carry: A, AAAA, CNAME, MX, PTR, NS, SRV,
 * TXT, SVCB, HTTPS, RRSIG, DNSKEY and DS records of class IN, and an authority section of SOA, NS, RRSIG,
 * NSEC and NSEC3 records (NXDOMAIN, referrals, signed answers and denials), which only names the
 * zone. Anything else (another type or class, an odd rdata length, a name that does
 * not read) returns null and the message goes to dnsjava, so the two paths never disagree: this
 * one only takes what it reads exactly as dnsjava would.
 */
final class AnswerSection {
    private static final int TYPE_A = 1;
    private static final int TYPE_NS = 2;
    private static final int TYPE_SOA = 6;
    private static final int TYPE_CNAME = 5;
    private static final int TYPE_PTR = 12;
    private static final int TYPE_SRV = 33;
    private static final int TYPE_MX = 15;
    private static final int TYPE_TXT = 16;
    private static final int TYPE_AAAA = 28;
    private static final int TYPE_DS = 43;
    private static final int TYPE_RRSIG = 46;
    private static final int TYPE_DNSKEY = 48;
    private static final int TYPE_NSEC = 47;
    private static final int TYPE_NSEC3 = 50;
    private static final int TYPE_SVCB = 64;
    private static final int TYPE_HTTPS = 65;
    private static final int CLASS_IN = 1;

    private final NameBuilder name = new NameBuilder();
    private final byte[] dotted = new byte[15];
    private final TextInterner texts;
    // An AAAA record's address, as one shared text per recent address (an A record's goes through
    // the interner): passive DNS and the names' address lists then match it by identity, and a
    // repeated answer allocates nothing. 16 Ki slots, 384 KB.
    private final sensor.decode.AddressTexts aaaaTexts = new sensor.decode.AddressTexts(1 << 14);
    /** Where the owner of the authority section's first SOA or NS record starts, or -1. */
    private int zoneAt;
    /** An SVCB or HTTPS record's text while it is written (grows for a long ech value). */
    private byte[] svcbText = new byte[256];
    private int svcbLength;

    AnswerSection(TextInterner texts) {
        this.texts = texts;
    }
    /**
     * The answer and authority sections, read by hand.
     *
     * @param authority the owner of the first SOA or NS record of the authority section (the
     *                  zone that answered), or null when it has none
     * @param end       the offset just past the authority section, where the additional one starts
     */
    record Sections(List<Answer> answers, String authority, int end) {}

    /**
     * The {@code an} answers and {@code ns} authority records from {@code pos}, or null when one
     * of the answers is not a plain A, AAAA, CNAME, MX, PTR, NS, SRV, TXT, SVCB, HTTPS, RRSIG,
     * DNSKEY or DS record, or one of the authority records not a well-formed SOA, NS, RRSIG, NSEC
     * or NSEC3 record. {@code qname} is the question's text, shared by the
     * answers it owns.
     */
    Sections read(byte[] b, int start, int pos, int limit, int an, int ns, String qname) {
        List<Answer> answers = an == 0 ? List.of() : new ArrayList<>(an);
        int p = answers(b, start, pos, limit, an, qname, answers);
        if (p < 0) {
            return null;
        }
        int end = authority(b, start, p, limit, ns);
        if (end < 0) {
            return null;
        }
        String zone = null;
        if (zoneAt >= 0) {
            name.clear();
            NameText.read(b, start, zoneAt, limit, name);
            zone = texts.of(name);
        }
        return new Sections(answers, zone, end);
    }

    /** Adds the {@code count} answers from {@code pos} to {@code out}; returns the offset past them, or -1. */
    private int answers(byte[] b, int start, int pos, int limit, int count, String qname, List<Answer> out) {
        for (int i = 0; i < count; i++) {
            int after;
            boolean question = false;
            if (qname != null && pos + 1 < limit && (b[pos] & 0xff) == 0xc0 && b[pos + 1] == DnsParser.HEADER) {
                // The usual owner: a pointer to the question's name, which was read already.
                after = pos + 2;
                question = true;
            } else {
                name.clear();
                after = NameText.read(b, start, pos, limit, name);
            }
            if (after < 0 || after + 10 > limit) {
                return -1;
            }
            int type = Bytes.u16(b, after);
            int rclass = Bytes.u16(b, after + 2);
            long ttl = Bytes.u32(b, after + 4);
            int rdlen = Bytes.u16(b, after + 8);
            int rdata = after + 10;
            if (rclass != CLASS_IN || rdata + rdlen > limit) {
                return -1;
            }
            String owner = question || qname != null && name.contentEquals(qname) ? qname : texts.of(name);
            String data;
            String mnemonic;
            if (type == TYPE_A && rdlen == 4) {
                mnemonic = "A";
                data = dottedQuad(b, rdata);
            } else if (type == TYPE_AAAA && rdlen == 16) {
                mnemonic = "AAAA";
                data = aaaaTexts.of(Bytes.u64(b, rdata), Bytes.u64(b, rdata + 8));
            } else if (type == TYPE_CNAME) {
                mnemonic = "CNAME";
                data = rdataName(b, start, rdata, rdata + rdlen);
            } else if (type == TYPE_PTR) {
                mnemonic = "PTR";
                data = rdataName(b, start, rdata, rdata + rdlen);
            } else if (type == TYPE_NS) {
                mnemonic = "NS";
                data = rdataName(b, start, rdata, rdata + rdlen);
            } else if (type == TYPE_MX && rdlen >= 3) {
                // preference and exchange, as the dnsjava path prints them: "10 mx.example.com"
                mnemonic = "MX";
                String exchange = rdataName(b, start, rdata + 2, rdata + rdlen);
                data = exchange == null ? null : Bytes.u16(b, rdata) + " " + exchange;
            } else if (type == TYPE_TXT && rdlen > 0) {
                mnemonic = "TXT";
                data = texts(b, rdata, rdata + rdlen);
            } else if (type == TYPE_SRV && rdlen >= 7) {
                // priority, weight, port and target, as the dnsjava path prints them
                mnemonic = "SRV";
                String target = rdataName(b, start, rdata + 6, rdata + rdlen);
                data = target == null ? null : Bytes.u16(b, rdata) + " " + Bytes.u16(b, rdata + 2) + " "
                        + Bytes.u16(b, rdata + 4) + " " + target;
            } else if (type == TYPE_RRSIG && rdlen >= 19) {
                mnemonic = "RRSIG";
                data = rrsig(b, start, rdata, rdata + rdlen);
            } else if (type == TYPE_DNSKEY && rdlen >= 4) {
                // flags, protocol, algorithm and the key in base64, as dnsjava prints them (no key, no space)
                mnemonic = "DNSKEY";
                data = Bytes.u16(b, rdata) + " " + (b[rdata + 2] & 0xff) + " " + (b[rdata + 3] & 0xff)
                        + (rdlen == 4 ? "" : " " + base64(b, rdata + 4, rdata + rdlen));
            } else if (type == TYPE_DS && rdlen >= 4) {
                // key tag, algorithm, digest type and the digest in upper-case hex, as dnsjava prints them
                mnemonic = "DS";
                data = Bytes.u16(b, rdata) + " " + (b[rdata + 2] & 0xff) + " " + (b[rdata + 3] & 0xff) + " "
                        + java.util.HexFormat.of().withUpperCase().formatHex(b, rdata + 4, rdata + rdlen);
            } else if ((type == TYPE_HTTPS || type == TYPE_SVCB) && rdlen >= 3) {
                mnemonic = type == TYPE_HTTPS ? "HTTPS" : "SVCB";
                data = svcb(b, start, rdata, rdata + rdlen);
            } else {
                return -1;
            }
            if (data == null) {
                return -1;
            }
            out.add(new Answer(owner, mnemonic, ttl, data));
            pos = rdata + rdlen;
        }
        return pos;
    }

    /**
     * The name that fills the rdata from {@code from} to {@code to}, or null when the rdata is
     * not exactly one name (dnsjava then says what is wrong).
     */
    private String rdataName(byte[] b, int start, int from, int to) {
        name.clear();
        return NameText.read(b, start, from, to, name) == to ? texts.of(name) : null;
    }

    /**
     * A TXT record's character-strings from {@code from} to {@code to} as dnsjava prints them
     * (each quoted, {@code "} and {@code \} escaped, bytes outside printable ASCII as {@code \DDD},
     * separated by a space), or null when a string's length runs past the rdata.
     */
    private static String texts(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 8);
        int p = from;
        while (p < to) {
            int end = p + 1 + (b[p] & 0xff);
            if (end > to) {
                return null;
            }
            if (p > from) {
                sb.append(' ');
            }
            sb.append('"');
            for (int i = p + 1; i < end; i++) {
                int c = b[i] & 0xff;
                if (c < 0x20 || c >= 0x7f) {
                    sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10))
                            .append((char) ('0' + c % 10));
                } else {
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append((char) c);
                }
            }
            sb.append('"');
            p = end;
        }
        return sb.toString();
    }

    /**
     * An RRSIG record's data (RFC 4034) as the dnsjava path prints it: type covered, algorithm,
     * labels, original TTL, expiration and inception as YYYYMMDDHHmmSS, key tag, signer and the
     * signature in base64; null when the signer does not read within the rdata.
     */
    private String rrsig(byte[] b, int start, int from, int to) {
        name.clear();
        int p = NameText.read(b, start, from + 18, to, name);
        if (p < 0) {
            return null;
        }
        String signer = texts.of(name);
        StringBuilder sb = new StringBuilder(64 + 4 * (to - p) / 3);
        sb.append(org.xbill.DNS.Type.string(Bytes.u16(b, from))).append(' ')
                .append(b[from + 2] & 0xff).append(' ')
                .append(b[from + 3] & 0xff).append(' ')
                .append(Bytes.u32(b, from + 4)).append(' ');
        time(sb, Bytes.u32(b, from + 8)).append(' ');
        time(sb, Bytes.u32(b, from + 12)).append(' ');
        sb.append(Bytes.u16(b, from + 16)).append(' ').append(signer).append(' ')
                .append(base64(b, p, to));
        return sb.toString();
    }

    /** Bytes {@code from} to {@code to} in base64 with padding, as dnsjava prints keys and signatures. */
    private static String base64(byte[] b, int from, int to) {
        return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(b, from, to));
    }

    /** Seconds since 1970 (UTC) as YYYYMMDDHHmmSS, RFC 4034's presentation of signature times. */
    private static StringBuilder time(StringBuilder sb, long seconds) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        sb.append(t.getYear());
        two(sb, t.getMonthValue());
        two(sb, t.getDayOfMonth());
        two(sb, t.getHour());
        two(sb, t.getMinute());
        return two(sb, t.getSecond());
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /**
     * The EDNS of an additional section of glue (A and AAAA records, the HTTPS or SVCB records of
     * an alias's target, their signatures) and at most one OPT record,
     * {@link Opt.Edns#NONE} without one; null when a record is anything else, has an rdata
     * length dnsjava would not read, or an owner name that does not read, or the section runs
     * past the message: dnsjava then reads it and names what is wrong.
     */
    Opt.Edns additional(byte[] b, int start, int pos, int limit, int count) {
        Opt.Edns edns = Opt.Edns.NONE;
        for (int i = 0; i < count; i++) {
            name.clear();
            int after = NameText.read(b, start, pos, limit, name);
            if (after < 0 || after + 10 > limit) {
                return null;
            }
            int type = Bytes.u16(b, after);
            int rdlen = Bytes.u16(b, after + 8);
            int rdend = after + 10 + rdlen;
            if (rdend > limit) {
                return null;
            }
            if (type == Opt.TYPE_OPT) {
                if (edns.present()) {
                    return null;
                }
                edns = Opt.read(b, start, pos, limit, 1);
                if (edns == null || !edns.present()) {
                    return null;
                }
            } else if (Bytes.u16(b, after + 2) != CLASS_IN
                    || !(type == TYPE_A && rdlen == 4 || type == TYPE_AAAA && rdlen == 16
                            || type == TYPE_RRSIG && readsAsDnssec(b, start, type, after + 10, rdend)
                            || (type == TYPE_HTTPS || type == TYPE_SVCB) && rdlen >= 3
                                    && svcb(b, start, after + 10, rdend) != null)) {
                return null;
            }
            pos = rdend;
        }
        return edns;
    }

    /**
     * An SVCB or HTTPS record's data (RFC 9460) as the dnsjava path prints it: priority, target,
     * then the parameters alpn, no-default-alpn, port, ipv4hint, ech and ipv6hint, in ascending
     * key order. Anything else returns null and dnsjava reads the message: another key
     * (mandatory among them, which dnsjava checks), keys out of order or repeated, a value of the
     * wrong length, an empty one, or an alpn id that dnsjava would escape.
     */
    private String svcb(byte[] b, int start, int from, int to) {
        name.clear();
        int p = NameText.read(b, start, from + 2, to, name);
        if (p < 0) {
            return null;
        }
        String target = texts.of(name);
        svcbLength = 0;
        svcbDecimal(Bytes.u16(b, from));
        svcbAscii(" ");
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            svcbByte(c);
        }
        int lastKey = -1;
        while (p < to) {
            if (p + 4 > to) {
                return null;
            }
            int key = Bytes.u16(b, p);
            int v = p + 4;
            int end = v + Bytes.u16(b, p + 2);
            if (key <= lastKey || end > to || (end == v) != (key == SVC_NO_DEFAULT_ALPN)) {
                return null;
            }
            lastKey = key;
            switch (key) {
                case SVC_ALPN -> {
                    svcbAscii(" alpn=");
                    for (int q = v; q < end; ) {
                        int idEnd = q + 1 + (b[q] & 0xff);
                        if (idEnd == q + 1 || idEnd > end) {
                            return null;
                        }
                        if (q > v) {
                            svcbByte(',');
                        }
                        for (int i = q + 1; i < idEnd; i++) {
                            int c = b[i] & 0xff;
                            if (c <= 0x20 || c >= 0x7f || c == ',' || c == '\\' || c == '"') {
                                return null;
                            }
                            svcbByte(c);
                        }
                        q = idEnd;
                    }
                }
                case SVC_NO_DEFAULT_ALPN -> svcbAscii(" no-default-alpn");
                case SVC_PORT -> {
                    if (end - v != 2) {
                        return null;
                    }
                    svcbAscii(" port=");
                    svcbDecimal(Bytes.u16(b, v));
                }
                case SVC_IPV4HINT -> {
                    if ((end - v) % 4 != 0) {
                        return null;
                    }
                    svcbAscii(" ipv4hint=");
                    for (int q = v; q < end; q += 4) {
                        if (q > v) {
                            svcbByte(',');
                        }
                        svcbAddress(0, IpAddress.v4Lo((Bytes.u16(b, q) << 16) | Bytes.u16(b, q + 2)));
                    }
                }
                case SVC_ECH -> {
                    svcbAscii(" ech=");
                    svcbAscii(base64(b, v, end));
                }
                case SVC_IPV6HINT -> {
                    if ((end - v) % 16 != 0) {
                        return null;
                    }
                    svcbAscii(" ipv6hint=");
                    for (int q = v; q < end; q += 16) {
                        if (q > v) {
                            svcbByte(',');
                        }
                        svcbAddress(Bytes.u64(b, q), Bytes.u64(b, q + 8));
                    }
                }
                default -> {
                    return null;
                }
            }
            p = end;
        }
        return texts.of(svcbText, svcbLength);
    }

    private static final int SVC_ALPN = 1;
    private static final int SVC_NO_DEFAULT_ALPN = 2;
    private static final int SVC_PORT = 3;
    private static final int SVC_IPV4HINT = 4;
    private static final int SVC_ECH = 5;
    private static final int SVC_IPV6HINT = 6;

    private void svcbRoom(int n) {
        if (svcbLength + n > svcbText.length) {
            svcbText = java.util.Arrays.copyOf(svcbText, Math.max(2 * svcbText.length, svcbLength + n));
        }
    }

    private void svcbByte(int c) {
        svcbRoom(1);
        svcbText[svcbLength++] = (byte) c;
    }

    /** An address's text (dotted, or RFC 5952), written in place as every record's addresses are. */
    private void svcbAddress(long hi, long lo) {
        svcbRoom(IpAddress.MAX_TEXT);
        svcbLength += new IpAddress(hi, lo).writeText(svcbText, svcbLength);
    }

    private void svcbAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            svcbByte(s.charAt(i));
        }
    }

    private void svcbDecimal(int v) {
        svcbAscii(Integer.toString(v));
    }

    /**
     * The offset past the {@code count} authority records from {@code pos}, or -1 when one is
     * anything but a well-formed SOA, NS, RRSIG, NSEC or NSEC3 record of class IN; sets
     * {@link #zoneAt}.
     */
    private int authority(byte[] b, int start, int pos, int limit, int count) {
        zoneAt = -1;
        for (int i = 0; i < count; i++) {
            int owner = pos;
            name.clear();
            int after = NameText.read(b, start, pos, limit, name);
            if (after < 0 || after + 10 > limit) {
                return -1;
            }
            int type = Bytes.u16(b, after);
            int rdlen = Bytes.u16(b, after + 8);
            int rdata = after + 10;
            int rdend = rdata + rdlen;
            if (Bytes.u16(b, after + 2) != CLASS_IN || rdend > limit) {
                return -1;
            }
            if (type == TYPE_RRSIG || type == TYPE_NSEC || type == TYPE_NSEC3) {
                // A signature or a proof of denial: checked only as far as dnsjava reads it, and skipped.
                if (!readsAsDnssec(b, start, type, rdata, rdend)) {
                    return -1;
                }
                pos = rdend;
                continue;
            }
            name.clear();
            int p = NameText.read(b, start, rdata, rdend, name);
            if (type == TYPE_SOA) {
                name.clear();
                p = p < 0 ? p : NameText.read(b, start, p, rdend, name);
                if (p < 0 || p + 20 != rdend) {
                    return -1;
                }
            } else if (type != TYPE_NS || p != rdend) {
                return -1;
            }
            if (zoneAt < 0) {
                zoneAt = owner;
            }
            pos = rdend;
        }
        return pos;
    }

    /**
     * Whether the RRSIG, NSEC or NSEC3 rdata from {@code rdata} to {@code rdend} is one dnsjava
     * reads without complaint. Stricter than dnsjava where that is simpler (type bitmap windows
     * in ascending order, of 1 to 32 bytes): what fails here goes to dnsjava, which decides.
     */
    private boolean readsAsDnssec(byte[] b, int start, int type, int rdata, int rdend) {
        if (type == TYPE_RRSIG) {
            name.clear();
            return rdend - rdata >= 18 && NameText.read(b, start, rdata + 18, rdend, name) >= 0;
        }
        int p;
        if (type == TYPE_NSEC) {
            name.clear();
            p = NameText.read(b, start, rdata, rdend, name);
        } else {
            p = rdata + 4; // hash algorithm, flags, iterations
            for (int field = 0; field < 2; field++) { // the salt, then the next hashed owner, each with its length
                if (p >= rdend) {
                    return false;
                }
                p += 1 + (b[p] & 0xff);
                if (p > rdend) {
                    return false;
                }
            }
        }
        if (p < 0) {
            return false;
        }
        for (int window = -1; p < rdend; ) {
            if (p + 2 > rdend) {
                return false;
            }
            int number = b[p] & 0xff;
            int length = b[p + 1] & 0xff;
            if (number <= window || length == 0 || length > 32 || p + 2 + length > rdend) {
                return false;
            }
            window = number;
            p += 2 + length;
        }
        return true;
    }

    private String dottedQuad(byte[] b, int off) {
        int n = 0;
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                dotted[n++] = '.';
            }
            int v = b[off + i] & 0xff;
            if (v >= 100) {
                dotted[n++] = (byte) ('0' + v / 100);
            }
            if (v >= 10) {
                dotted[n++] = (byte) ('0' + v / 10 % 10);
            }
            dotted[n++] = (byte) ('0' + v % 10);
        }
        return texts.of(dotted, n);
    }

}
