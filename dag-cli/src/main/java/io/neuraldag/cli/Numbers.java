package io.neuraldag.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/*
 * Number formatting for the text and DOT reports (the JSON report writes exact doubles).
 * rounded() prints at most DECIMALS decimals, without exponent and without trailing zeros, so
 * planner costs derived by subtraction (165.38999999999987) read as PostgreSQL printed them
 * (165.39), while the quarter-multiples of the benchmark graphs stay exact. fixed() prints six
 * decimals, for scores in [0, 1]; significant() six significant digits.
 */
final class Numbers {
    static final int DECIMALS = 4;
    static final int SIGNIFICANT = 6;

    private Numbers() {}

    static String rounded(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(DECIMALS, RoundingMode.HALF_EVEN);
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toPlainString();
    }

    /* Six significant digits, plain (no exponent), for lambda whose scale depends on the costs. */
    static String significant(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0.0) {
            return "0";
        }
        return BigDecimal.valueOf(v)
                .round(new MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String fixed(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
