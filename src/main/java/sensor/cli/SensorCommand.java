package sensor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sensor} command: parses, validates and hands off to replay, live or interfaces. */
@Command(name = "sensor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {ReplayCommand.class, LiveCommand.class, InterfacesCommand.class, AggregateCommand.class},
        description = "Reconstructs DNS and SMTP from packets and measures who talks to whom, and how exclusively.")
public final class SensorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: replay, live, interfaces or aggregate");
    }

    public static CommandLine commandLine() {
        return new CommandLine(new SensorCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
