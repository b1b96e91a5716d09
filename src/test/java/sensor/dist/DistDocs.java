package sensor.dist;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;
import sensor.cli.SensorCommand;

/**
 * Writes the package's manual pages (AsciiDoc, one per command, for Asciidoctor's manpage
 * backend) and the bash completion script from the command line itself, every subcommand
 * registered, so that they say what the options say. Run by the {@code dist} profile:
 * {@code DistDocs ADOC_DIR COMPLETION_FILE}.
 */
public final class DistDocs {
    private DistDocs() {}

    public static void main(String[] args) throws IOException {
        CommandLine cl = SensorCommand.commandLine();
        File adoc = new File(args[0]);
        Files.createDirectories(adoc.toPath());
        int status = ManPageGenerator.generateManPage(adoc, null, new boolean[0], true, cl.getCommandSpec());
        if (status != 0) {
            throw new IOException("picocli's ManPageGenerator failed with status " + status);
        }
        Path completion = Path.of(args[1]);
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("sensor", cl));
    }
}
