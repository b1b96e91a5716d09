package sensor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import sensor.Replay;

/** How the report is shown, shared by {@code replay} (which ends with one) and {@code report}. */
public final class ReportOptions {
    @Option(names = "--report-top", paramLabel = "N",
            description = "entries each text section of the report shows before '... N more' (default: ${DEFAULT-VALUE})")
    @Range(min = 1)
    int reportTop = Replay.Options.REPORT_TOP;

    @Option(names = "--html", paramLabel = "FILE", converter = OutputPaths.File.class,
            description = "also write the report as one self-contained HTML page, with timelines of the exclusive"
                    + " servers and names")
    Path html;
}
