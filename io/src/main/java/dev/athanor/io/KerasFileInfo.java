package dev.athanor.io;

import dev.athanor.core.graph.ModelConfigs;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a Keras 3 {@code .keras} file holds, read without building the model (so it works when a
 * component the file needs is not installed): {@code metadata.json}, {@code config.json} in Keras
 * 3's dialect, its {@code compile_config} in Keras 2's {@code training_config} form (the form
 * {@code .h5} files hold), the layers whose weights are stored and the number of optimizer
 * variables. The archive is read with the same limits as {@link KerasFormat#load}.
 *
 * @param kerasVersion {@code metadata.json}'s {@code keras_version}, or null
 * @param dateSaved {@code metadata.json}'s {@code date_saved}, or null
 * @param athanorVersion the Athanor version that wrote the file, or null when Keras wrote it
 * @param modelConfig {@code config.json} as Keras 3 wrote it
 * @param trainingConfig the compile config as a Keras 2 training config, or null when the model
 *     was saved uncompiled
 * @param layerGroups the groups under {@code layers/} of {@code model.weights.h5} that hold variables
 * @param optimizerVariables the number of variables under {@code optimizer/vars}
 */
public record KerasFileInfo(String kerasVersion, String dateSaved, String athanorVersion,
        Map<String, Object> modelConfig, Map<String, Object> trainingConfig, List<String> layerGroups,
        int optimizerVariables) {

    /** Reads the file's description; a {@link ModelFileException} names the file and the problem. */
    public static KerasFileInfo read(Path path) throws ModelFileException {
        KerasArchive.Contents c = KerasArchive.read(path);
        Map<String, Object> meta = c.metadata() == null ? Map.of() : json(path, c.metadata(), KerasArchive.METADATA);
        Map<String, Object> config = json(path, c.config(), KerasArchive.CONFIG);
        Map<String, Object> training = null;
        if (config.get("compile_config") instanceof Map<?, ?> m && !m.isEmpty()) {
            try {
                training = Keras3Configs.trainingFromKeras3(Keras3Configs.map(m, "compile_config"));
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(path, KerasArchive.CONFIG + ": compile_config: " + e.getMessage(), e);
            }
        }
        List<String> groups = new ArrayList<>();
        int[] optimizer = new int[1];
        if (c.weights() != null) {
            KerasFormat.readWeightsFile(path, c.weights(), file -> {
                Group layers = H5Reading.group(file, "layers");
                if (layers != null) {
                    for (Map.Entry<String, Node> e : layers.getChildren().entrySet()) {
                        if (e.getValue() instanceof Group g && KerasFormat.storedValues(g) > 0) {
                            groups.add(e.getKey());
                        }
                    }
                }
                Group opt = H5Reading.group(file, "optimizer");
                Group vars = opt == null ? null : H5Reading.group(opt, "vars");
                optimizer[0] = vars == null ? 0 : vars.getChildren().size();
                return null;
            });
        }
        return new KerasFileInfo(text(meta.get("keras_version")), text(meta.get("date_saved")),
                text(meta.get("athanor_version")), config, training, groups, optimizer[0]);
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Map<String, Object> json(Path path, byte[] bytes, String entry) throws ModelFileException {
        try {
            return ModelConfigs.parseJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, entry + " is not a JSON object: " + e.getMessage(), e);
        }
    }
}
