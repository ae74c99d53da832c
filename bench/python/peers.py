#!/usr/bin/env python3
"""The Python peers of bench/ (issue 22): one system, one workload, in this process, as a user runs it.

Systems: keras-tf (Keras 3 on TensorFlow, model.fit / model.predict), keras-jax (Keras 3 on JAX, the
same code), torch (PyTorch eager: a plain training loop), torch-peak (a large torch.mm, the machine's
physical bound). Workloads W1, W2, W3, W5, W6, W7, W8 have the shapes of bench/'s Java workloads
(dev.athanor.bench.Workloads): seeded standard-normal features and random one-hot labels, float32,
Glorot-uniform kernels and zero biases, Adam(1e-3, epsilon 1e-7), categorical crossentropy, shuffled
every epoch.

Protocol (the same as the Java side, dev.athanor.bench.Single): build the model, one warm-up epoch
(Keras traces/compiles here, JAX jit-compiles), then --timed timed epochs; each timed epoch prints

    RESULT <system> <workload> <samples/s> <1-minute load when it started>

Run by the driver dev.athanor.bench.Peers, once per system, workload and round, each in its own process.
Threads: --threads (default: the machine's cores) for torch (set_num_threads), TensorFlow
(intra/inter-op) and XLA (its Eigen pool); set before the framework is imported.
"""
import argparse
import os
import sys
import time

W1_IN, H1, H2, CLASSES = 784, 512, 256, 10
IMAGE, CONV1, CONV2, KERNEL, POOL = 28, 32, 64, 3, 2
STEPS, FEATURES, UNITS = 50, 32, 128
RES_FILTERS = 16
SEQ, D_MODEL, HEADS, FF, DROPOUT = 64, 128, 4, 512, 0.1
LR, EPS = 1e-3, 1e-7

# workload -> (kind, batch, default samples, sample shape)
WORKLOADS = {
    "W1": ("mlp-train", 128, 60000, (W1_IN,)),
    "W2": ("mlp-predict", 1024, 60000, (W1_IN,)),
    "W3": ("mlp-train", 16, 15000, (W1_IN,)),
    "W5": ("conv-train", 128, 3200, (IMAGE, IMAGE, 1)),
    "W6": ("lstm-train", 64, 2560, (STEPS, FEATURES)),
    "W7": ("resnet-train", 64, 1280, (IMAGE, IMAGE, 1)),
    "W8": ("transformer-train", 32, 640, (SEQ, D_MODEL)),
}


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def data(n, shape):
    import numpy as np
    r = np.random.default_rng(42)
    x = r.standard_normal((n,) + shape, dtype=np.float32)
    y = np.zeros((n, CLASSES), dtype=np.float32)
    y[np.arange(n), r.integers(0, CLASSES, n)] = 1.0
    return x, y


def report(system, workload, rate, ld):
    print("RESULT %s %s %.1f %.2f" % (system, workload, rate, ld), flush=True)


def info(msg):
    print("INFO " + msg, flush=True)


# ---------------------------------------------------------------- Keras 3 (TensorFlow or JAX backend)

def keras_model(kind):
    import keras
    from keras import layers
    if kind.startswith("mlp"):
        return keras.Sequential([keras.Input((W1_IN,)), layers.Dense(H1, activation="relu"),
                                 layers.Dense(H2, activation="relu"), layers.Dense(CLASSES, activation="softmax")])
    if kind == "conv-train":
        return keras.Sequential([keras.Input((IMAGE, IMAGE, 1)), layers.Conv2D(CONV1, KERNEL, activation="relu"),
                                 layers.MaxPooling2D(POOL), layers.Conv2D(CONV2, KERNEL, activation="relu"),
                                 layers.MaxPooling2D(POOL), layers.Flatten(),
                                 layers.Dense(CLASSES, activation="softmax")])
    if kind == "lstm-train":
        return keras.Sequential([keras.Input((STEPS, FEATURES)), layers.LSTM(UNITS),
                                 layers.Dense(CLASSES, activation="softmax")])
    if kind == "resnet-train":
        inp = keras.Input((IMAGE, IMAGE, 1))
        x = layers.Conv2D(RES_FILTERS, 3, padding="same", use_bias=False)(inp)
        x = layers.BatchNormalization()(x)
        x = layers.Activation("relu")(x)
        y = layers.Conv2D(RES_FILTERS, 3, padding="same", use_bias=False)(x)
        y = layers.BatchNormalization()(y)
        y = layers.Activation("relu")(y)
        y = layers.Conv2D(RES_FILTERS, 3, padding="same", use_bias=False)(y)
        y = layers.BatchNormalization()(y)
        z = layers.Activation("relu")(layers.Add()([x, y]))
        z = layers.MaxPooling2D(POOL)(z)
        z = layers.GlobalAveragePooling2D()(z)
        return keras.Model(inp, layers.Dense(CLASSES, activation="softmax")(z))
    if kind == "transformer-train":
        # the block of Keras's text-classification-with-Transformer example on [64, 128] features
        inp = keras.Input((SEQ, D_MODEL))
        a = layers.MultiHeadAttention(num_heads=HEADS, key_dim=D_MODEL // HEADS)(inp, inp)
        x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([inp, layers.Dropout(DROPOUT)(a)]))
        f = layers.Dense(D_MODEL)(layers.Dense(FF, activation="relu")(x))
        x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, layers.Dropout(DROPOUT)(f)]))
        x = layers.GlobalAveragePooling1D()(x)
        return keras.Model(inp, layers.Dense(CLASSES, activation="softmax")(x))
    raise ValueError(kind)


