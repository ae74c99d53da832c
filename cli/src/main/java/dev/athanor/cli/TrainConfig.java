package dev.athanor.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The file {@code athanor train} reads (YAML or JSON, snake_case keys; see cli/examples/README.md).
 *
 * @param model     a Keras model_config file (.json/.yaml), an .h5 file to continue training, or the
 *                  model_config inline
 * @param compile   optimizer, loss, metrics (optional when the .h5 file carries its training config)
 * @param data      training data, and optional validation and test data
 * @param fit       fit's keyword arguments
 * @param callbacks callbacks by registry name with their Keras configs
 * @param plugins   folder of plugin jars to load first
 * @param out       output folder (relative to the config file)
 */
record TrainConfig(JsonNode model, Compile compile, DataSet data, Fit fit, List<CallbackSpec> callbacks, String plugins,
        String out) {

    /** {@code compile(optimizer, loss, metrics)}; optimizer is a name or {class_name, config}. */
    record Compile(JsonNode optimizer, JsonNode loss, List<String> metrics) {
    }

    /**
     * Where samples come from: {@code x}/{@code y} files (.npy, .npz:key, .csv), or {@code path} to an
     * .npz (keys {@code x}, {@code y}) or a .csv with {@code label_column}.
     */
    record Source(String path, String x, String y, String labelColumn) {
    }

    /**
     * Training data, plus optional validation and test parts: arrays ({@code x}/{@code y} or {@code path}),
     * or {@code train}, a streamed source read batch by batch.
     */
    record DataSet(String path, String x, String y, String labelColumn, Stream train, Source validation,
            Source test) {
        Source arrays() {
            return new Source(path, x, y, labelColumn);
        }
    }

    /**
     * A streamed source ({@code data.train}), exactly one of: {@code images} (a folder with one subfolder per
     * class, as Keras's image_dataset_from_directory: {@code image_size}, {@code color_mode},
     * {@code label_mode}, {@code validation_split}); {@code npy} (inputs, with targets in {@code y}, read in
     * place); {@code csv} (with {@code label_column} and {@code categorical} columns). {@code workers} and
     * {@code max_queue_size} prefetch batches on background threads.
     */
    record Stream(String images, List<Integer> imageSize, String colorMode, String labelMode, Double validationSplit,
            String npy, String y, String csv, String labelColumn, List<String> categorical, Integer workers,
            Integer maxQueueSize) {
    }

    /** fit's options with Keras's defaults; split is tail (Keras), shuffled or stratified. */
    record Fit(Integer epochs, Integer batchSize, Double validationSplit, String split, Boolean shuffle, Long seed,
            Integer verbose, Integer initialEpoch, Map<Integer, Double> classWeight) {
    }

    /**
     * A callback: its registry name and its config (Keras's keys), written either as
     * {@code {name: CSVLogger, config: {filename: log.csv}}} or as {@code {CSVLogger: {filename: log.csv}}}.
     */
    record CallbackSpec(String name, Map<String, Object> config) {

        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        @SuppressWarnings("unchecked")
        static CallbackSpec of(Map<String, Object> m) {
            if (m == null) {
                return null;
            }
            if (m.containsKey("name") || m.containsKey("config")) {
                for (String k : m.keySet()) {
                    if (!k.equals("name") && !k.equals("config")) {
                        throw new IllegalArgumentException("a callback has keys 'name' and 'config'; unknown key '" + k
                                + "' (or write it as {" + m.get("name") + ": {...config...}}).");
                    }
                }
                Object c = m.get("config");
                if (c != null && !(c instanceof Map)) {
                    throw new IllegalArgumentException("callback " + m.get("name") + ": 'config' must be a mapping.");
                }
                return new CallbackSpec(m.get("name") == null ? null : String.valueOf(m.get("name")),
                        (Map<String, Object>) c);
            }
            if (m.size() != 1) {
                throw new IllegalArgumentException("a callback is {name: NAME, config: {...}} or {NAME: {...config...}};"
                        + " got the keys " + m.keySet() + ".");
            }
            Map.Entry<String, Object> e = m.entrySet().iterator().next();
            if (e.getValue() != null && !(e.getValue() instanceof Map)) {
                throw new IllegalArgumentException("callback " + e.getKey() + ": its config must be a mapping,"
                        + " e.g. {" + e.getKey() + ": {}}.");
            }
            return new CallbackSpec(e.getKey(), (Map<String, Object>) e.getValue());
        }
    }

    static TrainConfig read(Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = n.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            TrainConfig c = mapper.readValue(file.toFile(), TrainConfig.class);
            if (c == null) {
                throw new IllegalArgumentException(file + " is empty.");
            }
            return c;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown key '" + e.getPropertyName() + "' at "
                    + path(e.getPath()) + ". Known keys there: " + e.getKnownPropertyIds() + ".");
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage() + " at " + path(e.getPath()) + ".");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(file + " is not valid " + (n.endsWith(".json") ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage());
        }
    }

    private static String path(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (var r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "the top level" : sb.toString();
    }
}
