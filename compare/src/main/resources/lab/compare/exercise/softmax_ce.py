"""Your softmax + cross-entropy loss in NumPy, graded against DL4J's LossMCXENT on a softmax, softmax-ce.

Write forward and backward below, then

    python3 softmax_ce.py  # runs your loss on a fixed batch (one row of logits near 1000), writes out/*.npy
    @AGREE@

Shapes: logits (N, K); labels (N,), integer class indices in [0, K) (not one-hot); the loss one number, the
MEAN over the batch; dlogits (N, K). The loss ends the network: no weights, no upstream gradient.
"""
import os

import numpy as np


def forward(logits, labels):
    """The MEAN over the batch of -log softmax(logits)[i, labels[i]]. Returns the loss and the cache.

    p[i, j] = exp(z[i, j]) / sum over j' of exp(z[i, j']). Numerics: one row of logits sits near 1000, where
    np.exp overflows to inf (the largest finite float64 is about exp(709)). Subtract each row's max m first:
    softmax(z) = softmax(z - m) exactly, and the largest exponent is then 0. And take -log p[y] as
    log(sum_j exp(z_j - m)) - (z_y - m), finite even where p[y] itself underflows to 0.
    """
    #>> forward
    n = logits.shape[0]
    z = logits - logits.max(axis=1, keepdims=True)  # the row max subtracted: the largest exponent is 0
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(s[:, 0]) - z[np.arange(n), labels])
    return loss, (e / s, labels)
    #<< forward


def backward(cache):
    """d(mean loss)/d(logits), (N, K): (p - onehot) / N, where the chain rule starts.

    The 1/N is the mean's: the loss is the mean over the batch, so each example's gradient is divided by N.
    """
    #>> backward
    p, labels = cache
    n = p.shape[0]
    dlogits = p.copy()
    dlogits[np.arange(n), labels] -= 1.0
    return dlogits / n
    #<< backward


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    N, K = 4, 5
    logits = 2.0 * rng.standard_normal((N, K))
    logits[1] += 1000.0  # a row near 1000: exp overflows there unless the row max is subtracted
    labels = rng.integers(0, K, size=N)  # class indices, not one-hot
    loss, cache = forward(logits, labels)
    dlogits = backward(cache)
    np.save(os.path.join(out, "logits.npy"), np.asarray(logits, dtype=np.float64))
    np.save(os.path.join(out, "labels.npy"), np.asarray(labels, dtype=np.int64))
    np.save(os.path.join(out, "loss.npy"), np.float64(loss))  # one number: a 0-d array
    np.save(os.path.join(out, "dlogits.npy"), np.asarray(dlogits, dtype=np.float64))
    print("wrote logits, labels, loss, dlogits to", out)
