package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.datasets.Datasets;
import dev.athanor.io.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code athanor train} with {@code data.train} streamed from an image folder, a {@code .npy} file and a CSV
 * file. The image run is a CNN on the UCI digits written as PNG files into class folders (8×8 upscaled to
 * 16×16): it reaches the accuracy the same CNN reaches from the same pixels as arrays.
 */
class TrainStreamedSourcesTest {

    private static final int TRAIN = 1500;

    @TempDir
    Path dir;

    private static final String CNN = """
            {"class_name": "Sequential", "config": {"name": "digits_cnn", "layers": [
                {"class_name": "BatchNormalization", "config": {"name": "bn", "batch_input_shape": [null, 16, 16, 1]}},
                {"class_name": "Conv2D", "config": {"name": "conv", "filters": 8, "kernel_size": [3, 3],
                                                   "activation": "relu"}},
                {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2]}},
                {"class_name": "Flatten", "config": {"name": "flat"}},
                {"class_name": "Dense", "config": {"name": "out", "units": 10, "activation": "softmax"}}]}}
            """;

    /** Digit {@code i}'s 8×8 pixels, scaled to 0..255 and each repeated 2×2: {@code [16][16]}. */
    private static int[][] pixels(INDArray x, int i) {
        int[][] p = new int[16][16];
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                p[r][c] = (int) Math.round(x.getDouble(i, (r / 2) * 8 + c / 2) * 255);
            }
        }
        return p;
    }

    private static INDArray arrays(INDArray x, int from, int to) {
        INDArray out = Nd4j.create(DataType.FLOAT, to - from, 16, 16, 1);
        for (int i = from; i < to; i++) {
            int[][] p = pixels(x, i);
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 16; c++) {
                    out.putScalar(new long[] {i - from, r, c, 0}, p[r][c]);
                }
            }
        }
        return out;
    }

    private static INDArray labels(int[] labels, int from, int to) {
        float[] y = new float[to - from];
        for (int i = from; i < to; i++) {
            y[i - from] = labels[i];
        }
        return Nd4j.createFromArray(y);
    }

    private static String config(String data) {
        return "{\"model\": " + CNN + ",\n \"compile\": {\"optimizer\": {\"class_name\": \"adam\", \"config\":"
                + " {\"learning_rate\": 0.01}}, \"loss\": \"sparse_categorical_crossentropy\", \"metrics\": [\"accuracy\"]},\n"
                + " \"data\": " + data + ",\n \"fit\": {\"epochs\": 6, \"batch_size\": 32, \"seed\": 4, \"verbose\": 0}}";
    }

    private double testAccuracy(Path out, INDArray xTest, INDArray yTest) throws Exception {
        Model m = Models.load(out.resolve("model.h5"));
        return m.evaluate(xTest, yTest)[1];
    }

    @Test
    void aCnnFromAFolderOfDigitPngsReachesTheArraysAccuracy() throws Exception {
        Datasets.Data digits = Datasets.digits();
        int n = (int) digits.x().size(0);
        Path images = dir.resolve("digits");
        for (int i = 0; i < TRAIN; i++) {
            int[][] p = pixels(digits.x(), i);
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 16; c++) {
                    img.getRaster().setSample(c, r, 0, p[r][c]);
                }
            }
            Path f = images.resolve(String.valueOf(digits.labels()[i])).resolve(String.format(Locale.ROOT, "%04d.png", i));
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
        INDArray xTest = arrays(digits.x(), TRAIN, n);
        INDArray yTest = labels(digits.labels(), TRAIN, n);
        Npy.write(dir.resolve("x.npy"), arrays(digits.x(), 0, TRAIN));
        Npy.write(dir.resolve("y.npy"), labels(digits.labels(), 0, TRAIN));

        Files.writeString(dir.resolve("images.json"), config("{\"train\": {\"images\": \"digits\", \"image_size\":"
                + " [16, 16], \"color_mode\": \"grayscale\", \"workers\": 2, \"max_queue_size\": 8}}"));
        Run fromImages = Run.of("train", dir.resolve("images.json").toString(), "--out", dir.resolve("img").toString());
        assertEquals(0, fromImages.exit(), fromImages::toString);
        assertTrue(fromImages.out().contains("Training on " + TRAIN + " images in 10 classes [0, 1, 2, 3, 4, 5, 6, 7,"
                + " 8, 9]"), fromImages::toString);

        Files.writeString(dir.resolve("arrays.json"), config("{\"x\": \"x.npy\", \"y\": \"y.npy\"}"));
        Run fromArrays = Run.of("train", dir.resolve("arrays.json").toString(), "--out", dir.resolve("arr").toString());
        assertEquals(0, fromArrays.exit(), fromArrays::toString);

        double imagesAccuracy = testAccuracy(dir.resolve("img"), xTest, yTest);
        double arraysAccuracy = testAccuracy(dir.resolve("arr"), xTest, yTest);
        System.out.printf(Locale.ROOT, "digits CNN test accuracy: from PNG folder %.4f, from arrays %.4f%n",
                imagesAccuracy, arraysAccuracy);
        assertTrue(imagesAccuracy > 0.9, "images: " + imagesAccuracy + ", arrays: " + arraysAccuracy);
        assertTrue(imagesAccuracy >= arraysAccuracy - 0.03, "images: " + imagesAccuracy + ", arrays: " + arraysAccuracy);
    }

    @Test
    void npyAndCsvSourcesAndTheirErrors() throws Exception {
        Datasets.Data iris = Datasets.iris();
        Npy.write(dir.resolve("x.npy"), iris.x().castTo(DataType.FLOAT));
        Npy.write(dir.resolve("y.npy"), Nd4j.createFromArray(iris.labels()));
        String mlp = """
                {"class_name": "Sequential", "config": {"name": "mlp", "layers": [
                    {"class_name": "Dense", "config": {"name": "h", "units": 8, "activation": "tanh",
                                                      "batch_input_shape": [null, 4]}},
                    {"class_name": "Dense", "config": {"name": "o", "units": 3, "activation": "softmax"}}]}}
                """;
        String head = "{\"model\": " + mlp + ", \"compile\": {\"optimizer\": \"adam\", \"loss\":"
                + " \"sparse_categorical_crossentropy\", \"metrics\": [\"accuracy\"]}, \"fit\": {\"epochs\": 3,"
                + " \"batch_size\": 16, \"seed\": 1, \"verbose\": 0}, ";
        Files.writeString(dir.resolve("npy.json"), head + "\"data\": {\"train\": {\"npy\": \"x.npy\", \"y\": \"y.npy\"}}}");
        Run npy = Run.of("train", dir.resolve("npy.json").toString(), "--out", dir.resolve("npy-out").toString());
        assertEquals(0, npy.exit(), npy::toString);
        assertTrue(npy.out().contains("Training on 150 rows read in place from x.npy"), npy::toString);
        assertEquals(3, History.load(dir.resolve("npy-out/history.json")).history().get("loss").size());

        Files.copy(Path.of("examples/iris-train.csv"), dir.resolve("iris.csv"));
        Files.writeString(dir.resolve("csv.json"), head
                + "\"data\": {\"train\": {\"csv\": \"iris.csv\", \"label_column\": \"species\"}}}");
        Run csv = Run.of("train", dir.resolve("csv.json").toString(), "--out", dir.resolve("csv-out").toString());
        assertEquals(0, csv.exit(), csv::toString);
        assertTrue(csv.out().contains("rows streamed from iris.csv"), csv::toString);

        Files.writeString(dir.resolve("bad.json"), head + "\"data\": {\"train\": {\"csv\": \"iris.csv\"}}}");
        Run bad = Run.of("train", dir.resolve("bad.json").toString(), "--out", dir.resolve("bad-out").toString());
        assertTrue(bad.exit() != 0 && bad.err().contains("label_column"), bad::toString);
        Files.writeString(dir.resolve("two.json"), head
                + "\"data\": {\"train\": {\"csv\": \"iris.csv\", \"npy\": \"x.npy\"}}}");
        Run two = Run.of("train", dir.resolve("two.json").toString(), "--out", dir.resolve("two-out").toString());
        assertTrue(two.exit() != 0 && two.err().contains("exactly one source"), two::toString);
    }
}
