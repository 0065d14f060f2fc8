"""Your ReLU in NumPy, graded against DL4J's ActivationLayer (RELU), relu.

Write forward and backward below, then

    python3 relu.py        # runs your layer on a fixed batch, writes out/*.npy
    @AGREE@

Shapes: x, y, dout and dx all (N, C, H, W).
"""
import os

import numpy as np


def forward(x):
    """y = max(0, x), elementwise. Returns y and the cache."""
    #>> forward
    return np.maximum(x, 0.0), x
    #<< forward


def backward(dout, cache):
    """From dout: returns dx = dout where x > 0, else 0.

    DL4J's convention: the derivative at exactly x = 0 is 0 (x > 0, not x >= 0); the input has exact zeros.
    """
    #>> backward
    x = cache
    return np.where(x > 0, dout, 0.0)
    #<< backward


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    x = (rng.integers(0, 9, size=(2, 3, 4, 5)) - 4) / 4.0  # quarters from -1 to 1: exact zeros
    y, cache = forward(x)
    dout = rng.standard_normal(y.shape)
    dx = backward(dout, cache)
    for name, a in dict(x=x, dout=dout, y=y, dx=dx).items():
        np.save(os.path.join(out, name + ".npy"), np.asarray(a, dtype=np.float64))
    print("wrote x, dout, y, dx to", out)
