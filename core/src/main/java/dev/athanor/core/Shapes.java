package dev.athanor.core;

import java.util.Arrays;

/** Small helpers for axes and shapes. */
public final class Shapes {

    private Shapes() {
    }

    /** Resolves a possibly negative axis against a rank, with a clear error. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("Axis " + axis + " is out of range for a tensor of rank " + rank + ".");
        }
        return a;
    }

    /** Keras-style text for a shape whose first entry may be the batch (-1 shown as None). */
    public static String describe(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i] < 0 ? "None" : Long.toString(shape[i]));
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /** Product of dimensions. */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Shape with a leading batch dimension. */
    public static long[] withBatch(long batch, long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = batch;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** Shape without its leading batch dimension. */
    public static long[] withoutBatch(long[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
