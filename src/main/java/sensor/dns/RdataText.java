package sensor.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;
import sensor.decode.IpAddress;

/**
 * A record's data in the records' presentation form: dnsjava's text, with the contract's rule
 * for names (lower case, no trailing dot) and IPv6 addresses (RFC 5952) applied inside it too.
 */
final class RdataText {
    private RdataText() {}

    static String of(Record r) {
        if (r instanceof ARecord a) {
            return a.rdataToString(); // dotted already; getAddress() would format the owner name too
        }
        if (r instanceof AAAARecord a) {
            return IpAddress.ofBytes(a.getAddress().getAddress()).toString();
        }
        int t = r.getType();
        if (t == Type.CNAME || t == Type.NS || t == Type.PTR || t == Type.DNAME || t == Type.MB || t == Type.MD
                || t == Type.MF || t == Type.MG || t == Type.MR) {
            return NameText.fromDnsjava(r.rdataToString());
        }
        if (r instanceof MXRecord mx) {
            return mx.getPriority() + " " + NameText.fromDnsjava(mx.getTarget().toString());
        }
        if (r instanceof SRVRecord srv) {
            return srv.getPriority() + " " + srv.getWeight() + " " + srv.getPort() + " "
                    + NameText.fromDnsjava(srv.getTarget().toString());
        }
        if (r instanceof SOARecord soa) {
            return NameText.fromDnsjava(soa.getHost().toString()) + " " + NameText.fromDnsjava(soa.getAdmin().toString())
                    + " " + soa.getSerial() + " " + soa.getRefresh() + " " + soa.getRetry() + " " + soa.getExpire()
                    + " " + soa.getMinimum();
        }
        String text = r.rdataToString();
        return switch (t) {
            case Type.RRSIG, Type.SIG -> names(text, 7);
            case Type.NSEC, Type.NXT, Type.TKEY, Type.TSIG -> names(text, 0);
            case Type.RP, Type.MINFO, Type.TALINK -> names(text, 0, 1);
            case Type.AFSDB, Type.RT, Type.KX, Type.LP -> names(text, 1);
            case Type.PX -> names(text, 1, 2);
            case Type.NAPTR -> names(text, -1); // the replacement, after texts that may hold spaces
            case Type.SVCB, Type.HTTPS -> svcb(text);
            case Type.IPSECKEY -> ipseckey(text);
            case Type.APL -> apl(text);
            default -> text;
        };
    }

    /** The text with the space-separated fields at {@code at} (-1: the last) in name form. */
    private static String names(String text, int... at) {
        String[] f = text.split(" ", -1);
        for (int i : at) {
            int k = i < 0 ? f.length - 1 : i;
            if (k < f.length && !f[k].isEmpty()) {
                f[k] = NameText.fromDnsjava(f[k]);
            }
        }
        return String.join(" ", f);
    }

    /** IPSECKEY (RFC 4025): precedence, gateway type, algorithm, gateway (a name for type 3), key. */
    private static String ipseckey(String text) {
        String[] f = text.split(" ", 3);
        return f.length == 3 && f[1].equals("3") ? names(text, 3) : text;
    }

    /** SVCB and HTTPS (RFC 9460): the target name, and the addresses of {@code ipv6hint}. */
    private static String svcb(String text) {
        String[] f = text.split(" ", -1);
        if (f.length > 1) {
            f[1] = NameText.fromDnsjava(f[1]);
        }
        for (int i = 2; i < f.length; i++) {
            if (f[i].startsWith("ipv6hint=")) {
                String[] addresses = f[i].substring("ipv6hint=".length()).split(",", -1);
                for (int k = 0; k < addresses.length; k++) {
                    addresses[k] = v6(addresses[k]);
                }
                f[i] = "ipv6hint=" + String.join(",", addresses);
            }
        }
        return String.join(" ", f);
    }

    /** APL (RFC 3123): the IPv6 prefixes ({@code [!]2:address/length}). */
    private static String apl(String text) {
        String[] f = text.split(" ", -1);
        for (int i = 0; i < f.length; i++) {
            int at = f[i].startsWith("!") ? 1 : 0;
            int slash = f[i].indexOf('/');
            if (f[i].startsWith("2:", at) && slash > at + 2) {
                f[i] = f[i].substring(0, at + 2) + v6(f[i].substring(at + 2, slash)) + f[i].substring(slash);
            }
        }
        return String.join(" ", f);
    }

    private static String v6(String address) {
        try {
            return IpAddress.parse(address).toString();
        } catch (IllegalArgumentException e) {
            return address; // not an address dnsjava would print: left as it was
        }
    }
}
