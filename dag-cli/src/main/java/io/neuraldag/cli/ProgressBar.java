package io.neuraldag.cli;

import io.neuraldag.bench.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/*
 * A one-line progress bar on standard error: "[#####.....]  42% phase done/total", redrawn with a
 * carriage return, at most once per percent; a new phase starts a new line.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private String phase = "";
    private int lastPercent = -1;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(String phase, int done, int total) {
        if (!phase.equals(this.phase)) {
            if (!this.phase.isEmpty()) {
                err.println();
            }
            this.phase = phase;
            lastPercent = -1;
        }
        int percent = total <= 0 ? 100 : (int) (100L * done / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = WIDTH * percent / 100;
        err.print(String.format(
                Locale.ROOT,
                "\r[%s%s] %3d%% %s %d/%d",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                percent,
                phase,
                done,
                total));
        err.flush();
    }

    /* Ends the current line. */
    void finish() {
        if (!phase.isEmpty()) {
            err.println();
            err.flush();
        }
    }
}