def run_keras(system, workload, samples, timed):
    import keras
    kind, batch, _, shape = WORKLOADS[workload]
    x, y = data(samples, shape)
    model = keras_model(kind)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR, epsilon=EPS), loss="categorical_crossentropy")
    info("%s %s keras %s backend %s, %d parameters" % (system, workload, keras.__version__,
                                                      keras.backend.backend(), model.count_params()))
    if kind == "mlp-predict":
        def epoch():
            model.predict(x, batch_size=batch, verbose=0)
    else:
        def epoch():
            model.fit(x, y, batch_size=batch, epochs=1, shuffle=True, verbose=0)
    epoch()  # warm-up: tracing / compilation
    for _ in range(timed):
        ld = load()
        t0 = time.perf_counter()
        epoch()
        report(system, workload, samples / (time.perf_counter() - t0), ld)


# ---------------------------------------------------------------- PyTorch eager

def torch_model(kind):
    import torch
    from torch import nn

    def glorot(m):
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)

    if kind.startswith("mlp"):
        m = nn.Sequential(nn.Linear(W1_IN, H1), nn.ReLU(), nn.Linear(H1, H2), nn.ReLU(), nn.Linear(H2, CLASSES))
    elif kind == "conv-train":
        # PyTorch's own layout (NCHW), as its users write it
        m = nn.Sequential(nn.Conv2d(1, CONV1, KERNEL), nn.ReLU(), nn.MaxPool2d(POOL),
                          nn.Conv2d(CONV1, CONV2, KERNEL), nn.ReLU(), nn.MaxPool2d(POOL), nn.Flatten(),
                          nn.Linear(CONV2 * 5 * 5, CLASSES))
    elif kind == "lstm-train":
        class Lstm(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(FEATURES, UNITS, batch_first=True)
                self.out = nn.Linear(UNITS, CLASSES)

            def forward(self, x):
                h, _ = self.lstm(x)
                return self.out(h[:, -1])
        m = Lstm()
    elif kind == "resnet-train":
        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                f = RES_FILTERS
                # Keras's BatchNormalization defaults: momentum 0.99 (torch's 0.01), epsilon 1e-3
                self.c0, self.b0 = nn.Conv2d(1, f, 3, padding=1, bias=False), nn.BatchNorm2d(f, 1e-3, 0.01)
                self.c1, self.b1 = nn.Conv2d(f, f, 3, padding=1, bias=False), nn.BatchNorm2d(f, 1e-3, 0.01)
                self.c2, self.b2 = nn.Conv2d(f, f, 3, padding=1, bias=False), nn.BatchNorm2d(f, 1e-3, 0.01)
                self.pool = nn.MaxPool2d(POOL)
                self.out = nn.Linear(f, CLASSES)

            def forward(self, x):
                x = torch.relu(self.b0(self.c0(x)))
                y = torch.relu(self.b1(self.c1(x)))
                y = self.b2(self.c2(y))
                z = self.pool(torch.relu(x + y))
                return self.out(z.mean(dim=(2, 3)))
        m = Block()
    elif kind == "transformer-train":
        class Transformer(nn.Module):
            def __init__(self):
                super().__init__()
                self.att = nn.MultiheadAttention(D_MODEL, HEADS, batch_first=True)
                self.ln1, self.ln2 = nn.LayerNorm(D_MODEL, eps=1e-6), nn.LayerNorm(D_MODEL, eps=1e-6)
                self.f1, self.f2 = nn.Linear(D_MODEL, FF), nn.Linear(FF, D_MODEL)
                self.drop = nn.Dropout(DROPOUT)
                self.out = nn.Linear(D_MODEL, CLASSES)

            def forward(self, x):
                a, _ = self.att(x, x, x, need_weights=False)
                x = self.ln1(x + self.drop(a))
                x = self.ln2(x + self.drop(self.f2(torch.relu(self.f1(x)))))
                return self.out(x.mean(dim=1))
        m = Transformer()
    else:
        raise ValueError(kind)
    m.apply(glorot)
    return m


def run_torch(system, workload, samples, timed):
    import torch
    kind, batch, _, shape = WORKLOADS[workload]
    xn, yn = data(samples, shape)
    x, y = torch.from_numpy(xn), torch.from_numpy(yn)
    if len(shape) == 3:  # images: NHWC data -> PyTorch's NCHW
        x = x.permute(0, 3, 1, 2).contiguous()
    model = torch_model(kind)
    info("%s %s torch %s, %d threads, %d parameters" % (system, workload, torch.__version__, torch.get_num_threads(),
                                                       sum(p.numel() for p in model.parameters())))
    if kind == "mlp-predict":
        model.eval()

        def epoch():
            with torch.inference_mode():
                for i in range(0, samples, batch):
                    torch.softmax(model(x[i:i + batch]), dim=-1)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=LR, eps=EPS)
        loss_fn = torch.nn.CrossEntropyLoss()  # on logits, one-hot (probability) targets

        def epoch():
            model.train()
            perm = torch.randperm(samples)
            for i in range(0, samples, batch):
                idx = perm[i:i + batch]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(x[idx]), y[idx])
                loss.backward()
                opt.step()
    epoch()
    for _ in range(timed):
        ld = load()
        t0 = time.perf_counter()
        epoch()
        report(system, workload, samples / (time.perf_counter() - t0), ld)


