package io.neuraldag.cli;

import java.math.BigDecimal;
import java.util.Locale;

/*
 * Number formatting for the text and DOT reports. plain() is exact: it prints the shortest decimal
 * that reads back as the same double, without exponent, so a printed cost parses back to the
 * library's value. fixed() rounds to six decimals, for scores in [0, 1].
 */
final class Numbers {
    private Numbers() {}

    static String plain(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0.0) {
            return "0";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String fixed(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
