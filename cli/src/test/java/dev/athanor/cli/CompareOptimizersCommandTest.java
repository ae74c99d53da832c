package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareOptimizersCommandTest {

    @Test
    void eightOptimizersTableCsvAndOnePlot(@TempDir Path dir) throws Exception {
        Run r = Run.of("compare-optimizers", "--epochs", "2", "--out", dir.toString());
        assertEquals(0, r.exit(), r::toString);
        for (String label : List.of("sgd ", "sgd + momentum 0.9", "adagrad", "rmsprop", "adadelta", "adam ", "adamax", "nadam")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(label) && l.matches(".* \\d\\.\\d{4} +\\d\\.\\d{4} .*")),
                    label + "\n" + r);
        }
        List<String[]> rows = Files2.csv(dir.resolve("compare.csv"), "optimizer", "final_loss", "best_val_accuracy",
                "epochs_to_90");
        assertEquals(8, rows.size());
        Map<String, Double> best = rows.stream().collect(Collectors.toMap(c -> c[0], c -> Double.parseDouble(c[2])));
        // The memo's lesson: adaptive methods learn the digits within 2 epochs, Keras-default Adadelta (lr 0.001) barely moves.
        assertTrue(best.get("adam") > 0.8, best.toString());
        assertTrue(best.get("adadelta") < best.get("adam") - 0.3, best.toString());
        assertTrue(best.get("sgd + momentum 0.9") > best.get("sgd"), best.toString());
        Files2.assertPng(dir.resolve("compare.png"));
    }
}
