package sensor.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Names and IPv6 addresses inside the rdata of types the public corpus does not hold. */
class RdataTextTest {
    private static String text(int type, String rdata) throws IOException {
        return RdataText.of(Record.fromString(Name.fromString("x.example."), type, DClass.IN, 60, rdata, Name.root));
    }

    @Test
    void namesLoseTheirTrailingDotAndAddressesTakeRfc5952Form() throws IOException {
        assertEquals("100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com",
                text(Type.NAPTR, "100 10 S SIP+D2U \"\" _sip._udp.Example.COM."));
        assertEquals("admin.example.com txt.example.com", text(Type.RP, "admin.example.com. txt.example.com."));
        assertEquals("1 afs.example.com", text(Type.AFSDB, "1 afs.example.com."));
        assertEquals("next.example.com A RRSIG", text(Type.NSEC, "next.example.com. A RRSIG"));
        assertEquals("2 svc.example.com port=8443 ipv6hint=2001:db8::1",
                text(Type.SVCB, "2 svc.example.com. port=8443 ipv6hint=2001:db8:0:0:0:0:0:1"));
        assertEquals("1:192.0.2.0/24 !2:2001:db8::/32", text(Type.APL, "1:192.0.2.0/24 !2:2001:db8:0:0:0:0:0:0/32"));
        assertEquals("10 3 2 gw.example.com AQID", text(Type.IPSECKEY, "10 3 2 gw.example.com. AQID"));
    }
}
