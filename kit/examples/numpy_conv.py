"""A hand-written conv layer in NumPy, checked against DL4J through .npy files (see docs/kit.md, "From any language").

    python3 kit/examples/numpy_conv.py OUT_DIR          # a correct conv: lab agree says agree (exit 0)
    python3 kit/examples/numpy_conv.py OUT_DIR --bug    # dW assigned (=) instead of accumulated (+=): exit 4

then
    ./lab agree --layer 'conv(4,k3,s2,p1)' --input OUT_DIR/x.npy --param W=OUT_DIR/W.npy --param b=OUT_DIR/b.npy \
        --dout OUT_DIR/dout.npy --output OUT_DIR/y.npy --grad dx=OUT_DIR/dx.npy --grad dW=OUT_DIR/dW.npy \
        --grad db=OUT_DIR/db.npy
"""
import os
import sys

import numpy as np

out, bug = sys.argv[1], "--bug" in sys.argv
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)
N, C, H, W = 2, 3, 7, 6                      # batch, channels, height, width
F, K, S, P = 4, 3, 2, 1                      # conv(4,k3,s2,p1): filters, kernel, stride, padding
x = rng.standard_normal((N, C, H, W))
w = 0.5 * rng.standard_normal((F, C, K, K))  # DL4J's layout: (F, C, KH, KW)
b = 0.5 * rng.standard_normal(F)
OH, OW = (H + 2 * P - K) // S + 1, (W + 2 * P - K) // S + 1

# forward: cross-correlation (no kernel flip) over the zero-padded input, as DL4J computes it
xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
y = np.zeros((N, F, OH, OW))
for oh in range(OH):
    for ow in range(OW):
        patch = xp[:, :, oh * S:oh * S + K, ow * S:ow * S + K]                   # (N, C, K, K)
        y[:, :, oh, ow] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3])) + b

# backward from an upstream gradient dout: the gradients of L = sum(y * dout), sums over the batch
dout = rng.standard_normal(y.shape)
dxp, dw, db = np.zeros_like(xp), np.zeros_like(w), dout.sum(axis=(0, 2, 3))
for oh in range(OH):
    for ow in range(OW):
        patch = xp[:, :, oh * S:oh * S + K, ow * S:ow * S + K]
        g = dout[:, :, oh, ow]                                                    # (N, F)
        if bug:
            dw = np.tensordot(g, patch, axes=([0], [0]))     # the bug: = keeps only the last position
        else:
            dw += np.tensordot(g, patch, axes=([0], [0]))    # (F, C, K, K): every position adds
        dxp[:, :, oh * S:oh * S + K, ow * S:ow * S + K] += np.tensordot(g, w, axes=([1], [0]))
dx = dxp[:, :, P:P + H, P:P + W]

for name, a in dict(x=x, W=w, b=b, dout=dout, y=y, dx=dx, dW=dw, db=db).items():
    np.save(os.path.join(out, name + ".npy"), a)
print("wrote x, W, b, dout, y, dx, dW, db to", out, "(with the planted bug)" if bug else "")