def run_torch_peak(system, timed, size):
    """The machine's physical bound as PyTorch sees it: C = A·B, float32, size³, best of a few."""
    import torch
    a, b = torch.randn(size, size), torch.randn(size, size)
    c = torch.empty(size, size)
    torch.mm(a, b, out=c)
    for _ in range(timed):
        ld = load()
        best = 0.0
        for _ in range(5):
            t0 = time.perf_counter()
            torch.mm(a, b, out=c)
            best = max(best, 2.0 * size ** 3 / (time.perf_counter() - t0) / 1e9)
        print("PEAK %s sgemm%d %.1f %.2f" % (system, size, best, ld), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--system", required=True, choices=["keras-tf", "keras-jax", "torch", "torch-peak"])
    p.add_argument("--workload", default="W1", choices=sorted(WORKLOADS))
    p.add_argument("--samples", type=int, default=0, help="samples per epoch (default: the workload's)")
    p.add_argument("--timed", type=int, default=1, help="timed epochs after the warm-up")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--peak-size", type=int, default=2048)
    a = p.parse_args()
    t = str(a.threads)
    if a.system.startswith("keras"):
        os.environ["KERAS_BACKEND"] = "tensorflow" if a.system == "keras-tf" else "jax"
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        if a.system == "keras-jax":
            os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=" + t)
            os.environ.setdefault("JAX_PLATFORMS", "cpu")
        else:
            import tensorflow as tf
            tf.config.threading.set_intra_op_parallelism_threads(a.threads)
            tf.config.threading.set_inter_op_parallelism_threads(a.threads)
    else:
        import torch
        torch.set_num_threads(a.threads)
    samples = a.samples or WORKLOADS[a.workload][2]
    if a.system == "torch-peak":
        run_torch_peak(a.system, a.timed, a.peak_size)
    elif a.system == "torch":
        run_torch(a.system, a.workload, samples, a.timed)
    else:
        run_keras(a.system, a.workload, samples, a.timed)
    import resource
    print("MEM %d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)  # kB on Linux


if __name__ == "__main__":
    sys.exit(main())
