package sensor.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric option accepts, written beside the option and checked for every command in
 * one place ({@link OptionCheck}) before the command runs: a value outside is a usage error.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Range {
    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** True when {@link #min()} itself is refused: {@code (0, 1]}. */
    boolean minExclusive() default false;

    /** True when only powers of two are accepted. */
    boolean powerOfTwo() default false;
}
