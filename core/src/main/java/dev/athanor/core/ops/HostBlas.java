package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major matrix products straight into caller-provided arrays with the OpenBLAS that ND4J ships
 * ({@code cblas_sgemm} / {@code cblas_dgemm} through its JavaCPP binding), and NIO views of an
 * array's off-heap memory for the Java loops of the conv and pooling kernels.
 *
 * <p>Why not {@code Nd4j.gemm}: at the conv kernels' shapes its dispatch (and the F-order copy it
 * makes of a C-order result) cost as much as the product (shared/notes). The arrays here are
 * addressed as flat memory: every operand is a region of a float32 or float64 array given by the
 * element offset of its first element and its leading dimension, so callers must pass arrays whose
 * memory they know (contiguous C-order arrays they created or {@link #contiguous dup'ed}).
 */
@Internal
public final class HostBlas {

    private HostBlas() {
    }

    /** Whether the kernels of this package handle {@code t} (float32 and float64). */
    public static boolean supports(DataType t) {
        return t == DataType.FLOAT || t == DataType.DOUBLE;
    }

    /** {@code a}, or a C-order copy when it is a view or not C-ordered. */
    static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && !a.isView() && a.offset() == 0 ? a : a.dup('c');
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}, all row-major: {@code op(A)} is {@code m x k},
     * {@code op(B)} {@code k x n}, {@code C} {@code m x n}; {@code aOff}, {@code bOff}, {@code cOff}
     * are element offsets into the arrays' memory, {@code lda}, {@code ldb}, {@code ldc} row strides
     * of the stored (untransposed) matrices.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     INDArray a, long aOff, int lda, INDArray b, long bOff, int ldb, double beta,
                     INDArray c, long cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        int ta = transA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = transB ? openblas.CblasTrans : openblas.CblasNoTrans;
        DataType t = c.dataType();
        if (a.dataType() != t || b.dataType() != t) {
            throw new IllegalArgumentException("gemm needs one data type; received " + a.dataType() + ", "
                    + b.dataType() + " and " + c.dataType() + ".");
        }
        if (t == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, m, n, k, (float) alpha,
                    floats(a, aOff), lda, floats(b, bOff), ldb, (float) beta, floats(c, cOff), ldc);
        } else if (t == DataType.DOUBLE) {
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta, tb, m, n, k, alpha,
                    doubles(a, aOff), lda, doubles(b, bOff), ldb, beta, doubles(c, cOff), ldc);
        } else {
            throw new IllegalArgumentException("gemm supports float32 and float64, not " + t + ".");
        }
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} in float32 on raw row-major memory: the planned step's
     * form, whose pointers are made once per buffer instead of once per call.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             FloatPointer a, int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        openblas.cblas_sgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** A pointer to element {@code elementOffset} of a float32 array's memory (the array keeps it alive). */
    public static FloatPointer floatsAt(INDArray a, long elementOffset) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("floatsAt needs a float32 array, not " + a.dataType() + ".");
        }
        return floats(a, elementOffset);
    }

    /**
     * The address of element {@code elementOffset} counted from the array's first element. ND4J gives
     * a view its own buffer that starts at the view's first element ({@code addressPointer()} already
     * includes {@code offset()}), so the array's offset must not be added again.
     */
    private static long address(INDArray a, long elementOffset) {
        Pointer p = a.data().addressPointer();
        return p.address() + elementOffset * a.dataType().width();
    }

    private static FloatPointer floats(INDArray a, long off) {
        return new FloatPointer(new PointerAt(address(a, off)));
    }

    private static DoublePointer doubles(INDArray a, long off) {
        return new DoublePointer(new PointerAt(address(a, off)));
    }

    /** The array's whole memory as a native-order byte buffer, position 0 at its first element. */
    static ByteBuffer bytes(INDArray a) {
        long n = a.data().length();
        long size = n * a.dataType().width();
        return new BytePointer(new PointerAt(address(a, 0))).capacity(size).limit(size).asByteBuffer()
                .order(ByteOrder.nativeOrder());
    }

    /**
     * {@code length} floats of a float32 array's memory from element {@code elementOffset} (counted
     * from the array's first element, as in {@link #gemm}), position 0 at that element.
     */
    public static FloatBuffer floatRegion(INDArray a, long elementOffset, long length) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("floatRegion needs a float32 array, not " + a.dataType() + ".");
        }
        long size = length * 4;
        return new BytePointer(new PointerAt(address(a, elementOffset))).capacity(size).limit(size).asByteBuffer()
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** The array's memory as floats (the array must be float32). */
    public static FloatBuffer floatView(INDArray a) {
        return bytes(a).asFloatBuffer();
    }

    /** The array's memory as doubles (the array must be float64). */
    static DoubleBuffer doubleView(INDArray a) {
        return bytes(a).asDoubleBuffer();
    }

    /** A raw address as a JavaCPP pointer (no ownership: the array keeps the memory). */
    private static final class PointerAt extends Pointer {
        PointerAt(long address) {
            this.address = address;
        }
    }
}
