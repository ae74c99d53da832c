package dev.athanor.core.ops;

import dev.athanor.core.Internal;


import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Two-dimensional convolution of NHWC images as im2col + one large gemm (OpenBLAS through
 * {@link HostBlas}), forward and backward, into caller-provided arrays and per-thread reused
 * temporaries ({@link Scratch}). With {@code col} the {@code [n·oh·ow, kh·kw·c]} matrix whose row
 * {@code (n, i, j)} is the input patch under output position {@code (i, j)} in the kernel's
 * {@code (a, b, c)} order (zeros in the padding), and the HWIO kernel read as a
 * {@code [kh·kw·c, o]} matrix without a copy:
 *
 * <pre>
 *   out  = col · K + 1·biasᵀ                      (one gemm, the bias as a rank-1 gemm into the output first)
 *   dK   = (dOutᵀ · col)ᵀ, dBias = 1ᵀ · dOut      (a gemm, col rebuilt from the input; a column sum)
 *   dCol = dOut · Kᵀ,     dIn = col2im(dCol)      (one gemm, then overlapping taps added back)
 * </pre>
 *
 * im2col moves whole runs of {@code kw·c} (dilation 1) or {@code c} values with bulk copies, so it is
 * the same code for float32 and float64; col2im adds, so it has one loop per type. A 1x1 kernel with
 * stride 1 and no padding uses the input as {@code col}. Rows are processed in chunks of whole samples
 * so that {@code col} stays below {@link #CHUNK_ELEMENTS} however large the batch.
 */
@Internal
public final class Conv2DKernels {

    /** The largest {@code col} chunk, in elements (16 MB of float32). */
    static final long CHUNK_ELEMENTS = 4L << 20;

    private Conv2DKernels() {
    }

    /** Every size of one NHWC convolution; pads are the padding placed before the image. */
    record Dims(int n, int h, int w, int c, int kh, int kw, int o, int sh, int sw, int dh, int dw, int ph,
                int pw, int oh, int ow) {

        /** The dimensions of {@code x [n, h, w, c]} convolved with {@code kernel [kh, kw, c, o]}. */
        static Dims of(long[] x, long[] kernel, int[] strides, int[] dilation, boolean same) {
            int h = Math.toIntExact(x[1]);
            int w = Math.toIntExact(x[2]);
            int kh = Math.toIntExact(kernel[0]);
            int kw = Math.toIntExact(kernel[1]);
            int oh = (int) ConvOps.Geometry.outputLength(h, kh, strides[0], dilation[0], same);
            int ow = (int) ConvOps.Geometry.outputLength(w, kw, strides[1], dilation[1], same);
            return new Dims(Math.toIntExact(x[0]), h, w, Math.toIntExact(x[3]), kh, kw,
                    Math.toIntExact(kernel[3]), strides[0], strides[1], dilation[0], dilation[1],
                    padBefore(h, oh, kh, strides[0], dilation[0], same),
                    padBefore(w, ow, kw, strides[1], dilation[1], same), oh, ow);
        }

        private static int padBefore(int in, int out, int k, int s, int d, boolean same) {
            return same ? Math.max((out - 1) * s + (k - 1) * d + 1 - in, 0) / 2 : 0;
        }

        /** The length of one im2col row. */
        int patch() {
            return kh * kw * c;
        }

        /** Output positions per sample. */
        int positions() {
            return oh * ow;
        }

        /** Whether the input is already its own im2col matrix (1x1, stride 1, no padding). */
        boolean pointwise() {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0 && oh == h && ow == w;
        }

        /** Samples per chunk so that a chunk's columns stay under {@link #CHUNK_ELEMENTS}. */
        int samplesPerChunk() {
            long perSample = (long) positions() * patch();
            return (int) Math.max(1, Math.min(n, CHUNK_ELEMENTS / Math.max(perSample, 1)));
        }
    }

    /**
     * {@code out = conv(x, kernel) + bias}: x {@code [n, h, w, c]}, kernel {@code [kh, kw, c, o]}, bias
     * {@code [o]} or null, all contiguous C-order of one type; writes {@code out [n, oh, ow, o]}
     * (contiguous, every element overwritten).
     */
    static void forward(INDArray x, INDArray kernel, INDArray bias, Dims d, INDArray out) {
        DataType t = x.dataType();
        int patch = d.patch();
        int chunk = d.samplesPerChunk();
        INDArray col = d.pointwise() ? x : Scratch.get("conv.col", t, (long) chunk * d.positions() * patch);
        long rowsTotal = (long) d.n() * d.positions();
        if (bias != null) {
            INDArray ones = Scratch.ones(t, rowsTotal);
            HostBlas.gemm(false, false, (int) rowsTotal, d.o(), 1, 1.0, ones, 0, 1, bias, 0, d.o(), 0.0,
                    out, 0, d.o());
        }
        double beta = bias == null ? 0.0 : 1.0;
        for (int n0 = 0; n0 < d.n(); n0 += chunk) {
            int n1 = Math.min(d.n(), n0 + chunk);
            long row0 = (long) n0 * d.positions();
            int rows = (n1 - n0) * d.positions();
            long colOff = d.pointwise() ? row0 * patch : 0;
            if (!d.pointwise()) {
                im2col(x, col, d, n0, n1);
            }
            HostBlas.gemm(false, false, rows, d.o(), patch, 1.0, col, colOff, patch, kernel, 0, d.o(), beta,
                    out, row0 * d.o(), d.o());
        }
    }

    /**
     * The gradients of {@link #forward} for {@code dOut [n, oh, ow, o]}: writes {@code dx} (same shape
     * as x), {@code dKernel} and {@code dBias} where they are non-null (each overwritten).
     */
    static void backward(INDArray x, INDArray kernel, INDArray dOut, Dims d, INDArray dx, INDArray dKernel,
                         INDArray dBias) {
        DataType t = x.dataType();
        int patch = d.patch();
        int chunk = d.samplesPerChunk();
        long rowsTotal = (long) d.n() * d.positions();
        if (dBias != null) {
            columnSums(dOut, rowsTotal, d.o(), dBias);
        }
        if (dKernel == null && dx == null) {
            return;
        }
        boolean pointwise = d.pointwise();
        INDArray col = pointwise || dKernel == null ? null
                : Scratch.get("conv.col", t, (long) chunk * d.positions() * patch);
        INDArray dCol = pointwise || dx == null ? null
                : Scratch.get("conv.dcol", t, (long) chunk * d.positions() * patch);
        INDArray dKernelT = dKernel == null ? null : Scratch.get("conv.dkt", t, (long) d.o() * patch);
        for (int n0 = 0; n0 < d.n(); n0 += chunk) {
            int n1 = Math.min(d.n(), n0 + chunk);
            long row0 = (long) n0 * d.positions();
            int rows = (n1 - n0) * d.positions();
            if (dKernel != null) {
                INDArray source = pointwise ? x : col;
                long off = pointwise ? row0 * patch : 0;
                if (!pointwise) {
                    im2col(x, col, d, n0, n1);
                }
                // dKᵀ = dOutᵀ·col, not dK = colᵀ·dOut: OpenBLAS 0.3.19 ran the latter (a tall colᵀ
                // against 16 output channels) about 8x slower here (W7's profile: 27 % of its samples).
                HostBlas.gemm(true, false, d.o(), patch, rows, 1.0, dOut, row0 * d.o(), d.o(), source, off, patch,
                        n0 == 0 ? 0.0 : 1.0, dKernelT, 0, patch);
            }
            if (dx != null) {
                if (pointwise) {
                    HostBlas.gemm(false, true, rows, patch, d.o(), 1.0, dOut, row0 * d.o(), d.o(), kernel, 0, d.o(),
                            0.0, dx, row0 * patch, patch);
                } else {
                    HostBlas.gemm(false, true, rows, patch, d.o(), 1.0, dOut, row0 * d.o(), d.o(), kernel, 0, d.o(),
                            0.0, dCol, 0, patch);
                    col2im(dCol, dx, d, n0, n1);
                }
            }
        }
        if (dKernel != null) {
            transpose(dKernelT, d.o(), patch, dKernel);
        }
    }

    /**
     * {@code out[j] = sum_i m[i, j]} of the {@code [rows, cols]} matrix at the start of m, summed in
     * double a block of rows at a time. The same sum as a {@code 1ᵀ·m} gemm, which OpenBLAS 0.3.19
     * ran as its slowest shape: 40 % of W5's native samples at load 13-20 were this one product.
     */
    static void columnSums(INDArray m, long rows, int cols, INDArray out) {
        double[] acc = new double[cols];
        int blockRows = Math.max(1, 8192 / cols);
        if (m.dataType() == DataType.FLOAT) {
            FloatBuffer src = HostBlas.floatView(m);
            float[] block = new float[blockRows * cols];
            for (long r0 = 0; r0 < rows; r0 += blockRows) {
                int nr = (int) Math.min(blockRows, rows - r0);
                src.get((int) (r0 * cols), block, 0, nr * cols);
                for (int i = 0, k = 0; i < nr; i++) {
                    for (int j = 0; j < cols; j++, k++) {
                        acc[j] += block[k];
                    }
                }
            }
            FloatBuffer dst = HostBlas.floatView(out);
            for (int j = 0; j < cols; j++) {
                dst.put(j, (float) acc[j]);
            }
        } else {
            DoubleBuffer src = HostBlas.doubleView(m);
            double[] block = new double[blockRows * cols];
            for (long r0 = 0; r0 < rows; r0 += blockRows) {
                int nr = (int) Math.min(blockRows, rows - r0);
                src.get((int) (r0 * cols), block, 0, nr * cols);
                for (int i = 0, k = 0; i < nr; i++) {
                    for (int j = 0; j < cols; j++, k++) {
                        acc[j] += block[k];
                    }
                }
            }
            DoubleBuffer dst = HostBlas.doubleView(out);
            for (int j = 0; j < cols; j++) {
                dst.put(j, acc[j]);
            }
        }
    }

    /** {@code dst [cols, rows] = srcᵀ} for {@code src [rows, cols]} at the start of its buffer. */
    private static void transpose(INDArray src, int rows, int cols, INDArray dst) {
        if (dst.dataType() == DataType.FLOAT) {
            FloatBuffer s = HostBlas.floatView(src);
            FloatBuffer t = HostBlas.floatView(dst);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t.put(c * rows + r, s.get(r * cols + c));
                }
            }
        } else {
            DoubleBuffer s = HostBlas.doubleView(src);
            DoubleBuffer t = HostBlas.doubleView(dst);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t.put(c * rows + r, s.get(r * cols + c));
                }
            }
        }
    }

    // ------------------------------------------------------------------ im2col / col2im

    /**
     * Rows {@code [n0·oh·ow, n1·oh·ow)} of the im2col matrix of x into {@code col} (from its start).
     * Byte-wise, so one code for float32 and float64: each sample is read into a heap array and each
     * output row's patches are built there and written with one bulk copy (for few channels the runs
     * are a few bytes long, and a direct-buffer call per run cost more than the copy).
     */
    static void im2col(INDArray x, INDArray col, Dims d, int n0, int n1) {
        int es = x.dataType().width();
        ByteBuffer src = HostBlas.bytes(x);
        ByteBuffer dst = HostBlas.bytes(col);
        int c = d.c();
        int cb = c * es;
        int tapRow = d.kw() * cb;
        int imageBytes = d.h() * d.w() * cb;
        byte[] image = new byte[imageBytes];
        byte[] rows = new byte[d.ow() * d.kh() * tapRow];
        int pos = 0;
        for (int n = n0; n < n1; n++) {
            src.get(n * imageBytes, image, 0, imageBytes);
            for (int i = 0; i < d.oh(); i++) {
                int p = 0;
                for (int j = 0; j < d.ow(); j++) {
                    int iw0 = j * d.sw() - d.pw();
                    for (int a = 0; a < d.kh(); a++, p += tapRow) {
                        int ih = i * d.sh() - d.ph() + a * d.dh();
                        if (ih < 0 || ih >= d.h()) {
                            Arrays.fill(rows, p, p + tapRow, (byte) 0);
                            continue;
                        }
                        int rowStart = ih * d.w() * cb;
                        if (d.dw() == 1) {
                            int b0 = Math.min(d.kw(), Math.max(0, -iw0));
                            int b1 = Math.max(b0, Math.min(d.kw(), d.w() - iw0));
                            Arrays.fill(rows, p, p + b0 * cb, (byte) 0);
                            if (b1 > b0) {
                                System.arraycopy(image, rowStart + (iw0 + b0) * cb, rows, p + b0 * cb,
                                        (b1 - b0) * cb);
                            }
                            Arrays.fill(rows, p + b1 * cb, p + tapRow, (byte) 0);
                        } else {
                            for (int b = 0; b < d.kw(); b++) {
                                int iw = iw0 + b * d.dw();
                                if (iw < 0 || iw >= d.w()) {
                                    Arrays.fill(rows, p + b * cb, p + (b + 1) * cb, (byte) 0);
                                } else {
                                    System.arraycopy(image, rowStart + iw * cb, rows, p + b * cb, cb);
                                }
                            }
                        }
                    }
                }
                dst.put(pos, rows, 0, p);
                pos += p;
            }
        }
    }

    /**
     * Adds the im2col-shaped gradient {@code dCol} (rows of samples {@code [n0, n1)}, from its start)
     * back into the image gradient {@code dx}, overwriting those samples of dx. Each sample is
     * accumulated in a heap array and written with one bulk copy, and {@code dCol} is read a row at a
     * time: per-element access to the direct buffers cost more than the additions.
     */
    static void col2im(INDArray dCol, INDArray dx, Dims d, int n0, int n1) {
        int sample = d.h() * d.w() * d.c();
        int patch = d.patch();
        if (dx.dataType() == DataType.FLOAT) {
            FloatBuffer src = HostBlas.floatView(dCol);
            FloatBuffer dst = HostBlas.floatView(dx);
            float[] acc = new float[sample];
            float[] row = new float[patch];
            for (int n = n0; n < n1; n++) {
                Arrays.fill(acc, 0f);
                col2imSample(src, (n - n0) * d.positions() * patch, row, acc, d);
                dst.put(n * sample, acc, 0, sample);
            }
        } else {
            DoubleBuffer src = HostBlas.doubleView(dCol);
            DoubleBuffer dst = HostBlas.doubleView(dx);
            double[] acc = new double[sample];
            double[] row = new double[patch];
            for (int n = n0; n < n1; n++) {
                Arrays.fill(acc, 0.0);
                col2imSample(src, (n - n0) * d.positions() * patch, row, acc, d);
                dst.put(n * sample, acc, 0, sample);
            }
        }
    }

    /** Adds one sample's im2col rows (from {@code pos} of src) into {@code acc [h, w, c]}. */
    private static void col2imSample(FloatBuffer src, int pos, float[] row, float[] acc, Dims d) {
        int c = d.c();
        int patch = d.patch();
        for (int i = 0; i < d.oh(); i++) {
            for (int j = 0; j < d.ow(); j++, pos += patch) {
                src.get(pos, row, 0, patch);
                int iw0 = j * d.sw() - d.pw();
                int r = 0;
                for (int a = 0; a < d.kh(); a++) {
                    int ih = i * d.sh() - d.ph() + a * d.dh();
                    if (ih < 0 || ih >= d.h()) {
                        r += d.kw() * c;
                        continue;
                    }
                    int rowStart = ih * d.w() * c;
                    for (int b = 0; b < d.kw(); b++, r += c) {
                        int iw = iw0 + b * d.dw();
                        if (iw < 0 || iw >= d.w()) {
                            continue;
                        }
                        int at = rowStart + iw * c;
                        for (int q = 0; q < c; q++) {
                            acc[at + q] += row[r + q];
                        }
                    }
                }
            }
        }
    }

    private static void col2imSample(DoubleBuffer src, int pos, double[] row, double[] acc, Dims d) {
        int c = d.c();
        int patch = d.patch();
        for (int i = 0; i < d.oh(); i++) {
            for (int j = 0; j < d.ow(); j++, pos += patch) {
                src.get(pos, row, 0, patch);
                int iw0 = j * d.sw() - d.pw();
                int r = 0;
                for (int a = 0; a < d.kh(); a++) {
                    int ih = i * d.sh() - d.ph() + a * d.dh();
                    if (ih < 0 || ih >= d.h()) {
                        r += d.kw() * c;
                        continue;
                    }
                    int rowStart = ih * d.w() * c;
                    for (int b = 0; b < d.kw(); b++, r += c) {
                        int iw = iw0 + b * d.dw();
                        if (iw < 0 || iw >= d.w()) {
                            continue;
                        }
                        int at = rowStart + iw * c;
                        for (int q = 0; q < c; q++) {
                            acc[at + q] += row[r + q];
                        }
                    }
                }
            }
        }
    }
}
