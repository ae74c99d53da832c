package dev.athanor.core.layers;

import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code EinsumDense} product {@code einsum(equation, x, kernel) + bias}, resolved for an input
 * shape, following Keras 3's {@code _analyze_split_string} (keras/src/layers/core/einsum_dense.py)
 * for the kernel, bias and output shapes.
 *
 * <p>Computed as one matrix product: the input is permuted (only when needed) to
 * {@code [free..., contracted...]} and reshaped to a matrix, the kernel to
 * {@code [contracted..., kernel-only...]}, and the result permuted to the output's order. When the
 * output is already {@code [free..., kernel-only...]} and the bias covers exactly the kernel-only
 * axes (every projection inside {@code MultiHeadAttention}), bias and product are one fused
 * {@code linear} op with no copy.
 *
 * <p>Supported: an ellipsis at the start or the end of the input and output specs; every letter of
 * the input either contracted with the kernel or carried to the output. Refused with a clear
 * message: a letter in all three specs (a batched kernel) and an input letter that is summed away.
 */
final class EinsumProjection {

    private final String layer;
    private final long[] kernelShape;
    private final long[] biasShape;
    private final long[] outputShape;
    private final int[] inputPermutation;
    private final int[] outputPermutation;
    private final int[] kernelPermutation;
    private final long contracted;
    private final long kernelFree;
    private final long[] productShape;
    private final boolean fusedBias;
    /** How many leading axes of the product come from the input (the rest from the kernel). */
    private final int freeAxes;

    private EinsumProjection(String layer, long[] kernelShape, long[] biasShape, long[] outputShape,
                             int[] inputPermutation, int[] kernelPermutation, int[] outputPermutation,
                             long contracted, long kernelFree, long[] productShape, boolean fusedBias, int freeAxes) {
        this.layer = layer;
        this.kernelShape = kernelShape;
        this.biasShape = biasShape;
        this.outputShape = outputShape;
        this.inputPermutation = inputPermutation;
        this.kernelPermutation = kernelPermutation;
        this.outputPermutation = outputPermutation;
        this.contracted = contracted;
        this.kernelFree = kernelFree;
        this.productShape = productShape;
        this.fusedBias = fusedBias;
        this.freeAxes = freeAxes;
    }

