package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelCheckpoint with io's real .h5 format: the memo's template, and resume through Models.load. */
class H5CheckpointTest {

    @TempDir
    Path dir;

    private TreeSet<String> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void memoTemplateAndResumeFromH5() throws Exception {
        Sequential m = Fits.model();
        m.compile("sgd", "mse", List.of("accuracy"));
        String t = dir + "/Train_record/{epoch:02d}.{val_accuracy:.2f}.V0.h5";
        m.fit(Fits.X, Fits.Y, new FitOptions().epochs(3).batchSize(8).verbose(0).validationData(Fits.VX, Fits.VY)
                .callbacks(Fits.script("val_accuracy", 0.5, 0.75, 0.25),
                        new ModelCheckpoint(t).monitor("val_accuracy").saveBestOnly(true)));
        Path rec = dir.resolve("Train_record");
        assertEquals(new TreeSet<>(List.of("01.0.50.V0.h5", "02.0.75.V0.h5")), files(rec));

        Model resumed = Models.load(rec.resolve("02.0.75.V0.h5"));
        assertTrue(resumed.isCompiled());
        ModelCheckpoint again = new ModelCheckpoint(t).monitor("val_accuracy").saveBestOnly(true);
        resumed.fit(Fits.X, Fits.Y, new FitOptions().epochs(6).initialEpoch(3).batchSize(8).verbose(0)
                .validationData(Fits.VX, Fits.VY)
                .callbacks(Fits.script("val_accuracy", 0, 0, 0, 0.7, 0.5, 0.9), again));
        // 0.7 and 0.5 do not beat the restored best 0.75
        assertEquals(new TreeSet<>(List.of("01.0.50.V0.h5", "02.0.75.V0.h5", "06.0.90.V0.h5")), files(rec));
        assertEquals(0.9, again.best());
    }
}
