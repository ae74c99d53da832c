package dev.athanor.cli;

import dev.athanor.core.Model;
import dev.athanor.io.Npy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code athanor predict MODEL.h5 --x X [--out preds.csv|preds.npy]}: the model's outputs. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Run a saved model on inputs and write its outputs (one row per sample).", ""},
        footer = {"", "Without --out the predictions are printed as CSV."})
final class PredictCommand implements Callable<Integer> {

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.h5", description = "A model file.")
    private Path modelFile;

    @Mixin
    private DataOptions data;

    @Mixin
    private PluginOption plugins;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write: .csv or .npy.")
    private Path out;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Override
    public Integer call() throws Exception {
        String kind = out == null ? "csv" : extension(out);
        if (!kind.equals("csv") && !kind.equals("npy")) {
            throw new ParameterException(spec.commandLine(), "--out must end in .csv or .npy. Received: " + out);
        }
        plugins.load();
        DataOptions.Data d = data.read(false);
        Model model = ModelFiles.load(spec, modelFile);
        INDArray p = model.predict(d.x(), batchSize);
        if (out == null) {
            PrintStream o = root.out();
            writeCsv(p, new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8));
            o.flush();
            return 0;
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (kind.equals("npy")) {
            Npy.write(out, p);
        } else {
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                writeCsv(p, w);
            }
        }
        root.out().println("Wrote " + p.size(0) + " predictions " + java.util.Arrays.toString(p.shape()) + " to " + out);
        return 0;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }

    /** One line per sample, the output's values flattened, shortest round-trip float text. */
    static void writeCsv(INDArray p, Writer w) throws IOException {
        long n = p.size(0);
        INDArray flat = p.castTo(DataType.FLOAT).reshape('c', n, p.length() / Math.max(1, n));
        float[][] rows = flat.toFloatMatrix();
        StringBuilder sb = new StringBuilder();
        for (float[] row : rows) {
            sb.setLength(0);
            for (int j = 0; j < row.length; j++) {
                sb.append(j == 0 ? "" : ",").append(row[j]);
            }
            w.write(sb.append('\n').toString());
        }
        w.flush();
    }
}
