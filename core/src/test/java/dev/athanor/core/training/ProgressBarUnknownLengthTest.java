package dev.athanor.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream of unknown length shows Keras's Progbar display: {@code "%7d/Unknown"} and elapsed time during
 * the first epoch; the first epoch's batch count becomes the total (Keras's ProgbarLogger sets
 * {@code target = seen} when it finalizes).
 */
class ProgressBarUnknownLengthTest {

    @Test
    void unknownLengthShowsCountThenLearnsTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, true);
        bar.setParams(new FitParams(2, 0, -1, -1, 32, 1, List.of("loss"), Map.of("loss", false), 1, out));
        bar.onEpochBegin(0, Map.of());
        bar.onBatchEnd(0, Map.of("loss", 0.5));
        String first = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("Epoch 1/2\n\r      1/Unknown 0s - loss: 0.5000", first);
        bar.onBatchEnd(1, Map.of("loss", 0.5));
        bar.onBatchEnd(2, Map.of("loss", 0.25));
        bar.onEpochEnd(0, Map.of("loss", 0.25));
        String all = bytes.toString(StandardCharsets.UTF_8);
        String last = all.substring(all.lastIndexOf('\r') + 1);
        assertTrue(last.startsWith("3/3 [==============================] - 0s "), last);
        assertTrue(last.endsWith(" - loss: 0.2500\n"), last);
        bytes.reset();
        bar.onEpochBegin(1, Map.of());
        bar.onBatchEnd(0, Map.of("loss", 0.2));
        String second = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(second.startsWith("Epoch 2/2\n\r1/3 [=========>"), second);
    }
}
