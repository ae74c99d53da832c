package dev.athanor.cli;

import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Optimizer;
import dev.athanor.core.registry.Registries;
import java.awt.BasicStroke;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code athanor compare-optimizers}: the memo's first section as an experiment: the same MLP from the
 * same initial weights and batch order, trained on the digits with each of Keras's optimizers at
 * its defaults; a table and one plot of every validation-accuracy curve.
 */
@Command(name = "compare-optimizers", mixinStandardHelpOptions = true,
        description = {"Train the same model from the same seed with sgd, sgd + momentum, adagrad, rmsprop, adadelta,"
                + " adam, adamax and nadam (Keras defaults) on the digits data; print a table (final loss, best"
                + " validation accuracy, epochs to reach 90 %%) and plot every curve.", ""},
        footer = {"", "Writes into DIR: compare.csv (the table) and compare.png (the curves).", "", Attribution.DIGITS})
final class CompareOptimizersCommand implements Callable<Integer> {

    static final double TARGET = 0.90;

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Epochs per optimizer (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "athanor-compare", description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    /** The optimizers compared: label to (registry name, config). */
    static Map<String, Map.Entry<String, Map<String, Object>>> contenders() {
        Map<String, Map.Entry<String, Map<String, Object>>> m = new LinkedHashMap<>();
        m.put("sgd", Map.entry("sgd", Map.of()));
        m.put("sgd + momentum 0.9", Map.entry("sgd", Map.of("momentum", 0.9)));
        for (String n : List.of("adagrad", "rmsprop", "adadelta", "adam", "adamax", "nadam")) {
            m.put(n, Map.entry(n, Map.of()));
        }
        return m;
    }

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1. Received: " + epochs);
        }
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1. Received: " + batchSize);
        }
        PrintStream o = root.out();
        o.println(Attribution.DIGITS);
        DigitsTask task = DigitsTask.load(seed);
        task.printSplit(o);
        o.println("Model: 64 -> 128 relu -> 128 relu -> 10 softmax, categorical_crossentropy, " + epochs
                + " epochs, batch " + batchSize + ", seed " + seed + " (same initial weights and batches for all)");
        o.println();
        List<OptimizerRun> runs = new ArrayList<>();
        for (Map.Entry<String, Map.Entry<String, Map<String, Object>>> c : contenders().entrySet()) {
            Optimizer opt = Registries.defaults().optimizers().create(c.getValue().getKey(), c.getValue().getValue());
            Model model = DigitsTask.mlp(seed);
            model.compile(opt, "categorical_crossentropy", List.of("accuracy"));
            long t0 = System.nanoTime();
            History h = model.fit(task.xTrain, task.yTrain, new FitOptions().epochs(epochs).batchSize(batchSize)
                    .seed(seed).verbose(0).validationData(task.xVal, task.yVal));
            OptimizerRun run = new OptimizerRun(c.getKey(), h.history().get("loss"), h.history().get("val_accuracy"),
                    (System.nanoTime() - t0) / 1e9);
            runs.add(run);
            o.printf(Locale.ROOT, "%-20s done in %.1f s%n", c.getKey(), run.seconds());
        }
        o.println();
        String table = table(runs);
        o.print(table);
        Files.createDirectories(out);
        Path csv = out.resolve("compare.csv");
        Files.writeString(csv, csv(runs), StandardCharsets.UTF_8);
        Path png = out.resolve("compare.png");
        plot(runs, png);
        o.println();
        o.println("Table:  " + csv);
        o.println("Curves: " + png);
        return 0;
    }

    static String table(List<OptimizerRun> runs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %10s %14s %16s %8s%n", "optimizer",
                "final loss", "best val acc", "epochs to 90 %", "time"));
        for (OptimizerRun r : runs) {
            int e = r.epochsTo(TARGET);
            sb.append(String.format(Locale.ROOT, "%-20s %10.4f %14.4f %16s %7.1fs%n", r.label(), r.finalLoss(),
                    r.bestValAccuracy(), e < 0 ? "not reached" : String.valueOf(e), r.seconds()));
        }
        return sb.toString();
    }

    static String csv(List<OptimizerRun> runs) {
        StringBuilder sb = new StringBuilder("optimizer,final_loss,best_val_accuracy,epochs_to_90\n");
        for (OptimizerRun r : runs) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s%n", r.label(), r.finalLoss(), r.bestValAccuracy(),
                    r.epochsTo(TARGET) < 0 ? "" : String.valueOf(r.epochsTo(TARGET))));
        }
        return sb.toString();
    }

    /** One chart: validation accuracy per epoch, one line per optimizer. */
    static void plot(List<OptimizerRun> runs, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(560).title("Validation accuracy on the digits, by optimizer")
                .xAxisTitle("epoch").yAxisTitle("val_accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (OptimizerRun r : runs) {
            double[] x = IntStream.rangeClosed(1, r.valAccuracy().size()).asDoubleStream().toArray();
            double[] y = r.valAccuracy().stream().mapToDouble(Double::doubleValue).toArray();
            XYSeries s = chart.addSeries(r.label(), x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(2f));
        }
        dev.athanor.core.AtomicFiles.write(png, true, tmp -> {
            try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}
