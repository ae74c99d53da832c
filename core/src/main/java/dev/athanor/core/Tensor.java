package dev.athanor.core;

import dev.athanor.core.ops.ActivationOps;
import dev.athanor.core.ops.ElementwiseOps;
import dev.athanor.core.ops.MatrixOps;
import dev.athanor.core.ops.ReductionOps;
import dev.athanor.core.ops.ShapeOps;
import dev.athanor.core.ops.UnaryOps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An n-dimensional value with eager reverse-mode automatic differentiation.
 *
 * <p>Every op computes its value at once with ND4J and, when any input {@linkplain #requiresGrad()
 * requires a gradient} and no {@link NoGrad} scope is open, records how to send the gradient back
 * to its inputs. {@link #backward()} from a scalar walks that graph once, in reverse topological
 * order, and accumulates gradients into every leaf that requires them ({@link #variable}).
 *
 * <p>A tensor may also be <em>symbolic</em>: the placeholder that {@link Input#of} and
 * {@code layer.apply(...)} return while a functional model is being wired. A symbolic tensor has a
 * shape (batch dimension {@code -1}) but no value; see {@link #isSymbolic()}.
 *
 * <p>Binary ops broadcast as numpy does; their gradients are summed back over broadcast axes.
 */
public final class Tensor {

    static {
        // before the first product any model runs: OpenBLAS's AVX-512 kernels where 0.3.19 misses them
        dev.athanor.core.ops.OpenBlasCore.ensure();
    }

    /**
     * How one recorded op sends the gradient of its output to its inputs: micrograd's
     * {@code _backward}. Given the gradient of the loss with respect to the op's output (shaped like
     * the output), it returns the gradient with respect to each input, in input order, each shaped
     * like its input ({@code null} for an input that needs none). It must not modify
     * {@code gradOutput}. Used by {@link #customOp} and by core's own kernels.
     */
    @FunctionalInterface
    public interface GradFn {
        /** Returns one gradient per parent (null where a parent needs none). */
        INDArray[] backward(INDArray gradOutput);
    }

    private final INDArray value;
    private final boolean requiresGrad;
    private final Tensor[] parents;
    private final GradFn gradFn;
    private final String op;
    private INDArray grad;
    /** Whether gemm gradients may be written into {@link #gradBuffer} (leaves of a {@link Variable} only). */
    private boolean reuseGradBuffer;
    /** The gradient array reused between backward passes when {@link #reuseGradBuffer} is set. */
    private INDArray gradBuffer;
    /** Whether {@link #grad} is {@link #gradBuffer} filled by the running backward pass (may add into it). */
    private boolean gradFilledThisPass;
    /** The pre-activation input when this tensor is a softmax or sigmoid output (fused crossentropy). */
    private Tensor logits;
    /** Functional-API wiring, non-null only for symbolic tensors. */
    private final SymbolicOrigin symbolic;

    private Tensor(INDArray value, boolean requiresGrad, Tensor[] parents, GradFn gradFn, String op) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.parents = parents;
        this.gradFn = gradFn;
        this.op = op;
        this.symbolic = null;
    }

    private Tensor(SymbolicOrigin symbolic) {
        this.value = null;
        this.requiresGrad = false;
        this.parents = null;
        this.gradFn = null;
        this.op = "symbolic";
        this.symbolic = symbolic;
    }

    // ------------------------------------------------------------------ creation

    /** Wraps an array as a constant: no gradient is collected for it. The array is not copied. */
    public static Tensor of(INDArray value) {
        return new Tensor(requireValue(value), false, null, null, "constant");
    }

    /** Wraps an array as a leaf that collects a gradient in {@link #grad()}. The array is not copied. */
    public static Tensor variable(INDArray value) {
        return new Tensor(requireValue(value), true, null, null, "variable");
    }

    /** A scalar constant in the current floating-point type ({@link Backend#floatx()}). */
    public static Tensor scalar(double v) {
        return of(Nd4j.scalar(Nd4j.defaultFloatingPointType(), v));
    }

    /** A constant of the given shape filled with {@code v}, in the current floating-point type. */
    public static Tensor constant(double v, long... shape) {
        return of(Nd4j.valueArrayOf(shape, v, Nd4j.defaultFloatingPointType()));
    }

    /**
     * Lets gemm gradients of this leaf be written into one array reused by every backward pass
     * that starts with no gradient (after {@link #zeroGrad()}), instead of a fresh array per pass.
     * {@link Variable} opts in: its gradient is read by the optimizer within the step.
     */
    Tensor reuseGradBuffer() {
        this.reuseGradBuffer = true;
        return this;
    }

    /**
     * Adds {@code op(a)·op(b)} to this leaf's gradient with one gemm into the reused gradient array:
     * {@code beta = 0} for the first contribution of a backward pass, {@code beta = 1} for later
     * ones (a variable used twice gets the sum). Returns false where that does not apply (not an
     * opted-in leaf, another type, or a gradient this pass did not write); the caller then returns
     * the gradient the usual way.
     */
    @Internal public boolean accumulateGemm(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        if (!reuseGradBuffer || gradFn != null || NoGrad.active()
                || a.dataType() != value.dataType() || b.dataType() != value.dataType()) {
            return false;
        }
        if (grad == null) {
            if (gradBuffer == null) {
                // Same ordering rule as Nd4j.gemm's own output, so values match the fresh-array path.
                char order = a.ordering() == 'c' && b.ordering() == 'c' ? 'c' : 'f';
                gradBuffer = Nd4j.createUninitialized(value.dataType(), value.shape(), order);
            }
            Nd4j.gemm(a, b, gradBuffer, transposeA, transposeB, 1.0, 0.0);
            grad = gradBuffer;
            gradFilledThisPass = true;
            return true;
        }
        if (grad == gradBuffer && gradFilledThisPass) {
            Nd4j.gemm(a, b, gradBuffer, transposeA, transposeB, 1.0, 1.0);
            return true;
        }
        return false;
    }

    /**
     * Records an op of your own with its forward value and its backward function: the custom-op API
     * for plugins (a layer, loss or activation whose gradient is not, or should not be, composed from
     * existing ops). Compute {@code value} from the inputs' {@link #value() values}; {@code backward}
     * maps the output's gradient to one gradient per input. The result takes part in autodiff like
     * any built-in op, and stays a constant when no input needs a gradient or inside
     * {@link NoGrad}.
     *
     * <pre>{@code
     * // y = x^3, dy/dx = 3 x^2
     * Tensor y = Tensor.customOp("cube", x.value().mul(x.value()).mul(x.value()),
     *         g -> new INDArray[] {g.mul(x.value().mul(x.value()).mul(3))}, x);
     * }</pre>
     *
     * <p>Check a custom op with a finite-difference gradient check in double precision, as the
     * plugin guide shows. A backward that returns the wrong number of gradients or a gradient of the
     * wrong shape fails when it runs, naming the op, the input and both shapes.
     *
     * @param name     the op's name, shown in errors and graph dumps
     * @param value    the forward result
     * @param backward the gradient function
     * @param inputs   the tensors the value was computed from (concrete, not symbolic)
     */
    public static Tensor customOp(String name, INDArray value, GradFn backward, Tensor... inputs) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A custom op needs a name (it is shown in errors).");
        }
        if (value == null || backward == null || inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("Custom op '" + name + "' needs a value, a backward function and at"
                    + " least one input tensor; received value=" + value + ", backward=" + backward + ", "
                    + (inputs == null ? 0 : inputs.length) + " input(s).");
        }
        long[][] shapes = new long[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null || inputs[i].isSymbolic()) {
                throw new IllegalArgumentException("Custom op '" + name + "': input " + i + " is "
                        + (inputs[i] == null ? "null" : "symbolic (a functional-API placeholder)")
                        + "; call custom ops inside a layer's call(...) or a loss, on concrete tensors.");
            }
            shapes[i] = inputs[i].shape();
        }
        GradFn checked = g -> {
            INDArray[] grads = backward.backward(g);
            if (grads == null || grads.length != inputs.length) {
                throw new IllegalStateException("Custom op '" + name + "': backward returned "
                        + (grads == null ? "null" : grads.length + " gradient(s)") + " for " + inputs.length
                        + " input(s); return one per input (null where an input needs none).");
            }
            for (int i = 0; i < grads.length; i++) {
                if (grads[i] != null && !Arrays.equals(grads[i].shape(), shapes[i])) {
                    throw new IllegalStateException("Custom op '" + name + "': backward returned a gradient of shape "
                            + Arrays.toString(grads[i].shape()) + " for input " + i + " of shape "
                            + Arrays.toString(shapes[i]) + "; each gradient must be shaped like its input.");
                }
            }
            return grads;
        };
        return result(value, name, checked, inputs);
    }

    @Internal public static Tensor symbolic(SymbolicOrigin info) {
        return new Tensor(info);
    }

    /** Result of a recorded op: keeps the graph only if some parent needs a gradient. */
    @Internal public static Tensor result(INDArray value, String op, GradFn fn, Tensor... parents) {
        boolean needs = false;
        if (!NoGrad.active()) {
            for (Tensor p : parents) {
                if (p.requiresGrad) {
                    needs = true;
                    break;
                }
            }
        }
        return needs ? new Tensor(value, true, parents, fn, op) : new Tensor(value, false, null, null, op);
    }

    private static INDArray requireValue(INDArray value) {
        if (value == null) {
            throw new IllegalArgumentException("Tensor value must not be null.");
        }
        return value;
    }

    // ------------------------------------------------------------------ accessors

    /** The value (not a copy). Throws for a symbolic tensor. */
    public INDArray value() {
        if (value == null) {
            throw new IllegalStateException("Tensor '" + symbolic.describe()
                    + "' is symbolic (a functional-model placeholder) and has no value; "
                    + "call the model on data instead.");
        }
        return value;
    }

    /** The accumulated gradient after {@link #backward()}, or null. */
    public INDArray grad() {
        return grad;
    }

    /**
     * Sets this leaf's gradient to an array a compiled step computed (a buffer it owns and rewrites
     * every step), in place of a backward pass.
     */
    @Internal public void plannedGrad(INDArray g) {
        if (gradFn != null) {
            throw new IllegalStateException("Only a leaf takes a planned gradient; this tensor comes from op '" + op
                    + "'.");
        }
        grad = g;
        gradFilledThisPass = false;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Whether a gradient flows into this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The name of the op that produced this tensor ("matmul", "variable", ...). */
    public String op() {
        return op;
    }

    /** Shape; for a symbolic tensor the batch dimension is -1. */
    public long[] shape() {
        return value != null ? value.shape().clone() : symbolic.shape().clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return value != null ? value.rank() : symbolic.shape().length;
    }

    /** Whether this is a functional-API placeholder without a value. */
    public boolean isSymbolic() {
        return symbolic != null;
    }

    @Internal public SymbolicOrigin symbolicOrigin() {
        return symbolic;
    }

    /** The pre-activation tensor when this is the output of softmax or sigmoid, else null. */
    public Tensor logits() {
        return logits;
    }

    @Internal public Tensor withLogits(Tensor pre) {
        this.logits = pre;
        return this;
    }

    /** The scalar value as a double. */
    public double item() {
        if (value().length() != 1) {
            throw new IllegalStateException("item() needs a single-element tensor; shape is "
                    + Arrays.toString(value.shape()));
        }
        return value.getDouble(0);
    }

    @Override
    public String toString() {
        return isSymbolic() ? "Tensor(" + symbolic.describe() + ")"
                : "Tensor(" + op + ", shape=" + Arrays.toString(value.shape()) + ")";
    }

    // ------------------------------------------------------------------ backward

    /**
     * Back-propagates from this scalar: every tensor in its graph that requires a gradient receives
     * d(this)/d(tensor), added to whatever {@link #grad()} it already held. Each node is visited once.
     */
    public void backward() {
        if (value().length() != 1) {
            throw new IllegalStateException("backward() starts from a scalar; this tensor has shape "
                    + Arrays.toString(value.shape()) + ". Reduce it first, e.g. with mean().");
        }
        if (!requiresGrad) {
            return;
        }
        List<Tensor> order = topologicalOrder();
        Map<Tensor, INDArray> pending = new IdentityHashMap<>();
        pending.put(this, Nd4j.onesLike(value));
        Set<INDArray> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor node = order.get(i);
            INDArray g = pending.remove(node);
            if (g == null) {
                continue;
            }
            if (node.gradFn == null) {
                // A leaf: never hand one array to two leaves, optimizers update gradients in place.
                INDArray own = handedOut.add(g) ? g : g.dup();
                node.grad = node.grad == null ? own : node.grad.add(own);
                node.gradFilledThisPass = false;
                continue;
            }
            INDArray[] pg = node.gradFn.backward(g);
            for (int k = 0; k < node.parents.length; k++) {
                Tensor p = node.parents[k];
                if (!p.requiresGrad || pg[k] == null) {
                    continue;
                }
                INDArray prev = pending.get(p);
                pending.put(p, prev == null ? pg[k] : prev.add(pg[k]));
            }
        }
        for (Tensor t : order) {
            t.gradFilledThisPass = false;
        }
    }

    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        visited.add(this);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            if (t.parents != null && next < t.parents.length) {
                frame[1] = next + 1;
                Tensor p = t.parents[next];
                if (p.requiresGrad && visited.add(p)) {
                    stack.push(new Object[] {p, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    // ------------------------------------------------------------------ arithmetic (broadcasting)

    /** Elementwise {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return ElementwiseOps.add(this, other);
    }

    /** {@code this + c}. */
    public Tensor add(double c) {
        return ElementwiseOps.addScalar(this, c);
    }

    /** Elementwise {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return ElementwiseOps.sub(this, other);
    }

    /** {@code this - c}. */
    public Tensor sub(double c) {
        return ElementwiseOps.addScalar(this, -c);
    }

    /** {@code c - this}. */
    public Tensor rsub(double c) {
        return ElementwiseOps.rsubScalar(this, c);
    }

    /** Elementwise {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return ElementwiseOps.mul(this, other);
    }

    /** {@code this * c}. */
    public Tensor mul(double c) {
        return ElementwiseOps.mulScalar(this, c);
    }

    /** Elementwise {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) {
        return ElementwiseOps.div(this, other);
    }

    /** {@code this / c}. */
    public Tensor div(double c) {
        return ElementwiseOps.mulScalar(this, 1.0 / c);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return ElementwiseOps.mulScalar(this, -1.0);
    }

    /** Elementwise maximum, broadcasting; the gradient goes to {@code this} where it is {@code >=}. */
    public Tensor maximum(Tensor other) {
        return ElementwiseOps.maximum(this, other);
    }

    /** Elementwise {@code max(this, c)}. */
    public Tensor maximum(double c) {
        return ElementwiseOps.clip(this, c, Double.POSITIVE_INFINITY);
    }

    /** Elementwise minimum, broadcasting; the gradient goes to {@code this} where it is {@code <=}. */
    public Tensor minimum(Tensor other) {
        return ElementwiseOps.minimum(this, other);
    }

    /** Elementwise {@code min(this, c)}. */
    public Tensor minimum(double c) {
        return ElementwiseOps.clip(this, Double.NEGATIVE_INFINITY, c);
    }

    /** Clips into {@code [lo, hi]}; zero gradient outside the range, as Keras's {@code K.clip}. */
    public Tensor clip(double lo, double hi) {
        return ElementwiseOps.clip(this, lo, hi);
    }

    // ------------------------------------------------------------------ unary math

    /** {@code this ^ p} for a scalar exponent. */
    public Tensor pow(double p) {
        return UnaryOps.pow(this, p);
    }

    /** {@code this ^ 2}. */
    public Tensor square() {
        return UnaryOps.square(this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return UnaryOps.sqrt(this);
    }

    /** Natural exponential. */
    public Tensor exp() {
        return UnaryOps.exp(this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return UnaryOps.log(this);
    }

    /** {@code log(1 + this)}. */
    public Tensor log1p() {
        return UnaryOps.log1p(this);
    }

    /** Absolute value (gradient sign(x), 0 at 0). */
    public Tensor abs() {
        return UnaryOps.abs(this);
    }

    // ------------------------------------------------------------------ activations

    /** Logistic sigmoid; remembers its input for the fused binary crossentropy. */
    public Tensor sigmoid() {
        return ActivationOps.sigmoid(this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return ActivationOps.tanh(this);
    }

    /** {@code max(x, 0)}. */
    public Tensor relu() {
        return ActivationOps.relu(this);
    }

    /** Exponential linear unit with the given alpha (Keras default 1.0). */
    public Tensor elu(double alpha) {
        return ActivationOps.elu(this, alpha);
    }

    /** Scaled ELU with Keras's constants. */
    public Tensor selu() {
        return ActivationOps.selu(this);
    }

    /** {@code log(1 + exp(x))}, computed stably. */
    public Tensor softplus() {
        return ActivationOps.softplus(this);
    }

    /** {@code x / (1 + |x|)}. */
    public Tensor softsign() {
        return ActivationOps.softsign(this);
    }

    /** Keras 2's piecewise-linear sigmoid: {@code clip(0.2 x + 0.5, 0, 1)}. */
    public Tensor hardSigmoid() {
        return ActivationOps.hardSigmoid(this);
    }

    /** {@code x * sigmoid(x)}. */
    public Tensor swish() {
        return this.mul(this.sigmoid());
    }

    /** Gaussian error linear unit, exact (erf) form as Keras's default {@code approximate=False}. */
    public Tensor gelu() {
        return ActivationOps.gelu(this);
    }

    /** Softmax over an axis (negative counts from the end), computed stably. */
    public Tensor softmax(int axis) {
        return ActivationOps.softmax(this, axis);
    }

    /** Log of the softmax over an axis, computed stably. */
    public Tensor logSoftmax(int axis) {
        return ActivationOps.logSoftmax(this, axis);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum over all elements (a scalar). */
    public Tensor sum() {
        return ReductionOps.sum(this, null, false);
    }

    /** Sum over the given axes (negative counts from the end). */
    public Tensor sum(int axis, boolean keepDims) {
        return ReductionOps.sum(this, new int[] {axis}, keepDims);
    }

    /** Sum over one axis, dropping it. */
    public Tensor sum(int axis) {
        return sum(axis, false);
    }

    /** Sum over several axes. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return ReductionOps.sum(this, axes, keepDims);
    }

    /** Mean over all elements (a scalar). */
    public Tensor mean() {
        return ReductionOps.mean(this, null, false);
    }

    /** Mean over one axis, dropping it. */
    public Tensor mean(int axis) {
        return ReductionOps.mean(this, new int[] {axis}, false);
    }

    /** Mean over one axis. */
    public Tensor mean(int axis, boolean keepDims) {
        return ReductionOps.mean(this, new int[] {axis}, keepDims);
    }

    /** Mean over several axes. */
    public Tensor mean(int[] axes, boolean keepDims) {
        return ReductionOps.mean(this, axes, keepDims);
    }

    /** Maximum over one axis; the gradient is shared equally among ties. */
    public Tensor max(int axis, boolean keepDims) {
        return ReductionOps.max(this, new int[] {axis}, keepDims);
    }

    /** Maximum over one axis, dropping it. */
    public Tensor max(int axis) {
        return max(axis, false);
    }

    /** {@code log(sum(exp(x), axis))}, computed stably. */
    public Tensor logSumExp(int axis, boolean keepDims) {
        return ReductionOps.logSumExp(this, axis, keepDims);
    }

    /** {@code x / sqrt(max(sum(x^2, axis), 1e-12))}, as Keras's {@code K.l2_normalize}. */
    public Tensor l2Normalize(int axis) {
        Tensor sq = this.square().sum(axis, true).maximum(1e-12);
        return this.div(sq.sqrt());
    }

    // ------------------------------------------------------------------ shape and linear algebra

    /** Matrix product of two rank-2 tensors. */
    public Tensor matmul(Tensor other) {
        return MatrixOps.matmul(this, other);
    }

    /**
     * Batched matrix product over the leading axes of two tensors of equal rank (>= 3) and equal
     * leading dimensions, {@code [..., n, k] x [..., k, m] -> [..., n, m]}, each side optionally
     * transposed in its last two axes; one native matmul for all batches (attention's products).
     */
    public Tensor batchMatmul(Tensor other, boolean transposeThis, boolean transposeOther) {
        return MatrixOps.batchMatmul(this, other, transposeThis, transposeOther);
    }

    /**
     * {@code this·kernel + bias} for a rank-2 input {@code [n, k]}, kernel {@code [k, m]} and bias
     * {@code [m]} (null: no bias): the same value and gradients as {@code matmul(kernel).add(bias)},
     * computed as one op without a broadcast temporary (what {@code Dense} uses).
     */
    public Tensor linear(Tensor kernel, Tensor bias) {
        return MatrixOps.linear(this, kernel, bias);
    }

    /** Transpose of a rank-2 tensor. */
    public Tensor transpose() {
        return ShapeOps.permute(this, 1, 0);
    }

    /** Reorders axes. */
    public Tensor permute(int... axes) {
        return ShapeOps.permute(this, axes);
    }

    /** Same values, new shape (C order). One dimension may be -1. */
    public Tensor reshape(long... shape) {
        return ShapeOps.reshape(this, shape);
    }

    /** Elements {@code [from, to)} along an axis. */
    public Tensor slice(int axis, long from, long to) {
        return ShapeOps.slice(this, axis, from, to);
    }

    /** Rows (axis 0) picked by index; rows may repeat, gradients are scatter-added. */
    public Tensor gatherRows(int[] rows) {
        return ShapeOps.gatherRows(this, rows);
    }

    /** Concatenation along an axis. */
    public static Tensor concat(int axis, Tensor... parts) {
        return ShapeOps.concat(axis, parts);
    }

    /** A constant of ones with this tensor's shape and type. */
    public Tensor onesLike() {
        return of(Nd4j.onesLike(value()));
    }

    /** A constant of zeros with this tensor's shape and type. */
    public Tensor zerosLike() {
        return of(Nd4j.zerosLike(value()));
    }

    /** This tensor's value as a constant: gradients stop here. */
    public Tensor detach() {
        return of(value());
    }
}
