"""A hand-written batch normalisation in NumPy, checked against DL4J through .npy files (docs/kit.md).

    python3 kit/examples/numpy_batchnorm.py OUT_DIR         # correct: lab agree says agree (exit 0)
    python3 kit/examples/numpy_batchnorm.py OUT_DIR --bug   # dx forgets that the batch's mean and variance
                                                            # depend on x: exit 4

then
    ./lab agree --layer batchnorm --input OUT_DIR/x.npy --param gamma=OUT_DIR/gamma.npy \
        --param beta=OUT_DIR/beta.npy --dout OUT_DIR/dout.npy --output OUT_DIR/y.npy --grad dx=OUT_DIR/dx.npy \
        --grad dgamma=OUT_DIR/dgamma.npy --grad dbeta=OUT_DIR/dbeta.npy \
        --running mean=OUT_DIR/running_mean.npy --running var=OUT_DIR/running_var.npy
"""
import os
import sys

import numpy as np

out, bug = sys.argv[1], "--bug" in sys.argv
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)
N, C, H, W = 4, 3, 5, 6                    # batch, channels, height, width
EPS = 1e-5                                 # DL4J's default epsilon
DECAY = 0.9                                # DL4J's default decay: the old running value's weight
x = 2.0 + 3.0 * rng.standard_normal((N, C, H, W))
gamma = 1.0 + 0.5 * rng.standard_normal(C)
beta = 0.5 * rng.standard_normal(C)
axes = (0, 2, 3)                           # per channel: over the batch and every position
m = N * H * W                              # values per channel

# forward, training mode: the batch's own mean and (biased) variance
mean = x.mean(axis=axes, keepdims=True)
var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
std = np.sqrt(var + EPS)
xhat = (x - mean) / std
g, bt = gamma.reshape(1, C, 1, 1), beta.reshape(1, C, 1, 1)
y = g * xhat + bt

# backward from an upstream gradient dout: the gradients of L = sum(y * dout)
dout = rng.standard_normal(y.shape)
dgamma = (dout * xhat).sum(axis=axes)
dbeta = dout.sum(axis=axes)
if bug:
    dx = g / std * dout                    # the bug: as if mean and var were constants
else:
    # every x moves the mean and the variance too, which move every xhat of its channel
    dx = g / std * (dout - dout.sum(axis=axes, keepdims=True) / m
                    - xhat * (dout * xhat).sum(axis=axes, keepdims=True) / m)

# the running statistics after this one training step, from mean 0 and variance 1 (DL4J's way: the BIASED
# batch variance, no eps; PyTorch's running_var uses the unbiased one, var * m / (m - 1), which DL4J's is not)
running_mean = DECAY * np.zeros(C) + (1 - DECAY) * mean.reshape(C)
running_var = DECAY * np.ones(C) + (1 - DECAY) * var.reshape(C)

for name, a in dict(x=x, gamma=gamma, beta=beta, dout=dout, y=y, dx=dx, dgamma=dgamma, dbeta=dbeta,
                    running_mean=running_mean, running_var=running_var).items():
    np.save(os.path.join(out, name + ".npy"), a)
print("wrote x, gamma, beta, dout, y, dx, dgamma, dbeta, running_mean, running_var to", out,
      "(with the planted bug)" if bug else "")
