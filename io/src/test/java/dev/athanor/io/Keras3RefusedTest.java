package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.registry.Registries;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Athanor does not implement, in files real Keras 3.15.1 wrote
 * ({@code resources/keras3-refused/make_refused_fixtures.py}): each load fails with a
 * {@link ModelFileException} naming the file and the feature (never a wrong model).
 */
class Keras3RefusedTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras3-refused");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "shared_nested            | called 2 times",
        "functional_in_sequential | functional model nested in a Sequential",
        "dict_inputs       | dict",
        "dict_outputs      | dict",
        "mixed_precision   | mixed_float16",
        "quantized         | quantiz",
        "lora              | lora",
        "assets            | assets",
        "lambda_layer      | Lambda",
        "adam_weight_decay | weight_decay",
        "ema               | use_ema",
    })
    void refusedNamingFileAndFeature(String name, String feature) {
        Path file = DIR.resolve(name + ".keras");
        ModelFileException e = assertThrows(ModelFileException.class, () -> new KerasFormat().load(file, Registries.defaults()));
        String msg = e.getMessage();
        System.out.println(name + ": " + msg);
        assertTrue(msg.contains(file.toString()), "names the file: " + msg);
        assertTrue(msg.toLowerCase(Locale.ROOT).contains(feature.toLowerCase(Locale.ROOT)), "names " + feature + ": "
                + msg);
    }
}
