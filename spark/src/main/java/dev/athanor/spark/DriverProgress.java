package dev.athanor.spark;

import dev.athanor.core.Callback;
import dev.athanor.core.FitParams;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress output on the driver, one line per epoch (the steps run in the executors, so
 * the driver learns of an epoch when it ends): with verbose=1 "Epoch i/n" and then a full bar with
 * the time, time per step and the merged logs, as Keras prints to a non-terminal; with verbose=2
 * one line per epoch.
 */
final class DriverProgress implements Callback {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private FitParams params;
    private long epochStart;

    DriverProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void setParams(FitParams p) {
        this.params = p;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        epochStart = System.nanoTime();
        if (params.verbose() == 1) {
            out.println("Epoch " + (epoch + 1) + "/" + params.epochs());
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        int steps = Math.max(1, params.steps());
        String time = Math.round(elapsed) + "s " + Math.round(elapsed * 1e3 / steps) + "ms/step";
        if (params.verbose() == 1) {
            String count = String.valueOf(steps);
            out.println(count + "/" + count + " [" + "=".repeat(WIDTH) + "] - " + time + metrics(logs));
        } else {
            out.println("Epoch " + (epoch + 1) + "/" + params.epochs() + " - " + time + metrics(logs));
        }
        out.flush();
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
}
