package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.Callback;
import dev.athanor.core.FitParams;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress output. verbose=1: "Epoch i/n", then a bar with count, ETA and running metrics,
 * redrawn in place on a terminal and printed once per epoch otherwise; verbose=2: one line per epoch.
 * A stream of unknown length shows Keras's {@code "      n/Unknown 3s"} until its first epoch ends, whose
 * batch count then becomes the total.
 */
@Internal
public final class ProgressBar implements Callback {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private FitParams params;
    private int target;
    private int seen;
    private long epochStart;
    private long lastDraw;

    ProgressBar(PrintStream out) {
        this(out, out == System.out && System.console() != null);
    }

    /** A bar that redraws in place ({@code terminal}) or prints once per epoch. */
    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void setParams(FitParams p) {
        this.params = p;
        this.target = p.steps();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        epochStart = System.nanoTime();
        seen = 0;
        lastDraw = 0;
        if (params.verbose() == 1) {
            out.println("Epoch " + (epoch + 1) + "/" + params.epochs());
        }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        seen = batch + 1;
        if (params.verbose() != 1 || !terminal) {
            return;
        }
        long now = System.nanoTime();
        if ((target <= 0 || batch + 1 < target) && now - lastDraw < 50_000_000L) {
            return; // redraw at most 20 times a second
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        if (target <= 0) {
            out.print("\r" + String.format("%7d/Unknown ", batch + 1) + duration(elapsed) + metrics(logs));
            out.flush();
            return;
        }
        double eta = elapsed / (batch + 1) * (target - batch - 1);
        out.print("\r" + line(batch + 1, logs, "ETA: " + duration(eta)));
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        if (target <= 0) {
            target = Math.max(1, seen); // a stream's first epoch tells its length, as Keras's Progbar learns it
        }
        String time = duration(elapsed) + " " + Math.round(elapsed * 1e3 / target) + "ms/step";
        if (params.verbose() == 1) {
            out.print((terminal ? "\r" : "") + line(target, logs, time) + "\n");
        } else {
            out.println("Epoch " + (epoch + 1) + "/" + params.epochs() + " - " + time + metrics(logs));
        }
        out.flush();
    }

    private String line(int done, Map<String, Double> logs, String time) {
        int total = target;
        int filled = (int) ((long) WIDTH * done / total);
        StringBuilder bar = new StringBuilder();
        String count = String.valueOf(total);
        bar.append(String.format("%" + count.length() + "d/%s [", done, count));
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled - 1 || (i == filled - 1 && done == total) ? '=' : i == filled - 1 ? '>' : '.');
        }
        return bar.append("] - ").append(time).append(metrics(logs)).toString();
    }

    private static String metrics(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            double v = e.getValue();
            sb.append(" - ").append(e.getKey()).append(": ")
                    .append(Math.abs(v) > 1e-3 || v == 0 ? String.format(Locale.ROOT, "%.4f", v)
                            : String.format(Locale.ROOT, "%.4e", v));
        }
        return sb.toString();
    }

    private static String duration(double seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", (int) seconds / 3600, ((int) seconds % 3600) / 60,
                    (int) seconds % 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%d:%02d", (int) seconds / 60, (int) seconds % 60);
        }
        return Math.round(seconds) + "s";
    }
}
