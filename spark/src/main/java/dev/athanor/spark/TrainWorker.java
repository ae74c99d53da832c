package dev.athanor.spark;

import dev.athanor.core.CompileOptions;
import dev.athanor.core.Model;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.AbstractFunction1;

/**
 * One barrier task: loads the broadcast model, meets the other tasks once, then trains its share
 * of every global batch, all-reducing gradients each step. Rank 0 returns the result.
 */
final class TrainWorker extends AbstractFunction1<scala.collection.Iterator<Sample>,
        scala.collection.Iterator<WorkerResult>> implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainWorker.class);

    private final Broadcast<TrainJob> job;

    TrainWorker(Broadcast<TrainJob> job) {
        this.job = job;
    }

    @Override
    public scala.collection.Iterator<WorkerResult> apply(scala.collection.Iterator<Sample> rows) {
        TrainJob j = job.value();
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        int attempt = ctx.stageAttemptNumber();
        List<Sample> shard = new ArrayList<>();
        Iterator<Sample> it = scala.jdk.javaapi.CollectionConverters.asJava(rows);
        while (it.hasNext()) {
            shard.add(it.next());
        }
        WorkerResult result;
        try (ServerSocket server = bind(j.portFrom(), j.portTo(), rank)) {
            String host = hostOf(ctx.getTaskInfos()[rank].address());
            // a retried attempt resumes from the last checkpoint; rank 0 chooses it so that all ranks agree
            int resume = rank == 0 && attempt > 0 && j.checkpointDir() != null
                    ? j.checkpoints().latest(j.firstEpoch(), j.endEpoch()) : -1;
            String[] all = ctx.allGather(host + ":" + server.getLocalPort() + " " + resume);
            List<String> addresses = new ArrayList<>();
            for (String a : all) {
                addresses.add(a.substring(0, a.indexOf(' ')));
            }
            resume = Integer.parseInt(all[0].substring(all[0].indexOf(' ') + 1));
            try (Ring ring = Ring.connect(rank, addresses, server, j.secret(), attempt,
                    j.connectTimeoutMs(), j.ioTimeoutMs(), ctx::isInterrupted)) {
                result = train(j, rank, attempt, shard, ring, resume);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Athanor worker " + rank + " failed: " + e.getMessage(), e);
        }
        return rank == 0
                ? scala.jdk.javaapi.CollectionConverters.asScala(List.of(result).iterator())
                : scala.jdk.javaapi.CollectionConverters.asScala(java.util.Collections.<WorkerResult>emptyIterator());
    }

    static WorkerResult train(TrainJob j, int rank, int attempt, List<Sample> shard, Ring ring) {
        return train(j, rank, attempt, shard, ring, -1);
    }

    /** Trains the stage's epochs, after checkpoint epoch {@code resume} when it is not -1. */
    static WorkerResult train(TrainJob j, int rank, int attempt, List<Sample> shard, Ring ring, int resume) {
        GlobalBatches layout = j.layout();
        int needed = 0;
        for (int s = 0; s < layout.steps(); s++) {
            needed += layout.rowsOf(rank, s);
        }
        if (shard.size() < needed) {
            throw new IllegalStateException("Worker " + rank + " received " + shard.size() + " rows but its share is "
                    + needed + ": the data changed between counting and training (use deterministic input).");
        }
        INDArray x = stack(shard, true);
        INDArray y = stack(shard, false);

        Checkpoints checkpoints = j.checkpoints();
        Model model;
        List<Map<String, Double>> epochs = new ArrayList<>();
        int start = j.firstEpoch();
        if (resume >= 0) {
            model = checkpoints.load(resume);
            epochs.addAll(checkpoints.logs(j.firstEpoch(), resume));
            start = resume + 1;
            if (rank == 0) {
                LOG.info("Attempt {} of the stage resumes after epoch {} from checkpoint {}", attempt, resume + 1,
                        checkpoints.model(resume));
            }
        } else {
            model = ModelBytes.load(j.modelH5());
        }
        AllReduceOptimizer optimizer = new AllReduceOptimizer(model.optimizer(), ring);
        recompile(model, optimizer);

        long stepNanos = 0;
        int steps = 0;
        for (int epoch = start; epoch < j.endEpoch(); epoch++) {
            int[] order = order(shard.size(), needed, j.shuffle(), j.seed(), epoch, rank);
            double[] sums = new double[j.logKeys().size() + 1];
            int from = 0;
            for (int s = 0; s < layout.steps(); s++) {
                if (j.failRank() == rank && attempt == 0 && epoch == j.failEpoch() && s == 3) {
                    throw new IllegalStateException("Injected failure in rank " + rank + " (test hook).");
                }
                int m = layout.rowsOf(rank, s);
                int[] idx = Arrays.copyOfRange(order, from, from + m);
                from += m;
                INDArray bx = Nd4j.pullRows(x, 1, idx);
                INDArray by = Nd4j.pullRows(y, 1, idx);
                optimizer.share(m, layout.globalRows(s));
                long t0 = System.nanoTime();
                double[] logs = model.trainOnBatch(bx, by);
                stepNanos += System.nanoTime() - t0;
                steps++;
                for (int k = 0; k < logs.length && k < sums.length - 1; k++) {
                    sums[k] += logs[k] * m;
                }
                sums[sums.length - 1] += m;
            }
            epochs.add(mergeLogs(j.logKeys(), sums, ring));
            if (rank == 0) {
                LOG.info("epoch {}/{}: {}", epoch + 1, j.totalEpochs(), epochs.get(epochs.size() - 1));
                if (j.checkpointAfter(epoch)) {
                    checkpoints.write(model, j.firstEpoch(), epoch, epochs);
                }
            }
        }
        byte[] h5 = rank == 0 ? ModelBytes.of(model) : null;
        return new WorkerResult(h5, epochs, stepNanos, optimizer.allReduceNanos(), steps, resume);
    }

    /** Sums the weighted logs over all workers: the epoch's means over every row trained. */
    private static Map<String, Double> mergeLogs(List<String> keys, double[] sums, Ring ring) {
        float[] buf = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            buf[i] = (float) sums[i];
        }
        try {
            ring.allReduce(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("All-reduce of the epoch's logs failed: " + e.getMessage(), e);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        double count = buf[buf.length - 1];
        for (int k = 0; k < keys.size(); k++) {
            logs.put(keys.get(k), buf[k] / count);
        }
        return logs;
    }

    /** Recompiles the loaded model with the same losses and metrics around the all-reducing optimizer. */
    static void recompile(Model model, dev.athanor.core.Optimizer optimizer) {
        List<String> lossNames = model.lossNames();
        if (lossNames.contains(null)) {
            throw new IllegalArgumentException("Model '" + model.name() + "' has a loss without a registered name"
                    + " (a lambda); distributed training ships the model as a file, so compile it with a loss by"
                    + " name or a registered Loss component.");
        }
        double[] weights = model.lossWeights().stream().mapToDouble(Double::doubleValue).toArray();
        model.compile(new CompileOptions().optimizer(optimizer).losses(lossNames.toArray())
                .lossWeights(weights).metrics(model.metricSpecs()));
    }

    /** This epoch's order of the shard's rows: as given, or a permutation seeded by (seed, epoch, rank). */
    static int[] order(int rows, int needed, boolean shuffle, long seed, int epoch, int rank) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random r = new Random(seed * 1_000_003L + epoch * 8191L + rank);
            for (int i = rows - 1; i > 0; i--) {
                int k = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[k];
                order[k] = t;
            }
        }
        return needed == rows ? order : Arrays.copyOf(order, needed);
    }

    static INDArray stack(List<Sample> shard, boolean features) {
        int n = shard.size();
        int d = n == 0 ? 0 : (features ? shard.get(0).x().length : shard.get(0).y().length);
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] row = features ? shard.get(i).x() : shard.get(i).y();
            System.arraycopy(row, 0, flat, i * d, d);
        }
        return Nd4j.create(flat, new long[] {n, d}, DataType.FLOAT);
    }

    private static ServerSocket bind(int from, int to, int rank) throws IOException {
        if (from == 0) {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(0), 8);
            return s;
        }
        for (int p = from; p <= to; p++) {
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(p), 8);
                return s;
            } catch (BindException e) {
                s.close();
            }
        }
        throw new IOException("Worker " + rank + " found no free port in " + from + "-" + to
                + " (SparkTrainer.portRange): widen the range or free ports on the executor.");
    }

    private static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }
}
