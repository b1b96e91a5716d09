package sensor.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sensor.testutil.Expect.fields;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sensor.SensorConfig;
import sensor.testutil.ContractCapture;
import sensor.testutil.Expect;

/**
 * dns.jsonl of the scripted wire capture ({@link ContractCapture#writeWire}), every record and
 * every contract field written out by hand from the script. The extended rcode, the response's
 * flags and the last of several answers are each a bug this suite once let through.
 */
class DnsRecordContractTest {
    @TempDir
    Path dir;
    private Map<String, JsonNode> byId;
    private List<JsonNode> records;

    @BeforeEach
    void replay() throws IOException {
        Path pcap = dir.resolve("wire.pcap");
        ContractCapture.writeWire(pcap);
        ContractCapture.replay(pcap, SensorConfig.defaults(dir.resolve("out")));
        records = ContractCapture.lines(dir.resolve("out/dns.jsonl"));
        byId = Expect.by(records, r -> Integer.toHexString(r.get("id").asInt()));
    }

    @Test
    void oneRecordPerTransactionInTimeOfTheFirstPacket() {
        // 0x1001..0x1008: eight transactions (the TC response and its TCP retry are two).
        assertEquals(List.of(0x1001, 0x1002, 0x1003, 0x1004, 0x1005, 0x1006, 0x1007, 0x1008),
                records.stream().map(r -> r.get("id").asInt()).toList());
    }

    @Test
    void multiAnswerCnameChainWithTheResponsesFlags() {
        // Query RD|CD, response QR|AA|RD|RA|AD: the record carries the response's flags, so cd is
        // false and aa, ra, ad are true (the query's flags would say the opposite for all four).
        fields("""
                {'ts': '2016-09-23T14:02:11.000000Z',
                 'client': '203.0.113.15', 'client_port': 40001, 'server': '192.0.2.1', 'server_port': 53,
                 'transport': 'udp', 'id': 4097, 'qname': 'www.example.com', 'qtype': 'A', 'qclass': 'IN',
                 'status': 'answered', 'rcode': 'NOERROR',
                 'rtt_ms': 1.5,
                 'flags': {'aa': true, 'tc': false, 'rd': true, 'ra': true, 'ad': true, 'cd': false},
                 'answers': [{'name': 'www.example.com', 'type': 'CNAME', 'ttl': 300, 'data': 'cdn.example.net'},
                             {'name': 'cdn.example.net', 'type': 'A', 'ttl': 60, 'data': '192.0.2.10'},
                             {'name': 'cdn.example.net', 'type': 'A', 'ttl': 60, 'data': '192.0.2.11'}],
                 'opcode': 'QUERY', 'frame': 1, 'response_frame': 2, 'retransmissions': 0}
                """, byId.get("1001")); // 4097 = 0x1001; rtt 1500 us = 1.5 ms
    }

    @Test
    void nxdomain() {
        fields("""
                {'ts': '2016-09-23T14:02:12.000000Z', 'client': '203.0.113.15', 'client_port': 40002,
                 'server': '192.0.2.1', 'server_port': 53, 'transport': 'udp', 'id': 4098,
                 'qname': 'nope.example.com', 'qtype': 'AAAA', 'qclass': 'IN', 'status': 'answered',
                 'rcode': 'NXDOMAIN', 'rtt_ms': 2,
                 'flags': {'aa': false, 'tc': false, 'rd': true, 'ra': true, 'ad': false, 'cd': false},
                 'answers': [], 'frame': 3, 'response_frame': 4}
                """, byId.get("1002"));
    }

    @Test
    void extendedRcodeFromTheOptRecord() {
        // Header rcode 7 (YXRRSET alone), OPT TTL's top byte 1: (1 << 4) | 7 = 23 = BADCOOKIE (RFC 7873).
        fields("""
                {'ts': '2016-09-23T14:02:13.000000Z', 'client': '203.0.113.15', 'client_port': 40003,
                 'server': '192.0.2.1', 'server_port': 53, 'transport': 'udp', 'id': 4099,
                 'qname': 'cookie.example.com', 'qtype': 'A', 'qclass': 'IN', 'status': 'answered',
                 'rcode': 'BADCOOKIE', 'rtt_ms': 3,
                 'flags': {'aa': false, 'tc': false, 'rd': true, 'ra': true, 'ad': false, 'cd': false},
                 'answers': [], 'edns': {'udp_size': 1232, 'do': false, 'options': []}}
                """, byId.get("1003"));
    }

