package dev.athanor.bench;

import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's physical bound as ND4J's own OpenBLAS reaches it: C = A·B, float32, n³, row-major,
 * into a preallocated C, called directly through the JavaCPP binding ({@code cblas_sgemm} on the
 * arrays' pointers) and through {@code Nd4j.gemm}; best of 5 per call style. Prints
 * {@code PEAK <how> sgemm<n> <GFLOP/s> <load>}.
 */
final class SgemmPeak {

    private SgemmPeak() {
    }

    static void run(int timed, int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        FloatPointer pa = (FloatPointer) a.data().pointer();
        FloatPointer pb = (FloatPointer) b.data().pointer();
        FloatPointer pc = (FloatPointer) c.data().pointer();
        Runnable direct = () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                openblas.CblasNoTrans, n, n, n, 1f, pa, n, pb, n, 0f, pc, n);
        Runnable nd4j = () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        direct.run();
        nd4j.run();
        for (int t = 0; t < timed; t++) {
            print("java-openblas-direct", n, best(direct, n));
            print("java-nd4j-gemm", n, best(nd4j, n));
        }
    }

    private static double best(Runnable r, int n) {
        double best = 0;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.max(best, 2.0 * n * n * (double) n / (System.nanoTime() - t0));
        }
        return best;
    }

    private static void print(String how, int n, double gflops) {
        System.out.printf(Locale.ROOT, "PEAK %s sgemm%d %.1f %.2f%n", how, n, gflops, MachineFacts.loadValue());
        System.out.flush();
    }
}
