package dev.athanor.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where evaluate and predict read their samples: --x/--y files, or one CSV with a label column. */
final class DataOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--x", paramLabel = "FILE", description = "Inputs: .npy, .npz (file.npz:key) or numeric .csv.")
    String x;

    @Option(names = "--y", paramLabel = "FILE", description = "Targets (same formats); integer labels are one-hot"
            + " encoded when the model's output and loss want it.")
    String y;

    @Option(names = "--csv", paramLabel = "FILE", description = "Inputs and labels from one CSV file (instead of"
            + " --x/--y); see --label-column.")
    Path csv;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX", description = "The CSV's label column: header"
            + " name or 0-based index (default: the last column).")
    String labelColumn;

    /** Inputs and (when wanted and given) targets. */
    record Data(INDArray x, INDArray y) {
    }

    Data read(boolean needY) throws IOException {
        if (csv != null) {
            if (x != null || y != null) {
                throw usage("give either --csv or --x/--y, not both.");
            }
            Inputs.requireFile(spec, csv, "--csv");
            CsvTable t = CsvTable.read(csv);
            int label;
            try {
                label = t.column(labelColumn);
            } catch (IllegalArgumentException e) {
                throw usage("--label-column: " + e.getMessage());
            }
            return needY ? new Data(t.features(label), t.column(label)) : new Data(t.features(label), null);
        }
        if (x == null) {
            throw usage("missing the inputs: give --x FILE (or --csv FILE).");
        }
        if (needY && y == null) {
            throw usage("missing the targets: give --y FILE (or --csv FILE with a label column).");
        }
        return new Data(array(x, "--x"), needY ? array(y, "--y") : null);
    }

    private INDArray array(String file, String option) throws IOException {
        try {
            return ArrayFiles.read(file, null);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
