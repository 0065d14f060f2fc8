"""Your max pooling in NumPy, graded against DL4J's SubsamplingLayer (MAX), maxpool(2): 2x2 windows at stride 2.

Write forward and backward below, then

    python3 maxpool.py     # runs your layer on a fixed batch, writes out/*.npy
    @AGREE@

Shapes: x (N, C, H, W), y and dout (N, C, H // 2, W // 2), dx like x.
"""
import os

import numpy as np

K = 2  # maxpool(2): window and stride


def forward(x):
    """y[n,c,oh,ow] = the largest x[n, c, oh*K + kh, ow*K + kw] over the window.

    DL4J's convention: ties go to the FIRST maximum in raster order (kh outer, kw inner); np.argmax on the
    window flattened in C order picks exactly that one. Returns y and the cache (where each maximum came from).
    """
    #>> forward
    N, C, H, W = x.shape
    windows = x.reshape(N, C, H // K, K, W // K, K).transpose(0, 1, 2, 4, 3, 5).reshape(N, C, H // K, W // K, K * K)
    first = windows.argmax(axis=-1)  # the first maximum in raster order
    return windows.max(axis=-1), (x.shape, first)
    #<< forward


def backward(dout, cache):
    """From dout (N, C, OH, OW): returns dx (N, C, H, W).

    The whole of dout goes to the ONE input its window chose (the first maximum); never split it among ties.
    """
    #>> backward
    shape, first = cache
    N, C, H, W = shape
    grads = np.zeros(first.shape + (K * K,))
    np.put_along_axis(grads, first[..., None], dout[..., None], axis=-1)
    return grads.reshape(N, C, H // K, W // K, K, K).transpose(0, 1, 2, 4, 3, 5).reshape(N, C, H, W)
    #<< backward


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    N, C, H, W = 2, 3, 6, 4
    x = rng.integers(0, 5, size=(N, C, H, W)) / 4.0  # a grid of quarters: many ties
    x[:, :, 1:4, 1:3] = 0.0
    y, cache = forward(x)
    dout = rng.standard_normal(y.shape)
    dx = backward(dout, cache)
    for name, a in dict(x=x, dout=dout, y=y, dx=dx).items():
        np.save(os.path.join(out, name + ".npy"), np.asarray(a, dtype=np.float64))
    print("wrote x, dout, y, dx to", out)
