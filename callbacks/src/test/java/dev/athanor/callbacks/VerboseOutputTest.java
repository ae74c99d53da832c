package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks' verbose messages go to the fit's output stream, as its progress bar does, not to System.out. */
class VerboseOutputTest {

    @Test
    void messagesGoToTheFitsStream(@TempDir Path dir) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        ByteArrayOutputStream leaked = new ByteArrayOutputStream();
        System.setOut(new PrintStream(leaked, true, StandardCharsets.UTF_8));
        try {
            FitOptions o = new FitOptions().epochs(4).batchSize(8).verbose(0).shuffle(false).seed(1)
                    .validationData(Fits.VX, Fits.VY)
                    .out(new PrintStream(captured, true, StandardCharsets.UTF_8))
                    .callbacks(Fits.script("val_loss", 0.5, 0.6, 0.7, 0.8),
                            new ModelCheckpoint(dir.resolve("w.{epoch:02d}.h5").toString())
                                    .saveBestOnly(true).verbose(1),
                            new ReduceLROnPlateau().patience(0).verbose(1),
                            new EarlyStopping().patience(1).verbose(1));
            Fits.model().fit(Fits.X, Fits.Y, o);
        } finally {
            System.setOut(systemOut);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("val_loss did not improve from 0.50000"), text);
        assertTrue(text.contains("ReduceLROnPlateau reducing learning rate"), text);
        assertTrue(text.contains("early stopping"), text);
        assertEquals("", leaked.toString(StandardCharsets.UTF_8));
    }
}
