package dev.athanor.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading a config never depends on the process-wide layer-name counter. */
class FileLayerNamesTest {

    private static final String JSON = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 2, \"batch_input_shape\": [null, 3]}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"units\": 2}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}}";

    private static List<String> names(Model m) {
        return m.layers().stream().map(Layer::name).toList();
    }

    @Test
    void theSameFileLoadsTheSameWayWhateverWasBuiltBefore() {
        // Before: the first load failed ('dense_1' is already used), later ones got dense_2/3, then dense_4/5...
        List<String> first = names(Models.fromJson(JSON));
        new Dense(4).name();                                 // the process-wide counter moves on
        new Dense(4).name();
        assertEquals(List.of("dense_1", "dense", "dense_2"), first);
        assertEquals(first, names(Models.fromJson(JSON)));
        assertEquals(first, names(Models.fromJson(JSON)));
    }
}
