package dev.athanor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Values from real numpy 2.4.6: {@code RandomState(12345).randint(0, 2**32, size=3, dtype=np.uint64)} and
 * {@code x = list(range(20)); RandomState(99).shuffle(x)}.
 */
class NumpyRandomStateTest {

    @Test
    void rawOutputsMatchNumpy() {
        NumpyRandomState r = new NumpyRandomState(12345);
        assertEquals(3992670690L, r.next32() & 0xffffffffL);
        assertEquals(3823185381L, r.next32() & 0xffffffffL);
        assertEquals(1358822685L, r.next32() & 0xffffffffL);
    }

    @Test
    void shuffleMatchesNumpy() {
        List<Integer> x = new ArrayList<>(IntStream.range(0, 20).boxed().toList());
        new NumpyRandomState(99).shuffle(x);
        assertEquals(List.of(11, 15, 14, 12, 0, 6, 10, 16, 18, 7, 19, 13, 5, 4, 2, 17, 9, 8, 3, 1), x);
    }
}
