"""Golden runs of torch.optim.lr_scheduler.ReduceLROnPlateau for @cyclr/core's plateau controller.

    /usr/bin/python3 packages/core/scripts/pytorch_plateau.py

Writes packages/core/src/__tests__/fixtures/plateau/torch-plateau.json: for each case the
options (our camelCase names), the PyTorch call, the metric sequence reported (one per epoch)
and "lr", the optimizer's lr after each scheduler.step(metric) (the rate of the next epoch).
The tests never need Python.
"""

import json
import math
import os
import random

import torch
from torch.optim import SGD
from torch.optim.lr_scheduler import ReduceLROnPlateau

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "__tests__", "fixtures", "plateau")

TORCH_NAMES = {"mode": "mode", "factor": "factor", "patience": "patience",
               "threshold": "threshold", "thresholdMode": "threshold_mode",
               "cooldown": "cooldown", "minLr": "min_lr", "eps": "eps"}


def case(title, lr, options, metrics):
    opt = SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    kwargs = {TORCH_NAMES[k]: v for k, v in options.items()}
    sched = ReduceLROnPlateau(opt, **kwargs)
    lrs = []
    for metric in metrics:
        sched.step(metric)
        lrs.append(opt.param_groups[0]["lr"])
    call = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    reductions = [i for i in range(len(lrs)) if lrs[i] != (lrs[i - 1] if i else lr)]
    return {"title": title, "torch": f"ReduceLROnPlateau(SGD(lr={lr}){', ' if call else ''}{call})",
            "lr0": lr, "options": options, "metrics": metrics, "lr": lrs,
            "reducedAfterReport": reductions}


rng = random.Random(15)


def noisy_loss(n, floor=0.3, noise=0.02):
    return [floor + math.exp(-k / 8) + rng.uniform(-noise, noise) for k in range(n)]


def noisy_accuracy(n):
    return [min(0.99, 0.5 + 0.4 * (1 - math.exp(-k / 6))) + rng.uniform(-0.015, 0.015)
            for k in range(n)]


cases = [
    case("defaults on a loss that flattens", 0.1, {}, noisy_loss(80)),
    case("patience 2, factor 0.5 on a flattening loss", 0.1, {"patience": 2, "factor": 0.5},
         noisy_loss(60)),
    case("mode max, abs threshold 0.01, patience 2 on an accuracy", 0.05,
         {"mode": "max", "thresholdMode": "abs", "threshold": 0.01, "patience": 2,
          "factor": 0.5}, noisy_accuracy(60)),
    case("mode max, rel threshold (default) on an accuracy", 0.05,
         {"mode": "max", "patience": 3}, noisy_accuracy(60)),
    case("cooldown 3, patience 1, minLr 0.01: reductions stop at the floor", 0.1,
         {"patience": 1, "factor": 0.5, "cooldown": 3, "minLr": 0.01}, [1.0] * 40),
    case("improvements smaller than the rel threshold 1e-2 count as bad", 0.1,
         {"patience": 1, "threshold": 1e-2, "factor": 0.5},
         [1.0 * (0.995 ** k) for k in range(30)]),
    case("abs threshold 0.05 in mode min", 1.0,
         {"thresholdMode": "abs", "threshold": 0.05, "patience": 1, "factor": 0.3},
         [1.0, 0.96, 0.9, 0.88, 0.8, 0.79, 0.78, 0.6, 0.58, 0.57, 0.56, 0.5, 0.49]),
    case("eps: a reduction smaller than eps is skipped", 1e-7,
         {"patience": 0, "factor": 0.5, "eps": 1e-8}, [1.0] * 12),
    case("cooldown 2 with patience 0, bad reports in cooldown ignored", 0.2,
         {"patience": 0, "cooldown": 2, "factor": 0.5, "minLr": 0.001},
         [1.0, 0.9, 0.95, 0.97, 0.8, 0.85, 0.85, 0.7, 0.72, 0.73, 0.74, 0.75, 0.6, 0.61, 0.62]),
    case("negative metrics, rel threshold, mode min", 0.1, {"patience": 1, "factor": 0.5},
         [-1.0, -1.1, -1.1001, -1.2, -1.2, -1.2, -1.5, -1.5, -1.5, -1.5]),
]

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "torch-plateau.json"), "w") as f:
    json.dump({"source": f"PyTorch {torch.__version__} torch.optim.lr_scheduler.ReduceLROnPlateau",
               "generator": "/usr/bin/python3 packages/core/scripts/pytorch_plateau.py",
               "cases": cases}, f, indent=1)
    f.write("\n")
for c in cases:
    print(c["title"], c["reducedAfterReport"])
