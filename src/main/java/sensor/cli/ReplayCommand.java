package sensor.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sensor.Replay;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Decode saved captures (pcap or pcapng; '-' reads stdin) and write records, a summary and a report.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    KafkaOptions kafka;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "captures, replayed in order as one run")
    List<String> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return Replay.run(common.toConfig(), kafka.toSettings(), files, System.out, System.err).exitCode();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
