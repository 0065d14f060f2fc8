"""Your locally connected 2-D layer in NumPy (a conv's receptive fields, every output position its own
kernel), graded against DL4J's LocallyConnected2D, local(2,k2,s1,p1).

Write forward and backward below, then

    python3 local.py       # runs your layer on a fixed batch, writes out/*.npy
    @AGREE@

Shapes: x (N, C, H, W), w (OH*OW, C*KH*KW, F) (DL4J's layout: position oh*OW + ow, then the tap (c, kh, kw)
in a conv's order, then f), b (F), one per filter, shared by every position; y and dout (N, F, OH, OW).
Gradients are those of L = sum(y * dout): plain sums over the batch.
"""
import os

import numpy as np

F, K, S, P = 2, 2, 1, 1  # local(2,k2,s1,p1): filters, kernel, stride, zero padding (each side)


def forward(x, w, b):
    """y[n,f,oh,ow] = b[f] + sum over (c, kh, kw) of w[oh*OW + ow, (c, kh, kw), f] * x[n, c, oh*S - P + kh, ow*S - P + kw]

    DL4J's conventions: cross-correlation (NOT flipped); zero padding contributes nothing. Returns y and the cache.
    """
    #>> forward
    N, C, H, W = x.shape
    OH, OW = (H + 2 * P - K) // S + 1, (W + 2 * P - K) // S + 1
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    y = np.zeros((N, F, OH, OW))
    for oh in range(OH):
        for ow in range(OW):
            patch = xp[:, :, oh * S:oh * S + K, ow * S:ow * S + K].reshape(N, -1)  # (N, C*K*K), (c, kh, kw) order
            y[:, :, oh, ow] = patch @ w[oh * OW + ow] + b
    return y, (x, w)
    #<< forward


def backward(dout, cache):
    """From dout (N, F, OH, OW): returns dx (N, C, H, W), dw (OH*OW, C*KH*KW, F), db (F).

    No weight sharing: each position's kernel was used at that position only, so its gradient sums over the
    batch only; db[f], shared by every (n, oh, ow), sums over all of them. Plain sums: no 1/N.
    """
    #>> backward
    x, w = cache
    N, C, H, W = x.shape
    _, _, OH, OW = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    dxp, dw, db = np.zeros_like(xp), np.zeros_like(w), dout.sum(axis=(0, 2, 3))
    for oh in range(OH):
        for ow in range(OW):
            patch = xp[:, :, oh * S:oh * S + K, ow * S:ow * S + K].reshape(N, -1)
            g = dout[:, :, oh, ow]  # (N, F)
            dw[oh * OW + ow] += patch.T @ g  # summed over the batch
            dxp[:, :, oh * S:oh * S + K, ow * S:ow * S + K] += (g @ w[oh * OW + ow].T).reshape(N, C, K, K)
    return dxp[:, :, P:P + H, P:P + W], dw, db
    #<< backward


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    N, C, H, W = 2, 3, 5, 4
    OH, OW = (H + 2 * P - K) // S + 1, (W + 2 * P - K) // S + 1
    x = rng.integers(0, 5, size=(N, C, H, W)) / 4.0  # a grid of quarters: ties and exact zeros
    x[:, :, 1:3, 1:3] = 0.0
    w = 0.5 * rng.standard_normal((OH * OW, C * K * K, F))
    b = 0.5 * rng.standard_normal(F)
    y, cache = forward(x, w, b)
    dout = rng.standard_normal(y.shape)
    dx, dw, db = backward(dout, cache)
    for name, a in dict(x=x, W=w, b=b, dout=dout, y=y, dx=dx, dW=dw, db=db).items():
        np.save(os.path.join(out, name + ".npy"), np.asarray(a, dtype=np.float64))
    print("wrote x, W, b, dout, y, dx, dW, db to", out)
