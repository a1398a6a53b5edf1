"""Golden tables for @cyclr/core, produced by PyTorch's own schedulers.

Run from the repository root with Debian's PyTorch (the tests never need Python):

    /usr/bin/python3 packages/core/scripts/pytorch_golden.py

Writes packages/core/src/__tests__/fixtures/<policy>.json. Every case holds our spec, the
PyTorch call it mirrors and the values PyTorch gives at steps 0..steps-1, where step k is the
rate of the (k+1)-th optimizer update (after k calls of scheduler.step(), as in training).

- "lr": what the optimizer's param group holds after k scheduler.step() calls. For schedulers
  that PyTorch defines recursively (StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR,
  PolynomialLR, LinearLR) this accumulates rounding, so these cases also hold
  "lrClosedForm", PyTorch's own `_get_closed_form_lr()` at last_epoch = k, and
  "maxRecursiveRelDiff", how far the two drift apart.
- "momentum": SGD's param_groups[0]["momentum"] (CyclicLR, OneCycleLR), or Adam's
  param_groups[0]["betas"][0] for OneCycleLR cases marked "optimizer": "adam".
"""

import bisect
import json
import math
import os
import sys
import warnings

import torch
from torch.optim import SGD, Adam
from torch.optim import lr_scheduler as S

warnings.filterwarnings("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "__tests__", "fixtures")


def optimizer(kind="sgd", lr=1.0):
    params = [torch.nn.Parameter(torch.zeros(1))]
    if kind == "adam":
        return Adam(params, lr=lr)
    return SGD(params, lr=lr, momentum=0.9)


def rel_diff(a, b):
    return max((abs(x - y) / max(abs(x), abs(y)) if x != y else 0.0) for x, y in zip(a, b))


def run(spec, torch_call, make, steps, kind="sgd", lr=1.0, momentum=False):
    opt = optimizer(kind, lr)
    sched = make(opt)
    lrs, moms = [], []
    for _ in range(steps):
        group = opt.param_groups[0]
        lrs.append(group["lr"])
        if momentum:
            moms.append(group["betas"][0] if kind == "adam" else group["momentum"])
        sched.step()
    case = {"spec": spec, "torch": torch_call, "steps": steps, "lr": lrs}
    if kind == "adam":
        case["optimizer"] = "adam"
    if momentum:
        case["momentum"] = moms
    if hasattr(sched, "_get_closed_form_lr"):
        closed = []
        for k in range(steps):
            sched.last_epoch = k
            closed.append(sched._get_closed_form_lr()[0])
        case["lrClosedForm"] = closed
        case["maxRecursiveRelDiff"] = rel_diff(lrs, closed)
    return case


fixtures = {
    "step": [
        run({"policy": "step", "lr": 0.1, "stepSize": 30}, "StepLR(SGD(lr=0.1), step_size=30)",
            lambda o: S.StepLR(o, step_size=30), 200, lr=0.1),
        run({"policy": "step", "lr": 0.05, "stepSize": 7, "gamma": 0.5},
            "StepLR(SGD(lr=0.05), step_size=7, gamma=0.5)",
            lambda o: S.StepLR(o, step_size=7, gamma=0.5), 150, lr=0.05),
    ],
    "multiStep": [
        run({"policy": "multiStep", "lr": 0.1, "milestones": [30, 80]},
            "MultiStepLR(SGD(lr=0.1), milestones=[30, 80])",
            lambda o: S.MultiStepLR(o, milestones=[30, 80]), 120, lr=0.1),
        run({"policy": "multiStep", "lr": 0.3, "milestones": [1, 5, 10, 50], "gamma": 0.5},
            "MultiStepLR(SGD(lr=0.3), milestones=[1, 5, 10, 50], gamma=0.5)",
            lambda o: S.MultiStepLR(o, milestones=[1, 5, 10, 50], gamma=0.5), 80, lr=0.3),
    ],
    # LambdaLR over an explicit table: the factor is the table value, on a base lr of 1.
    "table": [
        run({"policy": "table", "values": [0.1, 0.05, 0.02, 0.001], "boundaries": [10, 25, 60]},
            "LambdaLR(SGD(lr=1), lambda t: [0.1, 0.05, 0.02, 0.001][bisect_right([10, 25, 60], t)])",
            lambda o: S.LambdaLR(o, lambda t: [0.1, 0.05, 0.02, 0.001][bisect.bisect_right([10, 25, 60], t)]), 80),
        run({"policy": "table", "values": [0.3, 0.25, 0.125, 0.0625, 0.01]},
            "LambdaLR(SGD(lr=1), lambda t: [0.3, 0.25, 0.125, 0.0625, 0.01][min(t, 4)])",
            lambda o: S.LambdaLR(o, lambda t: [0.3, 0.25, 0.125, 0.0625, 0.01][min(t, 4)]), 12),
    ],
    "exponential": [
        run({"policy": "exponential", "lr": 0.1, "gamma": 0.99},
            "ExponentialLR(SGD(lr=0.1), gamma=0.99)",
            lambda o: S.ExponentialLR(o, gamma=0.99), 1000, lr=0.1),
        run({"policy": "exponential", "lr": 1e-5, "gamma": 1.05},
            "ExponentialLR(SGD(lr=1e-5), gamma=1.05)",
            lambda o: S.ExponentialLR(o, gamma=1.05), 200, lr=1e-5),
    ],
    "cosine": [
        run({"policy": "cosine", "lr": 0.1, "totalSteps": 100},
            "CosineAnnealingLR(SGD(lr=0.1), T_max=100)",
            lambda o: S.CosineAnnealingLR(o, T_max=100), 101, lr=0.1),
        run({"policy": "cosine", "lr": 0.05, "totalSteps": 37, "minLr": 0.001},
            "CosineAnnealingLR(SGD(lr=0.05), T_max=37, eta_min=0.001)",
            lambda o: S.CosineAnnealingLR(o, T_max=37, eta_min=0.001), 38, lr=0.05),
        run({"policy": "cosine", "lr": 0.4, "totalSteps": 1000, "minLr": 1e-5},
            "CosineAnnealingLR(SGD(lr=0.4), T_max=1000, eta_min=1e-5)",
            lambda o: S.CosineAnnealingLR(o, T_max=1000, eta_min=1e-5), 1001, lr=0.4),
    ],
    "cosineRestarts": [
        run({"policy": "cosineRestarts", "lr": 0.1, "firstCycleSteps": 10},
            "CosineAnnealingWarmRestarts(SGD(lr=0.1), T_0=10)",
            lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10), 100, lr=0.1),
        run({"policy": "cosineRestarts", "lr": 0.1, "firstCycleSteps": 10, "cycleMult": 2,
             "minLr": 0.001},
            "CosineAnnealingWarmRestarts(SGD(lr=0.1), T_0=10, T_mult=2, eta_min=0.001)",
            lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=0.001), 700,
            lr=0.1),
        run({"policy": "cosineRestarts", "lr": 0.02, "firstCycleSteps": 3, "cycleMult": 3},
            "CosineAnnealingWarmRestarts(SGD(lr=0.02), T_0=3, T_mult=3)",
            lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=3), 400, lr=0.02),
    ],
    "polynomial": [
        run({"policy": "polynomial", "lr": 0.1, "totalSteps": 100},
            "PolynomialLR(SGD(lr=0.1), total_iters=100)",
            lambda o: S.PolynomialLR(o, total_iters=100), 101, lr=0.1),
        run({"policy": "polynomial", "lr": 0.01, "totalSteps": 50, "power": 2},
            "PolynomialLR(SGD(lr=0.01), total_iters=50, power=2.0)",
            lambda o: S.PolynomialLR(o, total_iters=50, power=2.0), 51, lr=0.01),
        run({"policy": "polynomial", "lr": 0.3, "totalSteps": 40, "power": 0.5},
            "PolynomialLR(SGD(lr=0.3), total_iters=40, power=0.5)",
            lambda o: S.PolynomialLR(o, total_iters=40, power=0.5), 41, lr=0.3),
    ],
    "linear": [
        run({"policy": "linear", "lr": 0.05}, "LinearLR(SGD(lr=0.05))",
            lambda o: S.LinearLR(o), 6, lr=0.05),
        run({"policy": "linear", "lr": 0.05, "startFactor": 0.5, "totalSteps": 4},
            "LinearLR(SGD(lr=0.05), start_factor=0.5, total_iters=4)",
            lambda o: S.LinearLR(o, start_factor=0.5, total_iters=4), 5, lr=0.05),
        run({"policy": "linear", "lr": 0.1, "startFactor": 1, "endFactor": 0.01,
             "totalSteps": 300},
            "LinearLR(SGD(lr=0.1), start_factor=1.0, end_factor=0.01, total_iters=300)",
            lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.01, total_iters=300), 301,
            lr=0.1),
    ],
    "oneCycle": [
        run({"policy": "oneCycle", "maxLr": 0.1, "totalSteps": 1000},
            "OneCycleLR(SGD(momentum=0.9), max_lr=0.1, total_steps=1000)",
            lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=1000), 1000, momentum=True),
        run({"policy": "oneCycle", "maxLr": 0.1, "totalSteps": 1000, "anneal": "linear"},
            "OneCycleLR(SGD(momentum=0.9), max_lr=0.1, total_steps=1000, anneal_strategy='linear')",
            lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=1000, anneal_strategy="linear"),
            1000, momentum=True),
        run({"policy": "oneCycle", "maxLr": 0.5, "totalSteps": 333, "threePhase": True},
            "OneCycleLR(SGD(momentum=0.9), max_lr=0.5, total_steps=333, three_phase=True)",
            lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=333, three_phase=True), 333,
            momentum=True),
        run({"policy": "oneCycle", "maxLr": 0.5, "totalSteps": 333, "threePhase": True,
             "anneal": "linear", "pctStart": 0.25},
            "OneCycleLR(SGD(momentum=0.9), max_lr=0.5, total_steps=333, three_phase=True, anneal_strategy='linear', pct_start=0.25)",
            lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=333, three_phase=True,
                                   anneal_strategy="linear", pct_start=0.25), 333, momentum=True),
        run({"policy": "oneCycle", "maxLr": 0.003, "totalSteps": 97, "pctStart": 0.45,
             "divFactor": 10, "finalDivFactor": 100, "baseMomentum": 0.8, "maxMomentum": 0.99},
            "OneCycleLR(Adam(), max_lr=0.003, total_steps=97, pct_start=0.45, div_factor=10, final_div_factor=100, base_momentum=0.8, max_momentum=0.99)",
            lambda o: S.OneCycleLR(o, max_lr=0.003, total_steps=97, pct_start=0.45,
                                   div_factor=10.0, final_div_factor=100.0, base_momentum=0.8,
                                   max_momentum=0.99), 97, kind="adam", momentum=True),
        run({"policy": "oneCycle", "maxLr": 1, "totalSteps": 10, "cycleMomentum": False},
            "OneCycleLR(SGD(momentum=0.9), max_lr=1, total_steps=10, cycle_momentum=False)",
            lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10, cycle_momentum=False), 10),
    ],
    "cyclic": [
        run({"policy": "triangular", "baseLr": 0.001, "maxLr": 0.006, "stepSize": 20,
             "baseMomentum": 0.85, "maxMomentum": 0.95},
            "CyclicLR(SGD(momentum=0.9), base_lr=0.001, max_lr=0.006, step_size_up=20, base_momentum=0.85, max_momentum=0.95)",
            lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=20,
                                 base_momentum=0.85, max_momentum=0.95), 200, momentum=True),
        run({"policy": "triangular", "baseLr": 0.01, "maxLr": 0.1, "stepSize": 7,
             "stepSizeDown": 23},
            "CyclicLR(SGD(momentum=0.9), base_lr=0.01, max_lr=0.1, step_size_up=7, step_size_down=23, cycle_momentum=False)",
            lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=7, step_size_down=23,
                                 cycle_momentum=False), 200),
        run({"policy": "triangular2", "baseLr": 0.001, "maxLr": 0.006, "stepSize": 10,
             "stepSizeDown": 15, "baseMomentum": 0.8, "maxMomentum": 0.9},
            "CyclicLR(SGD(momentum=0.9), base_lr=0.001, max_lr=0.006, step_size_up=10, step_size_down=15, mode='triangular2')",
            lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=10,
                                 step_size_down=15, mode="triangular2"), 200, momentum=True),
        run({"policy": "expRange", "baseLr": 0.001, "maxLr": 0.006, "stepSize": 12,
             "gamma": 0.99, "baseMomentum": 0.85, "maxMomentum": 0.95},
            "CyclicLR(SGD(momentum=0.9), base_lr=0.001, max_lr=0.006, step_size_up=12, mode='exp_range', gamma=0.99, base_momentum=0.85, max_momentum=0.95)",
            lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.006, step_size_up=12,
                                 mode="exp_range", gamma=0.99, base_momentum=0.85,
                                 max_momentum=0.95), 300, momentum=True),
        run({"policy": "expRange", "baseLr": 0.002, "maxLr": 0.02, "stepSize": 5,
             "stepSizeDown": 11, "gamma": 0.995},
            "CyclicLR(SGD(momentum=0.9), base_lr=0.002, max_lr=0.02, step_size_up=5, step_size_down=11, mode='exp_range', gamma=0.995, cycle_momentum=False)",
            lambda o: S.CyclicLR(o, base_lr=0.002, max_lr=0.02, step_size_up=5,
                                 step_size_down=11, mode="exp_range", gamma=0.995,
                                 cycle_momentum=False), 300),
        run({"policy": "cyclic", "baseLr": 0.001, "maxLr": 0.01, "stepSize": 8,
             "scaleFn": {"policy": "exponential", "lr": 1, "gamma": 0.9}, "scaleMode": "cycle",
             "baseMomentum": 0.85, "maxMomentum": 0.95},
            "CyclicLR(SGD(momentum=0.9), base_lr=0.001, max_lr=0.01, step_size_up=8, scale_fn=lambda x: 1.0 * 0.9 ** x, scale_mode='cycle', base_momentum=0.85, max_momentum=0.95)",
            lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.01, step_size_up=8,
                                 scale_fn=lambda x: 1.0 * 0.9 ** x, scale_mode="cycle",
                                 base_momentum=0.85, max_momentum=0.95), 200, momentum=True),
        run({"policy": "cyclic", "baseLr": 0.001, "maxLr": 0.01, "stepSize": 8,
             "stepSizeDown": 4,
             "scaleFn": {"policy": "exponential", "lr": 1, "gamma": 0.998},
             "scaleMode": "iterations"},
            "CyclicLR(SGD(momentum=0.9), base_lr=0.001, max_lr=0.01, step_size_up=8, step_size_down=4, scale_fn=lambda x: 1.0 * 0.998 ** x, scale_mode='iterations', cycle_momentum=False)",
            lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.01, step_size_up=8, step_size_down=4,
                                 scale_fn=lambda x: 1.0 * 0.998 ** x, scale_mode="iterations",
                                 cycle_momentum=False), 200),
    ],
}

os.makedirs(OUT, exist_ok=True)
for name, cases in fixtures.items():
    doc = {
        "source": f"PyTorch {torch.__version__} torch.optim.lr_scheduler, Python {sys.version.split()[0]}",
        "generator": "/usr/bin/python3 packages/core/scripts/pytorch_golden.py",
        "cases": cases,
    }
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    drift = [c.get("maxRecursiveRelDiff") for c in cases if "maxRecursiveRelDiff" in c]
    print(f"{name}: {len(cases)} cases; recursive vs closed form max rel diff {drift}")
