"""Your fully connected layer in NumPy, graded against DL4J's DenseLayer, dense(5).

Write forward and backward below, then

    python3 dense.py       # runs your layer on a fixed batch, writes out/*.npy
    @AGREE@

Shapes: x (N, D), w (D, U) (DL4J's layout: in, out), b (U), y and dout (N, U).
Gradients are those of L = sum(y * dout): plain sums over the batch.
"""
import os

import numpy as np

U = 5  # dense(5): units


def forward(x, w, b):
    """y = x . w + b. Returns y and whatever backward needs (the cache)."""
    #>> forward
    return x @ w + b, (x, w)
    #<< forward


def backward(dout, cache):
    """From dout (N, U): returns dx (N, D), dw (D, U), db (U).

    w and b are used by every example, so their gradients SUM over the batch (no 1/N: that is the loss's).
    """
    #>> backward
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)
    #<< backward


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    N, D = 3, 7
    x = rng.integers(0, 5, size=(N, D)) / 4.0
    w = 0.5 * rng.standard_normal((D, U))
    b = 0.5 * rng.standard_normal(U)
    y, cache = forward(x, w, b)
    dout = rng.standard_normal(y.shape)
    dx, dw, db = backward(dout, cache)
    for name, a in dict(x=x, W=w, b=b, dout=dout, y=y, dx=dx, dW=dw, db=db).items():
        np.save(os.path.join(out, name + ".npy"), np.asarray(a, dtype=np.float64))
    print("wrote x, W, b, dout, y, dx, dW, db to", out)
