package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Callback;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.ConfigRoundTrip;
import dev.athanor.core.testing.TestArrays;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TimeStoppingTest {

    private static History fitFiveEpochs(Callback callback) {
        Sequential model = new Sequential();
        model.add(new Dense(1).inputDim(3));
        model.compile("sgd", "mse");
        INDArray x = TestArrays.uniform(1, -1, 1, 20, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = TestArrays.uniform(2, -1, 1, 20, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        return model.fit(x, y, new FitOptions().epochs(5).batchSize(10).verbose(0).callbacks(callback));
    }

    @Test
    void aSpentBudgetStopsAfterTheFirstEpoch() {
        TimeStopping stop = new TimeStopping().seconds(0);
        assertEquals(1, fitFiveEpochs(stop).history().get("loss").size());
        assertEquals(0, stop.stoppedEpoch());
    }

    @Test
    void aLargeBudgetLetsEveryEpochRun() {
        TimeStopping stop = new TimeStopping().seconds(3600);
        assertEquals(5, fitFiveEpochs(stop).history().get("loss").size());
        assertEquals(-1, stop.stoppedEpoch());
    }

    @Test
    void stopsAtTheFirstEpochEndPastTheDeadline() {
        // A fake clock: 10 s pass between readings; the budget of 25 s is spent at the third epoch's end.
        AtomicLong now = new AtomicLong();
        TimeStopping stop = new TimeStopping(() -> now.getAndAdd(10_000_000_000L)).seconds(25).verbose(1);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        stop.out(new PrintStream(text, true, StandardCharsets.UTF_8));
        assertEquals(3, fitFiveEpochs(stop).history().get("loss").size());
        assertEquals(2, stop.stoppedEpoch());
        assertEquals("Timed stopping at epoch 3 after training for 0:00:25" + System.lineSeparator(),
                text.toString(StandardCharsets.UTF_8));
    }

    @Test
    void formatsLikePythonsTimedelta() {
        assertEquals("1 day, 0:00:00", TimeStopping.format(Duration.ofSeconds(86400)));
        assertEquals("1:01:01", TimeStopping.format(Duration.ofSeconds(3661)));
        assertEquals("2 days, 0:00:05", TimeStopping.format(Duration.ofSeconds(2 * 86400 + 5)));
    }

    @Test
    void createdByNameWithItsConfig() {
        Registries r = Registries.defaults();
        Callback byName = r.callbacks().create("TimeStopping", Map.of("seconds", 120, "verbose", 1));
        assertEquals(Map.of("seconds", 120.0, "verbose", 1), byName.config());
        Callback again = ConfigRoundTrip.assertRoundTrip((Callback) new TimeStopping().seconds(1.5).verbose(1), r.callbacks());
        assertInstanceOf(TimeStopping.class, again);
        assertEquals(Map.of("seconds", 1.5, "verbose", 1), again.config());
        assertEquals(Map.of("seconds", 86400.0, "verbose", 0), r.callbacks().create("TimeStopping").config());
    }

    @Test
    void rejectsANegativeBudgetAndUnknownKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimeStopping().seconds(-1));
        assertEquals("`seconds` must be a finite number >= 0. Received: seconds=-1.0", e.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> Registries.defaults().callbacks().create("TimeStopping", Map.of("secs", 5)));
        assertEquals("Unknown config key 'secs' for TimeStopping. Known keys: seconds, verbose.", key.getMessage());
    }
}
