package dev.athanor.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code Utils.toCategorical}: Keras's {@code to_categorical} semantics and the error messages. */
class UtilsTest {

    private String floatx;

    @BeforeEach
    void remember() {
        floatx = Backend.floatx();
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(floatx);
    }

    @Test
    void oneHotWithExplicitNumClasses() {
        INDArray out = Utils.toCategorical(Nd4j.createFromArray(0, 2, 1, 2), 4);
        assertArrayEquals(new long[] {4, 4}, out.shape());
        assertEquals(DataType.FLOAT, out.dataType());
        assertArrayEquals(new double[][] {{1, 0, 0, 0}, {0, 0, 1, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}},
                out.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

    @Test
    void nullNumClassesMeansMaxPlusOne() {
        INDArray out = Utils.toCategorical(Nd4j.createFromArray(3L, 0L, 1L), null);
        assertArrayEquals(new long[] {3, 4}, out.shape());
        assertArrayEquals(new double[] {0, 0, 0, 1}, out.getRow(0).castTo(DataType.DOUBLE).toDoubleVector());
        assertArrayEquals(new long[] {3, 4}, Utils.toCategorical(Nd4j.createFromArray(3L, 0L, 1L)).shape());
    }

    @Test
    void trailingDimensionOfOneIsDropped() {
        INDArray labels = Nd4j.createFromArray(new double[][] {{1}, {0}, {2}});
        INDArray out = Utils.toCategorical(labels, null);
        assertArrayEquals(new long[] {3, 3}, out.shape());
        assertArrayEquals(new double[] {0, 1, 0}, out.getRow(0).castTo(DataType.DOUBLE).toDoubleVector());
    }

    @Test
    void higherRankLabelsKeepTheirShape() {
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0}, {2, 1}});
        INDArray out = Utils.toCategorical(labels, 3);
        assertArrayEquals(new long[] {2, 2, 3}, out.shape());
        assertEquals(1.0, out.getDouble(1, 0, 2));
        assertEquals(0.0, out.getDouble(1, 0, 1));
    }

    @Test
    void floatIntegerLabelsAndJavaArraysWork() {
        assertArrayEquals(new long[] {2, 5}, Utils.toCategorical(Nd4j.createFromArray(4.0f, 1.0f), null).shape());
        assertArrayEquals(new long[] {3, 10}, Utils.toCategorical(new int[] {9, 0, 3}, 10).shape());
    }

    @Test
    void followsTheDefaultFloatType() {
        Backend.setFloatx("float64");
        assertEquals(DataType.DOUBLE, Utils.toCategorical(Nd4j.createFromArray(1, 0), 2).dataType());
    }

    @Test
    void negativeLabelFailsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Utils.toCategorical(Nd4j.createFromArray(0, -1, 2), 3));
        assertEquals("toCategorical: labels must be non-negative. Received: label=-1 at flat index 1", e.getMessage());
    }

    @Test
    void nonIntegerLabelFailsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Utils.toCategorical(Nd4j.createFromArray(0.0, 1.5), null));
        assertEquals("toCategorical: labels must be integer class indices. Received: label=1.5 at flat index 1",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Utils.toCategorical(Nd4j.createFromArray(0.0, Double.NaN), 3));
    }

    @Test
    void tooLargeLabelFailsNamingItAndTheRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Utils.toCategorical(Nd4j.createFromArray(0, 3, 1), 3));
        assertEquals("toCategorical: label 3 at flat index 1 is out of range for numClasses=3 "
                + "(labels must be in [0, 3)).", e.getMessage());
    }

    @Test
    void badNumClassesAndEmptyLabelsFail() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Utils.toCategorical(Nd4j.createFromArray(0, 1), 0));
        assertEquals("toCategorical: `numClasses` must be positive. Received: numClasses=0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Utils.toCategorical(Nd4j.create(DataType.DOUBLE, 0), null));
        assertArrayEquals(new long[] {0, 3}, Utils.toCategorical(Nd4j.create(DataType.DOUBLE, 0), 3).shape());
    }
}
