"""Your 2-D convolution in NumPy, graded against DL4J's ConvolutionLayer, conv(4,k3,s2,p1).

Write forward and backward below, then

    python3 conv.py        # runs your layer on a fixed batch, writes out/*.npy
    @AGREE@

Shapes: x (N, C, H, W), w (F, C, KH, KW) (DL4J's layout), b (F), y and dout (N, F, OH, OW),
OH = (H + 2 P - K) // S + 1. Gradients are those of L = sum(y * dout): plain sums over the batch.
"""
import os

import numpy as np

F, K, S, P = 4, 3, 2, 1  # conv(4,k3,s2,p1): filters, kernel, stride, zero padding (each side)


def forward(x, w, b):
    """y[n,f,oh,ow] = b[f] + sum over (c, kh, kw) of w[f,c,kh,kw] * x[n, c, oh*S - P + kh, ow*S - P + kw]

    DL4J's conventions: cross-correlation (the kernel is NOT flipped); zero padding: positions outside
    the input contribute nothing. Returns y and whatever backward needs (the cache).
    """
    #>> forward
    N, C, H, W = x.shape
    OH, OW = (H + 2 * P - K) // S + 1, (W + 2 * P - K) // S + 1
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    y = np.zeros((N, F, OH, OW))
    for oh in range(OH):
        for ow in range(OW):
            patch = xp[:, :, oh * S:oh * S + K, ow * S:ow * S + K]  # (N, C, K, K)
            y[:, :, oh, ow] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return y, (x, w)
    #<< forward


def backward(dout, cache):
    """From dout (N, F, OH, OW): returns dx (N, C, H, W), dw (F, C, KH, KW), db (F).

    Weight sharing: w[f,c,kh,kw] was used at EVERY (n, oh, ow), so dw is a SUM over all of them (+=, never =);
    db likewise; over the batch too (no 1/N: that belongs to the loss). Walk the input as forward does, padding
    included: for each forward term y += w * x, dw += dout * x and dx += dout * w.
    """
    #>> backward
    x, w = cache
    N, C, H, W = x.shape
    _, _, OH, OW = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    dxp, dw, db = np.zeros_like(xp), np.zeros_like(w), dout.sum(axis=(0, 2, 3))
    for oh in range(OH):
        for ow in range(OW):
            patch = xp[:, :, oh * S:oh * S + K, ow * S:ow * S + K]
            g = dout[:, :, oh, ow]  # (N, F)
            dw += np.tensordot(g, patch, axes=([0], [0]))  # every position adds
            dxp[:, :, oh * S:oh * S + K, ow * S:ow * S + K] += np.tensordot(g, w, axes=([1], [0]))
    return dxp[:, :, P:P + H, P:P + W], dw, db
    #<< backward


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    N, C, H, W = 2, 3, 7, 6
    x = rng.integers(0, 5, size=(N, C, H, W)) / 4.0  # a grid of quarters: ties and exact zeros
    x[:, :, 1:4, 1:4] = 0.0
    w = 0.5 * rng.standard_normal((F, C, K, K))
    b = 0.5 * rng.standard_normal(F)
    y, cache = forward(x, w, b)
    dout = rng.standard_normal(y.shape)
    dx, dw, db = backward(dout, cache)
    for name, a in dict(x=x, W=w, b=b, dout=dout, y=y, dx=dx, dW=dw, db=db).items():
        np.save(os.path.join(out, name + ".npy"), np.asarray(a, dtype=np.float64))
    print("wrote x, W, b, dout, y, dx, dW, db to", out)
