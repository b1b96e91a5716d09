package sensor.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.flow.PortSet;
import sensor.pairs.ClientGroups;
import sensor.pairs.PairsConfig;
import sensor.scenario.BenchMixFiles;
import sensor.testutil.SharedCorpus;
import sensor.txn.TxnLimits;

/**
 * Every record file, the summary and the report of a replay equal the stored expected files, for
 * real public captures (DNS over UDP and TCP, IPv6, fragments, tunnels, mDNS, SMTP of every
 * outcome, malformed messages), the demo capture and small benchmark mixes. The safety net of a
 * rewrite of the data path: a record that changes shows here, by file and line. Refresh with
 * {@code -Dgolden.update=true} and review the diff.
 */
class GoldenRecordsTest {
    /** The record files a replay writes, each compared whole. */
    static final List<String> RECORD_FILES = List.of("dns.jsonl", "smtp.jsonl", "pdns.jsonl", "pairs.jsonl",
            "servers.jsonl", "events.jsonl");
    /** Public captures, chosen to cover the data path's branches while the whole test stays in seconds. */
    static final List<String> PUBLIC = List.of(
            "dnscap/dns.pcap",                                   // DNS over UDP
            "dnscap/dnso1tcp.pcap",                              // DNS over TCP, many messages
            "suricata-verify/dns-tcp-multirequest-buffer.pcap",  // messages split over and packed in segments
            "dnscap/frags.pcap",                                 // IPv4 fragments on a raw IPv4 link
            "zeek/ipv6-fragmented-dns.pcap",                     // IPv6 fragments, a retransmission
            "suricata-verify/vxlan.pcap",                        // DNS inside VXLAN
            "zeek/Teredo.pcap",                                  // DNS inside Teredo
            "zeek/dns-edns-ecs.pcap",                            // EDNS client subnet
            "zeek/mdns.pcap",                                    // mDNS, unsolicited responses
            "suricata-verify/dns-corrupt-additionals.pcap",      // malformed additionals, answers kept
            "zeek/dns-invalid-names.pcap",                       // malformed names
            "ndpi/KakaoTalk_chat.pcap",                          // CNAME chains, possible renames
            "zeek/smtp.pcap",                                    // SMTP with DNS
            "suricata-verify/smtp-errors.pcap",                  // rejected SMTP
            "zeek/smtp-bdat-gap.pcap",                           // SMTP over a TCP gap
            "zeek/communityid-ipv6.pcap",                        // SMTP over IPv6
            "ndpi/synscan.pcap");                                // refused and unanswered SYNs
    static final List<String> MIXES = List.of("resolver", "names", "tcp", "smtp");
    static final long MIX_FRAMES = 2_000;

    /** One replay: its golden folder, its input and its settings. */
    record Case(String golden, String input, PortSet dnsPorts, Path groups, String label) {
        @Override
        public String toString() {
            return golden;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("demo-2016", "captures/demo-2016.pcap", new PortSet(53), Path.of("captures/demo-2016.groups"),
                "demo-2016.pcap"));
        for (String p : PUBLIC) {
            cases.add(new Case("public/" + p.replaceFirst("\\.pcap(ng)?$", ""), p, PortSet.parse("53,5353,5355"), null,
                    p));
        }
        for (String mix : MIXES) {
            cases.add(new Case("benchmix/" + mix + "-" + MIX_FRAMES, mix, new PortSet(53), null,
                    mix + "-" + MIX_FRAMES + ".pcap"));
        }
        return cases.stream();
    }

    private static Path input(Case c, Path tmp) throws IOException {
        if (c.golden().startsWith("public/")) {
            return SharedCorpus.require().resolve(c.input());
        }
        if (c.golden().startsWith("benchmix/")) {
            return BenchMixFiles.write(tmp.resolve(c.label()), MIX_FRAMES, c.input());
        }
        return Path.of(c.input());
    }

    private static SensorConfig config(Case c, Path out, boolean prefilter) throws IOException {
        PairsConfig d = PairsConfig.defaults();
        PairsConfig pairs = new PairsConfig(d.exclusiveShare(), d.exclusiveMaxClients(), d.minCount(), d.exclusiveP(),
                c.groups() == null ? null : ClientGroups.load(c.groups()), d.maxPairs());
        return new SensorConfig(out, null, prefilter, c.dnsPorts(), new PortSet(25, 587), false, TxnLimits.defaults(),
                SensorConfig.MAX_TABLE_BOUND, pairs);
    }

    /** Replays into {@code out} and returns the report it printed. */
    private static String replay(SensorConfig config, Path input) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Replay.Result r = Replay.run(config, null, Replay.Options.defaults(), List.of(input.toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, r.exitCode(), stderr.toString(StandardCharsets.UTF_8));
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** The report without what changes from run to run: timing and the output folder. */
    static String stableReport(String report) {
        return report.replaceAll(" in [0-9.]+ s, [0-9,]+ frames/s", " in <elapsed>")
                .replaceAll("(?m)^Records in .*$", "Records in <out>");
    }

    /**
     * The replay's files equal the golden ones; and the other way frames reach the decoder gives
     * the same records: every frame decoded ({@code --no-prefilter}) and, where the JDK has the
     * foreign-function binding, libpcap read through JNA (the summary and report differ there only
     * in the frames counted as filtered). The sensor has no thread or shard setting to vary.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRecordFileEqualsItsGoldenFile(Case c, @TempDir Path tmp) throws IOException {
        Path input = input(c, tmp);
        Path out = tmp.resolve("out");
        String report = replay(config(c, out, true), input);
        GoldenFiles golden = new GoldenFiles(c.golden());
        List<String> problems = new ArrayList<>();
        for (String file : RECORD_FILES) {
            problems.addAll(golden.compare(file, Files.readString(out.resolve(file))));
        }
        problems.addAll(golden.compare("summary.json",
                StableSummary.of(Files.readString(out.resolve("summary.json")), c.label())));
        problems.addAll(golden.compare("report.txt", stableReport(report)));
        GoldenFiles.assertNone(problems);

        Path other = tmp.resolve("unfiltered-jna");
        String before = System.setProperty(FOREIGN, "false");
        try {
            replay(config(c, other, false), input);
        } finally {
            if (before == null) {
                System.clearProperty(FOREIGN);
            } else {
                System.setProperty(FOREIGN, before);
            }
        }
        for (String file : RECORD_FILES) {
            problems.addAll(GoldenFiles.differences("--no-prefilter, JNA: " + file, Files.readString(out.resolve(file)),
                    Files.readString(other.resolve(file))));
        }
        GoldenFiles.assertNone(problems);
    }

    /** The system property that keeps libpcap's JNA binding (NextEx.FOREIGN_PROPERTY). */
    private static final String FOREIGN = "sensor.pcap.foreign";
}
