package sensor.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (Maven fills it), else "development". */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"sensor " + (v == null ? "development" : v) + " (Java " + Runtime.version() + ")"};
    }
}
