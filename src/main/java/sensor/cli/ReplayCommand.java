package sensor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sensor.Replay;
import sensor.SensorConfig;
import sensor.anonymize.RecordAnonymizer;
import sensor.report.Analysis;
import sensor.report.Records;
import sensor.report.Window;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Decode saved captures (pcap or pcapng; '-' reads stdin) and write records, a summary and a report.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    KafkaOptions kafka;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "captures, replayed in order as one run")
    List<String> files;

    @Mixin
    ReportOptions report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> commandLine = new ArrayList<>();
        commandLine.add("sensor");
        commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
        SensorConfig config;
        int code;
        try {
            config = common.toConfig();
            code = Replay.run(config, kafka.toSettings(), new Replay.Options(report.reportTop, commandLine), files,
                    System.out, System.err).exitCode();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (code != 0 || report.html == null) {
            return code;
        }
        try {
            Records records = Records.open(List.of(config.outDir()), Window.ALL);
            // The records hold pseudonyms with --anonymize-key: groups and SMTP servers are mapped as the run mapped them.
            return ReportCommand.writeHtml(Analysis.of(records, config.aggregationPairs(),
                    RecordAnonymizer.addressText(config.anonymization())), report.reportTop, report.html);
        } catch (Records.Unreadable e) {
            System.err.println("sensor: no HTML report: " + e.getMessage());
            return 1;
        }
    }
}
