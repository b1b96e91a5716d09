package sensor.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sensor} command: parses, validates and hands off to a subcommand. */
@Command(name = "sensor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Reconstructs DNS and SMTP from packets and measures who talks to whom, and how exclusively.")
public final class SensorCommand implements Runnable {
    /** The subcommands, in the order help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("replay", ReplayCommand::new);
        SUBCOMMANDS.put("live", LiveCommand::new);
        SUBCOMMANDS.put("interfaces", InterfacesCommand::new);
        SUBCOMMANDS.put("aggregate", AggregateCommand::new);
        SUBCOMMANDS.put("report", ReportCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: replay, live, interfaces, aggregate or report");
    }

    /** The whole command, every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command for these arguments. picocli reflects over every registered subcommand's
     * options and builds an interpreter for each (a tenth of a second here, before the first
     * frame), so when the first argument names a subcommand only that one is registered: it
     * parses, validates and prints its help exactly as it would among the others.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new SensorCommand());
        Supplier<Object> only = args != null && args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(args[0], only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        cl.setParameterExceptionHandler(SensorCommand::usageError);
        cl.setExecutionStrategy(new OptionCheck());
        return cl;
    }

    /**
     * A usage error is one line and where to read more: the 40 to 60 lines of usage would bury
     * the line that says what was wrong.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        c.getErr().println(String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " "));
        c.getErr().println("see '" + c.getCommandSpec().qualifiedName() + " --help'");
        c.getErr().flush();
        return c.getCommandSpec().exitCodeOnInvalidInput();
    }

    public static void main(String[] args) {
        // The runners end their own threads' errors cleanly; anything else that ends a thread
        // must not leave a half-alive process either.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            sensor.Fatal.report(System.err, e, thread.getName());
            System.exit(1);
        });
        int status;
        try {
            status = commandLine(args)
                    .setExecutionExceptionHandler((e, cl, parsed) -> {
                        sensor.Fatal.report(System.err, e, "main");
                        return 1;
                    })
                    .execute(args);
        } catch (Throwable e) {
            sensor.Fatal.report(System.err, e, "main");
            status = 1;
        }
        System.exit(status);
    }
}
