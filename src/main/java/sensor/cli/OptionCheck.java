package sensor.cli;

import java.lang.reflect.Field;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Checks every option given on the command line against its {@link Range} before the command
 * runs, so that a value no command could use ({@code --duration -5}, {@code --metrics-port 99999})
 * is a usage error with one line, whichever command took it.
 */
final class OptionCheck implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec option : p.matchedOptions()) {
                java.util.List<String> typed = option.originalStringValues();
                String why = refusal(option, option.getValue(), typed.isEmpty() ? null : typed.get(typed.size() - 1));
                if (why != null) {
                    throw new ParameterException(p.commandSpec().commandLine(), why);
                }
            }
        }
        return next.execute(parsed);
    }

    /** The range an option declares, or null when it declares none. */
    static Range range(OptionSpec option) {
        return option.userObject() instanceof Field f ? f.getAnnotation(Range.class) : null;
    }

    /** Null when {@code value} is within the option's range, else the one line that says why not (quoting {@code typed}). */
    static String refusal(OptionSpec option, Object value, String typed) {
        Range r = range(option);
        if (r == null || !(value instanceof Number n)) {
            return null;
        }
        double v = n.doubleValue();
        boolean ok = Double.isFinite(v) && (r.minExclusive() ? v > r.min() : v >= r.min()) && v <= r.max()
                && (!r.powerOfTwo() || Long.bitCount(n.longValue()) == 1);
        return ok ? null : option.longestName() + " must be " + describe(r) + ", not " + (typed != null ? typed : value);
    }

    /** "at least 1", "from 0 to 65535", "more than 0 and at most 1", "a power of two from 2 to 1073741824". */
    static String describe(Range r) {
        String min = number(r.min());
        String max = number(r.max());
        boolean low = r.min() != Double.NEGATIVE_INFINITY;
        boolean high = r.max() != Double.POSITIVE_INFINITY;
        String span;
        if (low && high) {
            span = r.minExclusive() ? "more than " + min + " and at most " + max : "from " + min + " to " + max;
        } else if (low) {
            span = (r.minExclusive() ? "more than " : "at least ") + min;
        } else if (high) {
            span = "at most " + max;
        } else {
            span = "a finite number";
        }
        return r.powerOfTwo() ? "a power of two " + span.replaceFirst("^at least", "from") : span;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
