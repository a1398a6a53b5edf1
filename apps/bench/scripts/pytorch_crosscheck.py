"""Cross-check of the bench's full-data result in PyTorch (not needed to build, test or run cyclr).

Trains the bench's MLP 784-256-10 (ReLU) with SGD momentum 0.9, batch 128, for 3,000 iterations
on full Fashion-MNIST with the exact specs the bench chose (cosine lr 0.1 from its grid; triangular
and oneCycle from its range test), using torch.optim.lr_scheduler, 3 seeds. If PyTorch ranks the
schedules the same way, the bench's result is a property of the task, not of cyclr's backends.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 apps/bench/scripts/pytorch_crosscheck.py [/usr/share/datasets/fashion-mnist]
"""
import gzip
import statistics
import sys

import numpy as np
import torch

DATA = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
ITERS, BATCH = 3000, 128
torch.set_num_threads(1)


def load(prefix):
    with gzip.open(f"{DATA}/{prefix}-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
    with gzip.open(f"{DATA}/{prefix}-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


xtr, ytr = load("train")
xte, yte = load("t10k")


def schedule(name, opt):
    s = torch.optim.lr_scheduler
    if name == "cosine":
        return s.CosineAnnealingLR(opt, T_max=ITERS)
    if name == "triangular":
        return s.CyclicLR(opt, base_lr=0.0147, max_lr=0.0587, step_size_up=500, cycle_momentum=False)
    if name == "oneCycle":
        return s.OneCycleLR(opt, max_lr=0.0587, total_steps=ITERS)
    raise ValueError(name)


def run(name, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = schedule(name, opt)
    g = torch.Generator().manual_seed(seed)
    perm, cursor = torch.randperm(len(ytr), generator=g), 0
    for _ in range(ITERS):
        if cursor + BATCH > len(ytr):
            perm, cursor = torch.randperm(len(ytr), generator=g), 0
        idx = perm[cursor : cursor + BATCH]
        cursor += BATCH
        loss = torch.nn.functional.cross_entropy(model(xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    with torch.no_grad():
        return (model(xte).argmax(1) == yte).float().mean().item()


for name in ["cosine", "triangular", "oneCycle"]:
    accs = [run(name, seed) for seed in range(3)]
    print(f"{name:11s} {100 * statistics.mean(accs):.2f}% ± {100 * statistics.stdev(accs):.2f}  ({', '.join(f'{100 * a:.2f}' for a in accs)})")
