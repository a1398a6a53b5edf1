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


# --- Policies torch has no scheduler for: each anchor's own formula, run as a LambdaLR on an
# optimizer whose lr is the spec's lr (so "lr" is what the param group holds, as above), and
# cited in the case. The lambdas are written here from the anchors' documentation and source.

def hf_inverse_sqrt(num_warmup_steps, timescale=None):
    # transformers.optimization._get_inverse_sqrt_schedule_lr_lambda / get_inverse_sqrt_schedule
    if timescale is None:
        timescale = num_warmup_steps or 10_000

    def f(current_step):
        if current_step < num_warmup_steps:
            return float(current_step) / float(max(1, num_warmup_steps))
        shift = timescale - num_warmup_steps
        return 1.0 / math.sqrt((current_step + shift) / timescale)
    return f


def keras_inverse_time(decay_steps, decay_rate, staircase=False):
    # keras.optimizers.schedules.InverseTimeDecay.__call__, divided by initial_learning_rate
    def f(step):
        p = step / decay_steps
        if staircase:
            p = math.floor(p)
        return 1.0 / (1.0 + decay_rate * p)
    return f


def hf_wsd(num_warmup_steps, num_stable_steps, num_decay_steps, warmup_type="linear",
           decay_type="cosine", min_lr_ratio=0.0, num_cycles=0.5):
    # transformers.optimization._get_wsd_scheduler_lambda (get_wsd_schedule)
    def f(current_step):
        if current_step < num_warmup_steps:
            progress = float(current_step) / float(max(1, num_warmup_steps))
            if warmup_type == "linear":
                factor = progress
            elif warmup_type == "cosine":
                factor = 0.5 * (1.0 - math.cos(math.pi * progress))
            elif warmup_type == "1-sqrt":
                factor = 1.0 - math.sqrt(1.0 - progress)
            factor = factor * (1.0 - min_lr_ratio) + min_lr_ratio
            return max(0.0, factor)
        if current_step < num_warmup_steps + num_stable_steps:
            return 1.0
        if current_step < num_warmup_steps + num_stable_steps + num_decay_steps:
            progress = float(current_step - num_warmup_steps - num_stable_steps) / float(
                max(1, num_decay_steps))
            if decay_type == "linear":
                factor = 1.0 - progress
            elif decay_type == "cosine":
                factor = 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress))
            elif decay_type == "1-sqrt":
                factor = 1.0 - math.sqrt(progress)
            factor = factor * (1.0 - min_lr_ratio) + min_lr_ratio
            return max(0.0, factor)
        return min_lr_ratio
    return f


def keras_cosine_decay_restarts(first_decay_steps, t_mul=1.0, m_mul=1.0, alpha=0.0):
    # keras.optimizers.schedules.CosineDecayRestarts.__call__, divided by initial_learning_rate.
    # Keras finds the restart with a logarithm for t_mul != 1 (one cycle off at some exact
    # restarts in floating point); the restart index here is found by summing cycle lengths.
    def f(step):
        i_restart, start, length = 0, 0, first_decay_steps
        while start + length <= step:
            start += length
            length *= t_mul
            i_restart += 1
        completed_fraction = (step - start) / length
        m_fac = m_mul ** i_restart
        cosine_decayed = 0.5 * m_fac * (1.0 + math.cos(math.pi * completed_fraction))
        return (1 - alpha) * cosine_decayed + alpha
    return f


def lambda_case(spec, anchor, fn, steps):
    case = run(spec, anchor, lambda o: S.LambdaLR(o, fn), steps, lr=spec["lr"])
    return case


