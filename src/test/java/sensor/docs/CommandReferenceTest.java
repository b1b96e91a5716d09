package sensor.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import sensor.cli.SensorCommand;

/**
 * The command reference (src/site/markdown/commands.md) is every command's help as the code
 * defines it, and every option of every command, enumerated through picocli's CommandSpec, is
 * named there or in the README. Regenerate the reference with {@code -Dgolden.update=true} and
 * review the diff.
 */
class CommandReferenceTest {
    static final Path REFERENCE = Path.of("src/site/markdown/commands.md");

    /** The reference as the code defines it. */
    static String generate() {
        CommandLine top = SensorCommand.commandLine();
        StringBuilder md = new StringBuilder();
        md.append("# Command reference\n\n")
                .append("Generated from the code (`CommandReferenceTest`, `-Dgolden.update=true` rewrites it): each"
                        + " command's `--help`.\nThe launcher's own commands (`./sensor test`, `bench`, `fuzz`) are in"
                        + " the [README](../../../README.md#commands).\n\n")
                .append("```text\n").append(help(top)).append("```\n");
        for (Map.Entry<String, CommandLine> sub : top.getSubcommands().entrySet()) {
            md.append("\n## sensor ").append(sub.getKey()).append("\n\n```text\n").append(help(sub.getValue()))
                    .append("```\n");
        }
        // The aggregate's default state directory is under java.io.tmpdir: written as on a usual machine.
        return md.toString().replace(Path.of(System.getProperty("java.io.tmpdir"), "sensor-aggregate").toString(),
                "/tmp/sensor-aggregate");
    }

    private static String help(CommandLine cl) {
        cl.setUsageHelpWidth(100);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void theReferenceIsTheCodesHelp() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(REFERENCE, generated);
        }
        assertEquals(generated, Files.readString(REFERENCE), REFERENCE + " is out of date: run mvn test"
                + " -Dtest=CommandReferenceTest -Dgolden.update=true and review the diff");
    }

    @Test
    void everyOptionOfEveryCommandIsDocumented() throws IOException {
        String docs = Files.readString(REFERENCE) + Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        int options = 0;
        for (Map.Entry<String, CommandLine> sub : SensorCommand.commandLine().getSubcommands().entrySet()) {
            for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
                for (String name : o.names()) {
                    options++;
                    if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(docs).find()) {
                        missing.add(sub.getKey() + " " + name);
                    }
                }
            }
        }
        assertTrue(options > 60, "the commands have their options: " + options);
        assertEquals(List.of(), missing, "options in neither " + REFERENCE + " nor the README");
    }
}