    /**
     * Resolves {@code equation} for {@code inputShape} (batch -1).
     *
     * @param partialOutputShape Keras's {@code output_shape}: the output's dimensions after the batch
     *     (and after the elided ones for a leading ellipsis); -1 where unknown
     * @param biasAxes output letters with a bias, or null for none
     */
    static EinsumProjection resolve(String layer, String equation, long[] inputShape, long[] partialOutputShape,
                                    String biasAxes) {
        String eq = equation.replace(" ", "");
        int comma = eq.indexOf(','), arrow = eq.indexOf("->");
        if (comma < 0 || arrow < comma) {
            throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): the equation must read"
                    + " 'input,kernel->output', e.g. 'ab,bc->ac'. Received: equation=" + equation);
        }
        String in = eq.substring(0, comma), w = eq.substring(comma + 1, arrow), out = eq.substring(arrow + 2);
        boolean leftElided = in.startsWith("...");
        boolean rightElided = !leftElided && in.endsWith("...");
        String inSpec = in.replace("...", ""), outSpec = out.replace("...", "");
        if (w.contains("...") || inSpec.contains(".") || outSpec.contains(".")
                || (in.contains("...") && !out.contains("..."))) {
            throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): an ellipsis may only start or"
                    + " end both the input and output specs. Received: equation=" + equation);
        }
        int elided = inputShape.length - inSpec.length();
        if (elided < 0 || (elided > 0 && !in.contains("..."))) {
            throw new LayerShapeException("Layer '" + layer + "' (EinsumDense) with equation '" + equation
                    + "' expects an input of rank " + inSpec.length() + (in.contains("...") ? " or more" : "")
                    + " but received shape " + Shapes.describe(inputShape) + ".");
        }
        // Expand the ellipsis into fresh capital letters, the same ones on both sides.
        StringBuilder fresh = new StringBuilder();
        for (int i = 0; i < elided; i++) {
            fresh.append((char) ('A' + i));
        }
        String inL = in.replace("...", fresh), outL = out.replace("...", fresh);
        int explicitStart = leftElided ? elided : 0;
        long[] outShape = new long[outL.length()];
        for (int i = 0; i < outL.length(); i++) {
            char c = outL.charAt(i);
            int inPos = inL.indexOf(c);
            // Keras's output_shape lists the explicit output axes after the batch (all of them after a
            // leading ellipsis); entries past those (a trailing ellipsis's axes) are not read.
            int j = i - explicitStart;
            int given = leftElided ? j : j - 1;
            boolean explicit = j >= 0 && j < outSpec.length() && given >= 0;
            if (inPos >= 0) {
                outShape[i] = inputShape[inPos];
                if (explicit && given < partialOutputShape.length && partialOutputShape[given] >= 0
                        && inputShape[inPos] >= 0 && partialOutputShape[given] != inputShape[inPos]) {
                    throw new LayerShapeException("Layer '" + layer + "' (EinsumDense): input and output shapes do"
                            + " not match at shared dimension '" + c + "': input shape " + Shapes.describe(inputShape)
                            + ", output_shape " + Arrays.toString(partialOutputShape) + ".");
                }
            } else if (w.indexOf(c) >= 0) {
                if (!explicit || given >= partialOutputShape.length) {
                    throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): `output_shape` "
                            + Arrays.toString(partialOutputShape) + " does not give output axis '" + c + "' of '"
                            + equation + "' (it lists the output axes after the batch"
                            + (leftElided ? " and the elided ones" : "") + ").");
                }
                outShape[i] = partialOutputShape[given];
            } else {
                throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): dimension '" + c
                        + "' of the output spec is in neither the input nor the kernel spec of '" + equation + "'.");
            }
        }
        long[] kShape = new long[w.length()];
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            int o = outL.indexOf(c), p = inL.indexOf(c);
            if (o >= 0 && p >= 0) {
                throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): letter '" + c + "' of '"
                        + equation + "' is in the input, the kernel and the output (a batched kernel); not supported.");
            }
            if (o < 0 && p < 0) {
                throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): kernel dimension '" + c
                        + "' of '" + equation + "' is in neither the input nor the output spec.");
            }
            kShape[i] = o >= 0 ? outShape[o] : inputShape[p];
            if (kShape[i] < 0) {
                throw new LayerShapeException("Layer '" + layer + "' (EinsumDense): kernel dimension '" + c
                        + "' is undefined for input shape " + Shapes.describe(inputShape) + " and output_shape "
                        + Arrays.toString(partialOutputShape) + ".");
            }
        }
        // Input letters: free (to output) first, contracted (with the kernel) after, each in input order.
        StringBuilder freeL = new StringBuilder(), contractL = new StringBuilder(), kFreeL = new StringBuilder();
        for (char c : inL.toCharArray()) {
            if (outL.indexOf(c) >= 0) {
                freeL.append(c);
            } else if (w.indexOf(c) >= 0) {
                contractL.append(c);
            } else {
                throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): input letter '" + c
                        + "' of '" + equation + "' is summed away (in neither kernel nor output); not supported.");
            }
        }
        for (char c : w.toCharArray()) {
            if (outL.indexOf(c) >= 0) {
                kFreeL.append(c);
            }
        }
        int[] inPerm = positions(inL, freeL.toString() + contractL);
        int[] kPerm = positions(w, contractL.toString() + kFreeL);
        String productL = freeL.toString() + kFreeL;
        int[] outPerm = positions(productL, outL);
        long[] prodShape = new long[productL.length()];
        for (int i = 0; i < prodShape.length; i++) {
            prodShape[i] = outShape[outL.indexOf(productL.charAt(i))];
        }
        long contracted = 1, kFree = 1;
        for (char c : contractL.toString().toCharArray()) {
            contracted *= kShape[w.indexOf(c)];
        }
        for (char c : kFreeL.toString().toCharArray()) {
            kFree *= kShape[w.indexOf(c)];
        }
        long[] bShape = null;
        boolean fused = false;
        if (biasAxes != null && !biasAxes.isEmpty()) {
            int first = Integer.MAX_VALUE;
            for (char c : biasAxes.toCharArray()) {
                int pos = out.replace("...", "").indexOf(c);
                if (pos < 0) {
                    throw new IllegalArgumentException("Layer '" + layer + "' (EinsumDense): bias dimension '" + c
                            + "' is not part of the output spec '" + out + "'.");
                }
                first = Math.min(first, outL.indexOf(c));
            }
            List<Long> b = new ArrayList<>();
            for (int i = first; i < outL.length(); i++) {
                b.add(biasAxes.indexOf(outL.charAt(i)) >= 0 ? outShape[i] : 1L);
            }
            bShape = toArray(b);
            fused = isIdentity(outPerm) && outL.substring(first).equals(kFreeL.toString())
                    && biasAxes.length() == kFreeL.length();
        }
        return new EinsumProjection(layer, kShape, bShape, outShape, inPerm, kPerm, outPerm, contracted, kFree,
                prodShape, fused, freeL.length());
    }

    private static long[] toArray(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }

    private static int[] positions(String from, String to) {
        int[] p = new int[to.length()];
        for (int i = 0; i < p.length; i++) {
            p[i] = from.indexOf(to.charAt(i));
        }
        return p;
    }

    private static boolean isIdentity(int[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] != i) {
                return false;
            }
        }
        return true;
    }

    long[] kernelShape() {
        return kernelShape.clone();
    }

    /** Keras's bias shape (1 on output axes without a bias after the first biased one), or null. */
    long[] biasShape() {
        return biasShape == null ? null : biasShape.clone();
    }

    /** The full output shape (batch -1 as the input's). */
    long[] outputShape() {
        return outputShape.clone();
    }

    /** {@code einsum(equation, x, kernel) + bias} (bias may be null). */
    Tensor apply(Tensor x, Tensor kernel, Tensor bias) {
        long[] xs = x.shape();
        if (xs.length != inputPermutation.length) {
            throw new LayerShapeException("Layer '" + layer + "' (EinsumDense) was built for inputs of rank "
                    + inputPermutation.length + " but received shape " + Shapes.describe(xs) + ".");
        }
        Tensor xp = isIdentity(inputPermutation) ? x : x.permute(inputPermutation);
        Tensor k = isIdentity(kernelPermutation) ? kernel : kernel.permute(kernelPermutation);
        Tensor x2 = xp.reshape(-1, contracted);
        Tensor k2 = k.reshape(contracted, kernelFree);
        long[] prod = productShape.clone();
        for (int i = 0; i < freeAxes; i++) {
            prod[i] = xs[inputPermutation[i]];
        }
        Tensor y;
        if (fusedBias && bias != null) {
            y = x2.linear(k2, bias.reshape(kernelFree)).reshape(prod);
        } else {
            y = x2.matmul(k2).reshape(prod);
            if (!isIdentity(outputPermutation)) {
                y = y.permute(outputPermutation);
            }
            if (bias != null) {
                y = y.add(bias);
            }
        }
        return y;
    }
}