fixtures["cosineRestartsDecay"] = [
    lambda_case({"policy": "cosineRestarts", "lr": 0.1, "firstCycleSteps": 10, "cycleDecay": 0.5},
                "Keras CosineDecayRestarts(0.1, first_decay_steps=10, m_mul=0.5) (= timm cycle_decay=0.5)",
                keras_cosine_decay_restarts(10, m_mul=0.5), 100),
    lambda_case({"policy": "cosineRestarts", "lr": 0.2, "firstCycleSteps": 7, "cycleMult": 2,
                 "minLr": 0.02, "cycleDecay": 0.8},
                "Keras CosineDecayRestarts(0.2, first_decay_steps=7, t_mul=2, m_mul=0.8, alpha=0.1)",
                keras_cosine_decay_restarts(7, t_mul=2, m_mul=0.8, alpha=0.1), 500),
]
fixtures["inverseSqrt"] = [
    lambda_case({"policy": "inverseSqrt", "lr": 0.001, "warmupSteps": 100},
                "transformers get_inverse_sqrt_schedule(AdamW(lr=1e-3), num_warmup_steps=100)",
                hf_inverse_sqrt(100), 1000),
    lambda_case({"policy": "inverseSqrt", "lr": 0.5, "warmupSteps": 10, "timescale": 37},
                "transformers get_inverse_sqrt_schedule(SGD(lr=0.5), num_warmup_steps=10, timescale=37)",
                hf_inverse_sqrt(10, 37), 300),
    lambda_case({"policy": "inverseSqrt", "lr": 0.01},
                "transformers get_inverse_sqrt_schedule(SGD(lr=0.01), num_warmup_steps=0) (timescale 10000)",
                hf_inverse_sqrt(0), 200),
]
fixtures["inverseTime"] = [
    lambda_case({"policy": "inverseTime", "lr": 0.1, "decaySteps": 100, "decayRate": 0.5},
                "Keras InverseTimeDecay(0.1, decay_steps=100, decay_rate=0.5)",
                keras_inverse_time(100, 0.5), 1000),
    lambda_case({"policy": "inverseTime", "lr": 0.03, "decaySteps": 7, "decayRate": 2,
                 "staircase": True},
                "Keras InverseTimeDecay(0.03, decay_steps=7, decay_rate=2, staircase=True)",
                keras_inverse_time(7, 2.0, staircase=True), 200),
]
fixtures["warmupStableDecay"] = [
    lambda_case({"policy": "warmupStableDecay", "lr": 0.1, "warmupSteps": 50, "stableSteps": 200,
                 "decaySteps": 100},
                "transformers get_wsd_schedule(SGD(lr=0.1), num_warmup_steps=50, num_stable_steps=200, num_decay_steps=100)",
                hf_wsd(50, 200, 100), 400),
    lambda_case({"policy": "warmupStableDecay", "lr": 0.003, "warmupSteps": 20, "stableSteps": 0,
                 "decaySteps": 80, "warmupType": "cosine", "decayType": "1-sqrt",
                 "minLrRatio": 0.1},
                "transformers get_wsd_schedule(AdamW(lr=3e-3), 20, 80, num_stable_steps=0, warmup_type='cosine', decay_type='1-sqrt', min_lr_ratio=0.1)",
                hf_wsd(20, 0, 80, "cosine", "1-sqrt", 0.1), 120),
    lambda_case({"policy": "warmupStableDecay", "lr": 1, "warmupSteps": 10, "stableSteps": 5,
                 "decaySteps": 60, "warmupType": "1-sqrt", "decayType": "cosine",
                 "minLrRatio": 0.05, "numCycles": 1.5},
                "transformers get_wsd_schedule(SGD(lr=1), 10, 60, num_stable_steps=5, warmup_type='1-sqrt', num_cycles=1.5, min_lr_ratio=0.05)",
                hf_wsd(10, 5, 60, "1-sqrt", "cosine", 0.05, 1.5), 90),
    lambda_case({"policy": "warmupStableDecay", "lr": 0.2, "warmupSteps": 0, "stableSteps": 10,
                 "decaySteps": 30, "decayType": "linear"},
                "transformers get_wsd_schedule(SGD(lr=0.2), 0, 30, num_stable_steps=10, decay_type='linear')",
                hf_wsd(0, 10, 30, decay_type="linear"), 50),
]

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

# timm's lr noise (timm.scheduler.scheduler.Scheduler._calculate_noise), run with torch's own
# generator for steps 0..N-1: our noise combinator draws from a different generator, so the
# test compares distributions (deciles, mean, variance), not values.
def timm_noise(t, noise_type, noise_pct, noise_seed):
    g = torch.Generator()
    g.manual_seed(noise_seed + t)
    if noise_type == "normal":
        while True:
            noise = torch.randn(1, generator=g).item()
            if abs(noise) < noise_pct:
                return noise
    return 2 * (torch.rand(1, generator=g).item() - 0.5) * noise_pct


def noise_summary(noise_type, noise_pct, n=20000, noise_seed=42):
    values = sorted(timm_noise(t, noise_type, noise_pct, noise_seed) for t in range(n))
    mean = sum(values) / n
    return {
        "noiseType": noise_type, "noisePct": noise_pct, "noiseSeed": noise_seed, "steps": n,
        "deciles": [values[int(q * n / 10)] for q in range(1, 10)],
        "mean": mean, "variance": sum((v - mean) ** 2 for v in values) / n,
        "min": values[0], "max": values[-1],
    }


os.makedirs(os.path.join(OUT, "distributions"), exist_ok=True)
with open(os.path.join(OUT, "distributions", "timm-noise.json"), "w") as f:
    json.dump({
        "source": f"timm Scheduler._calculate_noise semantics with PyTorch {torch.__version__}'s Generator",
        "generator": "/usr/bin/python3 packages/core/scripts/pytorch_golden.py",
        "cases": [noise_summary("normal", 0.67), noise_summary("uniform", 0.67),
                  noise_summary("normal", 0.2)],
    }, f, indent=1)
    f.write("\n")
print("timm noise: 3 distributions")
