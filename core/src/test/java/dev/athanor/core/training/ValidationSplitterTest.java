package dev.athanor.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Split;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The split rules fit uses, against Keras's formula and hand-counted expectations. */
class ValidationSplitterTest {

    @Test
    void tailSplitIsKerasFloorRule() {
        // Keras: split_at = int(floor(n * (1 - validation_split))); validation is the tail.
        ValidationSplitter.Parts p = ValidationSplitter.split(7, 0.3, Split.TAIL, null, 0);
        assertArrayEquals(new int[] {0, 1, 2, 3}, p.train());              // floor(7 * 0.7) = floor(4.9) = 4
        assertArrayEquals(new int[] {4, 5, 6}, p.validation());
        ValidationSplitter.Parts q = ValidationSplitter.split(10, 0.2, Split.TAIL, null, 0);
        assertArrayEquals(new int[] {8, 9}, q.validation());
        assertEquals("the last 2 of 10 samples (before shuffling)", q.description());
    }

    @Test
    void shuffledSplitPartitionsAllSamplesDeterministicallyBySeed() {
        ValidationSplitter.Parts a = ValidationSplitter.split(50, 0.2, Split.SHUFFLED, null, 7);
        ValidationSplitter.Parts b = ValidationSplitter.split(50, 0.2, Split.SHUFFLED, null, 7);
        ValidationSplitter.Parts c = ValidationSplitter.split(50, 0.2, Split.SHUFFLED, null, 8);
        assertEquals(10, a.validation().length);
        assertEquals(40, a.train().length);
        int[] all = IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.validation())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 50).toArray(), all);
        assertArrayEquals(a.validation(), b.validation());
        assertFalse(Arrays.equals(a.validation(), c.validation()));
        assertFalse(Arrays.equals(IntStream.range(40, 50).toArray(), a.validation()), "not the tail");
    }

    @Test
    void stratifiedSplitTakesTheFractionOfEachClass() {
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i < 30 ? 0 : 1;                                     // 30 of class 0, 10 of class 1, sorted
        }
        ValidationSplitter.Parts p = ValidationSplitter.split(40, 0.2, Split.STRATIFIED, labels, 3);
        long ones = Arrays.stream(p.validation()).filter(i -> labels[i] == 1).count();
        assertEquals(6, p.validation().length - ones);                     // round(30 * 0.2)
        assertEquals(2, ones);                                              // round(10 * 0.2)
        assertEquals(32, p.train().length);
    }

    @Test
    void splitsThatLeaveASideEmptyAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> ValidationSplitter.split(3, 0.0, Split.TAIL, null, 0));
        assertEquals("validationSplit=0.0 of 3 samples leaves no validation samples; use a fraction that keeps at least"
                + " one sample on each side.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValidationSplitter.split(3, 0.99, Split.TAIL, null, 0));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplitter.split(10, 0.2, Split.STRATIFIED, null, 0));
    }
}
