package io.neuraldag.postgres;

import java.sql.SQLWarning;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * The NOTICE auto_explain sends with log_level = notice and log_format = json:
 * "duration: 1.234 ms  plan:\n{ ...json... }". find() takes the last such warning of a chain (the
 * statement's own plan comes last); strip() returns the chain without them, so the caller of
 * getWarnings() sees exactly what the server would have sent without the capture.
 */
record AutoExplainNotice(double durationMs, String json) {
    private static final Pattern HEAD =
            Pattern.compile("^duration: ([0-9]+(?:\\.[0-9]+)?) ms\\s+plan:\\s*", Pattern.DOTALL);

    static boolean is(SQLWarning w) {
        String m = w.getMessage();
        return m != null && HEAD.matcher(m).lookingAt();
    }

    static @Nullable AutoExplainNotice find(@Nullable SQLWarning chain) {
        AutoExplainNotice found = null;
        for (SQLWarning w = chain; w != null; w = w.getNextWarning()) {
            String m = w.getMessage();
            if (m == null) {
                continue;
            }
            Matcher h = HEAD.matcher(m);
            if (h.lookingAt()) {
                found = new AutoExplainNotice(Double.parseDouble(h.group(1)), m.substring(h.end()));
            }
        }
        return found;
    }

    static @Nullable SQLWarning strip(@Nullable SQLWarning chain) {
        SQLWarning head = null;
        SQLWarning tail = null;
        boolean changed = false;
        for (SQLWarning w = chain; w != null; w = w.getNextWarning()) {
            if (is(w)) {
                changed = true;
                continue;
            }
            SQLWarning copy = new SQLWarning(w.getMessage(), w.getSQLState(), w.getErrorCode(), w);
            if (head == null) {
                head = copy;
            } else if (tail != null) {
                tail.setNextWarning(copy);
            }
            tail = copy;
        }
        return changed ? head : chain;
    }
}
