package sensor.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Where a command will write, refused on the command line when it cannot be that kind of path. */
final class OutputPaths {
    private OutputPaths() {}

    /** A directory, created if missing: an existing file there is a usage error, not a failure after the run. */
    public static final class Directory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = path(value);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new TypeConversionException(value + " is a file, not a directory");
            }
            return p;
        }
    }

    /** A file written at the end of a run: its directory must exist and it must not be a directory itself. */
    public static final class File implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = path(value);
            Path parent = p.toAbsolutePath().getParent();
            if (Files.isDirectory(p)) {
                throw new TypeConversionException(value + " is a directory, not a file");
            }
            if (parent != null && !Files.isDirectory(parent)) {
                throw new TypeConversionException("no directory " + parent + " to write " + p.getFileName() + " in");
            }
            return p;
        }
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + value + "' is not a path (" + e.getReason() + ")");
        }
    }
}
