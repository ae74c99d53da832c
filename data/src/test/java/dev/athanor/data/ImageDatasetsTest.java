package dev.athanor.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.DatasetException;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Flatten;
import dev.athanor.core.testing.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ImageDatasets#imageDatasetFromDirectory} against real Keras 3.15.1 on the committed image tree
 * (data/src/test/python/keras_image_fixture.py wrote both the tree and keras_images.json): the same file
 * order, the same seeded splits, the same labels, and the same decoded and resized pixels.
 */
class ImageDatasetsTest {

    private static final JsonNode KERAS = Json.resource(ImageDatasetsTest.class, "keras_images.json");

    @TempDir
    Path tmp;

    private static Path tree() {
        try {
            return Path.of(ImageDatasetsTest.class.getResource("images").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void seededSplitsAreKerasSplits() {
        for (JsonNode s : KERAS.get("splits")) {
            ImageDataset d = ImageDatasets.imageDatasetFromDirectory(tree(), new ImageDatasetOptions()
                    .seed(s.get("seed").asLong()).validationSplit(s.get("validation_split").asDouble())
                    .subset(s.get("subset").asText()).imageSize(5, 7).batchSize(4));
            assertEquals(strings(s.get("class_names")), d.classNames());
            assertEquals(strings(s.get("files")), d.filePaths(), s.get("seed") + " " + s.get("subset"));
            int[] labels = d.labels();
            for (int i = 0; i < labels.length; i++) {
                assertEquals(d.classNames().get(labels[i]), d.filePaths().get(i).split("/")[0]);
            }
        }
        ImageDataset shuffled = ImageDatasets.imageDatasetFromDirectory(tree(), new ImageDatasetOptions()
                .seed(KERAS.get("shuffled").get("seed").asLong()).imageSize(5, 7));
        assertEquals(strings(KERAS.get("shuffled").get("files")), shuffled.filePaths());
    }

    /** Max |difference| per file between our pixels and Keras's. */
    private static double[] compare(ImageDataset d, JsonNode keras, int perImage) {
        Batch b = d.batch(0);
        float[] ours = b.inputs().get(0).data().asFloat();
        JsonNode values = keras.get("values");
        assertEquals(values.size(), ours.length);
        double[] maxDiff = new double[d.filePaths().size()];
        for (int i = 0; i < ours.length; i++) {
            maxDiff[i / perImage] = Math.max(maxDiff[i / perImage], Math.abs(ours[i] - values.get(i).asDouble()));
        }
        return maxDiff;
    }

    @Test
    void decodedAndResizedPixelsAreKerasPixels() {
        JsonNode rgb = KERAS.get("pixels").get("rgb");
        ImageDataset d = ImageDatasets.imageDatasetFromDirectory(tree(), new ImageDatasetOptions().shuffle(false)
                .imageSize(5, 7).batchSize(100));
        assertEquals(strings(rgb.get("files")), d.filePaths());
        INDArray x = d.batch(0).inputs().get(0);
        assertArrayEquals(new long[] {14, 5, 7, 3}, x.shape());
        double[] diff = compare(d, rgb, 5 * 7 * 3);
        for (int i = 0; i < diff.length; i++) {
            String f = d.filePaths().get(i);
            // libjpeg (TensorFlow) and the JDK's JPEG decoder round the inverse DCT differently
            double tolerance = f.endsWith(".jpg") || f.endsWith(".jpeg") ? 12 : 1e-3;
            assertTrue(diff[i] <= tolerance, f + ": max difference " + diff[i]);
        }
        JsonNode labels = rgb.get("labels");
        INDArray y = d.batch(0).targets().get(0);
        for (int i = 0; i < labels.size(); i++) {
            assertEquals(labels.get(i).asDouble(), y.getDouble(i));
        }
        JsonNode cat = KERAS.get("categorical");
        INDArray oneHot = ImageDatasets.imageDatasetFromDirectory(tree(), new ImageDatasetOptions().shuffle(false)
                .imageSize(5, 7).batchSize(100).labelMode("categorical")).batch(0).targets().get(0);
        for (int i = 0; i < cat.size(); i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(cat.get(i).get(k).asDouble(), oneHot.getDouble(i, k));
            }
        }
    }

    @Test
    void grayscalePixelsAreKerasPixels() {
        JsonNode gray = KERAS.get("pixels").get("grayscale");
        ImageDataset d = ImageDatasets.imageDatasetFromDirectory(tree().resolve("Zebra"), new ImageDatasetOptions()
                .inferLabels(false).shuffle(false).imageSize(5, 7).batchSize(100).colorMode("grayscale"));
        assertEquals(List.of("z1.png", "z2.png", "z3.png", "z4.png"), d.filePaths());
        assertNull(d.batch(0).targets());
        for (double diff : compare(d, gray, 5 * 7)) {
            assertTrue(diff <= 1e-3, "max difference " + diff);
        }
    }

    @Test
    void aModelTrainsFromTheFolder() {
        ImageDataset d = ImageDatasets.imageDatasetFromDirectory(tree(), new ImageDatasetOptions().seed(3)
                .imageSize(8, 8).batchSize(4));
        Sequential m = new Sequential();
        m.add(new Flatten().inputShape(8, 8, 3));
        m.add(new Dense(3).activation("softmax"));
        m.compile("adam", "sparse_categorical_crossentropy");
        assertEquals(2, m.fit(d.prefetch(2, 2), new FitOptions().epochs(2).verbose(0)).history().get("loss").size());
    }

    @Test
    void failuresSayWhatIsWrong() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageDatasets.imageDatasetFromDirectory(empty, new ImageDatasetOptions()));
        assertTrue(e.getMessage().startsWith("No images found in directory"), e.getMessage());

        Path withEmptyClass = tmp.resolve("two");
        Files.createDirectories(withEmptyClass.resolve("a"));
        Files.createDirectories(withEmptyClass.resolve("b"));
        Files.copy(tree().resolve("cat/a1.png"), withEmptyClass.resolve("a/x.png"));
        Files.writeString(withEmptyClass.resolve("a/broken.png"), "not a png");
        ImageDataset d = ImageDatasets.imageDatasetFromDirectory(withEmptyClass, new ImageDatasetOptions()
                .shuffle(false).imageSize(4, 4).batchSize(1));
        assertEquals(List.of("a", "b"), d.classNames(), "an empty class folder still names a class, as in Keras");
        assertEquals(List.of("a/broken.png", "a/x.png"), d.filePaths());
        Sequential m = new Sequential();
        m.add(new Flatten().inputShape(4, 4, 3));
        m.add(new Dense(2).activation("softmax"));
        m.compile("sgd", "sparse_categorical_crossentropy");
        DatasetException bad = assertThrows(DatasetException.class,
                () -> m.fit(d, new FitOptions().shuffle(false).verbose(0)));
        assertEquals(0, bad.batchIndex());
        assertTrue(bad.getMessage().contains("broken.png"), bad.getMessage());

        assertThrows(IllegalArgumentException.class, () -> ImageDatasets.imageDatasetFromDirectory(tree(),
                new ImageDatasetOptions().validationSplit(0.2).subset("training")), "a split needs a seed");
        IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
                () -> ImageDatasets.imageDatasetFromDirectory(tree(), new ImageDatasetOptions().labelMode("binary")));
        assertTrue(binary.getMessage().contains("exactly 2"), binary.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> new ImageDatasetOptions().colorMode("rbg"));
        assertTrue(mode.getMessage().contains("Did you mean 'rgb'"), mode.getMessage());
    }
}
