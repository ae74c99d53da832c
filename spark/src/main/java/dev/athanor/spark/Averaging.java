package dev.athanor.spark;

import dev.athanor.core.Model;
import dev.athanor.core.Variable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback where barrier mode cannot run: parameter averaging. Every round, the current model
 * is broadcast, each partition trains {@code k} steps of its share on its own (ordinary tasks, no
 * gang scheduling), and {@code treeAggregate} averages the weights and the optimizer state,
 * weighted by the rows each partition trained. Not equal to single-node training, but close for
 * small {@code k}; every round is a Spark job, so it is slower than the ring.
 */
final class Averaging {

    private static final Logger LOG = LoggerFactory.getLogger(Averaging.class);

    private Averaging() {
    }

    /** One partition's contribution: row-weighted sums of parameters, state and logs. */
    record Part(double[] sums, double rows, long[][] stateShapes, String[] stateTypes) implements Serializable {
        Part plus(Part o) {
            if (rows == 0) {
                return o;
            }
            if (o.rows == 0) {
                return this;
            }
            double[] s = sums.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] += o.sums[i];
            }
            return new Part(s, rows + o.rows, stateShapes, stateTypes);
        }
    }

    /** Trains epochs {@code [first, end)} into {@code model}; returns their logs. */
    static List<Map<String, Double>> fit(JavaSparkContext jsc, Model model, JavaRDD<Sample> partitioned,
            GlobalBatches layout, int first, int end, int epochs, int k, boolean shuffle, long seed,
            List<String> logKeys) {
        List<Map<String, Double>> out = new ArrayList<>();
        int steps = layout.steps();
        for (int epoch = first; epoch < end; epoch++) {
            double[] logSums = new double[logKeys.size()];
            double logRows = 0;
            for (int from = 0; from < steps; from += k) {
                int to = Math.min(steps, from + k);
                Broadcast<byte[]> bytes = jsc.broadcast(ModelBytes.of(model));
                int e = epoch;
                int f = from;
                Part zero = new Part(null, 0, null, null);
                Part total = partitioned.mapPartitionsWithIndex((rank, it) -> List.of(
                        round(bytes.value(), it, rank, layout, e, f, to, shuffle, seed, logKeys.size())).iterator(), true)
                        .treeAggregate(zero, Part::plus, Part::plus);
                bytes.destroy();
                int nParams = adopt(model, total);
                for (int i = 0; i < logSums.length; i++) {
                    logSums[i] += total.sums()[nParams + i];
                }
                logRows += total.rows();
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            for (int i = 0; i < logKeys.size(); i++) {
                logs.put(logKeys.get(i), logSums[i] / logRows);
            }
            LOG.info("epoch {}/{} (parameter averaging every {} steps): {}", epoch + 1, epochs, k, logs);
            out.add(logs);
        }
        return out;
    }

    /** Trains steps {@code [from, to)} of one epoch on one partition, from the broadcast model. */
    private static Part round(byte[] h5, Iterator<Sample> it, int rank, GlobalBatches layout, int epoch, int from,
            int to, boolean shuffle, long seed, int nLogs) {
        List<Sample> shard = new ArrayList<>();
        it.forEachRemaining(shard::add);
        int needed = 0;
        int skip = 0;
        for (int s = 0; s < layout.steps(); s++) {
            if (s < from) {
                skip += layout.rowsOf(rank, s);
            }
            needed += layout.rowsOf(rank, s);
        }
        INDArray x = TrainWorker.stack(shard, true);
        INDArray y = TrainWorker.stack(shard, false);
        int[] order = TrainWorker.order(shard.size(), needed, shuffle, seed, epoch, rank);
        Model model = ModelBytes.load(h5); // trained in place: never the shared cached copy
        double[] logs = new double[nLogs];
        double rows = 0;
        int at = skip;
        for (int s = from; s < to; s++) {
            int m = layout.rowsOf(rank, s);
            int[] idx = Arrays.copyOfRange(order, at, at + m);
            at += m;
            double[] l = model.trainOnBatch(Nd4j.pullRows(x, 1, idx), Nd4j.pullRows(y, 1, idx));
            for (int i = 0; i < nLogs && i < l.length; i++) {
                logs[i] += l[i] * m;
            }
            rows += m;
        }
        List<INDArray> params = new ArrayList<>(model.getWeights());
        List<Variable> state = model.optimizer().weights();
        long[][] shapes = new long[state.size()][];
        String[] types = new String[state.size()];
        for (int i = 0; i < state.size(); i++) {
            params.add(state.get(i).value());
            shapes[i] = state.get(i).value().shape();
            types[i] = state.get(i).value().dataType().name();
        }
        int len = 0;
        for (INDArray p : params) {
            len += Math.toIntExact(p.length());
        }
        double[] sums = new double[len + nLogs];
        int off = 0;
        for (INDArray p : params) {
            double[] v = p.dup().castTo(DataType.DOUBLE).data().asDouble();
            for (double d : v) {
                sums[off++] = d * rows;
            }
        }
        System.arraycopy(logs, 0, sums, len, nLogs);
        return new Part(sums, rows, shapes, types);
    }

    /** Sets the model's weights and optimizer state to the averages; returns their length. */
    private static int adopt(Model model, Part total) {
        int off = 0;
        List<INDArray> weights = new ArrayList<>();
        for (INDArray w : model.getWeights()) {
            weights.add(slice(total, off, w.shape(), w.dataType()));
            off += Math.toIntExact(w.length());
        }
        model.setWeights(weights);
        List<INDArray> state = new ArrayList<>();
        for (int i = 0; i < total.stateShapes().length; i++) {
            INDArray s = slice(total, off, total.stateShapes()[i], DataType.valueOf(total.stateTypes()[i]));
            state.add(s);
            off += Math.toIntExact(s.length());
        }
        if (!state.isEmpty()) {
            model.optimizer().setWeights(model.trainableVariables(), state);
        }
        return off;
    }

    private static INDArray slice(Part total, int off, long[] shape, DataType type) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = Arrays.copyOfRange(total.sums(), off, off + Math.toIntExact(n));
        for (int i = 0; i < v.length; i++) {
            v[i] /= total.rows();
        }
        return Nd4j.create(v, shape.length == 0 ? new long[0] : shape, DataType.DOUBLE).castTo(type);
    }
}
