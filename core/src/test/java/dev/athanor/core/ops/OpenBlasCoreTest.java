package dev.athanor.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OpenBlasCoreTest {

    private static final Set<String> AVX512 = Set.of("sse2", "avx2", "fma", "avx512f", "avx512cd", "avx512bw",
            "avx512dq", "avx512vl");
    private static final Set<String> AVX2 = Set.of("sse2", "avx2", "fma");

    @Test
    void avx512CpuThatOpenBlasRunsWithAvx2KernelsGetsSkylakeX() {
        assertEquals("SkylakeX", OpenBlasCore.choose("auto", AVX512, "Zen"));
        assertEquals("SkylakeX", OpenBlasCore.choose("auto", AVX512, "Haswell"));
    }

    @Test
    void keepsOpenBlasChoiceWhenItIsAlreadyAvx512OrTheCpuLacksIt() {
        assertNull(OpenBlasCore.choose("auto", AVX512, "SkylakeX"));
        assertNull(OpenBlasCore.choose("auto", AVX512, "Cooperlake"));
        assertNull(OpenBlasCore.choose("auto", AVX2, "Zen"));
        Set<String> noVl = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq");
        assertNull(OpenBlasCore.choose("auto", noVl, "Zen"));
    }

    @Test
    void offKeepsWhateverOpenBlasRuns() {
        assertNull(OpenBlasCore.choose("off", AVX512, "Zen"));
        assertNull(OpenBlasCore.choose("off", AVX512, "Haswell"));
    }

    @Test
    void aNamedCoreIsForcedAndAnUnknownOneIsRejectedWithTheKnownNames() {
        assertEquals("Haswell", OpenBlasCore.choose("haswell", AVX512, "SkylakeX"));
        assertNull(OpenBlasCore.choose("SkylakeX", AVX512, "SkylakeX"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenBlasCore.choose("Skylake", AVX512, "Zen"));
        assertTrue(e.getMessage().contains("SkylakeX") && e.getMessage().contains(OpenBlasCore.PROPERTY), e.getMessage());
    }

    /** On this machine: after ensure(), OpenBLAS runs the kernels choose() asks for, and products stay right. */
    @Test
    void ensureLeavesOpenBlasOnTheChosenKernelsAndProductsCorrect() throws Exception {
        String outcome = OpenBlasCore.ensure();
        NativeLibrary blas = NativeLibrary.getInstance("libopenblas.so.0");
        String now = OpenBlasCore.coreName(blas);
        assertTrue(outcome.startsWith(now), outcome + " vs " + now);
        if (System.getProperty(OpenBlasCore.PROPERTY) == null) {
            assertNull(OpenBlasCore.choose("auto", OpenBlasCore.cpuFlags(), now), "still not AVX-512: " + now);
        }
        // a product through the (possibly switched) kernels against a double-precision loop
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 37, 61);
        INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 61, 29);
        INDArray c = a.mmul(b);
        for (int i = 0; i < 37; i++) {
            for (int j = 0; j < 29; j++) {
                double s = 0;
                for (int k = 0; k < 61; k++) {
                    s += a.getDouble(i, k) * b.getDouble(k, j);
                }
                assertEquals(s, c.getDouble(i, j), 1e-4);
            }
        }
    }
}