    @Test
    void truncatedOverUdpThenAnsweredOverTcp() {
        fields("""
                {'ts': '2016-09-23T14:02:14.000000Z', 'transport': 'udp', 'client_port': 40004, 'id': 4100,
                 'qname': 'big.example.com', 'qtype': 'MX', 'qclass': 'IN', 'status': 'answered',
                 'rcode': 'NOERROR', 'rtt_ms': 1,
                 'flags': {'aa': false, 'tc': true, 'rd': true, 'ra': true, 'ad': false, 'cd': false},
                 'answers': []}
                """, byId.get("1004"));
        // TCP from 4 s at 1 ms a segment: SYN .000, SYN-ACK .001, ACK .002, query .003 (frame 12
        // after the 8 UDP frames and 3 handshake frames), response .004.
        fields("""
                {'ts': '2016-09-23T14:02:15.003000Z', 'client': '203.0.113.15', 'client_port': 50053,
                 'server': '192.0.2.1', 'server_port': 53, 'transport': 'tcp', 'id': 4101,
                 'qname': 'big.example.com', 'qtype': 'MX', 'qclass': 'IN', 'status': 'answered',
                 'rcode': 'NOERROR', 'rtt_ms': 1,
                 'flags': {'aa': false, 'tc': false, 'rd': true, 'ra': true, 'ad': false, 'cd': false},
                 'answers': [{'name': 'big.example.com', 'type': 'MX', 'ttl': 3600, 'data': '10 mx.example.com'}],
                 'frame': 12, 'response_frame': 13}
                """, byId.get("1005"));
    }

    @Test
    void ipv6EndpointsAndAnswerInRfc5952Form() {
        // 2001:db8:0:0:1:0:0:1: two runs of two zero groups; RFC 5952 4.2.3 shortens the first.
        fields("""
                {'ts': '2016-09-23T14:02:16.000000Z', 'client': '2001:db8::15', 'client_port': 40006,
                 'server': '2001:db8::53', 'server_port': 53, 'transport': 'udp', 'id': 4102,
                 'qname': 'v6.example.com', 'qtype': 'AAAA', 'qclass': 'IN', 'status': 'answered',
                 'rcode': 'NOERROR', 'rtt_ms': 4,
                 'flags': {'aa': false, 'tc': false, 'rd': true, 'ra': true, 'ad': false, 'cd': false},
                 'answers': [{'name': 'v6.example.com', 'type': 'AAAA', 'ttl': 120, 'data': '2001:db8::1:0:0:1'}]}
                """, byId.get("1006"));
    }

    @Test
    void unansweredHasTheQuerysFlagsAndNulls() {
        fields("""
                {'ts': '2016-09-23T14:02:17.000000Z', 'client': '203.0.113.15', 'client_port': 40007,
                 'server': '192.0.2.1', 'server_port': 53, 'transport': 'udp', 'id': 4103,
                 'qname': 'lost.example.com', 'qtype': 'A', 'qclass': 'IN', 'status': 'unanswered',
                 'rcode': null, 'rtt_ms': null,
                 'flags': {'aa': false, 'tc': false, 'rd': true, 'ra': false, 'ad': false, 'cd': false},
                 'answers': [], 'response_frame': null}
                """, byId.get("1007"));
    }

    @Test
    void unsolicitedResponseNamesTheReceiverAsClient() {
        // The response R4:53 -> C4:40008 at 7 s: the client is the side a query would have come from.
        fields("""
                {'ts': '2016-09-23T14:02:18.000000Z', 'client': '203.0.113.15', 'client_port': 40008,
                 'server': '192.0.2.1', 'server_port': 53, 'transport': 'udp', 'id': 4104,
                 'qname': 'stray.example.com', 'qtype': 'A', 'qclass': 'IN', 'status': 'unsolicited',
                 'rcode': 'NOERROR', 'rtt_ms': null,
                 'flags': {'aa': false, 'tc': false, 'rd': true, 'ra': true, 'ad': false, 'cd': false},
                 'answers': [{'name': 'stray.example.com', 'type': 'A', 'ttl': 30, 'data': '192.0.2.99'}]}
                """, byId.get("1008"));
    }
}
