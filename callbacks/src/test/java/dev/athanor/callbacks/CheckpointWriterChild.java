package dev.athanor.callbacks;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child JVM of {@link CheckpointCrashSafetyTest}: fits "forever" with a {@link ModelCheckpoint}
 * that rewrites one file after every batch, printing {@code ready} once the first checkpoint exists,
 * until the parent kills it with SIGKILL.
 */
public final class CheckpointWriterChild {

    private CheckpointWriterChild() {
    }

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        Nd4j.getRandom().setSeed(1);
        Sequential m = new Sequential();
        m.add(new Dense(16).activation("tanh").inputShape(4));
        m.add(new Dense(1));
        m.compile("sgd", "mse");
        var x = Nd4j.rand(DataType.FLOAT, 64, 4);
        var y = Nd4j.rand(DataType.FLOAT, 64, 1);
        boolean[] announced = {false};
        LambdaCallback ready = new LambdaCallback().onBatchEnd((b, logs) -> {
            if (!announced[0]) {
                announced[0] = true;
                System.out.println("ready");
                System.out.flush();
            }
        });
        m.fit(x, y, new FitOptions().epochs(1_000_000).batchSize(8).verbose(0)
                .callbacks(java.util.List.of(new ModelCheckpoint(target.toString()).saveFreq(1), ready)));
    }
}
