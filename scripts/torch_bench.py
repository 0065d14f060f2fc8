#!/usr/bin/env python3
"""PyTorch's time for the benchmark's training steps, as JMH-shaped JSON that lab.bench.Table reads.

The same networks as the reference presets (layers, batch 32, 28x28 or 8x8 inputs of uniform pixels,
random labels), the same optimizers (Adam lr 0.005 for mlp and cnn, SGD lr 0.1 for book-cnn), in
float32 and float64, on the thread count given: one step is zero_grad, forward, cross-entropy,
backward, optimizer step. Not a correctness check (PyTorch's init and Adam differ in detail from
the reference's); a timer only. scripts/bench runs it, one process per thread count.

  torch_bench.py --threads 1 --out torch-1T.json [--models cnn,mlp] [--dtypes float,double]
                 [--warmup 2] [--iterations 3] [--seconds 0.5]
  torch_bench.py --check     which BLAS and oneDNN this PyTorch runs on; exit 3 on the reference BLAS
"""
import argparse
import json
import os
import re
import sys
import time

import torch
import torch.nn as nn

BATCH = 32


def network(model):
    """The reference preset as a torch module, and its input side."""
    if model == "mlp":  # dense(128)-relu-dense(10)
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)), 28
    if model == "cnn":  # conv(8,k3,p1)-relu-maxpool(2)-conv(16,k3,p1)-relu-maxpool(2)-dense(10)
        return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(16 * 7 * 7, 10)), 28
    if model == "book-cnn":  # conv(4,k3)-relu-dense(10) on 8x8
        return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 10)), 8
    raise ValueError("unknown model " + model)


def measure(model, dtype, warmup, iterations, seconds):
    """Seconds per step, one number per measured iteration (each about `seconds` long). The network and
    its optimizer start afresh at every iteration, as in the Java benchmarks: trained on one batch for
    longer, a network memorises it and its gradients shrink into subnormal numbers, which slows every
    stack for a reason no real run meets."""
    torch.manual_seed(1)
    loss_fn = nn.CrossEntropyLoss()
    per_step = []
    for it in range(warmup + iterations):
        net, side = network(model)
        net = net.to(dtype)
        x = torch.rand(BATCH, 1, side, side, dtype=dtype)
        y = torch.randint(0, 10, (BATCH,))
        optimizer = (torch.optim.SGD(net.parameters(), lr=0.1) if side == 8
                     else torch.optim.Adam(net.parameters(), lr=0.005))

        def step():
            optimizer.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            optimizer.step()

        steps, start = 0, time.perf_counter()
        while True:
            step()
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        if it >= warmup:
            per_step.append(elapsed / steps)
    return per_step


def blas():
    """The BLAS this PyTorch computes with, as (kind, files): its float64 convolutions, its dense layers and
    parts of its backward go through it. A build that names its BLAS (BLAS_INFO=mkl in pip's wheels) is
    taken at its word; Debian's says "generic": it calls whatever libblas.so.3 the process mapped, which is
    Netlib's unoptimised reference BLAS unless an optimised one (libopenblas0-pthread) provides it."""
    info = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    with open("/proc/self/maps") as maps:
        files = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    if info and info.group(1) != "generic":
        return info.group(1), files
    linked = [f for f in files if os.path.basename(f).startswith("libblas.so")]
    if not linked:
        return "none found", files
    real = os.path.realpath(linked[0]).lower()
    for name, kind in (("openblas", "OpenBLAS"), ("mkl", "MKL"), ("blis", "BLIS"), ("atlas", "ATLAS")):
        if name in real:
            return kind, files
    return "the reference BLAS (Netlib)", files


def peer():
    """PyTorch as this process has it, in one line: version, BLAS (and its files), oneDNN."""
    kind, files = blas()
    return "torch %s, BLAS: %s (%s), oneDNN: %s" % (torch.__version__, kind, ", ".join(files) or "-",
                                                    "on" if torch.backends.mkldnn.is_available() else "off")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true",
                   help="print the peer line and exit: 0 on an optimised BLAS, 3 on the reference BLAS")
    p.add_argument("--threads", type=int)
    p.add_argument("--out")
    p.add_argument("--models", default="book-cnn,mlp,cnn")
    p.add_argument("--dtypes", default="float,double")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--iterations", type=int, default=3)
    p.add_argument("--seconds", type=float, default=0.5)
    a = p.parse_args()
    if a.check:
        print(peer())
        kind = blas()[0]
        sys.exit(3 if kind.startswith("the reference") or kind == "none found" else 0)
    if a.threads is None or a.out is None:
        p.error("--threads and --out are required (or --check)")
    torch.set_num_threads(a.threads)
    results = []
    for model in a.models.split(","):
        for dtype in a.dtypes.split(","):
            per_step = measure(model, {"float": torch.float32, "double": torch.float64}[dtype],
                               a.warmup, a.iterations, a.seconds)
            us = [s * 1e6 for s in per_step]
            mean = sum(us) / len(us)
            results.append({
                "benchmark": "lab.bench.TorchTrain.step",
                "params": {"model": model, "dtype": dtype, "threads": str(a.threads)},
                "primaryMetric": {"score": mean, "scoreError": "NaN", "scoreUnit": "us/op",
                                  "rawData": [us]},
            })
    with open(a.out, "w") as f:
        json.dump(results, f, indent=1)
    print(peer())


if __name__ == "__main__":
    main()
